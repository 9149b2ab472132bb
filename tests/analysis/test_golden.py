"""The analyser's outputs equal the frozen goldens (see ``golden.py``).

A failure names the article and the first field that moved; if the change is
intended, regenerate with ``python -m tests.analysis.golden`` and say why in
the commit.
"""

from __future__ import annotations

import json

import pytest

from tests.analysis.golden import GOLDEN, corpus_texts, digest, fixture_texts, frozen


def _load(kind: str) -> dict:
    return json.loads((GOLDEN / f"{kind}.json").read_text(encoding="utf-8"))


def _first_difference(old: dict, new: dict) -> str:
    for group in ("quotes", "figures", "sources"):
        a, b = old[group], new[group]
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return f"{group}[{i}]: was {x} now {y}"
        if len(a) != len(b):
            return f"{group}: {len(a)} before, {len(b)} now"
    return "equal"


def _check(kind: str, texts, keep_text: bool) -> None:
    gold = _load(kind)
    seen = 0
    for name, text in texts:
        if name not in gold or gold[name]["sha"] != digest(text):
            continue
        seen += 1
        now = frozen(text, keep_text=keep_text)["analysis"]
        assert now == gold[name]["analysis"], f"{name}: {_first_difference(gold[name]['analysis'], now)}"
    if not seen:
        pytest.skip(f"no {kind} texts present to compare")


def test_fixture_outputs_are_unchanged():
    _check("fixtures", fixture_texts(), keep_text=True)


def test_corpus_outputs_are_unchanged():
    _check("corpus", corpus_texts(), keep_text=False)
