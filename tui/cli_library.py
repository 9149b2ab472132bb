"""Library commands: add, remove, feeds, refresh, import, export, unread, search, people, quotes, stories.

Each opens the library for exactly as long as it needs it; commands that only
read open it read-only, so they work while the reader is running.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

from feeds.core.urls import display_url

from .cli_output import out as _out
from .cli_output import error, printable, print_json, symbol

if TYPE_CHECKING:
    from feeds.formats.opml import OpmlRead

PROG = "newsreader"


class CommandError(Exception):
    """A one-line failure of a command (printed as ``newsreader: …``, exit 1)."""


@contextmanager
def _library(*, readonly: bool = False, must_exist: bool = False, or_readonly: bool = False) -> Iterator:
    """The library for one command. ``or_readonly``: read-only if another newsreader writes it."""
    from feeds.core.paths import library_path
    from feeds.library.store import Library, LibraryError, LibraryLocked

    path = library_path()
    if (readonly or must_exist) and not path.exists():
        yield None
        return
    try:
        try:
            library = Library.open(path, readonly=readonly)
        except LibraryLocked:
            if not or_readonly:
                raise
            library = Library.open(path, readonly=True)
    except (LibraryLocked, LibraryError) as exc:
        raise CommandError(str(exc)) from None
    for warning in library.warnings:  # e.g. a read-only folder: reading commands still work
        error(warning)
    try:
        yield library
    except LibraryError as exc:  # a write refused (read-only, busy, disk full): one line
        raise CommandError(str(exc)) from None
    finally:
        library.close()


def _parser(name: str, description: str) -> argparse.ArgumentParser:
    return argparse.ArgumentParser(prog=f"{PROG} {name}", description=description)


def _name(feed) -> str:
    """A feed's title, or its URL as shown (password masked) when it has none."""
    return feed.title or display_url(feed.url)


# -- add / remove -------------------------------------------------------------------------
def cmd_add(argv: Sequence[str]) -> int:
    p = _parser("add", "Subscribe to a feed (a site's address works too: its feeds are discovered).")
    p.add_argument("url")
    p.add_argument("--folder", help="put the feed in this folder")
    p.add_argument("--no-refresh", action="store_true", help="do not fetch the entries now")
    p.add_argument("--local", action="store_true",
                   help="with [sync] set: subscribe only here, not on the sync server")
    args = p.parse_args(argv)
    from feeds.refresh import refresh
    from feeds.subscribe import SubscribeError, complete_url, resolve_feed_url, validate_feed_url

    from feeds.core.urls import url_problem


    problem = url_problem(args.url) or validate_feed_url(args.url)
    if problem:
        raise CommandError(problem)
    url = complete_url(args.url)
    settings = None if args.local else _configured_sync()
    with _library() as library:
        async def run():
            from feeds.net.http import Fetcher

            async with Fetcher() as fetcher:
                try:
                    resolved = await resolve_feed_url(url, fetcher=fetcher)
                except SubscribeError as exc:
                    raise CommandError(str(exc)) from None
                if resolved.choices:
                    listing = "; ".join(display_url(c.url) + (f" ({c.title})" if c.title else "")
                                        for c in resolved.choices)
                    raise CommandError(f"{display_url(url)} lists {len(resolved.choices)} feeds, add one of: {listing}")
                if settings is not None:
                    return resolved  # subscribed on the server once this fetcher's connections are closed
                existing = library.get_feed(resolved.url)
                feed = library.add_feed(resolved.url, title=resolved.title, folder=args.folder)
                if existing is not None:
                    _out(f"already subscribed: {_name(feed)} <{display_url(feed.url)}>")
                    return 0
                if args.no_refresh:
                    _out(f"added: {_name(feed)} <{display_url(feed.url)}>")
                    return 0
                summary = await refresh(library, [feed], fetcher=fetcher)
                outcome = summary.outcomes[0]
                if outcome.error is not None:
                    _out(f"added: {_name(feed)} <{display_url(feed.url)}> "
                         f"(first refresh failed: {outcome.error.message})")
                else:
                    _out(f"added: {outcome.title} <{display_url(feed.url)}>, {outcome.new} entries")
                return 0

        done = asyncio.run(run())
        if settings is not None:
            return _add_on_server(library, settings, done.url, args.folder)
        return done


