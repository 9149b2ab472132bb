"""The refresh's parse worker does only the work a document needs (issue 11).

Each test counts work (calls of the costly step) or compares the fast path
with the full one in the same run; none is timed against a fixed number.
Where a shortcut skips work, a property test checks that it could only
skip work that would have changed nothing. Real loopback server and real
SQLite files for the library cases.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import sqlite3
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import feeds.formats.feedparse as feedparse
import feeds.formats.xmlguard as xmlguard
from feeds.formats.feedparse import EntryBody, parse_feed
from feeds.formats.xmlguard import ENTITY_REFUSAL, guard_text, prepare_xml
from feeds.core.errors import FeedError
from feeds.library.store import Library, prepare_entries
from feeds.refresh import refresh

from .netserver import LoopbackServer


def _counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Replace ``module.name`` with a wrapper that records each call."""
    calls: list[int] = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def _newsroom_feed(items: int = 40, *, enclosures: str = "") -> bytes:
    """What most real feeds look like: CDATA bodies full of HTML entities, escaped markup,
    numeric references and ``&amp;`` in links (invented text)."""
    out = []
    for n in range(items):
        body = (f"<p>The tide tables for berth {n} changed&nbsp;again &mdash; see "
                f"<a href=\"https://port.example/t?b={n}&utm_source=rss\">the notice</a>.</p>")
        out.append(f"<item><title>Tide note {n} &#8211; berth&#160;{n}</title>"
                   f"<link>https://port.example/n/{n}?a=1&amp;b=2</link><guid>tide-{n}</guid>"
                   f"<pubDate>Mon, 02 Mar 2026 {n % 24:02d}:00:00 GMT</pubDate>"
                   f"<description>{escape('<p>Summary &amp; more</p>')}</description>"
                   f"<content:encoded><![CDATA[{body}]]></content:encoded>{enclosures.format(n=n)}"
                   f"<!-- item {n} &copy; -->"
                   "</item>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
            "<title>Port Authority &amp; Harbour</title><link>https://port.example/</link>"
            + "".join(out) + "</channel></rss>").encode()


# --------------------------------------------------------------------------------- the guard


def test_a_clean_feed_goes_through_the_guard_unrewritten(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its entities sit in CDATA and comments, its ampersands are XML's own: nothing to rewrite."""
    rewrites = _counting(monkeypatch, xmlguard, "_rewrite_body")
    substitutions = _counting(monkeypatch, xmlguard, "_char_ref")
    data = _newsroom_feed()

    prepared = prepare_xml(data)

    assert rewrites == [] and substitutions == []
    assert prepared.xml == data  # the document itself, byte for byte
    feed = parse_feed(data)
    assert feed.entries[0].title == "Tide note 0 – berth 0"
    assert feed.entries[0].text.startswith("The tide tables for berth 0 changed again — see the notice[1].")
    assert feed.entries[0].text.endswith("[1] https://port.example/t?b=0&utm_source=rss")


def test_a_feed_with_an_entity_outside_cdata_is_still_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    rewrites = _counting(monkeypatch, xmlguard, "_rewrite_body")
    data = _newsroom_feed(3).replace(b"<title>Tide note 1", b"<title>Caf&eacute; &amp; tide note 1 &bogus; A&B")

    feed = parse_feed(data)

    assert len(rewrites) == 1
    assert feed.entries[1].title.startswith("Café & tide note 1 &bogus; A&B")
    assert [e.id for e in feed.entries] == ["tide-0", "tide-1", "tide-2"]


def test_invalid_character_references_are_still_dropped_among_hundreds_of_valid_ones(
        monkeypatch: pytest.MonkeyPatch) -> None:
    substitutions = _counting(monkeypatch, xmlguard, "_char_ref")
    refs = "&#8217;&#x2014;&#233;" * 300
    clean = f"<rss><channel><title>a{refs}b</title></channel></rss>".encode()
    assert prepare_xml(clean).xml.endswith(clean) and substitutions == []  # all valid: none rewritten

    dirty = clean.replace(b"b</title>", b"b&#27;[2Jc&#0;d&#xD800;e&#x110000;</title>")
    xml = prepare_xml(dirty).xml
    assert substitutions  # one bad reference: the references are gone through
    assert b"&#27;" not in xml and b"&#0;" not in xml and b"&#xD800;" not in xml and b"&#x110000;" not in xml
    assert xml.count(b"&#8217;") == 300
    assert parse_feed(dirty).title == "a" + "\u2019\u2014é" * 300 + "b[2Jcde"


def test_entity_bombs_and_external_entities_are_still_refused() -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "x"><!ENTITY b "&a;&a;">]>'
            "<rss><channel><title>&b;</title></channel></rss>")
    xxe = ('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           "<rss><channel><title>&x;</title><item><title>i</title></item></channel></rss>")
    for doc in (bomb, xxe):
        with pytest.raises(FeedError) as err:
            parse_feed(doc.encode())
        assert str(err.value) == ENTITY_REFUSAL
    # a stray declaration after the root is neutralised, also when the rest is clean
    text, _ = guard_text('<rss><channel><title>x</title><!DOCTYPE y><!ENTITY z "q"></channel></rss>')
    assert "<!DOCTYPE" not in text and "&lt;!DOCTYPE y>" in text and "&lt;!ENTITY z" in text


_FRAGMENTS = st.sampled_from([
    "<![CDATA[", "]]>", "<!--", "-->", "<!DOCTYPE x>", "<!doctype y>", "<!ENTITY e 'v'>", "<!ATTLIST", "<!x>",
    "<!", "&amp;", "&lt;", "&quot;", "&apos;", "&gt;", "&amp", "&nbsp;", "&eacute;", "&Eacute;", "&bogus;",
    "&foo_bar;", "&#8217;", "&#x41;", "&#0;", "&#;", "& ", "&", "a=1&b=2", "<p>", "</p>", "<", ">", "text",
    " ", "\n", "é", "’", "]]", "--", "-", "[", "CDATA",
])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=40))
def test_the_guard_skips_a_rewrite_only_when_it_would_change_nothing(parts: list[str]) -> None:
    text = "".join(parts)
    rewritten = xmlguard._rewrite_body(text, {}, True)
    if not xmlguard._needs_rewrite(text, True):
        assert rewritten == text
    assert guard_text("<r>" + text)[0] == "<r>" + xmlguard._rewrite_body(text, {}, True)


