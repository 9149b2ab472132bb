"""Benchmark the article analyser against spaCy's tokeniser, and on hostile text.

    .venv/bin/python benchmarks/analysis.py

1. Analyses every article in ``../shared/corpus/articles/`` plus the seed, in one
   process: ms per article and KB/s; then the time ``spacy.blank("en")`` takes
   merely to tokenise the same texts, and the ratio analysis / spaCy (target
   <= 1.0). The two are timed alternately in 7 rounds and the medians compared
   (this machine's speed drifts by 2x within a minute); spaCy gets a fresh
   tokenizer each round, since its cache makes a second pass over the same
   texts nearly free. Without spaCy installed that comparison is skipped.
2. Time and peak memory (ru_maxrss of a fresh subprocess) for 10 MB of ordinary
   text (the corpus repeated) vs 10 MB of pathological text (unmatched quote
   marks, digit runs, capitalised-word runs); targets: time ratio < 10,
   memory < 300 MB.

Exits 0 with a message when the shared corpus is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
sys.path.insert(0, str(ROOT))

TEN_MB = 10 * 1024 * 1024


def corpus_texts() -> list[str] | None:
    arts = SHARED / "corpus" / "articles"
    seed = SHARED / "corpus" / "seed" / "japan-us-military-cooperation.txt"
    if not arts.is_dir():
        return None
    texts = [p.read_text(encoding="utf-8") for p in sorted(arts.glob("*.txt"))]
    if seed.is_file():
        texts.append(seed.read_text(encoding="utf-8"))
    return texts


ROUNDS = 7


def bench_corpus(texts: list[str]) -> None:
    """Both sides timed in the same rounds, alternately; medians (this machine's speed drifts)."""
    from statistics import median

    from feeds.analysis import analyze

    size = sum(len(t.encode("utf-8")) for t in texts)
    for t in texts:  # warm-up: compile regexes, fill caches of the interpreter
        analyze(t)
    try:
        import spacy
    except ImportError:
        spacy = None
    nlp = spacy.blank("en") if spacy else None
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        for t in texts:
            analyze(t)
        ours.append(time.perf_counter() - t0)
        if nlp is not None:
            nlp = spacy.blank("en")  # a fresh tokenizer: its cache would make repeats nearly free
            nlp.tokenizer("warm up")
            t0 = time.perf_counter()
            for t in texts:
                nlp.tokenizer(t)
            theirs.append(time.perf_counter() - t0)
    dt = median(ours)
    print(f"analysis: {len(texts)} articles, {size / 1024:.0f} KB in {dt * 1000:.0f} ms (median of {ROUNDS}) "
          f"= {dt * 1000 / len(texts):.2f} ms/article, {size / 1024 / dt:.0f} KB/s")
    if nlp is None:
        print("spaCy not installed: skipping the tokeniser comparison (pip install spacy)")
        return
    ds = median(theirs)
    print(f"spaCy blank('en') tokenisation: {ds * 1000:.0f} ms = {ds * 1000 / len(texts):.2f} ms/article, "
          f"{size / 1024 / ds:.0f} KB/s")
    ratios = sorted(a / b for a, b in zip(ours, theirs))
    print(f"ratio analysis / spaCy tokenisation: {median(ratios):.2f} (median of {ROUNDS} paired rounds; "
          f"range {ratios[0]:.2f}-{ratios[-1]:.2f}; target <= 1.0)")


_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from feeds.analysis import analyze
text = open(sys.argv[2], encoding="utf-8").read()
t0 = time.perf_counter()
a = analyze(text)
dt = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": dt, "rss_mb": rss, "quotes": len(a.quotes), "figures": len(a.figures), "sources": len(a.sources)}))
"""


def _pathological(n: int) -> str:
    chunk = ("“ « „ \" ' " * 40 + "\n\n" + "1234567890" * 60 + " "
             + "Aaa Bbb Ccc Ddd Eee Fff Ggg said " * 30 + "\n\n" + "‘ ’ ‹ › " * 50 + "\n\n")
    return (chunk * (n // len(chunk) + 1))[:n]


def bench_10mb(texts: list[str]) -> None:
    import tempfile

    ordinary = "\n\n".join(texts)
    ordinary = (ordinary + "\n\n") * (TEN_MB // len(ordinary) + 1)
    ordinary = ordinary[:TEN_MB]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in (("ordinary", ordinary), ("pathological", _pathological(TEN_MB))):
            path = Path(tmp) / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            out = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT), str(path)],
                                 capture_output=True, text=True, timeout=600)
            if out.returncode != 0:
                print(f"{name}: FAILED {out.stderr.strip()[-300:]}")
                return
            r = json.loads(out.stdout)
            results[name] = r
            print(f"10 MB {name:12s}: {r['seconds']:.2f} s, peak RSS {r['rss_mb']:.0f} MB "
                  f"(quotes={r['quotes']} figures={r['figures']} sources={r['sources']})")
    ratio = results["pathological"]["seconds"] / max(results["ordinary"]["seconds"], 1e-9)
    print(f"time ratio pathological / ordinary: {ratio:.2f} (target < 10); "
          f"max peak memory {max(r['rss_mb'] for r in results.values()):.0f} MB (target < 300)")


def main() -> int:
    texts = corpus_texts()
    if not texts:
        print(f"shared corpus not found under {SHARED.resolve()}: nothing to benchmark")
        return 0
    bench_corpus(texts)
    bench_10mb(texts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