def cmd_remove(argv: Sequence[str]) -> int:
    p = _parser("remove", "Unsubscribe from a feed and delete its entries.")
    p.add_argument("url")
    args = p.parse_args(argv)
    wanted = args.url.strip()
    with _library(must_exist=True) as library:
        # The URL as `feeds` shows it (password masked) names the feed too.
        url = wanted if library is None else next((f.url for f in library.feeds() if display_url(f.url) == wanted),
                                                  wanted)
        if library is not None and _remove_on_server(library, url):
            _out(f"removed here and on the sync server: {display_url(args.url)}")
            return 0
        if library is None or not library.remove_feed(url):
            raise CommandError(f"not subscribed: {display_url(args.url)}")
    _out(f"removed: {display_url(args.url)}")
    return 0


def _configured_sync():
    """The [sync] settings when a service is configured, else None (the commands then work locally)."""
    from feeds.sync.status import configured

    return configured(_settings())


def _add_on_server(library, settings, url: str, folder: str | None) -> int:
    """``add`` with a sync service: the server subscribes; the feed is listed here, its entries come by sync."""
    from feeds.sync.backend import SyncError
    from feeds.sync.engine import safe_message
    from feeds.sync.subscriptions import add_on_server

    try:
        added = add_on_server(library, settings, url, folder)
    except SyncError as exc:
        raise CommandError(f"could not add {display_url(url)} on the sync server (nothing changed): "
                           f"{safe_message(exc)}") from None
    note = (f"; the server has no folder {printable(folder)!r}, so it is unfiled there"
            if added.folder_missing else "")
    _out(f"added on the sync server: {_name(added.feed)} <{display_url(added.feed.url)}>{note}; "
         "newsreader sync brings its entries once the server has fetched them")
    return 0


def _remove_on_server(library, url: str) -> bool:
    """A feed the sync server holds is removed there first (else the next sync brings it back); False: not one."""
    feed = library.get_feed(url)
    if feed is None or not library.is_remote(feed.id):
        return False
    from feeds.sync.backend import SyncError
    from feeds.sync.engine import safe_message
    from feeds.sync.status import configured
    from feeds.sync.subscriptions import remove_on_server

    try:
        return remove_on_server(library, configured(_settings()), feed.id)
    except SyncError as exc:
        raise CommandError(f"{display_url(url)} is a feed of the sync server and it could not be removed there "
                           f"(kept here too): {safe_message(exc)}") from None


# -- feeds / unread -------------------------------------------------------------------------
def cmd_feeds(argv: Sequence[str]) -> int:
    p = _parser("feeds", "List subscriptions with unread counts and the last error.")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    args = p.parse_args(argv)
    with _library(readonly=True) as library:
        feeds = library.feeds() if library is not None else []
    if args.json:
        print_json([{
            "url": display_url(f.url), "title": f.title, "folder": f.folder, "unread": f.unread, "total": f.total,
            "last_updated": f.last_updated.isoformat() if f.last_updated else None,
            "error": ({"category": f.error_category, "message": f.last_error} if f.last_error else None),
        } for f in feeds])
        return 0
    if not feeds:
        _out("no subscriptions yet: newsreader add URL, or newsreader import FILE.opml")
        return 0
    width = max(len(f"{f.unread}/{f.total}") for f in feeds)
    for f in feeds:
        counts = f"{f.unread}/{f.total}".rjust(width)
        folder = f"[{f.folder}] " if f.folder else ""
        line = f"{counts}  {folder}{_name(f)}  <{display_url(f.url)}>"
        if f.last_error:
            line += f"  {symbol('⚠', '!')} {f.last_error}"
        _out(line)
    return 0


def cmd_unread(argv: Sequence[str]) -> int:
    p = _parser("unread", "Print the number of unread entries (for status bars).")
    p.parse_args(argv)
    with _library(readonly=True) as library:
        print(library.unread_count() if library is not None else 0)
    return 0


def _settings():
    """The user's settings, each setting that could not be used told in one line."""
    from feeds.core.config import load_config

    config = load_config()
    for warning in config.warnings:
        error(warning)
    return config