def test_a_clean_utf8_feed_is_handed_on_as_its_own_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing to clean: the parser gets the feed's bytes after a fresh declaration, without the
    general path's copies and re-encoding; one thing to rewrite sends it through that path."""
    general = _counting(monkeypatch, xmlguard, "guard_text")
    data = _newsroom_feed(5).replace(b"Port Authority", "Autorité portuaire".encode())

    prepared = prepare_xml(data)

    assert general == []
    assert prepared.xml == xmlguard.XML_DECLARATION.encode() + data.split(b"?>\n", 1)[1]
    assert prepared.head(60) == prepared.text[:60] and prepared.text.startswith(xmlguard.XML_DECLARATION + "<rss")
    assert parse_feed(data).title == "Autorité portuaire & Harbour"
    odd = prepare_xml(data.replace(b"<title>Tide note 1", b"<title>Caf&eacute; 1"))
    assert len(general) == 1 and b"Caf&#233; 1" in odd.xml


_GUARD_PARTS = st.sampled_from([
    "<![CDATA[", "]]>", "<!--", "-->", "<!DOCTYPE x>", "<!doctype y>", "<!ENTITY e 'v'>", "<!attlıst", "<!ATTLIſT",
    "<!x>", "<!", "<![", "<!-", "&amp;", "&lt;", "&nbsp;", "&bogus;", "&#8217;", "&#x41;", "&#0;", "&#xFFFE;", "&#;",
    "&", "<?xml version='1.0'?>", "<?pi &?>", "<r>", "</r>", "<", ">", "text", " ", "\n", "\u3000", "\u2028", "\ufeff",
    "é", "’", "漢", "\U0001f600", "\x1b", "\ufffe", "]]",
])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_GUARD_PARTS, max_size=30), st.sampled_from(["", "<?xml version=\"1.0\"?>", "\ufeff", "junk"]))
def test_the_bytes_path_of_the_guard_gives_what_the_general_path_gives(parts: list[str], prefix: str) -> None:
    """The same document through both paths (the general one is told nothing about the bytes)."""
    data = (prefix + "".join(parts)).encode("utf-8")
    decoded = xmlguard.decode_xml(data)
    general = xmlguard.Decoded(decoded.text, decoded.encoding, list(decoded.warnings))
    try:
        expected = prepare_xml(data, decoded=general)
    except FeedError as exc:
        with pytest.raises(FeedError, match=re.escape(str(exc))):
            prepare_xml(data)
        return
    got = prepare_xml(data)
    assert (got.xml, got.text, got.root, got.warnings, got.encoding) == (
        expected.xml, expected.text, expected.root, expected.warnings, expected.encoding)


