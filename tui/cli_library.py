"""Library commands: add, remove, feeds, refresh, import, export, unread.

Each opens the library for exactly as long as it needs it; commands that only
read open it read-only, so they work while the reader is running.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from feeds.sanitize import sanitize_text

PROG = "newsreader"


class CommandError(Exception):
    """A one-line failure of a command (printed as ``newsreader: …``, exit 1)."""


@contextmanager
def _library(*, readonly: bool = False, must_exist: bool = False, or_readonly: bool = False) -> Iterator:
    """The library for one command. ``or_readonly``: read-only if another newsreader writes it."""
    from feeds.paths import library_path
    from feeds.store import Library, LibraryError, LibraryLocked

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
        print(f"{PROG}: {sanitize_text(warning)}", file=sys.stderr)
    try:
        yield library
    except LibraryError as exc:  # a write refused (read-only, busy, disk full): one line
        raise CommandError(str(exc)) from None
    finally:
        library.close()


def _parser(name: str, description: str) -> argparse.ArgumentParser:
    return argparse.ArgumentParser(prog=f"{PROG} {name}", description=description)


def _out(text: str = "") -> None:
    """One line to stdout: control sequences removed, our own spacing kept."""
    print(sanitize_text(text).replace("\n", " "))


# -- add / remove -------------------------------------------------------------------------
def cmd_add(argv: Sequence[str]) -> int:
    p = _parser("add", "Subscribe to a feed (a site's address works too: its feeds are discovered).")
    p.add_argument("url")
    p.add_argument("--folder", help="put the feed in this folder")
    p.add_argument("--no-refresh", action="store_true", help="do not fetch the entries now")
    args = p.parse_args(argv)
    from feeds.refresh import refresh
    from feeds.subscribe import SubscribeError, resolve_feed_url

    from .screens.dialogs import complete_url, validate_feed_url

    problem = validate_feed_url(args.url)
    if problem:
        raise CommandError(problem)
    url = complete_url(args.url)
    with _library() as library:
        async def run():
            from feeds.http import Fetcher

            async with Fetcher() as fetcher:
                try:
                    resolved = await resolve_feed_url(url, fetcher=fetcher)
                except SubscribeError as exc:
                    raise CommandError(str(exc)) from None
                if resolved.choices:
                    listing = "; ".join(f"{c.url}" + (f" ({c.title})" if c.title else "") for c in resolved.choices)
                    raise CommandError(f"{url} lists {len(resolved.choices)} feeds, add one of: {listing}")
                existing = library.get_feed(resolved.url)
                feed = library.add_feed(resolved.url, title=resolved.title, folder=args.folder)
                if existing is not None:
                    _out(f"already subscribed: {feed.display_title} <{feed.url}>")
                    return 0
                if args.no_refresh:
                    _out(f"added: {feed.display_title} <{feed.url}>")
                    return 0
                summary = await refresh(library, [feed], fetcher=fetcher)
                outcome = summary.outcomes[0]
                if outcome.error is not None:
                    _out(f"added: {feed.display_title} <{feed.url}> (first refresh failed: {outcome.error.message})")
                else:
                    _out(f"added: {outcome.title} <{feed.url}>, {outcome.new} entries")
                return 0

        return asyncio.run(run())


def cmd_remove(argv: Sequence[str]) -> int:
    p = _parser("remove", "Unsubscribe from a feed and delete its entries.")
    p.add_argument("url")
    args = p.parse_args(argv)
    with _library(must_exist=True) as library:
        if library is None or not library.remove_feed(args.url.strip()):
            raise CommandError(f"not subscribed: {args.url}")
    _out(f"removed: {args.url}")
    return 0


# -- feeds / unread -------------------------------------------------------------------------
def cmd_feeds(argv: Sequence[str]) -> int:
    p = _parser("feeds", "List subscriptions with unread counts and the last error.")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    args = p.parse_args(argv)
    with _library(readonly=True) as library:
        feeds = library.feeds() if library is not None else []
    if args.json:
        print(json.dumps([{
            "url": f.url, "title": f.title, "folder": f.folder, "unread": f.unread, "total": f.total,
            "last_updated": f.last_updated.isoformat() if f.last_updated else None,
            "error": ({"category": f.error_category, "message": f.last_error} if f.last_error else None),
        } for f in feeds], ensure_ascii=False, indent=2))
        return 0
    if not feeds:
        _out("no subscriptions yet: newsreader add URL, or newsreader import FILE.opml")
        return 0
    width = max(len(f"{f.unread}/{f.total}") for f in feeds)
    for f in feeds:
        counts = f"{f.unread}/{f.total}".rjust(width)
        folder = f"[{f.folder}] " if f.folder else ""
        line = f"{counts}  {folder}{f.display_title}  <{f.url}>"
        if f.last_error:
            line += f"  ⚠ {f.last_error}"
        _out(line)
    return 0


def cmd_unread(argv: Sequence[str]) -> int:
    p = _parser("unread", "Print the number of unread entries (for status bars).")
    p.parse_args(argv)
    with _library(readonly=True) as library:
        print(library.unread_count() if library is not None else 0)
    return 0


# -- refresh -------------------------------------------------------------------------------------
def cmd_refresh(argv: Sequence[str]) -> int:
    p = _parser("refresh", "Fetch every subscription and store new entries.")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--due", action="store_true", help="only feeds whose next update is due (for cron)")
    p.add_argument("--full", action="store_true",
                   help="fetch the page of summary-only entries (the fetch_full_articles setting does it always)")
    args = p.parse_args(argv)
    from feeds.config import load_config
    from feeds.refresh import refresh

    config = load_config()
    for warning in config.warnings:
        print(f"{PROG}: {sanitize_text(warning)}", file=sys.stderr)
    full = config.full_articles_per_feed if (args.full or config.fetch_full_articles) else 0

    with _library(must_exist=True) as library:
        if library is None:
            feeds = []
        else:
            feeds = library.due_feeds() if args.due else library.feeds()
        if not feeds:
            if args.json:
                print(json.dumps({"feeds": 0, "ok": 0, "failed": 0, "not_modified": 0, "new_entries": 0,
                                  "results": []}))
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
        print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        for o in summary.outcomes:
            if o.error is not None:
                _out(f"failed: {o.title} <{o.url}>: {o.error.message}")
        _out(summary.line())
    return 0 if summary.failed == 0 else 2


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
    from feeds.dates import format_date
    query = " ".join(args.query)
    with _library(must_exist=True, or_readonly=True) as library:
        results = library.search(query, limit=max(1, args.limit)) if library is not None else []
    if args.json:
        print(json.dumps([{"title": e.title, "feed": e.feed_title, "link": e.link,
                           "published": e.published.isoformat() if e.published else None, "read": e.read}
                          for e in results], ensure_ascii=False, indent=2))
        return 0
    for e in results:
        _out(f"{'  ' if e.read else '● '}{e.title}  ({e.feed_title or ''}{', ' + format_date(e.published) if e.published else ''})")
    if not results:
        _out(f"no articles match {query!r}")
        return 1
    return 0


# -- OPML ----------------------------------------------------------------------------------------------
def cmd_import(argv: Sequence[str]) -> int:
    p = _parser("import", "Subscribe to every feed in an OPML file (folders kept).")
    p.add_argument("file", type=Path)
    args = p.parse_args(argv)
    from feeds.errors import FeedError
    from feeds.opml import parse_opml

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise CommandError(f"{args.file}: {exc.strerror or exc}") from None
    try:
        entries, problems = parse_opml(data)
    except FeedError as err:
        raise CommandError(f"{args.file}: {err.message}") from None
    added = existing = 0
    with _library() as library:
        for item in entries:
            if library.get_feed(item.url) is not None:
                existing += 1
            else:
                added += 1
            library.add_feed(item.url, title=item.title, folder=item.folder)
    for problem in problems:
        _out(f"skipped: {problem}")
    _out(f"imported {added} feed{'s' if added != 1 else ''}"
         + (f" ({existing} already subscribed)" if existing else "")
         + ("; run 'newsreader refresh' to fetch them" if added else ""))
    return 0


def cmd_export(argv: Sequence[str]) -> int:
    p = _parser("export", "Write the subscriptions as OPML 2.0 (to FILE, or to standard output).")
    p.add_argument("file", nargs="?", type=Path)
    args = p.parse_args(argv)
    from feeds.opml import OpmlFeed, write_opml

    with _library(readonly=True) as library:
        feeds = library.feeds() if library is not None else []
    text = write_opml(OpmlFeed(url=f.url, title=f.title, folder=f.folder) for f in feeds)
    if args.file is None:
        sys.stdout.write(text)
        return 0
    from feeds.atomic import atomic_write

    try:
        atomic_write(args.file, text.encode("utf-8"))
    except OSError as exc:
        raise CommandError(f"{args.file}: {exc.strerror or exc}") from None
    _out(f"exported {len(feeds)} feed{'s' if len(feeds) != 1 else ''} to {args.file}")
    return 0


COMMANDS = {
    "add": cmd_add,
    "remove": cmd_remove,
    "feeds": cmd_feeds,
    "refresh": cmd_refresh,
    "import": cmd_import,
    "export": cmd_export,
    "unread": cmd_unread,
    "search": cmd_search,
}