# -- refresh -------------------------------------------------------------------------------------
def cmd_refresh(argv: Sequence[str]) -> int:
    p = _parser("refresh", "Fetch every subscription and store new entries.")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--due", action="store_true", help="only feeds whose next update is due (for cron)")
    p.add_argument("--full", action="store_true",
                   help="fetch the page of summary-only entries (the fetch_full_articles setting does it always)")
    args = p.parse_args(argv)
    from feeds.refresh import refresh

    config = _settings()
    full = config.full_articles_per_feed if (args.full or config.fetch_full_articles) else 0

    with _library(must_exist=True) as library:
        if library is None:
            feeds = []
        else:
            feeds = library.due_feeds() if args.due else library.feeds()
            feeds = [f for f in feeds if not library.is_remote(f.id)]  # the sync server fetches those
        if not feeds:
            if args.json:
                print_json({"feeds": 0, "ok": 0, "failed": 0, "not_modified": 0, "new_entries": 0, "results": []},
                           indent=None)
            else:
                _out("nothing to refresh")
            return 0
        progress = _Progress(len(feeds)) if sys.stderr.isatty() and not args.json else None
        try:
            summary = asyncio.run(refresh(library, feeds, progress=progress.update if progress else None,
                                          full_articles=full))
        finally:
            if progress:
                progress.close()
    if args.json:
        print_json(_shown_urls(summary.to_dict()))
    else:
        for o in summary.outcomes:
            if o.error is not None:
                _out(f"failed: {o.title if o.title != o.url else display_url(o.url)} <{display_url(o.url)}>: "
                     f"{o.error.message}")
        _out(summary.line())
    return 0 if summary.failed == 0 else 2


def _shown_urls(value):
    """A JSON-ready value with every ``"url"`` as shown: password masked, spoofing host in punycode."""
    if isinstance(value, dict):
        return {k: display_url(v) if k == "url" and isinstance(v, str) else _shown_urls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shown_urls(v) for v in value]
    return value


class _Progress:
    """A progress bar on stderr while a terminal is watching."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(TextColumn("refreshing"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TextColumn("{task.fields[failed]} failed"),
                                 console=Console(stderr=True), transient=True)
        self.task = self.progress.add_task("refresh", total=total, failed=0)
        self.failed = 0
        self.progress.start()

    def update(self, outcome, done: int, total: int) -> None:
        self.failed += outcome.status == "error"
        self.progress.update(self.task, completed=done, failed=self.failed)

    def close(self) -> None:
        self.progress.stop()


# -- search ---------------------------------------------------------------------------------
def cmd_search(argv: Sequence[str]) -> int:
    p = _parser("search", "Full-text search of the library: words, \"a phrase\", prefix*.")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    args = p.parse_args(argv)
    from feeds.core.dates import format_date
    query = " ".join(args.query)
    with _library(must_exist=True, or_readonly=True) as library:
        results = library.search(query, limit=max(1, args.limit)) if library is not None else []
    if args.json:
        print_json([{"title": e.title, "feed": e.feed_title, "link": display_url(e.link) if e.link else None,
                     "published": e.published.isoformat() if e.published else None, "read": e.read}
                    for e in results])
        return 0
    unread = symbol("●", "*") + " "
    for e in results:
        _out(f"{'  ' if e.read else unread}{e.title}  "
             f"({e.feed_title or ''}{', ' + format_date(e.published) if e.published else ''})")
    if not results:
        _out(f"no articles match {query!r}")
        return 1
    return 0


# -- people / quotes / stories (issue 15) ---------------------------------------------------
class _IndexProgress:
    """A one-line progress count on stderr, shown only once the catch-up has taken a second."""

    def __init__(self) -> None:
        import time

        self.clock = time.monotonic
        self.started = self.clock()
        self.shown = False

    def update(self, done: int, total: int) -> None:
        if self.clock() - self.started < 1.0:
            return
        line = f"indexing the library: {done}/{total} articles"
        if sys.stderr.isatty():
            print(f"\r{line}", end="", file=sys.stderr, flush=True)
        elif not self.shown:  # a log gets one line, not one per batch
            print(line, file=sys.stderr, flush=True)
        self.shown = True

    def close(self) -> None:
        if self.shown and sys.stderr.isatty():
            print(file=sys.stderr)


@contextmanager
def _indexed_library() -> Iterator:
    """The library with its analysis index caught up (when it can be written), or None."""
    from feeds.people.index import catch_up

    with _library(must_exist=True, or_readonly=True) as library:
        if library is not None and not library.readonly:
            progress = _IndexProgress()
            try:
                catch_up(library, progress=progress.update)
            finally:
                progress.close()
        yield library


def _since(value: str | None) -> str | None:
    """``--since``: an ISO date (or date-time), compared with the articles' dates."""
    if value is None:
        return None
    from datetime import date, datetime

    try:
        return (date.fromisoformat(value) if len(value) <= 10 else datetime.fromisoformat(value)).isoformat()
    except ValueError:
        raise CommandError(f"--since wants a date like 2026-03-01, not {printable(value, limit=40)!r}") from None


