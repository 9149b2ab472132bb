"""Advice columns as Q&A: a reader's letter and the columnist's answer, each speech by its writer.

An advice column prints letters and answers with no quotation marks::

    DEAR ABBY: My sister never calls me back. ...
    Should I stop calling her? -- LONELY IN LEEDS
    DEAR LONELY: Call her once more, then wait. ...
    Contact Dear Abby at ... P.O. Box ...

Every paragraph of a letter is a quote of its signer (the signature as written,
kind anonymous); every paragraph of an answer is a quote of the columnist (the
name the column's byline or footer gives, else the column's own name). The
footer ("Contact …", "Write to …", "P.O. Box …") is nobody's speech.

The genre is told by its structure, not by an outlet: a paragraph opening with
a salutation (``Dear X:``), a signature (``-- SIGNED`` ending a paragraph, or a
line of its own: ``— Worried in Wichita``, ``Signed, Lost``), then an answer
addressed to that signature (``DEAR LONELY:``, ``Lonely:``) or to a generic
reader (``GENTLE READER:``, ``DEAR READER:``). A letter quoted in a news story
(``Dear Speaker Johnson: …`` then the reporter's prose) has no such answer and
is left to the quote rules.

Rules: ``quote:column-letter`` and ``quote:column-answer``. Cost: nothing unless
a paragraph opens with "Dear" (a ``str.startswith`` per paragraph); then one pass
over the paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon.data import lines
from .rules import declare
from .segment import Segments
from .turns import _SENTENCE_END, Turn, _trimmed_end

__all__ = ["find_column_turns"]

#: "Dear Abby:", "DEAR FEELING LEFT OUT:", "Dear Dr. Roach:", "Hi, Carolyn:"; "GENTLE READER:" (Miss Manners);
#: or a line of its own ("Dear Prudence," then the letter).
_SALUTATION = re.compile(
    r"(?:(?i:dear|hi,?|hello,?)[ \t]+(?P<to>[A-Za-z][^:!?\x00-\x1f\x7f]{0,38}?)|(?P<gentle>(?i:gentle[ \t]+readers?)))"
    r"[ \t]*(?::[ \t]+(?=\S)|[:,][ \t]*$)")
#: Names never hold control characters (a hostile feed's escape codes stay out of speakers).
#: An answer addressed by the signature alone ("Lonely: Call her once more.").
_BARE = re.compile(r"(?P<to>[A-Z][^:.!?\x00-\x1f\x7f]{0,38}?)[ \t]*:[ \t]+(?=\S)")
_DASH = r"(?:--|[—–―~])"
#: A signature ending a letter's last paragraph: "… Should I have? -- BEATEN UP IN CALIFORNIA".
_SIG_END = re.compile(r"(?:^|[ \t]|(?<=[.?!]))" + _DASH + r"[ \t]*(?P<sig>[A-Z](?:(?!--)[^\x00-\x1f\x7f—–―~]){0,60}?)[ \t]*$")
#: A signature on its own line: "— Worried in Wichita", "Signed, Lost", "Sincerely, Torn".
_SIG_LINE = re.compile(r"[ \t]*(?:" + _DASH + r"[ \t]*|(?i:signed|sincerely),?[ \t]+)(?P<sig>[A-Z][^\x00-\x1f\x7f]{0,60}?)[ \t]*$")
#: The last word of a signature may end in a period only as an abbreviation ("Lost in L.A.", "Pa.").
_ABBREV_END = re.compile(r"(?:\b(?:[A-Za-z]\.){2,}|\b[A-Z][a-z]?\.)$")
#: A sentence's end inside a name: a period after a word longer than an abbreviation ("Dr. Roach",
#: "Mom in St. Louis" are names; "I know. Really" is not).
_SENTENCE_INSIDE = re.compile(r"\w{4,}\.\s")
#: Salutations to any reader: the columnist speaking, never a letter's signature.
_GENERIC = frozenset({"reader", "readers", "gentle reader", "gentle readers"})
_FOOTER_OPENERS = tuple(lines("columns-footer-openers"))
#: Anywhere in a paragraph, these make it the column's footer.
_FOOTER_INSIDE = re.compile(r"\b(?:is written by|P\.?[ \t]?O\.?[ \t]+Box|(?i:copyright))\b|©|\([cC]\)[ \t]*\d")
_NAME = r"[A-Z][a-z'’.-]+(?:[ \t]+(?:[A-Z][a-z'’-]+|[A-Z]\.|van|von|de|del|di|Van|Von|De|Del|Di|Le|La)){1,3}"
#: Where a column names its writer: "Dear Abby is written by Abigail Van Buren", "By Amy Dickinson".
_WRITER = (re.compile(r"\bwritten by[ \t]+(?P<name>" + _NAME + ")"),
           re.compile(r"(?m)^[ \t]*By[ \t]+(?P<name>" + _NAME + r")[ \t]*$"))
#: The cheap test that a text may be a column at all: some paragraph opens with a salutation's first word.
_OPENERS = ("Dear ", "DEAR ", "dear ", "Hi, ", "Hi ", "HI, ", "Hello, ", "Hello ")
_MAX_SIG_WORDS = 10
_MAX_LETTER_PARAS = 20  # a letter this long without a signature or answer is not a letter
_MAX_TURNS = 5000

_EXAMPLE = ("DEAR ABBY: My sister never calls me back. Should I stop calling her? -- LONELY IN LEEDS\n\n"
            "DEAR LONELY: Call her once more, then wait for her to call you.")
LETTER = declare(
    "quote:column-letter", order=7, fires=[_EXAMPLE],
    not_on=["The senators wrote to the minister on Monday.\n\n"
            "Dear Minister: We ask you to rebuild the harbour wall before winter.\n\n"
            "The minister has not answered the letter."],
    doc="In an advice column (a 'Dear X:' letter, its signature, an answer addressed to the signature), "
        "every paragraph of a letter is a quote of its signer.")
ANSWER = declare(
    "quote:column-answer", order=8, fires=[_EXAMPLE],
    not_on=["Dear Minister: We ask you to rebuild the harbour wall before winter.\n\n"
            "Dear Colleague: We ask you to sign the letter to the minister."],
    doc="In an advice column, every paragraph of the columnist's answer is a quote of the columnist "
        "(named by the byline or footer, else the column's name); the footer is nobody's.")


@dataclass(frozen=True, slots=True)
class _Salutation:
    to: str  # whom the paragraph addresses, as written ("ABBY", "FEELING", "GENTLE READER")
    span: tuple[int, int]  # where that name is written
    words: int  # where the words after the salutation start

    @property
    def generic(self) -> bool:
        return " ".join(self.to.casefold().split()) in _GENERIC


@dataclass(slots=True)
class _Letter:
    """A letter being read: the spans of its paragraphs' words, then its signature."""

    paras: list[tuple[int, int]] = field(default_factory=list)
    sig: tuple[int, int] | None = None


