"""Pre-parse guard for XML documents from strangers (feeds, OPML).

Everything here runs on the raw bytes *before* any XML parser sees them, so the
guarantees do not depend on how fastfeedparser, feedparser, lxml or expat are
configured:

1. **Decoding** (:func:`decode_xml`): the bytes become ``str`` following RFC 3023
   as feedparser does (BOM, then the HTTP charset for ``application/*xml``, the
   XML declaration, the sniffed UTF-16/32 layout, UTF-8, Windows-1252). Codecs
   that are not ASCII-compatible for markup (UTF-7, ``unicode_escape``…) are
   never used, so ``+ADw-script+AD4-`` stays text. The result is re-encoded as
   UTF-8 with a fresh ``<?xml … encoding="utf-8"?>`` declaration, so every
   downstream parser reads the same characters.
2. **DOCTYPE policy** (:func:`guard_text`): no parser ever sees a DOCTYPE.

   * A DOCTYPE without entity declarations (e.g. Netscape's RSS 0.91 DOCTYPE
     naming an external DTD) is *removed*; the DTD is never loaded.
   * Flat internal entities (``<!ENTITY id "tag:example.com,">``: no markup, no
     references to other entities, at most 64 of them) are expanded here, by
     one linear substitution, and only when the total expansion is at most
     :data:`MAX_ENTITY_EXPANSION` characters (computed before expanding).
   * Everything else — parameter entities, ``SYSTEM``/``PUBLIC`` entities,
     entities that reference entities (billion laughs, C1), expansion over the
     budget (quadratic blow-up, C2), XXE (C3), external parameter entities (C4)
     — is refused: ``FeedError("policy", "feed uses XML entity expansion
     (refused)")``.

   Rationale: refusing attack-shaped subsets gives the user a clear message
   instead of a silently mangled feed; removing harmless DOCTYPEs keeps real
   RSS 0.91 feeds working; and expanding only provably cheap entities keeps the
   rare legitimate use (feedparser's ``entity_in_doctype.xml``) readable while
   the cost stays linear. Expat's own amplification guard does not stop the
   quadratic blow-up (one 20 kB entity referenced 100k times), and
   fastfeedparser builds its lxml parsers with ``huge_tree=True``, which lifts
   libxml2's limits; a guard in front of both is the only uniform defence.
3. **Characters** (:func:`clean_xml_chars`): characters XML 1.0 forbids (NUL,
   ``\\x0b``, lone surrogates, U+FFFE/U+FFFF) and numeric references to them
   (``&#0;``, ``&#27;``, ``&#xD800;``) are dropped.
4. **HTML entities** (:func:`normalize_entities`): named HTML entities that XML
   does not define (``&eacute;``, ``&nbsp;``) become numeric references, and
   unknown names and bare ampersands (``?a=1&b=2``) become literal text, so a
   feed that uses them is well-formed for every parser (C9).

All scans use ``str.find`` loops or regular expressions without nested
quantifiers, so the cost is linear in the input.
"""

from __future__ import annotations

import codecs
import html.entities
import re
from dataclasses import dataclass, field
from typing import Iterator

from ..core.errors import FeedError

__all__ = [
    "MAX_FEED_BYTES",
    "MAX_ENTITY_EXPANSION",
    "ENTITY_REFUSAL",
    "Decoded",
    "Prepared",
    "decode_xml",
    "guard_text",
    "clean_xml_chars",
    "drop_invalid_char_refs",
    "normalize_entities",
    "prepare_xml",
    "guard_bytes",
    "sniff_root",
    "check_tags",
    "parse_content_type",
]

#: Largest document accepted (I4: decoded body per feed).
MAX_FEED_BYTES = 10 * 1024 * 1024
#: Most characters that expanding internal entities may add.
MAX_ENTITY_EXPANSION = 1_000_000
#: Most entity declarations honoured in one internal subset.
MAX_ENTITY_DECLS = 64
#: Longest entity value honoured.
MAX_ENTITY_VALUE = 4096

ENTITY_REFUSAL = "feed uses XML entity expansion (refused)"

XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

_PREDEFINED = frozenset({"amp", "lt", "gt", "quot", "apos"})

# --------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# '<?xm' (or '<' followed by a name) in the layouts XML's appendix F lists.
_SNIFF = (
    (b"\x00\x00\x00\x3c", "utf-32-be"),
    (b"\x3c\x00\x00\x00", "utf-32-le"),
    (b"\x00\x3c\x00\x3f", "utf-16-be"),
    (b"\x3c\x00\x3f\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "cp037"),
)

_WIDE = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})

_DECL_ENCODING = re.compile(
    r"""\A\s{0,1024}<\?xml\b[^>?]{0,512}?\bencoding\s{0,16}=\s{0,16}["']([^"'>\s]{1,64})["']""",
)
_XML_DECL = re.compile(r"\A(\s{0,1024})<\?xml\b[^>]{0,1024}>")

# Codecs whose decoding can turn ASCII-looking bytes into markup, or whose
# output is not plain text at all. They are never used, whatever is declared.
_REFUSED_CODECS = frozenset({
    "utf_7", "unicode_escape", "raw_unicode_escape", "punycode", "idna",
    "undefined", "hz", "mbcs", "oem", "palmos",
})

