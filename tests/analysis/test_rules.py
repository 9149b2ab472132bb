"""Every named rule fires on its own examples and stays silent on its counter-examples.

The examples live with the rules (``feeds.analysis.rules``); this test runs
each through the whole analyser and looks for the rule's name in the ``why``
of what comes out, so a rule is checked where it matters: in the output a
reader sees.
"""

from __future__ import annotations

import pytest

import feeds.analysis  # noqa: F401  (importing the analyser registers its rules)
from feeds.analysis import analyze
from feeds.analysis.rules import rules


def _why(example: str | tuple[str, str]) -> set[str]:
    """An example is a text, or (title, text) for a rule that reads the title too."""
    title, text = example if isinstance(example, tuple) else ("", example)
    a = analyze(text, title=title)
    out: set[str] = set()
    for item in [*a.quotes, *a.figures, *a.sources]:
        out.update(item.why)
    return out


ALL = list(rules())


@pytest.mark.parametrize("r", [r for r in ALL if r.fires or r.not_on], ids=lambda r: r.name)
def test_rule_fires_on_its_examples(r):
    for ex in r.fires:
        assert r.name in _why(ex), f"{r.name} did not fire on: {ex}"
    for ex in r.not_on:
        assert r.name not in _why(ex), f"{r.name} fired on: {ex}"


def test_rules_have_examples():
    """A rule without examples cannot be checked alone; every registered rule has some."""
    bare = [r.name for r in ALL if not r.fires]
    assert not bare, f"rules without examples: {bare}"