def _salutation(text: str, ps: int, pe: int) -> _Salutation | None:
    m = _SALUTATION.match(text, ps, pe)
    if m is None:
        return None
    g = "gentle" if m.group("gentle") else "to"
    to = m.group(g).strip()
    if len(to.split()) > 6 or _SENTENCE_INSIDE.search(to):
        return None
    return _Salutation(to, (m.start(g), m.start(g) + len(to)), m.end())


def _good_signature(sig: str) -> bool:
    """A signature is a short name-like phrase, not a sentence ("Really." is not one)."""
    if len(sig.split()) > _MAX_SIG_WORDS or sig[-1:] in "?!:;,\"”" or _SENTENCE_INSIDE.search(sig):
        return False
    return not sig.endswith(".") or _ABBREV_END.search(sig) is not None


def _signature(text: str, ps: int, pe: int) -> tuple[int, tuple[int, int]] | None:
    """(where the letter's words end, the signature's span) when the paragraph ends with one."""
    m = _SIG_LINE.match(text, ps, pe) or _SIG_END.search(text, max(ps, pe - 80), pe)
    if m is None or not _good_signature(m.group("sig")):
        return None
    return _trimmed_end(text, ps, m.start()), (m.start("sig"), m.end("sig"))


def _bare_caps(text: str, ps: int, pe: int) -> bool:
    """A line in capitals with no sentence's end: a signature without its dash ("LOST IN OHIO")."""
    line = text[ps:pe]
    return line.isupper() and len(line.split()) <= _MAX_SIG_WORDS and not _SENTENCE_END.search(line)