# Windows-1252 leaves five bytes undefined; read them as their Latin-1 code
# points (C1 controls, removed later by the sanitiser) instead of failing.
_CP1252_ERRORS = "newsreader-cp1252-latin1"


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if isinstance(exc, UnicodeDecodeError):
        return exc.object[exc.start:exc.end].decode("latin-1"), exc.end
    raise exc


codecs.register_error(_CP1252_ERRORS, _cp1252_fallback)

_ASCII_PROBE = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_ASCII_PROBE_TEXT = _ASCII_PROBE.decode("ascii")


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)
    #: The bytes ``text`` is the strict UTF-8 (or ASCII) decoding of, when it is one (no
    #: replacement made): the guard then hands on slices of them instead of re-encoding the text.
    source: bytes | None = field(default=None, repr=False)


def parse_content_type(value: str | None) -> tuple[str, str]:
    """``"Application/RSS+XML; charset=UTF-8"`` → ``("application/rss+xml", "utf-8")``."""
    if not value:
        return "", ""
    parts = value[:1024].split(";")
    mime = parts[0].strip().lower()
    charset = ""
    for part in parts[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'").strip().lower()
    return mime, charset


def _codec_name(name: str) -> str | None:
    """The canonical codec name when ``name`` is safe to decode with, else None."""
    name = (name or "").strip().lower()
    if not name or len(name) > 64:
        return None
    if name in ("gb2312", "gb_2312", "x-gbk", "gbk"):  # gb18030 is the superset
        name = "gb18030"
    if name in ("us-ascii", "ascii", "iso-646", "ansi_x3.4-1968"):
        return "ascii"
    if name in ("iso-8859-1", "latin1", "latin-1", "l1"):
        # What every browser does: ISO-8859-1 labels mean windows-1252.
        return "cp1252"
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _REFUSED_CODECS:
        return None
    canonical = info.name.replace("_", "-")
    if canonical in _WIDE or canonical == "cp037":
        return canonical
    return canonical if _ascii_compatible(info.name) else None


_COMPAT_CACHE: dict[str, bool] = {}


def _ascii_compatible(name: str) -> bool:
    """True when the codec decodes printable ASCII to itself (markup stays markup)."""
    ok = _COMPAT_CACHE.get(name)
    if ok is None:
        try:
            ok = _ASCII_PROBE.decode(name) == _ASCII_PROBE_TEXT
        except Exception:  # noqa: BLE001 — any failure means "not usable"
            ok = False
        _COMPAT_CACHE[name] = ok
    return ok


def _sniff_layout(data: bytes) -> tuple[str | None, bytes, bool]:
    """(encoding, data without BOM, whether a BOM was found)."""
    for bom, enc in _BOMS:  # UTF-32-LE's BOM starts like UTF-16-LE's: it is checked first
        if data.startswith(bom):
            return enc, data[len(bom):], True
    for marker, enc in _SNIFF:
        if data.startswith(marker):
            return enc, data, False
    # '<r' in UTF-16 without a declaration or BOM.
    if len(data) >= 4 and data[0] == 0 and data[1] == 0x3C and data[2] == 0:
        return "utf-16-be", data, False
    if len(data) >= 4 and data[0] == 0x3C and data[1] == 0 and data[3] == 0 and data[2] != 0:
        return "utf-16-le", data, False
    return None, data, False


def _declared_encoding(data: bytes, layout: str | None) -> str:
    head = data[:2048]
    try:
        text = head.decode(layout or "latin-1", "replace")
    except LookupError:
        text = head.decode("latin-1")
    m = _DECL_ENCODING.match(text)
    return m.group(1).strip().lower() if m else ""


def _try_utf8(data: bytes) -> tuple[str | None, bool]:
    """Decode as UTF-8: (text, had_errors). ``None`` when it is clearly not UTF-8."""
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore")) - bad
    if non_ascii >= bad:  # more valid multi-byte sequences than broken ones
        return text, True
    return None, True


def decode_xml(data: bytes, *, content_type: str | None = None, charset: str | None = None) -> Decoded:
    """Decode an XML document to ``str`` (RFC 3023 precedence, never raising).

    ``charset`` (the HTTP charset parameter, if the caller parsed it) wins over
    the one inside ``content_type``. The text comes back without a BOM.
    """
    warnings: list[str] = []
    layout, body, had_bom = _sniff_layout(data)
    declared = _declared_encoding(body, layout)
    mime, http_charset = parse_content_type(content_type)
    if charset:
        http_charset = charset.strip().strip("\"'").lower()

    if mime in ("application/xml", "application/xml-dtd", "application/xml-external-parsed-entity") or (
        mime.startswith("application/") and mime.endswith("+xml")
    ):
        preferred = http_charset or declared or "utf-8"
    elif mime in ("text/xml", "text/xml-external-parsed-entity") or (
        mime.startswith("text/") and mime.endswith("+xml")
    ):
        preferred = http_charset or "us-ascii"
    elif mime.startswith("text/"):
        preferred = http_charset or declared or "utf-8"
    else:
        preferred = http_charset or declared or "utf-8"

    if had_bom:
        # A byte-order mark is unambiguous; it beats every label (WHATWG).
        assert layout is not None
        try:
            text = body.decode(layout)
        except UnicodeDecodeError:
            text = body.decode(layout, "replace")
            warnings.append(f"invalid {layout.upper()} bytes replaced")
            return Decoded(text, layout, warnings)
        return Decoded(text, layout, warnings, body if layout == "utf-8" else None)

    candidates: list[str] = []
    for label in (preferred, declared, layout or "", "utf-8", "cp1252", "iso-8859-2"):
        if not label:
            continue
        codec = _codec_name(label)
        if codec is None:
            if label in (preferred, declared):
                note = f"unsupported encoding {label!r} ignored"
                if note not in warnings:
                    warnings.append(note)
            continue
        if codec == "cp037" and layout != "cp037":
            continue  # EBCDIC only when the bytes start like EBCDIC "<?xm"
        if codec in _WIDE:
            if layout not in _WIDE:
                continue  # declared UTF-16/32, but the bytes are ASCII-compatible
            codec = layout  # the sniffed byte order and width win over the label
        elif layout in _WIDE or layout == "cp037":
            # The bytes are UTF-16/32 (or EBCDIC): an ASCII-compatible label is wrong.
            if label in (preferred, declared) and codec != layout:
                continue
        if codec not in candidates:
            candidates.append(codec)

    want = _codec_name(preferred)
    if want in _WIDE and layout in _WIDE:
        want = layout
    for codec in candidates:
        exact = False
        if codec == "utf-8":
            text, had_errors = _try_utf8(body)
            if text is None:
                continue
            if had_errors:
                warnings.append("invalid UTF-8 bytes replaced")
            exact = not had_errors
        else:
            try:
                text = body.decode(codec, _CP1252_ERRORS if codec == "cp1252" else "strict")
            except (UnicodeDecodeError, LookupError):
                continue
        if want is not None and codec != want:
            warnings.append(f"encoding mismatch: declared {preferred}, decoded as {codec}")
        # ASCII decoded strictly is its UTF-8 decoding too
        return Decoded(text, codec, warnings, body if exact or codec == "ascii" else None)
    # iso-8859-2 decodes every byte, so this is only reached if the list was cut.
    warnings.append("encoding unknown, decoded as windows-1252")
    return Decoded(body.decode("cp1252", _CP1252_ERRORS), "cp1252", warnings)


# --------------------------------------------------------------------------
# Structure sniffing
# --------------------------------------------------------------------------

_NAME = re.compile(r"[A-Za-z_][\w.:-]{0,127}")


@dataclass
class _Prolog:
    root: str | None            # qualified name of the first element, as written
    root_start: int             # index of its '<', or -1
    doctype: tuple[int, int] | None  # [start, end) of the DOCTYPE declaration
    doctype_is_html: bool = False
    junk_before: bool = False   # non-whitespace text before the first markup

    @property
    def root_name(self) -> str | None:
        """The root element's local name, lower-cased."""
        return self.root.rsplit(":", 1)[-1].lower() if self.root else None


def _scan_prolog(text: str, limit: int | None = None, start: int = 0) -> _Prolog:
    """Find the DOCTYPE and the root element, skipping PIs and comments. Linear.

    ``start``: scan ``text[start:]`` (positions stay the whole text's), without that copy.
    """
    n = len(text) if limit is None else min(len(text), limit)
    pos = start
    doctype = None
    is_html = False
    junk = False
    while pos < n:
        lt = text.find("<", pos, n)
        if lt < 0:
            if text[pos:n].strip():
                junk = True
            break
        if not junk and text[pos:lt].strip():
            junk = True
        if text.startswith("<?", lt):
            end = text.find("?>", lt + 2)
            if end < 0:
                break
            pos = end + 2
        elif text.startswith("<!--", lt):
            end = text.find("-->", lt + 4)
            if end < 0:
                break
            pos = end + 3
        elif text[lt + 1:lt + 9].upper() == "!DOCTYPE":
            end = _doctype_end(text, lt)
            if doctype is None:
                doctype = (lt, end)
                decl = text[lt + 9:min(end, lt + 200)].lstrip().lower()
                is_html = decl.startswith("html")
            pos = end
        elif text.startswith("<!", lt):
            end = text.find(">", lt + 2)
            if end < 0:
                break
            pos = end + 1
        else:
            m = _NAME.match(text, lt + 1)
            if m:
                return _Prolog(m.group(0), lt, doctype, is_html, junk)
            pos = lt + 1
    return _Prolog(None, -1, doctype, is_html, junk)


def _doctype_end(text: str, start: int) -> int:
    """Index just past the DOCTYPE that starts at ``start`` (``len(text)`` if unclosed)."""
    i = start + 9
    n = len(text)
    depth = 0  # inside the internal subset '[ ... ]'
    while i < n:
        # Next interesting character.
        m = _DOCTYPE_TOKEN.search(text, i)
        if m is None:
            return n
        c = m.group(0)
        j = m.start()
        if c in ('"', "'"):
            close = text.find(c, j + 1)
            if close < 0:
                return n
            i = close + 1
        elif c == "<!--":
            close = text.find("-->", j + 4)
            if close < 0:
                return n
            i = close + 3
        elif c == "<?":
            close = text.find("?>", j + 2)
            if close < 0:
                return n
            i = close + 2
        elif c == "[":
            depth += 1
            i = j + 1
        elif c == "]":
            depth = max(0, depth - 1)
            i = j + 1
        elif c == ">":
            if depth == 0:
                return j + 1
            i = j + 1
        else:
            i = j + 1
    return n


_DOCTYPE_TOKEN = re.compile(r"""["'\[\]>]|<!--|<\?""")


def sniff_root(text: str) -> tuple[str | None, bool, bool]:
    """(root element's local name lower-cased, DOCTYPE says html, junk before markup)."""
    p = _scan_prolog(text, limit=None)
    return p.root_name, p.doctype_is_html, p.junk_before


# --------------------------------------------------------------------------
# DOCTYPE / entity policy
# --------------------------------------------------------------------------

_ENTITY_DECL = re.compile(
    r"""<!ENTITY\s+(%\s+)?([^\s%;&<>"']{1,128})\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\b)""",
    re.IGNORECASE,
)
_ENTITY_REF = re.compile(r"&([A-Za-z_:][\w.:-]{0,127});")
_PE_REF = re.compile(r"%[A-Za-z_:][\w.:-]{0,127};")
_CHAR_REF_ONLY = re.compile(r"&#(?:[0-9]{1,10}|[xX][0-9a-fA-F]{1,8});")
_STRAY_DECL = re.compile(r"<!(?=(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST)\b)", re.IGNORECASE)


def guard_text(text: str, *, normalize: bool = True) -> tuple[str, list[str]]:
    """Apply the DOCTYPE policy; return the document without any DOCTYPE.

    With ``normalize``, named HTML entities outside CDATA sections and comments
    also become numeric references (see :func:`normalize_entities`).
    Raises ``FeedError("policy", ENTITY_REFUSAL)`` for documents that rely on
    entity expansion beyond flat, cheap internal entities.
    """
    warnings: list[str] = []
    prolog = _scan_prolog(text)
    entities: dict[str, str] = {}
    if prolog.doctype is not None:
        start, end = prolog.doctype
        entities = _check_doctype(text[start:end])
        text = text[:start] + text[end:]
        if entities:
            n = len(entities)
            warnings.append(f"DOCTYPE removed; {n} internal entit{'y' if n == 1 else 'ies'} expanded")
        else:
            warnings.append("DOCTYPE removed (DTDs are never loaded)")
    if entities or _needs_rewrite(text, normalize):
        text = _rewrite_body(text, entities, normalize)
    return text, warnings


# An ampersand that is not one of the five XML entities nor a character
# reference: :func:`normalize_entities` would rewrite it (or a named entity).
_ODD_AMP = re.compile(r"&(?!(?:amp|lt|gt|quot|apos);|#[0-9]{1,20};|#[xX][0-9a-fA-F]{1,16};)")


def _needs_rewrite(text: str, normalize: bool) -> bool:
    """Whether :func:`_rewrite_body` (without entities) could change ``text``.

    Why: most feeds have CDATA sections and ``&amp;``, so the cheap substring
    tests always sent them through the per-segment rewrite, which then changed
    nothing. Two searches over the whole text decide it instead: the rewrite
    changes a segment outside CDATA and comments only where it has a stray
    declaration or an ampersand that is not an XML entity nor a character
    reference, and such a match is the same in the segment as in the whole
    text (a segment ends at a ``<``, which neither pattern reads past). Only
    the matches found are placed among the CDATA sections (where feeds keep
    their ``&nbsp;`` and ``&utm_source``): none outside, no rewrite.
    """
    if "<!" in text and _matches_in_plain_text(text, _STRAY_DECL):
        return True
    return normalize and "&" in text and _matches_in_plain_text(text, _ODD_AMP)


def _check_doctype(doctype: str) -> dict[str, str]:
    """The flat internal entities a DOCTYPE declares, or raise if it is unsafe."""
    upper_has_entity = re.search(r"<!ENTITY", doctype, re.IGNORECASE) is not None
    bracket = doctype.find("[")
    subset = doctype[bracket + 1:] if bracket >= 0 else ""
    if not upper_has_entity:
        if subset and _PE_REF.search(_strip_quoted(subset)):
            raise FeedError("policy", ENTITY_REFUSAL)
        return {}
    if not doctype.endswith(">"):
        raise FeedError("policy", ENTITY_REFUSAL)
    entities: dict[str, str] = {}
    count = 0
    for m in _ENTITY_DECL.finditer(doctype):
        count += 1
        if count > MAX_ENTITY_DECLS:
            raise FeedError("policy", ENTITY_REFUSAL)
        if m.group(1) or m.group(5):  # parameter or external entity
            raise FeedError("policy", ENTITY_REFUSAL)
        value = m.group(3) if m.group(3) is not None else m.group(4)
        if len(value) > MAX_ENTITY_VALUE or "<" in value or "%" in value:
            raise FeedError("policy", ENTITY_REFUSAL)
        for ref in _ENTITY_REF.finditer(value):
            if ref.group(1) not in _PREDEFINED:
                raise FeedError("policy", ENTITY_REFUSAL)
        if "&" in _CHAR_REF_ONLY.sub("", _ENTITY_REF.sub("", value)):
            raise FeedError("policy", ENTITY_REFUSAL)
        entities.setdefault(m.group(2), value)
    # Every '<!ENTITY' must have been understood by the pattern above.
    if count != len(re.findall(r"<!ENTITY", doctype, re.IGNORECASE)):
        raise FeedError("policy", ENTITY_REFUSAL)
    if _PE_REF.search(_strip_quoted(subset)):
        raise FeedError("policy", ENTITY_REFUSAL)
    return entities


_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")


def _strip_quoted(s: str) -> str:
    return _QUOTED.sub("", s)


_MARKERS = {str: ("<![CDATA[", "]]>", "<!--", "-->"), bytes: (b"<![CDATA[", b"]]>", b"<!--", b"-->")}


def _opaque_spans(text: str | bytes, begin: int = 0) -> Iterator[tuple[int, int]]:
    """``[start, end)`` of each CDATA section and comment, in order (an unclosed one runs to the end). Linear.

    The next position of each opener is remembered, so the text after the
    current position is searched at most once per opener kind. ``text`` may be
    UTF-8 bytes (the markers are ASCII: the same sections); ``begin``: look at
    ``text[begin:]`` only, without that copy.
    """
    cdata_open, cdata_close, comment_open, comment_close = _MARKERS[type(text)]
    pos = begin
    n = len(text)
    next_cdata = text.find(cdata_open, begin)
    next_comment = text.find(comment_open, begin)
    while pos < n:
        if 0 <= next_cdata < pos:
            next_cdata = text.find(cdata_open, pos)
        if 0 <= next_comment < pos:
            next_comment = text.find(comment_open, pos)
        candidates = [x for x in (next_cdata, next_comment) if x >= 0]
        if not candidates:
            return
        start = min(candidates)
        if start == next_cdata:
            end = text.find(cdata_close, start + 9)
        else:
            end = text.find(comment_close, start + 4)
        pos = n if end < 0 else end + 3
        yield start, pos


def _segments(text: str) -> Iterator[tuple[bool, str]]:
    """Split into (is_plain, chunk): CDATA sections and comments are opaque. Linear."""
    pos = 0
    for start, end in _opaque_spans(text):
        if start > pos:
            yield True, text[pos:start]
        yield False, text[start:end]
        pos = end
    if pos < len(text):
        yield True, text[pos:]


def _matches_in_plain_text(text: str | bytes, pattern: re.Pattern, begin: int = 0) -> bool:
    """Whether ``pattern`` matches outside CDATA sections and comments (where a match starts).

    After a match inside a section the search resumes at the section's end,
    so a feed with thousands of ``&nbsp;`` in its CDATA costs one search per section.
    ``begin``: look at ``text[begin:]`` only (``pattern`` must not look behind nor be anchored).
    """
    m = pattern.search(text, begin)
    if m is None:
        return False
    spans = _opaque_spans(text, begin)
    start = end = -1
    while m is not None:
        while m.start() >= end:
            start, end = next(spans, (len(text) + 1, len(text) + 1))
        if m.start() < start:
            return True
        m = pattern.search(text, end)
    return False


def _rewrite_body(text: str, entities: dict[str, str], normalize: bool) -> str:
    """Outside CDATA sections and comments: expand the given flat entities,
    neutralise stray declarations and (optionally) normalise HTML entities."""
    parts = list(_segments(text))
    if entities:
        total = 0
        for plain, chunk in parts:
            if plain and "&" in chunk:
                for m in _ENTITY_REF.finditer(chunk):
                    value = entities.get(m.group(1))
                    if value is not None:
                        total += len(value)
                        if total > MAX_ENTITY_EXPANSION:
                            raise FeedError("policy", ENTITY_REFUSAL)

    def expand(m: re.Match[str]) -> str:
        value = entities.get(m.group(1))
        return m.group(0) if value is None else value

    out = []
    for plain, chunk in parts:
        if plain:
            if "&" in chunk:
                if entities:
                    chunk = _ENTITY_REF.sub(expand, chunk)
                if normalize:
                    chunk = normalize_entities(chunk)
            if "<!" in chunk:
                chunk = _STRAY_DECL.sub("&lt;!", chunk)
        out.append(chunk)
    return "".join(out)


# --------------------------------------------------------------------------
# Characters and entities
# --------------------------------------------------------------------------

_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));")


