"""The ``newsreader`` command: the reader by default, subcommands for scripts.

    newsreader [PATH|URL ...]                 open the reader
    newsreader analyze PATH|URL ... [--format json|text] [--explain]

Textual is imported only when the reader starts, so scripted commands stay
fast, and every failure ends in a one-line message and a non-zero status,
never a traceback.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Callable, Sequence

from feeds import __version__

if TYPE_CHECKING:
    import argparse

PROG = "newsreader"


def _reader_parser() -> "argparse.ArgumentParser":
    import argparse

    p = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "A terminal news reader that shows, beside each article, who is quoted, "
            "the key figures and where every claim comes from."
        ),
        epilog=(
            "commands:\n"
            "  analyze PATH|URL ...   print the quotes, figures and sources of articles\n"
            "  add URL [--folder F]   subscribe to a feed (or to the feeds a site lists)\n"
            "  remove URL             unsubscribe\n"
            "  feeds                  subscriptions with unread counts and last errors\n"
            "  refresh [--json]       fetch every subscription\n"
            "  sync [--json]          sync with the aggregator server of the [sync] settings\n"
            "  import FILE.opml       subscribe to the feeds of an OPML file\n"
            "  export [FILE.opml]     write the subscriptions as OPML\n"
            "  unread                 the number of unread entries\n"
            "  search WORDS           full-text search of the library\n\n"
            "With no PATH, the reader opens your library, or the built-in samples when it is empty.\n"
            "Run 'newsreader COMMAND --help' for a command's options."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="*", metavar="PATH|URL", help="files or directories of articles (.txt, .md, .html)")
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    return p


def _analyze_parser() -> "argparse.ArgumentParser":
    import argparse

    p = argparse.ArgumentParser(
        prog=f"{PROG} analyze",
        description="Analyse articles: quotes with speakers, key figures and sources.",
    )
    p.add_argument("inputs", nargs="+", metavar="PATH|URL")
    p.add_argument("--format", choices=("json", "text"), default="text",
                   help="json: one object (one per line with a 'path' key for several inputs); text: a report")
    p.add_argument("--explain", action="store_true",
                   help="name the rules that decided each quote, figure and source (json: a 'why' list; text: a why: line)")
    return p


from .cli_output import error as _error
from .cli_output import print_json, setup_streams

#: Printed when the reader is started without a terminal (item 12).
NO_TERMINAL = (f"{PROG}: the reader needs a terminal (standard input and output must be a tty); "
               f"without one, use 'newsreader analyze PATH|URL', 'feeds', 'search WORDS', 'refresh' or 'export'")


def _load_error_line(raw: str, err: Exception) -> str:
    """The error naming the input as typed, so a name that is not UTF-8 shows its bytes as escapes (M4)."""
    from feeds.core.sanitize import sanitize_line

    origin, reason = getattr(err, "origin", None), getattr(err, "reason", None)
    if reason is not None and origin == sanitize_line(raw, limit=300):
        return f"{raw}: {reason}"
    return str(err)


def cmd_analyze(argv: Sequence[str]) -> int:
    args = _analyze_parser().parse_args(argv)
    from feeds.analysis import analyze
    from feeds.inputs.open import open_inputs

    status = 0
    results = []
    for raw in args.inputs:
        opened = open_inputs([raw])
        for err in opened.errors:
            _error(_load_error_line(raw, err))
            status = 1
        results.extend((raw, article) for article in opened.articles)
    several = len(args.inputs) > 1 or len(results) > 1
    report = None
    for raw, article in results:
        analysis = analyze(article.text, explain=args.explain, title=article.title or "")
        if args.format == "json":
            obj: dict = {"path": raw} if several else {}
            obj.update(article.metadata())
            obj["text"] = article.text
            obj.update(analysis.to_dict(explain=args.explain))
            print_json(obj, indent=None if several else 2)
        else:
            if report is None:
                from .report import print_report as report
            report(article, analysis, explain=args.explain)
    return status


def has_terminal() -> bool:
    """Both ends of a terminal: keys come in on stdin, the screen goes out on stdout."""
    return all(stream is not None and not stream.closed and stream.isatty() for stream in (sys.stdin, sys.stdout))


def cmd_reader(argv: Sequence[str]) -> int:
    # No arguments: nothing to parse, and argparse (with gettext) stays out of the start-up.
    inputs = _reader_parser().parse_args(argv).inputs if argv else []
    if not has_terminal():
        print(NO_TERMINAL, file=sys.stderr)
        return 2
    from . import startgc

    startgc.pause()  # until the first frame: see tui/startgc.py
    early = None
    if not inputs:
        # The library's first screen is read while the UI's modules load (about a
        # quarter of a second): the first frame then has the library in it.
        from feeds.core.paths import library_path

        path = library_path()
        if path.exists():
            from feeds.library.firstscreen import start_reading

            early = start_reading(path)
    from .app import make_app

    app = make_app(inputs, early=early)
    app.run()
    return app.return_code or 0


LIBRARY_COMMANDS = ("add", "remove", "feeds", "refresh", "import", "export", "unread", "search",
                    "people", "quotes", "stories", "sync")


def _library_command(name: str) -> Callable[[Sequence[str]], int]:
    def run(argv: Sequence[str]) -> int:
        from .cli_library import COMMANDS as library_commands

        return library_commands[name](argv)

    return run


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "analyze": cmd_analyze,
    **{name: _library_command(name) for name in LIBRARY_COMMANDS},
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    setup_streams()
    try:
        if argv and argv[0] in COMMANDS:
            return COMMANDS[argv[0]](argv[1:])
        return cmd_reader(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: one line, not a traceback
        if type(exc).__name__ == "CommandError":  # a command's own one-line failure
            _error(str(exc))
            return 1
        if os.environ.get("NEWSREADER_DEBUG"):
            raise
        _error(f"unexpected error: {type(exc).__name__}: {exc} (set NEWSREADER_DEBUG=1 for details)")
        return 1


if __name__ == "__main__":
    sys.exit(main())
