"""Sources say which rules found them, and the source word lists are data the analyser reads.

Each source's ``why`` (shown by ``analyze --explain``) lists the stream that
found it (a cue's subject, a quote, the gazetteer, …), then the rule that
turned the speaker into this source (a spokesperson's body, an outlet's
possessive, …) and the rule that chose its kind. These tests pin that trace
on short texts of our own and on the seed article.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.analysis import analyze
from feeds.analysis import sources as source_rules
from feeds.analysis.lexicon.data import words
from feeds.analysis.rules import rules

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seed"
#: The rules of sources.py (a source's why may also start with the rules that named it).
OURS = {v for k, v in vars(source_rules).items() if k.isupper() and isinstance(v, str) and v.startswith("source:")}


def _ours(why: list[str]) -> list[str]:
    return [r for r in why if r in OURS]

# (text, the source's name, its kind, the rules that found it, in order)
CASES = [
    ("Defence Minister John Miller said the pier would close.", "John Miller", "official",
     ["source:cue-speaker", "source:official-role"]),
    ("A Northwind Energy spokesperson said the plant would reopen.", "Northwind Energy", "organization",
     ["source:cue-speaker", "source:spokesperson-body"]),
    ("The BBC's Reality Check team said the claim was false.", "BBC", "outlet",
     ["source:cue-speaker", "source:outlet-possessive", "source:gazetteer"]),
    ("The pier will close, according to the port authority.", "the port authority", "official",
     ["source:according-to"]),
    ("Mayor John Miller told the Harbor Courier the pier would close.", "Harbor Courier", "outlet",
     ["source:cue-extra"]),
    ('"The pier is closed," said John Miller.', "John Miller", "person", ["source:cue-speaker", "source:quoted"]),
    ("LONDON (Reuters) - The pier closed on Monday.", "Reuters", "agency", ["source:gazetteer"]),
    ("The pier closed.\n\nThis article was originally published by Harbor Weekly.", "Harbor Weekly", "outlet",
     ["source:credit-line"]),
    ("The leaked emails show the deal was off.", "The leaked emails", "document",
     ["source:cue-speaker", "source:document"]),
    ("Japan said it would send more ships.", "Japan", "official", ["source:cue-speaker", "source:place-official"]),
]


@pytest.mark.parametrize(("text", "name", "kind", "why"), CASES, ids=[c[1] + ":" + c[3][-1] for c in CASES])
def test_a_source_names_the_rules_that_found_it(text, name, kind, why):
    found = {s.name: s for s in analyze(text).sources}
    assert name in found, f"no source {name!r} in {text!r}: {list(found)}"
    assert (found[name].kind, _ours(found[name].why)) == (kind, why)


def test_an_anonymous_source_and_whoever_relays_it_are_two_sources():
    found = {s.name: _ours(s.why) for s in analyze("Dana Hill's sources inside the camp said the deal was off.").sources}
    assert found["sources inside the camp"] == ["source:cue-speaker", "source:anonymous-owner", "source:anonymous"]
    assert "source:anonymous-owner" in found["Dana Hill"]


def test_a_description_merged_into_the_body_it_names_keeps_both_traces():
    text = ("The U.S. Attorney's Office for the Western District said charges were filed. "
            "The case, the U.S. attorney's office said, was closed.")
    sources = analyze(text).sources
    assert [s.name for s in sources] == ["U.S. Attorney's Office for the Western District"]
    assert _ours(sources[0].why)[-1] == "source:merge-description"
    assert len(sources[0].mentions) == 2


def test_the_trace_is_in_the_explained_json_only():
    a = analyze("Japan said it would send more ships.")
    assert _ours(a.to_dict(explain=True)["sources"][0]["why"]) == ["source:cue-speaker", "source:place-official"]
    assert "why" not in a.to_dict()["sources"][0]


@pytest.mark.skipif(not SEED.is_dir(), reason="shared corpus not present")
def test_every_source_of_the_seed_article_is_explained():
    known = {r.name for r in rules("source")}
    for p in sorted(SEED.glob("*.txt")):
        sources = analyze(p.read_text(encoding="utf-8")).sources
        assert sources
        for s in sources:
            assert any(r in known for r in s.why), f"{p.name}: {s.name!r} has why={s.why}"


@pytest.mark.parametrize("role", sorted(words("sources-official-roles")))
def test_every_official_role_in_the_data_file_makes_an_official(role):
    found = {s.name: s.kind for s in analyze(f"John Miller, the {role}, said the pier would close.").sources}
    assert found.get("John Miller") == "official"