def _addresses(to: str, signer: str) -> bool:
    """'FEELING' addresses 'FEELING LIKE SECOND RATE'; 'Worried' addresses 'Worried in Wichita'."""
    a = to.casefold().replace(",", " ").split()
    b = signer.casefold().replace(",", " ").split()
    return bool(a) and (b[:len(a)] == a or all(w in b for w in a))


def _footer(text: str, ps: int, pe: int, column: str) -> bool:
    """'Contact Dear Abby at …', 'Send questions to ask@…': an opener with the column's name or an
    address. An opener alone is advice ("Contact a lawyer.", "Write down the dates.")."""
    if _FOOTER_INSIDE.search(text, ps, pe) is not None:
        return True
    if not text[ps:ps + 40].lower().startswith(_FOOTER_OPENERS):
        return False
    para = text[ps:pe]
    return "@" in para or column in para.casefold()


def _heading(text: str, ps: int, pe: int) -> bool:
    return len(text[ps:pe].split()) <= 8 and not _SENTENCE_END.search(text, ps, pe)


def _columnist(text: str, title: str, first: _Salutation) -> tuple[str, tuple[int, int]]:
    """The columnist's name and where the text writes it (else the first letter's salutation)."""
    for pattern in _WRITER:
        m = pattern.search(text)
        if m is not None and not m.group("name").startswith("Dear "):
            return m.group("name"), m.span("name")
    for pattern in _WRITER:
        m = pattern.search(title)
        if m is not None:
            return m.group("name"), first.span
    full = re.compile(r"\b" + re.escape(first.to.title()) + r"(?:[ \t]+[A-Z][a-z'’-]+){1,2}\b")
    for src in (text, title):
        m = full.search(src)
        if m is not None:
            return m.group(0), (m.span() if src is text else first.span)
    return first.to.title() if first.to.isupper() else first.to, first.span


