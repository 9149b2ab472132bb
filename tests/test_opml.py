"""OPML import and export."""

from __future__ import annotations

import pytest

from feeds.core.errors import FeedError
from feeds.formats.opml import MAX_OPML_FEEDS, OpmlFeed, parse_opml, write_opml
from feeds.core.sanitize import has_control_chars

SUBSCRIPTIONS = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline type="rss" text="Harbour Notes" xmlUrl="http://harbour.example/rss"/>
    <outline text="News">
      <outline text="World / Intl">
        <outline type="rss" text="Orchard &amp; Hive" title="ignored" xmlUrl="https://orchard.example/feed.xml"/>
      </outline>
      <outline type="rss" text="Valley" xmlUrl="https://valley.example/index.rdf"/>
    </outline>
    <outline text="Empty folder"/>
    <outline type="rss" text="https://untitled.example/f" xmlUrl="https://untitled.example/f"/>
    <outline type="rss" text="Duplicate" xmlUrl="http://harbour.example/rss"/>
  </body>
</opml>"""


def test_import_feeds_titles_and_folders() -> None:
    feeds, problems = parse_opml(SUBSCRIPTIONS)
    assert feeds == [
        OpmlFeed("http://harbour.example/rss", "Harbour Notes", None),
        OpmlFeed("https://orchard.example/feed.xml", "Orchard & Hive", "News/World \u2215 Intl"),
        OpmlFeed("https://valley.example/index.rdf", "Valley", "News"),
        OpmlFeed("https://untitled.example/f", None, None),
    ]
    assert problems == []


def test_round_trip() -> None:
    feeds, _ = parse_opml(SUBSCRIPTIONS)
    exported = write_opml(feeds)
    again, problems = parse_opml(exported.encode("utf-8"))
    assert again == feeds and problems == []
    assert write_opml(again).split("<dateCreated>")[0] == exported.split("<dateCreated>")[0]


def test_round_trip_with_interleaved_folders_keeps_feeds_and_folders() -> None:
    feeds = [OpmlFeed("https://a.example/1", "one", "X/Y"), OpmlFeed("https://a.example/2", "two", None),
             OpmlFeed("https://a.example/3", None, "X"), OpmlFeed("https://a.example/4", "four", "X/Y")]
    again, _ = parse_opml(write_opml(feeds).encode())
    assert sorted(again, key=lambda f: f.url) == feeds == sorted(feeds, key=lambda f: f.url)


def test_export_escapes_and_strips_controls() -> None:
    feeds = [OpmlFeed('https://a.example/?a=1&b="2"', 'Tom & "Jerry" <b>\x1b]0;x\x07', "F\x1b[31mol<der>")]
    out = write_opml(feeds, title="mine & <yours>\x07")
    assert not has_control_chars(out.replace("\n", ""))
    assert "&amp;" in out and "<b>" not in out and "\x1b" not in out
    [again], problems = parse_opml(out.encode())
    assert again.url == 'https://a.example/?a=1&b="2"'
    assert again.title == 'Tom & "Jerry" <b>'  # the whole OSC sequence is gone
    assert again.folder == "Fol<der>"


def test_export_deep_folders_is_iterative() -> None:
    feeds = [OpmlFeed("https://deep.example/", "deep", "/".join(["f"] * 400))]
    again, _ = parse_opml(write_opml(feeds).encode())
    assert again[0].url == "https://deep.example/"
    assert again[0].folder is not None and again[0].folder.startswith("f/f/f")


def test_unsupported_schemes_are_skipped_and_reported() -> None:
    doc = b"""<opml version="1.0"><body>
      <outline text="pipe" xmlUrl="|rm -rf ~"/>
      <outline text="local file" xmlUrl="file:///etc/passwd"/>
      <outline text="js" xmlUrl="javascript:alert(1)"/>
      <outline text="ok" xmlUrl="https://ok.example/feed"/>
    </body></opml>"""
    feeds, problems = parse_opml(doc)
    assert [f.url for f in feeds] == ["https://ok.example/feed"]
    assert problems == [
        "skipped outline 'pipe': not an http(s) URL: |rm -rf ~",
        "skipped outline 'local file': unsupported scheme file:",
        "skipped outline 'js': unsupported scheme javascript:",
    ]


def test_private_addresses_are_kept_and_flagged() -> None:
    doc = b'<opml><body><outline text="meta" xmlUrl="http://169.254.169.254/"/>' \
          b'<outline text="lo" xmlUrl="http://localhost:8080/f"/></body></opml>'
    feeds, problems = parse_opml(doc)
    assert [f.url for f in feeds] == ["http://169.254.169.254/", "http://localhost:8080/f"]
    assert len(problems) == 2 and all("private or local" in p for p in problems)


@pytest.mark.parametrize("doc,category,message", [
    (b"", "parse", "empty"),
    (b"<html><body>x</body></html>", "parse", "not an OPML document"),
    (b'<rss version="2.0"><channel/></rss>', "parse", "this is a feed"),
    (b"not xml at all", "parse", "not an OPML"),
    (b"<opml><body><outline text='a' xmlUrl='http://a.example/'", "parse", "not a valid OPML"),
    (b'<!DOCTYPE opml [<!ENTITY a "&b;&b;"><!ENTITY b "x">]><opml><body/></opml>', "policy", "entity"),
])
def test_unusable_documents(doc: bytes, category: str, message: str) -> None:
    with pytest.raises(FeedError) as err:
        parse_opml(doc)
    assert err.value.category == category and message in str(err.value)


def test_partial_document_keeps_what_was_read() -> None:
    doc = b"<opml><body><outline text='a' xmlUrl='http://a.example/'/><outline text='b' xmlUrl='http://b.exam"
    feeds, problems = parse_opml(doc)
    assert [f.url for f in feeds] == ["http://a.example/"]
    assert "not well-formed" in problems[-1]


def test_encodings() -> None:
    doc = '<?xml version="1.0" encoding="utf-16"?><opml><body><outline text="Café" xmlUrl="http://c.example/"/>' \
          "</body></opml>"
    feeds, _ = parse_opml(doc.encode("utf-16"))
    assert feeds[0].title == "Café"
    latin = '<?xml version="1.0" encoding="iso-8859-1"?><opml><body><outline text="Café" ' \
            'xmlUrl="http://c.example/"/></body></opml>'
    feeds, _ = parse_opml(latin.encode("latin-1"))
    assert feeds[0].title == "Café"


def test_feed_count_is_capped() -> None:
    outlines = "".join(f'<outline text="f{i}" xmlUrl="https://m.example/{i}"/>' for i in range(MAX_OPML_FEEDS + 5))
    feeds, problems = parse_opml(f"<opml><body>{outlines}</body></opml>".encode())
    assert len(feeds) == MAX_OPML_FEEDS
    assert any("only the first" in p for p in problems)


def test_read_opml_accounts_for_every_feed_outline() -> None:
    from feeds.formats.opml import SKIP_CONTROL, SKIP_DUPLICATE, SKIP_NOT_URL, SKIP_SCHEME, read_opml

    doc = b"""<opml version="2.0"><body>
      <outline text="A" xmlUrl="https://a.example/feed"/>
      <outline text="A again" xmlUrl="https://a.example/feed"/>
      <outline text="Local" xmlUrl="http://127.0.0.1:8080/feed"/>
      <outline text="Gopher" xmlUrl="gopher://old.example/1"/>
      <outline text="Pipe" xmlUrl="|ls"/>
      <outline text="Bidi" xmlUrl="https://b.example/&#x202E;lmth.exe"/>
      <outline text="Folder only"><outline text="B" xmlUrl="https://b.example/rss"/></outline>
    </body></opml>"""
    read = read_opml(doc)
    assert [f.url for f in read.feeds] == ["https://a.example/feed", "http://127.0.0.1:8080/feed",
                                           "https://b.example/rss"]
    assert [(s.reason, s.label, s.detail) for s in read.skipped] == [
        (SKIP_DUPLICATE, "A again", ""), (SKIP_SCHEME, "Gopher", "gopher:"), (SKIP_NOT_URL, "Pipe", ""),
        (SKIP_CONTROL, "Bidi", ""),
    ]
    assert read.outlines == 7 and read.private == ["127.0.0.1"]
