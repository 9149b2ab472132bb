"""parse_feed: every feed format, fields, ids, the fast path and its fallback."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from feeds.core.errors import FeedError
from feeds.formats.feedparse import MAX_ENTRIES, ParsedFeed, feed_date, parse_feed, safe_http_url
from feeds.core.sanitize import has_control_chars

from .conftest import FIXTURES

FEEDS = FIXTURES / "feeds"


def load(name: str, url: str | None = None, **kw) -> ParsedFeed:
    return parse_feed((FEEDS / name).read_bytes(), url=url or f"https://feeds.example/{name}", **kw)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def assert_clean(feed: ParsedFeed) -> None:
    for s in [feed.title, feed.link or "", *feed.warnings]:
        assert not has_control_chars(s)
    for e in feed.entries:
        for s in [e.id, e.title, e.link or "", e.author or "", e.text, *e.categories]:
            assert not has_control_chars(s), repr(s)


# --------------------------------------------------------------------------
# The formats
# --------------------------------------------------------------------------


def test_rss_091_with_netscape_doctype_and_latin1() -> None:
    feed = load("rss091.xml")
    assert (feed.kind, feed.parser) == ("rss", "fastfeedparser")
    assert feed.title == "Harbour Notes"
    assert feed.link == "http://harbour.example/"
    # the DOCTYPE names an external DTD: removed, never loaded, and said so
    assert any("DOCTYPE removed" in w for w in feed.warnings)
    first, second = feed.entries
    assert first.title == "Ferry timetable changes"
    assert first.link == "http://harbour.example/ferry"
    assert first.text == "The winter timetable starts on Monday."
    assert first.summary_only and first.published is None
    # HTML named entities that XML does not define; ISO-8859-1 body text
    assert second.title == "Café reopens on the quay"
    assert second.text == "Fresh paint, same coffee, smørrebrød on Fridays."
    # a relative link is resolved against the feed URL, and so is the id made from it
    assert second.link == "https://feeds.example/cafe"
    assert second.id == "https://feeds.example/cafe"
    assert_clean(feed)


def test_rss_20_content_summary_authors_dates_categories() -> None:
    feed = load("rss20.xml")
    assert (feed.kind, feed.parser, feed.title) == ("rss", "fastfeedparser", "The Orchard & Hive")
    assert feed.link == "https://orchard.example/"
    pear, bees, bare = feed.entries
    assert pear.id == "orchard-2024-03-pear"
    assert pear.link == "https://feeds.example/2024/03/pear"
    assert pear.author == "Ada Quill"
    assert pear.published == utc(2024, 3, 9, 13, 5)
    assert pear.categories == ["Trees", "Winter work"]
    # full content wins over the description; HTML becomes paragraphs, lists bullets
    assert not pear.summary_only
    assert pear.text == ("Why prune now\n\nThe tree is dormant in March.\n\nFirst cut:\nthe crossing branch."
                         "\n\n• Saw\n• Loppers")
    assert "alert" not in pear.text
    # only an (escaped-HTML) description: a short summary
    assert bees.summary_only
    assert bees.text == "The first bees were out at noon.\n\nTwo hives are busy."
    assert bees.id == bees.link == "https://orchard.example/2024/03/bees"
    # no guid, no link: a stable hash id
    assert bare.link is None
    assert bare.id.startswith("urn:newsreader:")
    assert_clean(feed)


def test_rss_10_rdf() -> None:
    feed = load("rdf.xml")
    assert (feed.kind, feed.title, feed.link) == ("rdf", "Valley Weather", "https://valley.example/")
    fog, frost = feed.entries
    assert fog.id == fog.link == "https://valley.example/fog"
    assert fog.published == utc(2024, 2, 1, 7, 30)
    assert fog.author == "Met Desk"
    assert fog.categories == ["fog"]
    assert frost.published == utc(2024, 1, 31, 5, 0)  # +01:00 → UTC
    assert frost.text == "Frost in the low fields."


def test_atom_10_xml_base_html_title_summary_and_content() -> None:
    feed = load("atom.xml")
    assert (feed.kind, feed.title, feed.link) == ("atom", "Lighthouse Log", "https://lighthouse.example/")
    lamp, storm, logbook = feed.entries
    assert lamp.title == "Lamp serviced"  # type="html" title: tags gone
    assert lamp.link == "https://lighthouse.example/blog/lamp-serviced"  # resolved against xml:base
    assert lamp.id == "tag:lighthouse.example,2024:lamp"
    assert lamp.author == "Keeper Jo"
    assert lamp.published == utc(2024, 4, 2, 7, 0)
    assert lamp.updated == utc(2024, 4, 2, 10, 0)
    assert lamp.text == "The lamp was cleaned and the lens polished.\n\nIt turns again."
    assert not lamp.summary_only
    assert storm.summary_only and storm.text == "Wind at force nine."
    assert storm.published == storm.updated == utc(2024, 3, 30, 22, 0)  # undated → updated
    assert logbook.text == "Ships seen: three.\n\nGulls: many."  # xhtml content
    assert logbook.link == "https://lighthouse.example/blog/logbook"


def test_json_feed_11() -> None:
    feed = load("jsonfeed.json", url="https://kiln.example/feed.json")
    assert (feed.kind, feed.parser, feed.title, feed.link) == ("json", "jsonfeed", "Kiln Diary",
                                                              "https://kiln.example/")
    third, second, first = feed.entries
    assert third.text == "Cone 6 reached.\n\nTwo pots cracked."
    assert not third.summary_only
    assert third.author == "Potter Lin"  # the feed's author
    assert third.categories == ["firing", "glaze"]
    assert third.published == utc(2024, 5, 3, 18, 0)
    assert second.text == "Slow cooling.\n\nThe glaze crazed."  # content_text
    assert second.link == "https://kiln.example/firing-2"
    assert second.author == "Guest Potter"
    assert first.link is None and first.summary_only and first.text == "Short note only."
    assert first.published == utc(2024, 4, 1, 8, 0)


def test_parses_the_same_twice_stable_hash_ids() -> None:
    a, b = load("rss20.xml"), load("rss20.xml")
    assert [e.id for e in a.entries] == [e.id for e in b.entries]
    changed = (FEEDS / "rss20.xml").read_bytes().replace(b"neither a guid nor a link", b"no guid, no link")
    c = parse_feed(changed, url="https://feeds.example/rss20.xml")
    assert c.entries[2].id != a.entries[2].id


# --------------------------------------------------------------------------
# Fast path and fallback
# --------------------------------------------------------------------------


def test_fallback_to_feedparser_when_fastfeedparser_refuses() -> None:
    import fastfeedparser

    data = (FEEDS / "rss092_channelless.xml").read_bytes()
    with pytest.raises(ValueError):
        fastfeedparser.parse(data)  # why this fixture exists
    feed = parse_feed(data)
    assert feed.parser == "feedparser"
    assert feed.kind == "rss"
    assert [e.title for e in feed.entries] == ["Channel-less item one", "Channel-less item two"]
    assert feed.entries[1].link == "http://quarry.example/two"


def test_fallback_for_atom_without_namespace() -> None:
    data = b"<feed><title>Plain</title><entry><title>A</title><link href='http://x.example/a'/></entry></feed>"
    feed = parse_feed(data)
    assert feed.parser == "feedparser" and feed.kind == "atom"
    assert feed.entries[0].title == "A" and feed.entries[0].link == "http://x.example/a"


def test_well_formed_feeds_take_the_fast_path() -> None:
    for name in ("rss091.xml", "rss20.xml", "rdf.xml", "atom.xml"):
        assert load(name).parser == "fastfeedparser", name


def test_fallback_reads_only_a_bounded_number_of_items() -> None:
    items = "".join(f"<item><title>t{i}</title><guid>g{i}</guid></item>" for i in range(3000))
    feed = parse_feed(f'<rss version="0.92">{items}</rss>'.encode())
    assert feed.parser == "feedparser"
    assert len(feed.entries) == MAX_ENTRIES
    assert feed.entries[0].title == "t0"
    assert any("only the first 2500 items" in w for w in feed.warnings)


def test_fallback_reads_only_a_bounded_number_of_characters() -> None:
    items = "".join(f"<item><title>t{i}</title><description>{'d' * 1000}</description></item>" for i in range(600))
    feed = parse_feed(f'<rss version="0.92">{items}</rss>'.encode())
    assert feed.parser == "feedparser"
    assert 200 < len(feed.entries) < 300  # 256 KiB of ~1 KiB items
    assert any("too large for the lenient parser" in w for w in feed.warnings)


def test_millions_of_tags_are_cut_at_an_item_boundary_or_refused() -> None:
    items = "".join(f"<item><title>t{i}</title><x/><x/><x/><x/></item>" for i in range(200_000))
    feed = parse_feed(f"<rss><channel><title>many</title>{items}</channel></rss>".encode())
    assert len(feed.entries) == MAX_ENTRIES and feed.entries[0].title == "t0"
    assert any("over 1,000,000 tags" in w for w in feed.warnings)
    with pytest.raises(FeedError) as err:
        parse_feed(("<rss><channel><item><title>x</title>" + "<b/>" * 1_100_000 + "</item></channel></rss>").encode())
    assert err.value.category == "too-large"


def test_empty_but_valid_feed() -> None:
    feed = parse_feed(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    assert feed.title == "Quiet" and feed.entries == [] and feed.kind == "rss"


# --------------------------------------------------------------------------
# Identity, caps, ordering
# --------------------------------------------------------------------------


def test_duplicate_ids_keep_the_first() -> None:
    items = "".join(f"<item><title>copy {i}</title><guid>same</guid></item>" for i in range(5))
    feed = parse_feed(f"<rss><channel><title>d</title>{items}</channel></rss>".encode())
    assert [e.title for e in feed.entries] == ["copy 0"]
    assert any("repeated id" in w for w in feed.warnings)


def test_entries_without_any_id_are_kept_when_they_differ() -> None:
    items = "".join(f"<item><title>n{i}</title></item>" for i in range(3))
    feed = parse_feed(f"<rss><channel><title>d</title>{items}</channel></rss>".encode())
    assert len({e.id for e in feed.entries}) == 3


def test_long_ids_are_hashed() -> None:
    feed = parse_feed(f"<rss><channel><item><title>x</title><guid>{'g' * 5000}</guid></item></channel></rss>".encode())
    [e] = feed.entries
    assert len(e.id) <= 1000 and e.id.startswith("urn:newsreader:sha256:")


def test_oldest_first_documents_keep_their_newest_entries() -> None:
    items = "".join(
        f"<item><title>t{i}</title><guid>g{i}</guid><pubDate>{_rfc822(i)}</pubDate></item>" for i in range(2500)
    )
    feed = parse_feed(f"<rss><channel><title>asc</title>{items}</channel></rss>".encode())
    assert len(feed.entries) == MAX_ENTRIES
    assert feed.entries[0].title == "t500" and feed.entries[-1].title == "t2499"  # document order kept
    assert any("oldest-first" in w for w in feed.warnings)


def test_newest_first_documents_keep_their_first_entries() -> None:
    items = "".join(
        f"<item><title>t{i}</title><guid>g{i}</guid><pubDate>{_rfc822(2500 - i)}</pubDate></item>"
        for i in range(2500)
    )
    feed = parse_feed(f"<rss><channel><title>desc</title>{items}</channel></rss>".encode())
    assert feed.entries[0].title == "t0" and feed.entries[-1].title == "t1999"


def _rfc822(minutes: int) -> str:
    return format_datetime(datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=minutes))


def test_titles_are_one_line_and_capped() -> None:
    feed = parse_feed(f"<rss><channel><title>a\nb\tc</title><item><title>{'w ' * 3000}</title>"
                      "</item></channel></rss>".encode())
    assert feed.title == "a b c"
    assert len(feed.entries[0].title) <= 2000 and feed.entries[0].title.endswith("…")


def test_untitled_entries() -> None:
    feed = parse_feed(b"<rss><channel><item><description>body</description></item></channel></rss>")
    assert feed.entries[0].title == "(untitled)"


def test_links_keep_only_http_and_https() -> None:
    items = "".join(f"<item><title>{i}</title><link>{link}</link></item>" for i, link in enumerate(
        ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://x.example/",
         " https://ok.example/a b ", "//cdn.example/p"]))
    feed = parse_feed(f"<rss><channel>{items}</channel></rss>".encode(), url="https://site.example/feed")
    links = [e.link for e in feed.entries]
    assert links == [None, None, None, None, "https://ok.example/a%20b", "https://cdn.example/p"]


def test_categories_and_authors_are_bounded() -> None:
    cats = "".join(f"<category>c{i}</category>" for i in range(500))
    feed = parse_feed(f"<rss><channel><item><title>x</title>{cats}</item></channel></rss>".encode())
    assert len(feed.entries[0].categories) == 50


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------


@pytest.mark.parametrize("value,expected", [
    ("Sat, 09 Mar 2024 14:05:00 +0100", utc(2024, 3, 9, 13, 5)),
    ("Sat, 09 Mar 2024 14:05:00 GMT", utc(2024, 3, 9, 14, 5)),
    ("Sat, 09 Mar 2024 14:05:00 CEST", utc(2024, 3, 9, 12, 5)),
    ("2024-03-09T14:05:00Z", utc(2024, 3, 9, 14, 5)),
    ("2024-03-09T14:05:00.1234567Z", utc(2024, 3, 9, 14, 5, 0, 123456)),
    ("2024-03-09", utc(2024, 3, 9)),
    ("March 9, 2024", utc(2024, 3, 9)),
    ("Thu, 03 Sep 15 00:01:01 +0200", None),
    ("0000-00-00", None),
    ("Mon, 01 Jan 99999 00:00:00 GMT", None),
    ("-1", None),
    ("9999-12-31T23:59:60Z", None),
    ("100000000000000000000", None),
    ("1e20", None),
    ("", None),
    ("1700-01-01T00:00:00Z", None),
    ("2300-01-01T00:00:00Z", None),
    (None, None),
    (12345, None),
])
def test_feed_date(value: object, expected: datetime | None) -> None:
    assert feed_date(value) == expected


# --------------------------------------------------------------------------
# Inputs that are not feeds, and the never-fetch contract
# --------------------------------------------------------------------------


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b" \n\t", "empty"),
    (b"<!DOCTYPE html><html><body><p>hi</p></body></html>", "HTML page"),
    (b"<html><head><title>x</title></head></html>", "HTML page"),
    (b'{"name": "not a feed"}', "not a JSON Feed"),
    (b"[1, 2, 3]", "not a JSON Feed"),
    (b"{not json", "invalid JSON"),
    (b"%PDF-1.4 binary", "PDF"),
    (b'<?xml version="1.0"?><opml version="2.0"><body/></opml>', "OPML"),
    (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>', "sitemap"),
    (b"just some words", "no XML or JSON"),
    (b"/etc/passwd", "no XML or JSON"),
    (b"https://example.com/feed.xml", "no XML or JSON"),
])
def test_not_a_feed(data: bytes, message: str) -> None:
    with pytest.raises(FeedError) as err:
        parse_feed(data)
    assert err.value.category == "not-a-feed"
    assert message in str(err.value)


def test_unknown_xml_is_not_a_feed() -> None:
    with pytest.raises(FeedError) as err:
        parse_feed(b"<catalog><book>x</book></catalog>")
    assert err.value.category == "not-a-feed" and "<catalog>" in str(err.value)


def test_too_large() -> None:
    with pytest.raises(FeedError) as err:
        parse_feed(b"<rss>" + b" " * (10 * 1024 * 1024))
    assert err.value.category == "too-large"


def test_a_string_is_the_document_never_a_url(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def no_network(*_a, **_k):
        raise AssertionError("parse_feed tried to use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    with pytest.raises(FeedError):
        parse_feed("https://example.com/feed.xml")  # type: ignore[arg-type]
    feed = parse_feed("<rss><channel><title>str input</title></channel></rss>")  # type: ignore[arg-type]
    assert feed.title == "str input"


def test_safe_http_url() -> None:
    assert safe_http_url("/a", "https://b.example/x/y") == "https://b.example/a"
    assert safe_http_url("javascript:x", "https://b.example/") is None
    assert safe_http_url("https://b.example\u202e/moc.live") == "https://b.example/moc.live"
    assert safe_http_url("http://[::1", None) is None
    assert safe_http_url("x" * 5000, "https://b.example/") is None


# --------------------------------------------------------------------------
# Links, enclosures and bylines
# --------------------------------------------------------------------------

_ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"


def _podcast_rss(items: str) -> bytes:
    return (f'<?xml version="1.0"?><rss version="2.0" xmlns:itunes="{_ITUNES}"><channel><title>Dock Talk</title>'
            f"<link>https://dock.example/</link>{items}</channel></rss>").encode()


def _fallback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the fast path refuse, so feedparser reads the document."""
    from feeds.formats import feedparse

    monkeypatch.setattr(feedparse, "_fast_path", lambda xml, *options: None)