_CHARS = st.sampled_from(["a", "<", "&", " ", "\n", "\t", "\r", "\x00", "\x08", "\x0b", "\x1b", "\x1f", "\x7f",
                          "é", "’", "\ufeff", "\ufffd", "\ufffe", "\uffff", "\U0001f600", "\u2028"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_CHARS, max_size=30), st.sampled_from([b"", b"\x80", b"\xc3", b"\xef\xbf", b"\xed\xa0\x80"]),
       st.booleans())
def test_forbidden_characters_are_found_from_the_utf8_bytes_as_from_the_text(
        chars: list[str], broken: bytes, bom: bool) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + "".join(chars).encode("utf-8") + broken
    text = data.decode("utf-8", "replace").removeprefix("\ufeff")
    exact = xmlguard._INVALID_XML_CHARS.search(text) is not None
    assert xmlguard._has_invalid_chars(text, data) == exact


def test_a_clean_utf8_feed_is_not_searched_character_by_character(monkeypatch: pytest.MonkeyPatch) -> None:
    searches: list[str] = []

    class Counting:
        def __init__(self, pattern) -> None:
            self.pattern = pattern

        def search(self, text, *args):
            searches.append(text)
            return self.pattern.search(text, *args)

        def sub(self, *args):
            return self.pattern.sub(*args)

    monkeypatch.setattr(xmlguard, "_INVALID_XML_CHARS", Counting(xmlguard._INVALID_XML_CHARS))
    prepare_xml(_newsroom_feed())
    assert searches == []
    # a control character is still found (and removed) in the same kind of document
    dirty = prepare_xml(_newsroom_feed(2).replace(b"Tide note 1", b"Tide\x1b[2J note 1"))
    assert searches and b"\x1b" not in dirty.xml and b"Tide note 1" in dirty.xml
    assert "control characters removed (not allowed in XML)" in dirty.warnings


