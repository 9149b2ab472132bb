"""Every real-world feed in ../shared/corpus/feeds parses (the corpus is read in place, never copied).

The real-world feeds must give at least one entry with a title, except the ones
the manifest marks malformed, which give a clear FeedError or a partial result.
The fastfeedparser-integration and feed-rs folders must never raise anything
but FeedError, and what comes out must be clean text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds.core.errors import FeedError
from feeds.formats.feedparse import ParsedFeed, parse_feed
from feeds.formats.htmltext import inline_text
from feeds.core.sanitize import has_control_chars

from .conftest import SHARED

FEEDS_ROOT = SHARED / "corpus" / "feeds"


def _manifest() -> list[dict]:
    path = FEEDS_ROOT / "manifest.json"
    if not path.is_file():
        return []
    return [item for item in json.loads(path.read_text("utf-8")) if item.get("role") != "expected-output"]


MANIFEST = _manifest()
REAL_WORLD = [item for item in MANIFEST if item["file"].startswith("real-world/")]
OTHERS = [item for item in MANIFEST if not item["file"].startswith("real-world/")]


def _ids(items: list[dict]) -> list[str]:
    return [item["file"].split("/", 1)[1] for item in items]


def assert_clean(feed: ParsedFeed) -> None:
    for s in (feed.title, feed.link or "", *feed.warnings):
        assert not has_control_chars(s)
    for e in feed.entries:
        for s in (e.id, e.title, e.link or "", e.author or "", e.text, *e.categories):
            assert not has_control_chars(s), repr(s[:80])
        assert e.link is None or e.link.startswith(("http://", "https://"))
        assert len(e.title) <= 2000 and len(e.id) <= 1000


@pytest.mark.timeout(30)
@pytest.mark.parametrize("item", REAL_WORLD, ids=_ids(REAL_WORLD))
def test_real_world_feed(item: dict, shared: Path) -> None:
    data = (shared / "corpus" / "feeds" / item["file"]).read_bytes()
    malformed = item.get("group") == "malformed"
    try:
        feed = parse_feed(data, url=item.get("url"))
    except FeedError as err:
        assert malformed, f"{item['file']}: {err.category}: {err}"
        assert str(err)  # a clear, one-line message
        return
    assert_clean(feed)
    assert feed.kind == item["format"]
    if malformed:
        return  # a partial result is fine
    titled = [e for e in feed.entries if e.title != "(untitled)"]
    assert titled, f"{item['file']}: no entry with a title"
    assert feed.title
    expected = item.get("fastfeedparser_entries") or item.get("feedparser_entries")
    assert len(feed.entries) <= expected  # duplicate ids may have been dropped


@pytest.mark.timeout(30)
@pytest.mark.parametrize("item", OTHERS, ids=_ids(OTHERS))
def test_other_corpus_feeds_only_raise_feed_errors(item: dict, shared: Path) -> None:
    data = (shared / "corpus" / "feeds" / item["file"]).read_bytes()
    try:
        feed = parse_feed(data, url=item.get("url"))
    except FeedError as err:
        assert str(err)
        return
    assert_clean(feed)


INTEGRATION = sorted((FEEDS_ROOT / "fastfeedparser-integration").glob("*.xml")) if FEEDS_ROOT.is_dir() else []


@pytest.mark.parametrize("path", INTEGRATION, ids=[p.name for p in INTEGRATION])
def test_titles_and_links_agree_with_fastfeedparser_expectations(path: Path, shared: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text("utf-8"))
    feed = parse_feed(path.read_bytes())
    assert feed.title == inline_text(expected["feed"].get("title") or "")
    assert [e.title for e in feed.entries] == [inline_text(e.get("title") or "") or "(untitled)"
                                               for e in expected["entries"]]
    assert [e.link for e in feed.entries] == [e.get("link") or None for e in expected["entries"]]


def test_corpus_present_or_skipped(shared: Path) -> None:
    assert REAL_WORLD, "manifest.json lists no real-world feeds"