@pytest.mark.parametrize("path", ["fast", "fallback"])
def test_rss_enclosure_with_itunes_duration(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if path == "fallback":
        _fallback_only(monkeypatch)
    feed = parse_feed(_podcast_rss(
        "<item><title>Ep 4</title><guid>ep4</guid><description>Tides and cranes.</description>"
        '<enclosure url="/audio/ep4.mp3" type="audio/mpeg" length="48000000"/>'
        "<itunes:duration>52:07</itunes:duration></item>"
        "<item><title>Ep 3</title><guid>ep3</guid><description>No audio.</description>"
        '<enclosure url="javascript:alert(1)" type="audio/mpeg" length="-5"/>'
        "<itunes:duration>soon</itunes:duration></item>"), url="https://dock.example/feed.xml")
    ep4, ep3 = feed.entries
    [enc] = ep4.enclosures
    assert (enc.url, enc.type, enc.length, enc.duration) == (
        "https://dock.example/audio/ep4.mp3", "audio/mpeg", 48_000_000, 52 * 60 + 7)
    assert enc.describe() == "ep4.mp3 (audio/mpeg, 48.0 MB, 52:07)"
    assert ep3.enclosures == []  # only http(s) enclosures are kept


@pytest.mark.parametrize("path", ["fast", "fallback"])
def test_atom_enclosure_link(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if path == "fallback":
        _fallback_only(monkeypatch)
    doc = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Pier</title><id>urn:pier</id>'
           "<updated>2026-03-01T00:00:00Z</updated><entry><title>Night shift</title><id>urn:pier:1</id>"
           '<updated>2026-03-01T00:00:00Z</updated><link href="https://pier.example/1"/>'
           '<link rel="enclosure" href="https://pier.example/1.ogg" type="audio/ogg" length="2048"/>'
           '<content type="html">&lt;p&gt;Cranes at night.&lt;/p&gt;</content></entry></feed>').encode()
    [entry] = parse_feed(doc).entries
    [enc] = entry.enclosures
    assert (enc.url, enc.type, enc.length, enc.duration) == ("https://pier.example/1.ogg", "audio/ogg", 2048, None)
    assert entry.link == "https://pier.example/1"  # the enclosure is not taken for the entry's link


def test_json_feed_attachments() -> None:
    import json

    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "Quay", "items": [{
        "id": "q1", "url": "https://quay.example/q1", "content_text": "Gulls.",
        "attachments": [
            {"url": "https://quay.example/q1.m4a", "mime_type": "audio/x-m4a", "size_in_bytes": 3_500_000,
             "duration_in_seconds": 3725},
            {"url": "ftp://quay.example/q1.m4a", "mime_type": "audio/x-m4a"},
            {"url": "https://quay.example/q1.txt", "mime_type": "<b>text</b>", "size_in_bytes": "big",
             "duration_in_seconds": True},
            "not an attachment",
        ]}]}
    [entry] = parse_feed(json.dumps(doc).encode()).entries
    assert [(e.url, e.type, e.length, e.duration) for e in entry.enclosures] == [
        ("https://quay.example/q1.m4a", "audio/x-m4a", 3_500_000, 3725),
        ("https://quay.example/q1.txt", None, None, None),
    ]
    assert entry.enclosures[0].describe() == "q1.m4a (audio/x-m4a, 3.5 MB, 1:02:05)"


