"""Golden outputs of the analyser: today's behaviour, frozen while its rules move.

The analyser is being restructured into named rules (a move, not a rewrite).
These files hold what it produced before the move, for every article of the
shared corpus and every text fixture of our own, so that any change in output
is seen, and becomes a decision that is written down rather than an accident.

Corpus articles are not ours to copy: their goldens keep offsets, kinds and
values, never the quoted text or the sentence around a figure (both are
recomputed from the offsets when the corpus is present); the phrases taken
from the article (speakers, roles, source names, units) are kept as digests,
which still tell any change apart.
A hash of the article text pins the version each golden was made from.

Regenerate (only after deciding a change is right)::

    python -m tests.analysis.golden
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any, Iterator

from feeds.analysis import analyze

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
ROOT = HERE.parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures" / "articles"


def corpus_texts() -> Iterator[tuple[str, str]]:
    """(name, text) of every plain-text article in the shared corpus, if present."""
    paths = sorted((CORPUS / "seed").glob("*.txt")) + sorted((CORPUS / "articles").glob("*.txt"))
    for p in paths:
        yield f"{p.parent.name}/{p.name}", p.read_text(encoding="utf-8")


def fixture_texts() -> Iterator[tuple[str, str]]:
    """(name, text) of our own article fixtures (plain text and Markdown)."""
    for p in sorted(FIXTURES.rglob("*")):
        if p.is_file() and p.suffix in {".txt", ".md"}:
            yield str(p.relative_to(FIXTURES)), p.read_text(encoding="utf-8")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


#: Fields that hold words of the article itself (kept as digests for the corpus).
_ARTICLE_WORDS = {"quotes": ("speaker", "role"), "sources": ("name",), "figures": ("unit",)}


def frozen(text: str, *, keep_text: bool) -> dict[str, Any]:
    """The analysis of ``text`` in the form kept on disk."""
    a = analyze(text).to_dict()
    if not keep_text:
        for q in a["quotes"]:
            q.pop("text", None)
        for f in a["figures"]:
            f.pop("text", None)
            f.pop("context", None)
        for group, fields in _ARTICLE_WORDS.items():
            for item in a[group]:
                for field in fields:
                    if isinstance(item.get(field), str):
                        item[field] = digest(item[field])
    for group in a.values():
        for item in group:
            item.pop("why", None)
    return {"sha": digest(text), "analysis": a}


def build(kind: str) -> dict[str, Any]:
    if kind == "corpus":
        return {name: frozen(t, keep_text=False) for name, t in corpus_texts()}
    return {name: frozen(t, keep_text=True) for name, t in fixture_texts()}


def main() -> int:
    GOLDEN.mkdir(exist_ok=True)
    for kind in ("corpus", "fixtures"):
        data = build(kind)
        if not data:
            print(f"{kind}: nothing to freeze (corpus absent?)", file=sys.stderr)
            continue
        path = GOLDEN / f"{kind}.json"
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{kind}: {len(data)} articles -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