def _valid_xml_codepoint(cp: int) -> bool:
    return (
        cp in (0x9, 0xA, 0xD)
        or 0x20 <= cp <= 0xD7FF
        or 0xE000 <= cp <= 0xFFFD
        or 0x10000 <= cp <= 0x10FFFF
    )


def _allowed_ref(cp: int) -> bool:
    """Whether ``&#cp;`` may stay: a character XML allows, and no control character."""
    return _valid_xml_codepoint(cp) and not (cp < 0x20 and cp not in (0x9, 0xA, 0xD))


def _char_ref(m: re.Match[str]) -> str:
    cp = int(m.group(1), 16) if m.group(1) is not None else int(m.group(2))
    return m.group(0) if _allowed_ref(cp) else ""


def drop_invalid_char_refs(text: str) -> str:
    """Remove ``&#…;`` references to characters XML forbids (``&#0;``, ``&#27;``, ``&#xD800;``)."""
    if "&#" not in text:
        return text
    # The same matches sub() would visit; only the distinct ones need a look
    # (a feed repeats a few references thousands of times, all valid).
    for hexa, dec in set(_CHAR_REF.findall(text)):
        cp = int(hexa, 16) if hexa else int(dec)
        if not _allowed_ref(cp):
            return _CHAR_REF.sub(_char_ref, text)
    return text