def test_links_are_numbered_in_the_text_and_listed_at_its_end() -> None:
    html = ('<p>The <a href="/reports/7">port report</a> and <a href="https://other.example/x?a=1&amp;b=2">a '
            'reply</a> and <a href="#top">top</a>, <a href="javascript:evil()">js</a>, '
            '<a href="mailto:desk@dock.example">mail us</a>; the <a href="/reports/7">report</a> again.</p>'
            '<p><img src="/c.png" alt="Crane at dawn"> <img src="/d.png"> <img src="/px.gif" width="1" height="1">'
            '</p>')
    esc = html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    feed = parse_feed(_podcast_rss(f"<item><title>T</title><link>https://dock.example/news/1</link>"
                                   f"<description>{esc}</description></item>"))
    [entry] = feed.entries
    assert entry.links == ["https://dock.example/reports/7", "https://other.example/x?a=1&b=2",
                           "mailto:desk@dock.example"]
    assert entry.text == (
        "The port report[1] and a reply[2] and top, js, mail us[3]; the report[1] again.\n\n"
        "[image: Crane at dawn] [image]\n\n"
        "Links:\n[1] https://dock.example/reports/7\n[2] https://other.example/x?a=1&b=2\n"
        "[3] mailto:desk@dock.example")


def test_hostile_links_are_sanitised_and_bounded() -> None:
    long = "https://dock.example/" + "a" * 5000
    many = "".join(f'<a href="https://dock.example/{i}">{i}</a> ' for i in range(300))
    html = (f'<p><a href="https://dock.example/\x1b[31mred">esc</a> <a href="{long}">long</a> '
            f'<a href="https://dock.example/a b">space</a> {many}</p>')
    esc = html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    [entry] = parse_feed(_podcast_rss(f"<item><title>T</title><description>{esc}</description></item>")).entries
    assert len(entry.links) == 200
    assert all(not has_control_chars(u) and " " not in u and len(u) <= 4000 for u in entry.links)
    assert long not in entry.links and "long[" not in entry.text
    assert entry.links[1] == "https://dock.example/a%20b"
    assert not has_control_chars(entry.text)