class _Reader:
    """One pass over the paragraphs: out of a column, in a letter, signed, in an answer."""

    def __init__(self, text: str, seg: Segments) -> None:
        self.text = text
        self.paras = seg.paras
        self.state = "out"
        self.column_to: str | None = None  # the columnist as letters address them ("abby")
        self.first: _Salutation | None = None
        self.letter = _Letter()
        self.found: list[tuple[str, int, int, tuple[int, int] | None, str]] = []  # (who, start, end, sig span, why)
        self.confirmed = False

    def read(self) -> None:
        for i, (ps, pe) in enumerate(self.paras):
            if len(self.found) >= _MAX_TURNS:
                break
            pe = _trimmed_end(self.text, ps, pe)
            sal = _salutation(self.text, ps, pe) if self.text.startswith(("D", "d", "G", "g", "H", "h"), ps) else None
            if self.state == "letter":
                self._in_letter(i, ps, pe, sal)
            elif self.state == "signed":
                self._after_signature(ps, pe, sal)
            else:
                self._outside(ps, pe, sal)

    # -- states ----------------------------------------------------------------
    def _outside(self, ps: int, pe: int, sal: _Salutation | None) -> None:
        """Out of a letter: a letter to the columnist starts; an answer goes on; a footer ends it."""
        if sal is not None and sal.generic:
            self.state = "answer"  # "DEAR READERS: …": the columnist's own note
            self._answer(sal.words, pe)
        elif sal is not None and (self.column_to is None or sal.to.casefold() == self.column_to):
            self.column_to, self.first = self.column_to or sal.to.casefold(), self.first or sal
            self.letter, self.state = _Letter(), "letter"
            self._letter_para(sal.words, pe)
        elif self.state == "answer" and (_footer(self.text, ps, pe, self.column_to or "")
                                         or _heading(self.text, ps, pe)):
            self.state = "out"
        elif self.state == "answer":
            self._answer(ps, pe)

    def _in_letter(self, i: int, ps: int, pe: int, sal: _Salutation | None) -> None:
        """In a letter: its paragraphs, until a signature or an answer closes it."""
        if sal is not None and sal.to.casefold() == self.column_to:
            self.letter = _Letter()  # a new letter: the last one had no signature and no answer
            self._letter_para(sal.words, pe)
            return
        if sal is not None:
            self._close_letter(sal.to, sal.span, confirm=sal.generic)
            self.state = "answer"
            self._answer(sal.words, pe)
            return
        if _bare_caps(self.text, ps, pe) and self._next_addresses(i, self.text[ps:pe]):
            self.letter.sig, self.state = (ps, pe), "signed"
            return
        self._letter_para(ps, pe)
        if self.state == "letter" and len(self.letter.paras) > _MAX_LETTER_PARAS:
            self.state = "out"

    def _after_signature(self, ps: int, pe: int, sal: _Salutation | None) -> None:
        """After a signature: an answer addressed to it (or a reader) confirms the column."""
        sig = self.letter.sig
        signer = self.text[sig[0]:sig[1]] if sig else ""
        to = sal or self._bare(ps, pe)
        if to is not None and (to.generic or _addresses(to.to, signer)):
            self._close_letter(signer, sig, confirm=True)
            self.state = "answer"
            self._answer(to.words, pe)
            return
        self.state = "out"  # a signed text with no answer: a letter quoted in a story
        self._outside(ps, pe, sal)

    # -- helpers ---------------------------------------------------------------
    def _letter_para(self, ws: int, pe: int) -> None:
        if ws >= pe:
            return  # "Dear Prudence," alone on its line: the letter starts below
        sig = _signature(self.text, ws, pe)
        if sig is None:
            self.letter.paras.append((ws, pe))
            return
        end, span = sig
        if end > ws:
            self.letter.paras.append((ws, end))
        self.letter.sig, self.state = span, "signed"

    def _bare(self, ps: int, pe: int) -> _Salutation | None:
        m = _BARE.match(self.text, ps, pe)
        if m is None:
            return None
        return _Salutation(m.group("to"), m.span("to"), m.end())

    def _next_addresses(self, i: int, signer: str) -> bool:
        if i + 1 >= len(self.paras):
            return False
        ns, ne = self.paras[i + 1]
        to = _salutation(self.text, ns, ne) or self._bare(ns, ne)
        return to is not None and (to.generic or _addresses(to.to, signer))

    def _close_letter(self, signer: str, span: tuple[int, int] | None, confirm: bool) -> None:
        for s, e in self.letter.paras:
            self.found.append((signer, s, e, span, LETTER))
        self.confirmed = self.confirmed or confirm
        self.letter = _Letter()

    def _answer(self, ws: int, pe: int) -> None:
        if pe > ws:
            self.found.append(("", ws, pe, None, ANSWER))


def find_column_turns(text: str, seg: Segments, title: str = "") -> list[Turn]:
    """The letters and answers of an advice column as turns of speech; [] when the text is not one."""
    if not any(text.startswith(_OPENERS, ps) for ps, _ in seg.paras):
        return []
    reader = _Reader(text, seg)
    reader.read()
    if not reader.confirmed or reader.first is None:
        return []
    name, where = _columnist(text, title, reader.first)
    turns = []
    for who, s, e, span, why in reader.found:
        if why == ANSWER:
            turns.append(Turn(s, e, name, where, (why,), "person", "advice columnist"))
        else:
            turns.append(Turn(s, e, who, span or (0, 0), (why,), "anonymous", "letter writer"))
    return turns