def test_a_feed_in_chinese_is_not_searched_character_by_character(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fullwidth punctuation ("，" is EF BC 8C) starts with the byte U+FFFE and U+FFFF start with:
    only those two, not every character from U+F000 on, send the text through the exact search."""
    searched: list[int] = []
    real = xmlguard._INVALID_XML_CHARS

    class Counting:
        def search(self, text, *args):
            searched.append(len(text))
            return real.search(text, *args)

        def sub(self, *args):
            return real.sub(*args)

    monkeypatch.setattr(xmlguard, "_INVALID_XML_CHARS", Counting())
    feed = _newsroom_feed(3).replace(b"Tide note", "潮汐通告，泊位".encode())
    assert b"\xef" in feed
    assert prepare_xml(feed).xml.endswith(feed.split(b"?>\n", 1)[1]) and searched == []
    noncharacter = prepare_xml(feed.replace("泊位".encode(), "泊\ufffe位".encode(), 1))
    assert len(searched) == 1 and "泊位".encode() in noncharacter.xml and b"\xef\xbf\xbe" not in noncharacter.xml


def test_guarding_a_decoded_document_holds_at_most_two_more_copies_of_it() -> None:
    """Each whole-document copy is megabytes of fresh memory in a big feed. Besides the decoded
    text, the guard needs the text it hands on and its UTF-8; not copies made only on the way
    (the declaration cut off, then the blanks after it: three at once before)."""
    import tracemalloc

    doc = _newsroom_feed(600).replace(b"?>\n<rss", b"?>\n\n  <rss")  # blanks after the declaration
    decoded = xmlguard.decode_xml(doc)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        prepared = prepare_xml(doc, decoded=decoded)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert prepared.text.startswith(xmlguard.XML_DECLARATION + "<rss") and b"tide-599" in prepared.xml
    assert peak < 2.5 * len(doc)  # an ASCII document: a copy of its text is len(doc) bytes


# --------------------------------------------------------------------------------- per entry


_DURATION = '<enclosure url="https://port.example/a/{n}.mp3" length="1{n}000" type="audio/mpeg"/>'


def test_a_podcast_without_durations_is_not_parsed_a_second_time(monkeypatch: pytest.MonkeyPatch) -> None:
    second = _counting(monkeypatch, feedparse, "_media_details")
    feed = parse_feed(_newsroom_feed(5, enclosures=_DURATION))
    assert second == []
    assert [(x.url, x.length, x.duration) for x in feed.entries[2].enclosures] == [
        ("https://port.example/a/2.mp3", 12000, None)]


def test_a_podcast_with_durations_still_gets_them(monkeypatch: pytest.MonkeyPatch) -> None:
    second = _counting(monkeypatch, feedparse, "_media_details")
    data = _newsroom_feed(5, enclosures=_DURATION + "<itunes:duration>1:0{n}:05</itunes:duration>")
    feed = parse_feed(data)
    assert len(second) == 1  # once for the whole document
    assert [(x.length, x.duration) for x in feed.entries[3].enclosures] == [(13000, 3785)]


_PICTURE = '<enclosure url="https://port.example/p/{n}.jpg" length="0" type="image/jpeg"/>'


def test_a_feed_whose_pictures_all_say_length_0_is_not_parsed_a_second_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """fastfeedparser gives 0 for them: the document could only give "0" again, which is no length."""
    second = _counting(monkeypatch, feedparse, "_media_details")
    looked = _counting(monkeypatch, feedparse, "_only_zero_lengths")
    feed = parse_feed(_newsroom_feed(5, enclosures=_PICTURE))
    assert second == [] and len(looked) == 1  # once for the document, not once per picture
    assert [(x.url, x.length) for x in feed.entries[2].enclosures] == [("https://port.example/p/2.jpg", None)]
    # One real length elsewhere for the same picture: it is read, as before.
    shared = _newsroom_feed(3, enclosures=_PICTURE.replace("{n}", "x")).replace(b'length="0"', b'length="77"', 1)
    feed = parse_feed(shared)
    assert len(second) == 1 and [x.length for e in feed.entries for x in e.enclosures] == [77, 77, 77]


def test_a_podcast_s_long_show_notes_are_read_cut_short(monkeypatch: pytest.MonkeyPatch) -> None:
    """libxml2 reads CDATA character by character: the durations are read from the feed with
    its show notes cut (a fifth of it here), with the answer the whole feed gives."""
    notes = "<![CDATA[<p>" + "Tides, berths and the harbour master’s notes. " * 200 + "</p>]]>"
    data = _newsroom_feed(20, enclosures=_DURATION + f"<itunes:duration>1:0{{n}}:05</itunes:duration>"
                          f"<itunes:summary>{notes}</itunes:summary>")
    read: list[int] = []
    real = feedparse._read_media

    def reading(etree, xml, **kwargs):
        read.append(len(xml))
        return real(etree, xml, **kwargs)

    monkeypatch.setattr(feedparse, "_read_media", reading)
    xml = prepare_xml(data).xml
    assert feedparse._media_details(xml) == real(__import__("lxml.etree").etree, xml, recover=True)
    assert len(read) == 1 and read[0] < len(xml) // 5
    feed = parse_feed(data)
    assert [(x.length, x.duration) for x in feed.entries[3].enclosures] == [(13000, 3785)]


_MEDIA_PARTS = st.sampled_from([
    "<rss><channel>", "</channel></rss>", "<item>", "</item>", '<enclosure url="https://p.example/a.mp3" length="9"/>',
    '<enclosure url="https://p.example/b.mp3"/>', '<link rel="enclosure" href="https://p.example/c.mp3" length="7"/>',
    "<itunes:duration>", "</itunes:duration>", "1:02:03", "<![CDATA[", "]]>", "<!--", "-->", "<?pi ", "?>", '<x a="',
    '">', "<", ">", "&amp;", "notes notes notes", "é漢", "\U0001f600", " ", "]", "--",
])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_MEDIA_PARTS, max_size=40))
def test_enclosure_details_read_from_the_cut_document_are_those_of_the_whole(parts: list[str]) -> None:
    from lxml import etree

    xml = ('<?xml version="1.0" encoding="utf-8"?>\n' + "".join(parts)).encode("utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(feedparse, "_CUT_FROM_BYTES", 0)
        patch.setattr(feedparse, "_CDATA_CUT_FROM", 4)
        patch.setattr(feedparse, "_CDATA_KEPT", 8)  # two characters at least, the duration read below
        patch.setattr(feedparse, "_DURATION_CHARS", 2)
        whole: dict = {}
        try:
            feedparse._read_media(etree, xml, recover=True, out=whole)
        except Exception:  # noqa: BLE001 — as _media_details: what was read so far
            pass
        assert feedparse._media_details(xml) == whole


_LONG = "notes " * 60
_HIDDEN = [  # a "<![CDATA[" that is no section, then a "]]>" where it is legal: cut, these would read differently
    f'<rss><item><?pi <![CDATA[ ?><enclosure length="5" url="https://p.example/{_LONG}]]>"/></item></rss>',
    f'<rss><item><!-- <![CDATA[ --><enclosure length="5" url="https://p.example/{_LONG}]]>"/></item></rss>',
    f'<rss><item><enclosure url="https://p.example/<![CDATA[{_LONG}]]>" length="5"/></item></rss>',
    f'<rss><item><enclosure url="https://p.example/a" length="<![CDATA[{_LONG}]]>"/></item></rss>',
    f'<rss><item><x a=">"><![CDATA[{_LONG}]]></x><enclosure url="https://p.example/b" length="6"/></item></rss>',
    f'<rss><item><enclosure url="https://p.example/c"/><itunes:duration><![CDATA[{_LONG}]]></itunes:duration>'
    "</item></rss>",
    f'<rss><item><enclosure url="https://p.example/d"/><itunes:duration> <![CDATA[1:02:03 {_LONG}]]>'
    "</itunes:duration></item></rss>",
    f'<rss><item><?pi <![CDATA[ ?><x a="{_LONG}]]>"/><enclosure url="https://p.example/e" length="7"/></item></rss>',
    f'<rss><item><enclosure url="https://p.example/f" length="8"/><![CDATA[é漢\U0001f600{_LONG}]]></item></rss>',
]


@pytest.mark.parametrize("doc", _HIDDEN)
def test_enclosure_details_are_those_of_the_whole_document_where_a_cut_could_mislead(doc: str) -> None:
    from lxml import etree

    xml = ('<?xml version="1.0" encoding="utf-8"?>\n' + doc).encode("utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(feedparse, "_CUT_FROM_BYTES", 0)
        patch.setattr(feedparse, "_CDATA_CUT_FROM", 16)  # (the 200 bytes kept reach into the attributes above)
        whole: dict = {}
        try:
            feedparse._read_media(etree, xml, recover=True, out=whole)
        except Exception:  # noqa: BLE001 — as _media_details: what was read so far
            pass
        assert whole and feedparse._media_details(xml) == whole


def test_a_refresh_does_not_read_the_categories_the_library_does_not_store(monkeypatch: pytest.MonkeyPatch) -> None:
    from feeds.parse_worker import parse_for_store

    items = "".join(f"<item><title>t{n}</title><link>https://port.example/{n}</link>"
                    f"<category>Tides</category><category>Berth {n}</category></item>" for n in range(20))
    data = f'<?xml version="1.0"?><rss version="2.0"><channel><title>p</title>{items}</channel></rss>'.encode()
    cleaned = _counting(monkeypatch, feedparse, "_category_term")
    stored = parse_for_store(data, "https://port.example/feed", None, None)
    assert cleaned == [] and len(stored.entries) == 20 and stored.entries[4].title == "t4"
    assert parse_feed(data).entries[4].categories == ["Tides", "Berth 4"]  # a reader's parse still has them
    assert len(cleaned) == 40


def test_the_per_feed_caches_keep_no_long_strings_of_a_hostile_feed() -> None:
    """Authors and categories are cached (feeds repeat them), but only short ones: a feed of
    megabyte-long names would otherwise stay in memory after it was parsed."""
    long_name = "Harbour Master " * 700
    items = "".join(f"<item><title>t{n}</title><link>https://port.example/{n}</link><author>{long_name}{n}</author>"
                    f"<category>{long_name}{n}</category><category>Tides</category></item>" for n in range(30))
    data = f'<?xml version="1.0"?><rss version="2.0"><channel><title>p</title>{items}</channel></rss>'.encode()
    feedparse._authors_of.cache_clear()
    feedparse._category_term.cache_clear()
    feed = parse_feed(data)
    assert feedparse._authors_of.cache_info().currsize == 0
    assert feedparse._category_term.cache_info().currsize == 1  # "Tides" only
    assert feed.entries[3].categories[1] == "Tides" and feed.entries[3].categories[0].startswith("Harbour Master")
    assert feed.entries[3].author.startswith("Harbour Master") and len(feed.entries[3].author) <= 300


def _same_text_before(a: str, b: str) -> bool:
    """The comparison as it was written before (the reference)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > max(64, min(len(a), len(b))):
        return False
    return " ".join(a.split()) == " ".join(b.split())


_WORDS = st.lists(st.sampled_from(["a", "b", "ab", "<p>", "x" * 40, "é", "."]), max_size=120)
_SPACE = st.sampled_from([" ", "  ", "\n", "\t ", "\u00a0", "\u2003"])


@st.composite
def _bodies(draw) -> tuple[str, str]:
    a = "".join(w + draw(_SPACE) for w in draw(_WORDS))
    if draw(st.booleans()):  # the same words, spaced differently, maybe one more at the end
        b = draw(_SPACE) + " ".join(a.split()) + draw(st.sampled_from(["", " ", " a", "b"]))
    else:
        b = "".join(w + draw(_SPACE) for w in draw(_WORDS))
    return a, b


@settings(max_examples=5000, deadline=None)
@given(_bodies())
def test_content_that_repeats_the_summary_is_recognised_as_before(pair: tuple[str, str]) -> None:
    assert feedparse._same_text(*pair) == _same_text_before(*pair)


@settings(max_examples=2000, deadline=None)
@given(st.text(), st.text(), st.none() | st.text(), st.booleans(), st.integers(0, 10 ** 12))
def test_the_stored_body_header_is_the_json_it_was(ct: str, st_: str, base: str | None, full: bool,
                                                   size: int) -> None:
    assert feedparse._blob_header(ct, st_, base, full, size) == json.dumps(
        [ct, st_, base, full, size], ensure_ascii=True).encode("ascii")


# --------------------------------------------------------------------------------- stored bodies


def _long_bodies(feed: bytes) -> bytes:
    """The same feed with bodies long enough to be compressed when stored."""
    return feed.replace(b"changed&nbsp;again", b"changed&nbsp;again" + b" and again, at the outer mole" * 30)


def test_the_body_hash_does_not_depend_on_the_compressor(monkeypatch: pytest.MonkeyPatch) -> None:
    entries = parse_feed(_long_bodies(_newsroom_feed(6)), defer_text=True).entries
    first = prepare_entries(entries)
    monkeypatch.setattr(feedparse, "_deflate", lambda data: zlib.compress(data, 9))
    second = prepare_entries(entries)
    assert [e.body for e in first] != [e.body for e in second]  # packed differently…
    assert [e.text_hash for e in first] == [e.text_hash for e in second]  # …the same body
    for e in second:
        assert EntryBody.from_blob(e.body) == next(x.body for x in entries if x.id == e.id)


def test_a_short_body_is_stored_as_it_came_without_calling_the_compressor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compressing costs ~15 µs a body whatever its size; under 512 bytes it saved ~90 bytes."""
    packed = _counting(monkeypatch, feedparse, "_deflate")
    short = parse_feed(_newsroom_feed(6), defer_text=True).entries
    stored = prepare_entries(short)
    assert packed == [] and all(e.body[:1] == b"r" for e in stored)
    assert [EntryBody.from_blob(e.body) for e in stored] == [e.body for e in short]
    long = prepare_entries(parse_feed(_long_bodies(_newsroom_feed(6)), defer_text=True).entries)
    assert len(packed) == 6 and all(e.body[:1] == b"z" for e in long)


def test_a_packed_body_reads_back_with_plain_zlib() -> None:
    body = parse_feed(_newsroom_feed(1), defer_text=True).entries[0].body
    payload = body.payload() * 20  # long enough to be compressed
    blob = feedparse.pack_body(payload)
    assert blob[:1] == b"z" and len(blob) < len(payload) // 4
    assert zlib.decompress(blob[1:]) == payload == feedparse.unpack_body(blob)


def _earlier_hash(blob: bytes, media: str | None) -> str:
    """The hash newsreader stored before this change: of the zlib (level 1) blob, written out here."""
    payload = feedparse.unpack_body(blob)
    assert payload is not None
    old = b"r" + payload
    if len(payload) > 200:
        packed = zlib.compress(payload, 1)
        if len(packed) < len(payload) - 16:
            old = b"z" + packed
    h = hashlib.blake2b(old, digest_size=16)
    h.update(b"\0" + (media or "").encode("utf-8"))
    return "b:" + h.hexdigest()


def test_a_library_hashed_by_the_earlier_version_keeps_its_entries_on_the_next_refresh(tmp_path: Path) -> None:
    """Unchanged bodies stay unchanged: the fetched full article and the analysis are kept,
    and the stored hashes become the new ones (once)."""
    with LoopbackServer() as server:
        server.static("/port.xml", _newsroom_feed(4))
        db = tmp_path / "library.sqlite"
        with Library.open(db) as lib:
            feed = lib.add_feed(server.url("/port.xml"))
            assert asyncio.run(refresh(lib, lib.feeds())).failed == 0
            con = sqlite3.connect(db)
            try:
                rows = con.execute("SELECT entry_id, body, media, feed_text_hash FROM entries").fetchall()
                new_hashes = {eid: h for eid, _b, _m, h in rows}
                with con:
                    for eid, blob, media, _h in rows:  # as the earlier version stored them
                        con.execute("UPDATE entries SET feed_text_hash = ? WHERE entry_id = ?",
                                    (_earlier_hash(blob, media), eid))
            finally:
                con.close()
            lib.set_entry_text((feed.id, "tide-1"), "The full notice, fetched from the port's site.")
            lib.set_read((feed.id, "tide-2"), True)
            lib.cache_analysis((feed.id, "tide-3"), '{"quotes": []}', text=lib.get_entry((feed.id, "tide-3")).text)

            summary = asyncio.run(refresh(lib, lib.feeds()))

            assert summary.failed == 0
            assert [(o.new, o.updated) for o in summary.outcomes] == [(0, 0)]
            assert lib.get_entry((feed.id, "tide-1")).text == "The full notice, fetched from the port's site."
            assert lib.get_entry((feed.id, "tide-2")).read
            assert lib.cached_analysis((feed.id, "tide-3")) == '{"quotes": []}'
            con = sqlite3.connect(db)
            try:
                assert dict(con.execute("SELECT entry_id, feed_text_hash FROM entries")) == new_hashes
            finally:
                con.close()


def test_a_parse_worker_does_not_load_the_library_store() -> None:
    """A worker only parses and prepares rows: loading the store's modules cost each worker start ~60 ms."""
    import subprocess
    import sys

    code = ("import sys\nfrom feeds.parse_worker import parse_for_store\n"
            f"parsed = parse_for_store({_newsroom_feed(3)!r}, 'https://port.example/feed', None, None)\n"
            "print(len(parsed.entries), 'feeds.library.store' in sys.modules)")
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=60)
    assert out.returncode == 0, out.stderr[-500:]
    assert out.stdout.split() == ["3", "False"]


