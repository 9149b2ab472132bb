"""Issue 15: the analysis index and people, on invented outlets refreshed from a loopback server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds.library.store import Library

from .netserver import LoopbackServer
from .people_fixtures import command, refreshed_library, serve


@pytest.fixture
def library(isolated_home: Path):
    with LoopbackServer() as srv:
        library = refreshed_library(srv)
    try:
        from feeds.people.index import catch_up

        catch_up(library)
        yield library
    finally:
        library.close()


def _by_name(found) -> dict:
    return {p.name: p for p in found}


def test_people_merge_aliases_and_keep_same_surname_apart(library: Library) -> None:
    from feeds.people.people import people

    found = _by_name(people(library))
    kassel = found["Dorrin Kassel"]  # "Mr. Kassel" in the Valley Post is the same fire chief
    assert (kassel.quotes, kassel.articles, kassel.feeds) == (2, 2, 2)
    assert set(kassel.aliases) == {"Dorrin Kassel", "Kassel"}
    assert kassel.role == "regional fire chief"  # "Mr." is a courtesy title, not a role
    assert "Kassel" not in found
    # two Brannochs, a mayor and an engineer: never merged
    assert (found["Ilse Brannoch"].quotes, found["Ilse Brannoch"].feeds) == (2, 2)
    assert found["Tomas Brannoch"].quotes == 1 and found["Tomas Brannoch"].role == "district engineer"
    assert found["Ilse Brannoch"].kind == "person"
    assert set(found) == {"Dorrin Kassel", "Ilse Brannoch", "Tomas Brannoch", "Petra Lund", "Nika Sorel",
                          "Greta Holm"}


def test_quotes_of_one_speaker_under_any_spelling(library: Library) -> None:
    from feeds.people.people import quotes_by

    for spelling in ("Kassel", "Mr. Kassel", "dorrin kassel"):
        found = quotes_by(library, speaker=spelling)
        assert {q.text.rstrip(",.") for _, q in found} == {
            "Crews worked through the night to reach the villages", "We will rebuild every bridge"}
        assert {name for name, _ in found} == {"Dorrin Kassel"}
    # a bare surname two people share lists both, each under their own name
    assert {name for name, _ in quotes_by(library, speaker="Brannoch")} == {"Ilse Brannoch", "Tomas Brannoch"}
    hits = quotes_by(library, search="levee dawn")
    assert [(name, q.article.feed) for name, q in hits] == [("Tomas Brannoch", "Northern Ledger")]


def test_index_is_kept_resumed_and_redone_when_the_analyser_changes(library: Library) -> None:
    from feeds.analysis import ANALYSER_VERSION as now
    from feeds.people.index import catch_up

    later = now + "-next"
    assert library.index_behind(now) == 0
    assert catch_up(library).analysed == 0  # nothing is analysed twice
    # an entry whose text changes is analysed again, and only that one
    quote = library.indexed_quotes(speakers=["Petra Lund"])[0]
    key = (quote.article.feed_id, quote.article.entry_id)
    library.set_entry_text(key, "\"Trams are back,\" said Oskar Vinter, the mayor's adviser.")
    assert library.index_behind(now) == 1 and library.indexed_quotes(speakers=["Petra Lund"]) == []
    assert catch_up(library).analysed == 1
    assert [q.speaker for q in library.indexed_quotes(speakers=["Oskar Vinter"])] == ["Oskar Vinter"]
    # a new analyser version re-indexes everything
    assert library.index_behind(later) == 6
    assert catch_up(library, version=later).stored == 6
    assert library.index_behind(later) == 0


def test_index_survives_reopening_and_a_removed_feed(library: Library, isolated_home: Path) -> None:
    from feeds.analysis import ANALYSER_VERSION

    path = library.path
    feed = next(f for f in library.feeds() if f.title == "Valley Post")
    library.remove_feed(feed.id)
    with Library.open(path) as again:
        assert again.index_behind(ANALYSER_VERSION) == 0
        assert not [q for q in again.indexed_quotes() if q.article.feed == "Valley Post"]
        assert again._con.execute("SELECT COUNT(*) FROM index_quotes").fetchone()[0] == len(again.indexed_quotes())


def test_people_and_quotes_commands(isolated_home: Path) -> None:
    """The installed command catches the index up itself, then answers in JSON."""
    nr = command(isolated_home)

    with LoopbackServer() as srv:
        for url in serve(srv):
            assert nr("add", url).returncode == 0
    out = nr("people", "--json")
    assert out.returncode == 0, out.stderr
    people = json.loads(out.stdout)
    assert people[0]["name"] in {"Dorrin Kassel", "Ilse Brannoch"} and people[0]["quotes"] == 2
    kassel = next(p for p in people if p["name"] == "Dorrin Kassel")
    assert {k: kassel[k] for k in ("kind", "role", "quotes", "articles", "feeds")} == {
        "kind": "person", "role": "regional fire chief", "quotes": 2, "articles": 2, "feeds": 2}
    assert kassel["first_seen"].startswith("2026-03-01") and kassel["last_seen"].startswith("2026-03-01")

    out = nr("quotes", "--speaker", "Mr. Kassel", "--json")
    quotes = json.loads(out.stdout)
    assert [(q["speaker"], q["article"]["feed"]) for q in quotes] == [
        ("Dorrin Kassel", "Riverside Courier"), ("Dorrin Kassel", "Valley Post")]
    assert set(quotes[0]["article"]) == {"title", "url", "feed", "published", "id"}
    assert quotes[1]["article"]["title"] == "River Odra floods Veltmark, 12 dead"

    feed_url = srv.url("/outlet1.xml")
    out = nr("people", "--feed", feed_url, "--json")
    assert {p["name"] for p in json.loads(out.stdout)} == {"Ilse Brannoch", "Tomas Brannoch", "Nika Sorel"}
    assert json.loads(nr("people", "--since", "2027-01-01", "--json").stdout) == []
    bad = nr("people", "--since", "soon")
    assert bad.returncode == 1 and bad.stderr.startswith("newsreader: --since wants a date")
    text = nr("quotes", "--speaker", "Brannoch").stdout
    assert "Tomas Brannoch, district engineer" in text and "Ilse Brannoch" in text


def test_the_index_made_by_worker_processes_is_the_one_made_here(library: Library, isolated_home: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A big catch-up runs in worker processes: the people it finds are the same, none lost or doubled."""
    import feeds.people.index as index
    from feeds.people.people import people

    here = {(p.name, p.quotes, p.articles) for p in people(library)}
    monkeypatch.setattr(index, "IN_PROCESS_BELOW", 1)
    monkeypatch.setattr(index, "BATCH", 1)  # one entry per job: every worker gets several
    made = index.catch_up(library, version="workers", workers=2)
    assert made.stored == made.analysed > 1
    assert {(p.name, p.quotes, p.articles) for p in people(library)} == here