# Raw terminal escape sequences (CSI, OSC/DCS/… up to BEL or ST, two-character
# ESC sequences), removed whole so that no "[2J" is left when ESC is dropped.
_RAW_ESCAPE = re.compile(
    r"\x1b\[[0-?]{0,64}[ -/]{0,8}[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)"
    r"|\x1b[ -/]{0,8}[0-~]"
)


def clean_xml_chars(text: str, *, has_invalid: bool | None = None) -> str:
    """Drop characters XML 1.0 forbids (raw escape sequences whole), and references to them.

    ``has_invalid``: the caller already searched ``text`` for forbidden
    characters (one pass over a 10 MiB feed is enough).
    """
    if "\x1b" in text:
        text = _RAW_ESCAPE.sub("", text)
        has_invalid = None
    if has_invalid is None:
        has_invalid = _INVALID_XML_CHARS.search(text) is not None
    if has_invalid:
        text = _INVALID_XML_CHARS.sub("", text)
    return drop_invalid_char_refs(text)


_NAMED_REF = re.compile(r"&(?!(?:amp|lt|gt|quot|apos);)([A-Za-z][A-Za-z0-9]{0,31});")
_HTML5 = html.entities.html5


# name → numeric references, for every HTML5 entity that has a ';' form.
_ENTITY_REFS = {
    name[:-1]: "".join(f"&#{ord(ch)};" for ch in value)
    for name, value in _HTML5.items()
    if name.endswith(";") and name[:-1] not in _PREDEFINED
}