@pytest.mark.parametrize("raw,name", [
    ("none@none.com (Reuters)", "Reuters"),
    ("jane@example.com (Jane Doe)", "Jane Doe"),
    ("Jane Doe (jane@example.com)", "Jane Doe"),
    ("jane.doe@example.com", "Jane Doe"),
    ("news@example.com", None),
    ("noreply@example.com", None),
    ("j123@example.com", None),
    ("By Jane Doe", "Jane Doe"),
    ("by: Omar Reyes", "Omar Reyes"),
])
def test_bylines_are_cleaned(raw: str, name: str | None) -> None:
    items = f"<item><title>T</title><guid>g</guid><author>{raw.replace('<', '&lt;').replace('>', '&gt;')}</author>" \
            "<description>x</description></item>"
    [entry] = parse_feed(_podcast_rss(items)).entries
    assert entry.author == name


def test_several_authors_are_joined_after_cleaning() -> None:
    import json

    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "Q", "items": [{
        "id": "1", "content_text": "x", "authors": [
            {"name": "By Ana Lopez"}, {"name": "ana.lopez@example.com"}, {"name": "desk@example.com"},
            {"name": "none@none.com (Omar Reyes)"}, {"name": "Byron Kay"}]}]}
    [entry] = parse_feed(json.dumps(doc).encode()).entries
    assert entry.author == "Ana Lopez, Omar Reyes, Byron Kay"  # "By…" only as a word of its own


