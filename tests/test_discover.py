"""Feed discovery in HTML pages, and telling pages from feeds."""

from __future__ import annotations

import pytest

from feeds.net.discover import FeedLink, discover_feeds, looks_like_html

PAGE = """<!DOCTYPE html>
<html><head>
<title>Orchard</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Orchard (RSS)" href="/feed.xml">
<link rel="Alternate Home" type="application/atom+xml; charset=utf-8" title="Orchard (Atom)" href="atom.xml">
<link rel="alternate" type="application/feed+json" href="https://orchard.example/feed.json">
<link rel="alternate" type="application/rss+xml" title="duplicate" href="https://orchard.example/feed.xml">
<link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
<link rel="alternate" type="application/rss+xml" href="file:///etc/passwd">
<link rel="stylesheet" type="application/rss+xml" href="/not-alternate.xml">
<link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/7">
<link rel="alternate" type="application/rdf+xml" href="/index.rdf">
<link rel="alternate" type="application/json" href="/feed2.json">
</head><body><p>Hello</p>
<link rel="alternate" type="application/rss+xml" href="/comments/feed.xml" title="Comments">
</body></html>"""


def test_discovers_alternate_feed_links_in_document_order() -> None:
    links = discover_feeds(PAGE, "https://orchard.example/blog/post")
    assert links == [
        FeedLink("https://orchard.example/feed.xml", "Orchard (RSS)", "application/rss+xml"),
        FeedLink("https://orchard.example/blog/atom.xml", "Orchard (Atom)", "application/atom+xml"),
        FeedLink("https://orchard.example/feed.json", None, "application/feed+json"),
        FeedLink("https://orchard.example/index.rdf", None, "application/rdf+xml"),
        FeedLink("https://orchard.example/feed2.json", None, "application/json"),
        FeedLink("https://orchard.example/comments/feed.xml", "Comments", "application/rss+xml"),
    ]


def test_bytes_input_and_base_href() -> None:
    page = (b'<html><head><base href="https://cdn.example/site/">'
            b'<link rel="alternate" type="application/rss+xml" href="rss">'
            b'<link rel="feed alternate" type="application/atom+xml" href="/atom"></head></html>')
    links = discover_feeds(page, "https://origin.example/")
    assert [link.url for link in links] == ["https://cdn.example/site/rss", "https://cdn.example/atom"]


def test_base_href_with_a_bad_scheme_is_ignored() -> None:
    page = ('<head><base href="javascript:x/"><link rel="alternate" type="application/rss+xml" href="f.xml">'
            "</head>")
    assert [link.url for link in discover_feeds(page, "https://a.example/b/")] == ["https://a.example/b/f.xml"]


def test_titles_are_sanitised() -> None:
    page = ('<link rel="alternate" type="application/rss+xml" href="/f" '
            'title="Bank\u202e\u200b \x1b[31mnews&#27;">')
    [link] = discover_feeds(page, "https://a.example/")
    assert link.title == "Bank news"


def test_no_links_no_feeds() -> None:
    assert discover_feeds("<html><body>nothing here</body></html>", "https://a.example/") == []
    assert discover_feeds(b"", "https://a.example/") == []
    assert discover_feeds(b"\xff\xfe\x00garbage", "https://a.example/") == []


@pytest.mark.timeout(20)
def test_hostile_pages_are_bounded() -> None:
    deep = "<div>" * 100_000 + '<link rel="alternate" type="application/rss+xml" href="/deep">'
    assert isinstance(discover_feeds(deep, "https://a.example/"), list)
    many = "".join(f'<link rel="alternate" type="application/rss+xml" href="/f{i}">' for i in range(5000))
    assert len(discover_feeds(many, "https://a.example/")) == 100


@pytest.mark.parametrize("body,ctype,expected", [
    (b"<!DOCTYPE html><html><body>x</body></html>", "text/html; charset=utf-8", True),
    (b"<!doctype html><html>", None, True),
    (b"<html><head></head></html>", "application/rss+xml", True),   # a page served as a feed
    (b'<?xml version="1.0"?><rss version="2.0"></rss>', "text/html", False),  # a feed served as a page
    (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>', None, False),
    (b'\xef\xbb\xbf<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', None, False),
    (b'{"version": "https://jsonfeed.org/version/1.1"}', "text/html", False),
    (b"random words", "text/html", True),
    (b"random words", None, False),
])
def test_looks_like_html(body: bytes, ctype: str | None, expected: bool) -> None:
    assert looks_like_html(body, ctype) is expected