def _named_ref(m: re.Match[str]) -> str:
    name = m.group(1)
    ref = _ENTITY_REFS.get(name)
    return ref if ref is not None else "&amp;" + name + ";"  # unknown: keep it as literal text


# An ampersand that starts no reference at all ("?a=1&b=2", "Tom & Jerry").
# (XML's own five first: they are most ampersands, and read without a Unicode \w lookup per
# character; a name is the second alternative anyway, so the same ampersands match.)
_BARE_AMP = re.compile(r"&(?!(?:amp|lt|gt|quot|apos);|(?:[A-Za-z_:][\w.:-]{0,127}|#[0-9]{1,20}|#[xX][0-9a-fA-F]{1,16});)")


def normalize_entities(text: str) -> str:
    """Named HTML entities → numeric references; unknown names and bare ``&`` → literal text."""
    if "&" not in text:
        return text
    text = _BARE_AMP.sub("&amp;", text)
    return _NAMED_REF.sub(_named_ref, text)


# --------------------------------------------------------------------------
# The whole preparation
# --------------------------------------------------------------------------


#: A start tag this long is looked at closely; one with this many attributes
#: is refused (libxml2 keeps ~200 bytes per attribute: 1M attributes in a
#: 9 MiB tag cost fastfeedparser 180 MiB).
HUGE_TAG_CHARS = 1 << 20
MAX_ATTRIBUTES = 10_000
_HUGE_TAG = re.compile(r"<(?![!?])[^<>]{%d}" % HUGE_TAG_CHARS)