_DEFERRED_CASES = {
    "rss html with links": (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Mill</title><link>https://mill.example/</link>'
        b'<item><title>Wheel</title><guid>w1</guid><link>https://mill.example/wheel</link>'
        b'<description>&lt;p&gt;The &lt;a href="/gears"&gt;new gears&lt;/a&gt; turn.&lt;/p&gt;'
        b'&lt;blockquote&gt;Slow but sure&lt;/blockquote&gt;</description></item></channel></rss>'),
    "double-escaped html": (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Mill</title>'
        b'<item><title>Sluice</title><guid>s1</guid>'
        b'<description>&amp;lt;p&amp;gt;Gate &amp;lt;b&amp;gt;two&amp;lt;/b&amp;gt; opened.&amp;lt;/p&amp;gt;'
        b'</description></item></channel></rss>'),
    "atom content, summary and text type": (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Kiln</title>'
        b'<entry><id>tag:kiln,1</id><title>Firing</title><link href="https://kiln.example/1"/>'
        b'<summary>Short note.</summary><content type="html">&lt;p&gt;Long &lt;i&gt;firing&lt;/i&gt; log, '
        b'see &lt;a href="logs/7"&gt;log 7&lt;/a&gt;.&lt;/p&gt;</content></entry>'
        b'<entry><id>tag:kiln,2</id><title>Glaze</title><content type="text">Plain &lt;b&gt; glaze\n\nnotes'
        b'</content></entry></feed>'),
    "json feed": (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "Loom", "items": ['
        b'{"id": "1", "url": "https://loom.example/1", "content_html": "<p>Warp &amp; <a href=\\"/weft\\">weft</a></p>"},'
        b'{"id": "2", "content_text": "Only words here.", "summary": "words"}]}'),
}


@pytest.mark.parametrize("name", sorted(_DEFERRED_CASES))
def test_deferred_bodies_render_exactly_what_parsing_gave(name: str) -> None:
    """A refresh keeps bodies unconverted; made later, they must equal the parser's own conversion."""
    data = _DEFERRED_CASES[name]
    eager = parse_feed(data, url="https://mill.example/feed.xml").entries
    deferred = parse_feed(data, url="https://mill.example/feed.xml", defer_text=True).entries
    assert eager and len(deferred) == len(eager)
    for now, later in zip(eager, deferred):
        assert later.body is not None and later.text == "" and later.links == []
        blob = later.body.to_blob()
        rendered = type(later.body).from_blob(blob).render()
        assert (later.id, rendered.text, rendered.links, rendered.summary_only) == \
            (now.id, now.text, now.links, now.summary_only)
        assert now.text  # the cases do have text


def test_an_entry_without_id_or_link_is_converted_at_once_for_its_hashed_id() -> None:
    data = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Mill</title>'
            b'<item><title>Untagged</title><description>&lt;p&gt;No guid, no link.&lt;/p&gt;</description></item>'
            b'</channel></rss>')
    [now] = parse_feed(data).entries
    [later] = parse_feed(data, defer_text=True).entries
    assert later.body is None and (later.id, later.text) == (now.id, now.text) and now.id.startswith("urn:newsreader:")