# --------------------------------------------------------------------------------- the worker's memory


def _minor_faults(pid: int) -> int:
    """Pages the kernel has faulted in for a process so far (``minflt`` of /proc/<pid>/stat)."""
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[7])


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="page faults are read from Linux /proc")
def test_a_parse_worker_reuses_its_memory_from_one_document_to_the_next() -> None:
    """The kernel faults in every page of fresh memory, a fifth of a worker's CPU when each
    document's copies were fresh mappings and the heap was handed back after each one
    (~16 pages per page of document). A worker now reuses what the last document freed."""
    from feeds.parse_worker import WorkerPool, parse_for_store

    doc = _newsroom_feed(1000)  # ~0.7 MB: a big feed, as most big feeds are
    pool = WorkerPool(1)
    try:
        for _ in range(3):  # the worker's imports and first heap
            pool.submit(parse_for_store, doc, "https://port.example/feed", None, None).result()
        pid = pool._procs[0].pid
        before = _minor_faults(pid)
        for _ in range(5):
            parsed = pool.submit(parse_for_store, doc, "https://port.example/feed", None, None).result()
        per_document = (_minor_faults(pid) - before) / 5
    finally:
        pool.shutdown()
    assert len(parsed.entries) == 1000 and parsed.entries[999].id == "tide-999"
    assert per_document < len(doc) / os.sysconf("SC_PAGE_SIZE")  # less than one fresh copy of the document