def check_tags(text: str, start: int = 0) -> None:
    """Refuse a document with an element carrying more than MAX_ATTRIBUTES attributes. Linear.

    ``start``: look at ``text[start:]`` only.
    """
    if len(text) - start <= HUGE_TAG_CHARS:
        return  # no room for a start tag that long
    pos = start
    while True:
        m = _HUGE_TAG.search(text, pos)
        if m is None:
            return
        end = text.find(">", m.end())
        end = len(text) if end < 0 else end
        if text.count("=", m.start(), end) > MAX_ATTRIBUTES:
            raise FeedError("too-large", "document has an element with too many attributes (refused)")
        pos = end


# The bytes that are characters XML forbids in UTF-8 (or ASCII) input: the C0 controls but
# tab, LF and CR. U+FFFE and U+FFFF are EF BF BE and EF BF BF.
_CONTROL_BYTES = tuple(b for b in range(0x20) if b not in (0x9, 0xA, 0xD))


def _has_suspect_byte(data: bytes, start: int) -> bool:
    """Whether ``data[start:]`` has a control byte XML forbids, or EF BF BE or EF BF BF.

    One ``find`` per control byte (memchr: a few instructions per 32 bytes, no
    copy of the document), then, only where there is an 0xEF byte, the EF BF
    pairs (0xEF also starts CJK punctuation, which must not send a feed to the
    exact search). A table translation of every byte cost twice as much.
    """
    find = data.find
    for byte in _CONTROL_BYTES:
        if find(byte, start) >= 0:
            return True
    if find(0xEF, start) < 0:
        return False
    pos = find(b"\xef\xbf", start)
    while pos >= 0:
        if data[pos + 2:pos + 3] in (b"\xbe", b"\xbf"):
            return True
        pos = find(b"\xef\xbf", pos + 1)
    return False