def _article_json(a) -> dict:
    return {"title": a.title, "url": display_url(a.url) if a.url else None, "feed": a.feed,
            "published": a.published, "id": a.entry_id}


def cmd_people(argv: Sequence[str]) -> int:
    p = _parser("people", "Everyone quoted in the library, most quoted first (aliases merged).")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--feed", metavar="URL", help="only quotes from this feed")
    p.add_argument("--since", metavar="DATE", help="only articles from this date on")
    args = p.parse_args(argv)
    from feeds.people.people import people

    since = _since(args.since)
    with _indexed_library() as library:
        feed_url = None
        if library is not None and args.feed is not None:
            feed = library.get_feed(args.feed)
            if feed is None:
                raise CommandError(f"not subscribed: {display_url(args.feed)}")
            feed_url = feed.url
        found = people(library, feed_url=feed_url, since=since) if library is not None else []
    if args.json:
        print_json([person.to_dict() for person in found])
        return 0
    for person in found:
        role = f", {person.role}" if person.role else ""
        _out(f"{person.quotes:5}  {person.name}{role}  ({person.kind}; {person.articles} articles, "
             f"{person.feeds} feeds; {person.first_seen[:10]} to {person.last_seen[:10]})")
    if not found:
        _out("nobody is quoted in the library yet")
    return 0


def cmd_quotes(argv: Sequence[str]) -> int:
    p = _parser("quotes", "Quotes across the library, newest first.")
    p.add_argument("--speaker", metavar="NAME", help="only this person's (any spelling of the name)")
    p.add_argument("--search", metavar="WORDS", help="only quotes with all these words")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    args = p.parse_args(argv)
    from feeds.people.people import quotes_by

    with _indexed_library() as library:
        found = quotes_by(library, speaker=args.speaker, search=args.search) if library is not None else []
    if args.json:
        print_json([{"text": q.text, "speaker": name or None, "role": q.role, "kind": q.kind,
                     "start": q.start, "end": q.end, "article": _article_json(q.article)} for name, q in found])
        return 0
    opening, closing, dash = symbol("“", '"'), symbol("”", '"'), symbol("—", "-")
    for name, q in found:
        _out(f"{opening}{q.text}{closing} {dash} {name or 'unattributed'}"
             f"{', ' + q.role if q.role else ''}  ({q.article.feed}, {q.article.published[:10]}: {q.article.title})")
    if not found:
        _out("no quotes match")
        return 1
    return 0


def cmd_stories(argv: Sequence[str]) -> int:
    p = _parser("stories", "Events told by several feeds, their figures side by side, disagreements flagged.")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--since", metavar="DATE", help="only articles from this date on")
    args = p.parse_args(argv)
    from feeds.people.stories import stories

    since = _since(args.since)
    with _indexed_library() as library:
        found = stories(library, since=since) if library is not None else []
    if args.json:
        print_json(_shown_urls([story.to_dict() for story in found]))
        return 0
    for story in found:
        _out(f"{story.title}  ({story.outlets} outlets, {len(story.articles)} articles)")
        for a in story.articles:
            _out(f"    {a.feed}: {a.title}  {a.published[:10]}")
        if story.people:
            _out(f"    quoted: {', '.join(story.people)}")
        for d in story.disagreements:
            values = "; ".join(f"{v['feed']}: {v['text']}" for v in d["values"])
            _out(f"    {symbol('⚠', '!')} {d['what']} disagree: {values}")
    if not found:
        _out("no story is told by more than one feed yet")
    return 0


# -- OPML ----------------------------------------------------------------------------------------------
def cmd_import(argv: Sequence[str]) -> int:
    p = _parser("import", "Subscribe to every feed in an OPML file (folders kept; existing subscriptions untouched).")
    p.add_argument("file", type=Path)
    args = p.parse_args(argv)
    from feeds.core.errors import FeedError
    from feeds.formats.opml import read_opml

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise CommandError(f"{args.file}: {exc.strerror or exc}") from None
    try:
        read = read_opml(data)
    except FeedError as err:
        raise CommandError(f"{args.file}: {err.message}") from None
    added = existing = 0
    with _library() as library:
        for item in read.feeds:
            if library.get_feed(item.url) is not None:
                existing += 1  # never renamed or moved unasked
                continue
            library.add_feed(item.url, title=item.title, folder=item.folder)
            added += 1
    for line in import_report(read, added, existing):
        _out(line)
    return 0