# --------------------------------------------------------------------------------- shortcuts per entry

_NEVER = __import__("re").compile(r"(?!)")
_DATE_PARTS = st.sampled_from([
    "2024", "1799", "2201", "0000", "-", "04", "13", "18", "31", "T", " ", "  ", "t", "00", "24", "60", ":", ".", "754",
    "1234567", "Z", "z", "+", "-", "00:00", "0530", "05:30", "+24:00", "GMT", " GMT", " CEST", "Mon, ", "Jan", "٢٠٢٤",
    "\t", "\n", "x", "/",
])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_DATE_PARTS, max_size=12))
def test_feed_dates_read_by_the_iso_shortcut_are_the_dates_read_before(parts: list[str]) -> None:
    value = "".join(parts)
    got = feedparse.feed_date(value)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(feedparse, "_ISO_DATE", _NEVER)
        assert got == feedparse.feed_date(value)
        assert got is None or got.tzinfo is not None


_URL_PARTS = st.sampled_from([
    "http://", "https://", "HTTP://", "ftp://", "//", "host.example", "a", "-", ".", "[::1]", ":", "80", "99999", "/",
    "/p", "..", ";", "p=1", "?", "??", "q=1", "&", "=", "#", "#f", "%20", "%", " ", "@", "~", "'", "(", "é", "[", "]",
])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_URL_PARTS, max_size=10),
       st.sampled_from([None, "http://base.example/dir/", "https://base.example/", "ftp://f.example/"]))