def _has_invalid_chars(text: str, utf8: bytes | None = None) -> bool:
    """Whether ``text`` has a character XML 1.0 forbids.

    ``utf8``: the bytes ``text`` was decoded from as UTF-8 or ASCII (strictly or
    with replacement). Why: searching a ``str`` with a character class costs a
    third of the guard; one table lookup per byte proves most feeds clean.
    Decoding those codecs maps bytes below 0x80 to themselves, never yields a
    surrogate, and yields U+FFFE/U+FFFF only from EF BF BE/BF; so without a
    control byte or one of those two sequences the text is clean. Either sends
    the text through the exact search (a ``str`` of CJK or emoji is 2 or 4 bytes
    a character: that search cost up to 9 ms a feed when any 0xEF byte sent it there).
    """
    if utf8 is not None:
        start = len(codecs.BOM_UTF8) if utf8.startswith(codecs.BOM_UTF8) else 0
        if not _has_suspect_byte(utf8, start):
            return False
    return _INVALID_XML_CHARS.search(text) is not None


@dataclass
class Prepared:
    xml: bytes                  # UTF-8, with a fresh declaration, no DOCTYPE
    encoding: str               # the encoding the bytes were decoded with
    root: str | None            # local name of the root element, lower-cased
    warnings: list[str] = field(default_factory=list)
    # The document as str (:attr:`text`): given, or XML_DECLARATION + _body[_body_start:],
    # made when first asked for (a refresh's parse only reads its head: :meth:`head`).
    _text: str | None = field(default=None, repr=False)
    _body: str = field(default="", repr=False)
    _body_start: int = field(default=0, repr=False)

    @property
    def text(self) -> str:
        """The same document as :attr:`xml`, as str."""
        if self._text is None:
            self._text = XML_DECLARATION + self._body[self._body_start:]
            self._body = ""
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value

    def head(self, chars: int) -> str:
        """``text[:chars]``, without making the whole text."""
        if self._text is not None:
            return self._text[:chars]
        rest = max(0, chars - len(XML_DECLARATION))
        return (XML_DECLARATION + self._body[self._body_start:self._body_start + rest])[:chars]


_XML_STARTS = ("<?xml", "<rss", "<feed", "<rdf:rdf", "<opml", "<channel")


def _cut_leading_junk(text: str) -> tuple[str, bool]:
    """Drop text before the XML document (PHP warnings, stray bytes). Looks at 8 KiB."""
    head = text[:8192].lower()
    best = -1
    for marker in _XML_STARTS:
        i = head.find(marker)
        if i >= 0 and (best < 0 or i < best):
            best = i
    if best > 0:
        return text[best:], True
    return text, False


def prepare_xml(data: bytes, *, content_type: str | None = None, charset: str | None = None,
                decoded: Decoded | None = None) -> Prepared:
    """Decode, guard and clean an XML document for any parser (never fetches, never expands)."""
    if len(data) > MAX_FEED_BYTES:
        raise FeedError("too-large", f"document too large ({len(data) / 1048576:.1f} MiB; limit 10 MiB)")
    dec = decoded or decode_xml(data, content_type=content_type, charset=charset)
    warnings = list(dec.warnings)
    text = dec.text
    if text.startswith("\ufeff"):
        text = text[1:]
    has_invalid = _has_invalid_chars(text, data if dec.encoding in ("utf-8", "ascii") else None)
    if dec.source is not None and not has_invalid and text is dec.text:
        clean = _prepare_clean_utf8(dec)
        if clean is not None:
            return clean
    if has_invalid:
        warnings.append("control characters removed (not allowed in XML)")
    text = clean_xml_chars(text, has_invalid=has_invalid)
    stripped = text.lstrip()
    if stripped and not stripped.startswith("<"):
        text, cut = _cut_leading_junk(text)
        if cut:
            warnings.append("junk before the XML document removed")
    m = _XML_DECL.match(text)
    if m:
        text = text[m.end():]
    text, guard_warnings = guard_text(text)
    warnings.extend(guard_warnings)
    check_tags(text)
    root, _is_html, _junk = sniff_root(text)
    text = _declared(text)
    return Prepared(text.encode("utf-8", "replace"), dec.encoding, root, warnings, text)