def import_report(read: "OpmlRead", added: int, existing: int) -> list[str]:
    """The summary first (its numbers add up to the outlines with a feed URL), then one line per reason."""
    plural = "s" if added != 1 else ""
    lines = [f"imported {added} feed{plural}, already subscribed: {existing}, skipped: {len(read.skipped)} "
             f"(of {read.outlines} outline{'s' if read.outlines != 1 else ''} with a feed URL)"
             + ("; run 'newsreader refresh' to fetch them" if added else "")]
    by_reason: dict[str, list] = {}
    for item in read.skipped:
        by_reason.setdefault(item.reason, []).append(item)
    for reason, items in by_reason.items():
        details = sorted({i.detail for i in items if i.detail})
        names = ", ".join(f"'{i.label}'" for i in items[:3]) + (f" and {len(items) - 3} more" if len(items) > 3 else "")
        lines.append(f"skipped {len(items)}: {reason}" + (f" ({', '.join(details)})" if details else "") + f": {names}")
    lines.extend(f"note: {note}" for note in read.notes)
    if read.private:
        hosts = Counter(read.private)
        listed = ", ".join(h for h, _ in hosts.most_common(3)) + (", …" if len(hosts) > 3 else "")
        lines.append(f"note: {len(read.private)} of the feeds in the file are on a private or local address "
                     f"({listed}); they were imported as listed")
    return lines


def cmd_export(argv: Sequence[str]) -> int:
    p = _parser("export", "Write the subscriptions as OPML 2.0 (to FILE, or to standard output: none or '-').")
    p.add_argument("file", nargs="?", type=Path)
    args = p.parse_args(argv)
    from feeds.formats.opml import OpmlFeed, write_opml

    with _library(readonly=True) as library:
        feeds = library.feeds() if library is not None else []
    text = write_opml(OpmlFeed(url=f.url, title=f.title, folder=f.folder) for f in feeds)
    if args.file is None or str(args.file) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    from feeds.core.atomic import atomic_write

    try:
        atomic_write(args.file, text.encode("utf-8"))
    except OSError as exc:
        raise CommandError(f"{args.file}: {exc.strerror or exc}") from None
    # On a stream (a pipe, /dev/stdout) the summary would mix with the OPML: say it on stderr.
    print(printable(f"exported {len(feeds)} feed{'s' if len(feeds) != 1 else ''} to {args.file}"),
          file=sys.stdout if args.file.is_file() else sys.stderr)
    return 0


# -- sync ------------------------------------------------------------------------------------------
def _sync_settings(config):
    """The [sync] settings, or the one-line reason there are none."""
    from feeds.sync.status import NOT_CONFIGURED, configured

    settings = configured(config)
    if settings is None:
        raise CommandError(NOT_CONFIGURED)
    return settings


def cmd_sync(argv: Sequence[str]) -> int:
    p = _parser("sync", "Sync with the aggregator server of the [sync] settings: send read/starred changes, "
                        "bring in its subscriptions, entries and flags.")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--full", action="store_true",
                   help="read the server's read flags of every feed (normally: feeds whose unread count changed)")
    args = p.parse_args(argv)
    from feeds.sync.backend import SyncError
    from feeds.sync.engine import make_backend, safe_message, sync

    settings = _sync_settings(_settings())
    status = None
    if sys.stderr.isatty() and not args.json:  # a spinner with the current step, gone when done
        from rich.console import Console

        status = Console(stderr=True).status("syncing")
        status.start()
    with _library() as library:
        try:
            backend = make_backend(settings)
            try:
                summary = sync(library, backend, full=args.full,
                               progress=(lambda step: status.update(f"syncing: {printable(step)}")) if status else None)
            finally:
                backend.close()
                if status is not None:
                    status.stop()
        except SyncError as exc:
            queued = library.queue_length()
            kept = f" ({queued} changes kept for the next sync)" if queued else ""
            raise CommandError(f"sync failed: {safe_message(exc)}{kept}") from None
    if args.json:
        print_json(summary.to_dict())
    else:
        _out(summary.line())
    return 0


COMMANDS = {
    "sync": cmd_sync,
    "add": cmd_add,
    "remove": cmd_remove,
    "feeds": cmd_feeds,
    "refresh": cmd_refresh,
    "import": cmd_import,
    "export": cmd_export,
    "unread": cmd_unread,
    "search": cmd_search,
    "people": cmd_people,
    "quotes": cmd_quotes,
    "stories": cmd_stories,
}