def test_urls_taken_as_they_are_are_what_joining_and_checking_them_gives(parts: list[str], base: str | None) -> None:
    value = "".join(parts)
    got = feedparse.safe_http_url(value, base)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(feedparse, "_SIMPLE_ABSOLUTE_URL", _NEVER)
        assert got == feedparse.safe_http_url(value, base)


def test_a_link_with_a_query_is_not_joined_and_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Most links to articles carry a query (utm_source=rss…); one that joining would leave
    as it is is kept without urljoin and urlsplit (~10 µs each)."""
    splits = _counting(monkeypatch, feedparse, "urlsplit")
    link = "https://port.example/n/7?a=1&b=2;c=%20d"
    assert feedparse.safe_http_url(link, "https://port.example/feed") == link and splits == []
    assert feedparse.safe_http_url("https://port.example/n/7?", "https://port.example/") == "https://port.example/n/7"
    assert len(splits) == 1  # an empty query is dropped by joining: that one still is


_OLD_CLEAN_LINE = re.compile(  # htmltext's pattern before: a backtracking step per character
    "(?:[^\x00-\x20\x7f-\xa0\xad\u061c\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f"
    "\u3000\ufeff\ud800-\udfff\\s] ?)*[^\x00-\x20\x7f-\xa0\xad\u061c\u1680\u2000-\u200f"
    "\u2028-\u202f\u205f-\u206f\u3000\ufeff\ud800-\udfff\\s]"
)
_LINE_CHARS = st.sampled_from(["a", "Z", "9", " ", "  ", "\t", "\n", "\xa0", "\xad", "\u200b", "\u202e", "\u2066",
                               "\u3000", "\ufeff", "\x7f", "\x85", "é", "’", "漢", "\U0001f600", "\ud800", "&", "<"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_LINE_CHARS, max_size=20))
def test_a_clean_title_is_recognised_as_before(chars: list[str]) -> None:
    from feeds.formats import htmltext

    title = "".join(chars)
    assert (htmltext._CLEAN_LINE.fullmatch(title) is None) == (_OLD_CLEAN_LINE.fullmatch(title) is None)


class _OtherDatetime(__import__("datetime").datetime):
    """Sends records._ts down its general path."""


@settings(max_examples=1000, deadline=None)
@given(st.datetimes(timezones=st.sampled_from([None, __import__("datetime").timezone.utc,
                                                __import__("datetime").timezone(__import__("datetime").timedelta(0)),
                                                __import__("datetime").timezone(__import__("datetime").timedelta(hours=-5))])))
def test_stored_dates_of_utc_datetimes_are_written_as_before(value) -> None:
    from feeds.library import records

    general = _OtherDatetime(value.year, value.month, value.day, value.hour, value.minute, value.second,
                             value.microsecond, value.tzinfo, fold=value.fold)
    assert records._ts(value) == records._ts(general)


_REF_PARTS = st.sampled_from(["&#", "&#x", "&#X", "0", "00000000000000000000", "1", "9", "3", "31", "32", "55295",
                              "55296", "57343", "57344", "65534", "65535", "1114111", "1114112", "1f", "20", "d7ff",
                              "D800", "dfff", "e000", "fffe", "FFFF", "10ffff", "110000", ";", "a", "&", "&amp;"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_REF_PARTS, max_size=12))
def test_forbidden_character_references_are_found_as_before(parts: list[str]) -> None:
    text = "".join(parts)
    expected = xmlguard.drop_invalid_char_refs(text) != text
    assert xmlguard._forbidden_char_ref_in(text.encode()) == expected


def test_hundreds_of_valid_character_references_are_not_read_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a reference that may be to a forbidden character (below 32, from 10000) is decoded."""
    decoded = _counting(monkeypatch, xmlguard, "_allowed_ref")
    clean = _newsroom_feed(3).replace(b"Tide note", b"Tide&#160;note &#8217;&#x2014;&#233;" * 50)
    assert prepare_xml(clean).xml.endswith(clean.split(b"?>\n", 1)[1]) and decoded == []
    emoji = prepare_xml(clean.replace(b"&#233;", b"&#128512;", 1))
    assert len(decoded) == 1 and b"&#128512;" in emoji.xml


_OLD_BARE_AMP = re.compile(r"&(?!(?:[A-Za-z_:][\w.:-]{0,127}|#[0-9]{1,20}|#[xX][0-9a-fA-F]{1,16});)")
_AMP_PARTS = st.sampled_from(["&", "amp", "lt", "gt", "quot", "apos", ";", "#", "x", "X", "1f", "65", "é", "漢", "_",
                              ":", ".", "-", "a", "Z", "9", " ", "\U0001f600", "ampx", "&amp;", "&lt;"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_AMP_PARTS, max_size=20))
def test_bare_ampersands_are_the_ones_found_before(parts: list[str]) -> None:
    text = "".join(parts)
    assert xmlguard._BARE_AMP.sub("&amp;", text) == _OLD_BARE_AMP.sub("&amp;", text)