# Any "<!" that opens neither a CDATA section nor a comment, in UTF-8: ``_STRAY_DECL`` matches
# only where this does, so none outside sections means no stray declaration.
_DECLARATION_START_UTF8 = re.compile(rb"<!(?![\[-])")
# _ODD_AMP is ASCII throughout (explicit ranges, no \d or \b, no case folding): in UTF-8 it
# matches at the same characters.
_ODD_AMP_UTF8 = re.compile(_ODD_AMP.pattern.encode("ascii"))
# A character reference that may be to a character XML forbids (after leading zeros):
# below 32 or from 50000 (decimal), below 0x20 or from 0xD000 (hex). Every reference
# drop_invalid_char_refs drops is one; most feeds' (&#8217;, &#x2014;, &#160;) are not.
_SUSPECT_CHAR_REF_UTF8 = re.compile(rb"&#(?:0*(?:[0-9]|[12][0-9]|3[01]|[5-9][0-9]{4}|[0-9]{6,20})"
                                    rb"|[xX]0*(?:1?[0-9a-fA-F]|[d-fD-F][0-9a-fA-F]{3}|[0-9a-fA-F]{5,16}));")
_XML_DECLARATION_UTF8 = XML_DECLARATION.encode("ascii")
_CHAR_REF_UTF8 = re.compile(_CHAR_REF.pattern.encode("ascii"))  # ASCII throughout, like _ODD_AMP


def _forbidden_char_ref_in(data: bytes) -> bool:
    """Whether UTF-8 ``data`` has a ``&#…;`` that :func:`drop_invalid_char_refs` would drop (its matches).

    Only the references that may be to a forbidden character are read (a
    reference is ``&#``, digits and ``;``: the matches of both patterns start
    at the same ampersands).
    """
    if b"&#" not in data:
        return False
    for ref in set(_SUSPECT_CHAR_REF_UTF8.findall(data)):
        if _CHAR_REF_UTF8.fullmatch(ref):  # (leading zeros may make it longer than a reference is read)
            cp = int(ref[3:-1], 16) if ref[2] in b"xX" else int(ref[2:-1])
            if not _allowed_ref(cp):
                return True
    return False


def _prepare_clean_utf8(dec: Decoded) -> Prepared | None:
    """:func:`prepare_xml` for the common document: strict UTF-8 that needs no cleaning; ``None`` for any other.

    Why: the general path cuts the declaration off the text, puts a fresh one
    in front, then encodes all of it again (three copies of a document that is
    2 or 4 bytes a character as a ``str``), and scans the ``str`` for what to
    rewrite. Here the same checks run on the UTF-8 bytes, whose markup
    characters are the text's, and the document handed on is a slice of them.
    Every check is the general path's or an exact equivalent; anything the
    general path would change (a forbidden character or reference, junk
    before the document, a DOCTYPE, a stray declaration, an ampersand to
    normalise) sends the document there. The caller has checked that ``dec.text``
    has no forbidden character and does not start with a byte-order mark.
    """
    text, raw = dec.text, dec.source
    assert raw is not None
    # (the caller found no forbidden character, so no ESC either, which clean_xml_chars looks for first)
    if _forbidden_char_ref_in(raw):
        return None
    lead = _LEADING_SPACE.match(text).end()
    if lead < len(text) and text[lead] != "<":
        return None  # junk before the document
    m = _XML_DECL.match(text)
    start = m.end() if m else 0
    prolog = _scan_prolog(text, start=start)
    if prolog.doctype is not None:
        return None

    def utf8_offset(index: int) -> int:
        return index if text.isascii() else len(text[:index].encode("utf-8"))

    raw_start = utf8_offset(start)
    if _matches_in_plain_text(raw, _DECLARATION_START_UTF8, raw_start):
        return None  # maybe a stray declaration: the general path decides
    if raw.find(b"&", raw_start) >= 0 and _matches_in_plain_text(raw, _ODD_AMP_UTF8, raw_start):
        return None  # entities to normalise
    check_tags(text, start)
    root = prolog.root_name  # what sniff_root reads
    body_start = _LEADING_SPACE.match(text, start).end()
    xml = b"".join((_XML_DECLARATION_UTF8, memoryview(raw)[utf8_offset(body_start):]))
    return Prepared(xml, dec.encoding, root, list(dec.warnings), _body=text, _body_start=body_start)


_LEADING_SPACE = re.compile(r"\s*")  # what str.lstrip() drops: \s of a str pattern is str.isspace()


def _declared(body: str) -> str:
    """``XML_DECLARATION + body.lstrip()``, made in one copy of the document instead of two.

    ``str.replace`` of the leading blanks (their first occurrence is the
    start; none is the empty string, which also matches at the start) writes
    the result directly; ``lstrip`` would first copy all of the rest.
    """
    return body.replace(body[:_LEADING_SPACE.match(body).end()], XML_DECLARATION, 1)


def guard_bytes(data: bytes, *, content_type: str | None = None, charset: str | None = None) -> bytes:
    """The guarded document as UTF-8 bytes (for callers that parse XML themselves)."""
    return prepare_xml(data, content_type=content_type, charset=charset).xml
