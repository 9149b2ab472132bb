"""A first working analyser: quoted spans with a nearby speaker, and numbers.

Deliberately small; the full analyser replaces it.
"""

from __future__ import annotations

import re

from .model import Analysis, Figure, Quote, Source

_QUOTE = re.compile(r"[\"“]([^\"“”\n]{3,2000})[\"”]")
_SAID = re.compile(
    r"(?:(?P<a>(?:[A-Z][\w.'-]+\s){0,3}[A-Z][\w'-]+|he|she|they)\s+(?:said|says|added|told)\b)"
    r"|(?:\b(?:said|says|added)\s+(?P<b>(?:[A-Z][\w.'-]+\s){0,3}[A-Z][\w'-]+))"
)
_NUMBER = re.compile(r"[$€£]?\d[\d,]*(?:\.\d+)?%?")
_AGENCIES = ("AFP", "Reuters", "AP", "Associated Press", "Xinhua", "Kyodo", "BGNES")


def analyze(text: str) -> Analysis:
    quotes: list[Quote] = []
    last: str | None = None
    for m in _QUOTE.finditer(text):
        window = text[m.end() : m.end() + 80] + " " + text[max(0, m.start() - 80) : m.start()]
        s = _SAID.search(window)
        speaker = None
        if s:
            speaker = s.group("a") or s.group("b")
            if speaker and speaker.lower() in {"he", "she", "they"}:
                speaker = last
        last = speaker or last
        first = m.start() == 0 or text[m.start() - 1] == "\n"
        quotes.append(Quote(m.group(1), speaker, None, "said" if s else None,
                            "direct" if first else "partial", m.start(1), m.end(1)))
    figures = [
        Figure(m.group(), None, None, "percent" if m.group().endswith("%") else "count",
               _sentence(text, m.start()), m.start(), m.end())
        for m in _NUMBER.finditer(text)
    ]
    sources = []
    for name in _AGENCIES:
        spans = [(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(name)}\b", text)]
        if spans:
            sources.append(Source(name, "agency", spans, 0))
    return Analysis(quotes, figures, sources)


def _sentence(text: str, at: int) -> str:
    start = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1, 0)
    end = min([i for i in (text.find(". ", at), text.find("\n", at)) if i >= 0] or [len(text)])
    return text[start:end][:160]
