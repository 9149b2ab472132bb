"""Issue 15: stories told by several outlets, with their disputed figures flagged."""

from __future__ import annotations

import json
from pathlib import Path

from .netserver import LoopbackServer
from .people_fixtures import command, FLOOD_TITLES, refreshed_library, serve


def test_one_event_from_three_outlets_is_one_story_with_the_toll_disputed(isolated_home: Path) -> None:
    from feeds.people.index import catch_up
    from feeds.people.stories import stories

    with LoopbackServer() as srv:
        library = refreshed_library(srv)
    with library:
        catch_up(library)
        found = stories(library)
    assert len(found) == 1  # the tram, the chess title and the festival are nobody else's story
    story = found[0]
    assert {a.title for a in story.articles} == FLOOD_TITLES
    assert story.outlets == 3
    assert story.people == ["Dorrin Kassel", "Ilse Brannoch", "Tomas Brannoch"]
    by_feed = {(f["feed"], f["value"]) for f in story.figures if f["what"] == "deaths"}
    assert by_feed == {("Riverside Courier", "12"), ("Valley Post", "12"), ("Northern Ledger", "15")}
    [disputed] = story.disagreements
    assert disputed["what"] == "deaths"
    assert sorted((v["feed"], v["value"]) for v in disputed["values"]) == [
        ("Northern Ledger", "15"), ("Riverside Courier", "12"), ("Valley Post", "12")]
    # 300 homes is one outlet's figure: shown, not disputed
    assert any((f["value"], f["unit"], f["feed"]) == ("300", "homes", "Riverside Courier") for f in story.figures)


def test_outlets_that_agree_or_report_both_tolls_are_not_a_disagreement() -> None:
    from feeds.people.stories import _disagree

    assert _disagree([{12.0}, {15.0}], by_event_word=True)
    assert not _disagree([{12.0}, {12.0}], by_event_word=True)
    assert not _disagree([{12.0, 15.0}, {15.0}], by_event_word=True)  # first toll and revised one
    assert not _disagree([{212.0}, {297.0, 68.0}], by_event_word=False)  # two parties' seats, not one number


def test_stories_command(isolated_home: Path) -> None:
    nr = command(isolated_home)

    assert json.loads(nr("stories", "--json").stdout) == []  # no library yet: nothing, no error
    with LoopbackServer() as srv:
        for url in serve(srv):
            assert nr("add", url).returncode == 0
    out = nr("stories", "--json")
    assert out.returncode == 0, out.stderr
    [story] = json.loads(out.stdout)
    assert story["title"] in FLOOD_TITLES and story["outlets"] == 3
    assert {a["feed"] for a in story["articles"]} == {"Riverside Courier", "Northern Ledger", "Valley Post"}
    assert all(set(a) >= {"title", "feed", "url", "published"} for a in story["articles"])
    assert {(v["feed"], v["text"]) for v in story["disagreements"][0]["values"]} == {
        ("Riverside Courier", "12"), ("Valley Post", "12"), ("Northern Ledger", "15")}
    text = nr("stories").stdout
    assert "(3 outlets, 3 articles)" in text and "deaths disagree" in text
    assert json.loads(nr("stories", "--since", "2027-01-01", "--json").stdout) == []


def test_a_running_total_is_not_compared_with_one_event_toll() -> None:
    from feeds.library.indexed import IndexedFigure
    from feeds.people.stories import _measure

    def figure(text: str, context: str) -> IndexedFigure:
        return IndexedFigure(text, "0", None, "count", context, 0, 0, 1)

    assert _measure(figure("11 people", "Strikes on three boats left 11 people dead, officials said.")) == "deaths"
    assert _measure(figure("at least 140", "The campaign has caused at least 140 deaths since May.")) == "deaths in all"
