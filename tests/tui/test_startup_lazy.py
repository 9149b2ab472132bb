"""Start-up draws once and makes only what the first frame shows; the rest comes when first needed.

The first frame of the installed ``newsreader`` is read byte for byte from a real
terminal: it must be the library screen as it stays (the headlines, the article,
the footer with the library's keys, the focus on the list), not a frame that a
second one fixes a moment later. What is made later (the analysis panes under
160 columns, the modules only later work uses) must work the first time it is needed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .ptyterm import HOME, PtyReader, frame_showing
from .test_startup_worker import library  # noqa: F401  (the fixture: three feeds of five entries)

pytestmark = pytest.mark.timeout(120)

#: Escape sequences that set colours (SGR).
_SGR = re.compile(rb"\x1b\[([0-9;]*)m")


def _first_frame(showing: bytes, *, size: tuple[int, int] = (120, 40), timeout: float = 60) -> bytes:
    """The first frame the installed reader writes to a terminal of ``size`` that shows ``showing``."""
    with PtyReader(size) as term:
        term.read_until(lambda out: showing in out and HOME in out[out.index(showing):], timeout)
        out = term.out
    at = out.index(showing)
    assert b"Loading" not in out[:at]  # no frame before it said the library was still coming
    return frame_showing(out, showing)


def _colour_of(frame: bytes, text: bytes) -> bytes:
    """The colours ``text`` is drawn in: the last colour set before it."""
    return _SGR.findall(frame[:frame.index(text)])[-1]


def test_the_first_frame_is_the_library_screen_as_it_stays(library: Path) -> None:
    frame = _first_frame(b"Body of story 1.")
    # The frame that shows the article has everything else too: the headlines with their
    # count, and the footer with the keys that need the library (not a footer filled later).
    for text in (b"All articles (15)", b"Library (3 feeds)", b"Refresh", b"Search", b"Add", b"Help"):
        assert text in frame
    # The focus is on the headlines from the first frame: their border has the focus
    # colour, the library column's is drawn like the article's (not focused). A first
    # frame with the library column focused is corrected by the next one, a flash.
    library_title = _colour_of(frame, b" Library (3 feeds) ")
    list_title = _colour_of(frame, b" All articles (15) ")
    article_title = _colour_of(frame, b" Article ")
    assert library_title == article_title
    assert list_title != article_title


def test_the_reader_loads_what_its_first_frame_needs_and_no_more() -> None:
    # What only later work uses is imported when that work starts: the analysis model with the
    # analyser (after the first frame), JSON and argument parsing with the commands that use them,
    # the TOML reader when there is a config.toml to read.
    code = ("import sys, tui.cli, tui.app, tui.screens.library, feeds.core.config\n"
            "feeds.core.config.load_config()\n"
            "print('\\n'.join(sys.modules))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())
    assert "tui.screens.library" in loaded
    for module in ("feeds.analysis", "argparse", "tomllib"):
        assert module not in loaded, module


async def test_the_panes_made_when_first_shown_show_the_article_being_read() -> None:
    # Under 160 columns the panes are not on screen until the user reads: they are made
    # then, and must show the analysis that came in while they did not exist yet.
    from feeds.analysis import analyze
    from tui.app import make_app
    from tui.screens.help import HelpScreen
    from tui.widgets.article_view import ArticleView
    from tui.widgets.panes import FiguresPane, QuotesPane

    from .harness import screen_text, settle

    def expected(app) -> tuple[str, str]:
        """The title the Quotes pane shows for the article on screen, and its first quote's start."""
        article = app.screen.query_one(ArticleView).article
        quotes = analyze(article.text, title=article.title or "").quotes
        return f"Quotes ({len(quotes)})", quotes[0].text.strip("“”\" ")[:16]

    app = make_app([])  # the built-in samples
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the first article's analysis is done
        assert "Quotes (" not in screen_text(app)
        await pilot.press("question_mark")  # the help lists the panes' keys before they were ever shown
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("end")  # the panes' keys are at the end of the help
        await settle(pilot)
        assert "Quotes pane" in screen_text(app) and "Copy quote" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("1")
        await settle(pilot)
        title, quote = expected(app)
        shown = screen_text(app)
        assert isinstance(app.focused, QuotesPane)
        assert title in shown and quote in shown and "Key figures (" in shown
        await pilot.press("q", "J")  # the next article: the panes follow it
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        title, _ = expected(app)
        assert isinstance(app.focused, FiguresPane)
        assert title in screen_text(app)


async def test_garbage_collection_paused_at_start_resumes_with_the_first_frame() -> None:
    # Collecting while start-up makes its long-lived objects is wasted work (tui/startgc.py),
    # but a reader left without a collector would grow for ever with every cycle it makes:
    # collection must come back as soon as the first frame is drawn, not only by the
    # fallback timer seconds later.
    import gc

    from tui import startgc
    from tui.app import make_app

    from .harness import screen_text

    assert gc.isenabled()
    startgc.pause()
    try:
        assert not gc.isenabled()
        app = make_app([])  # the built-in samples
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(200):  # until the first frame is on screen (well inside the fallback's 3 s)
                await pilot.pause(0.01)
                if "Kirisawa" in screen_text(app):
                    break
            assert "Kirisawa" in screen_text(app)
            assert gc.isenabled()
            assert not startgc.paused()
    finally:
        startgc.resume()
        gc.enable()
        gc.unfreeze()  # this test process's objects, frozen with the app's


async def test_what_start_up_made_is_left_out_of_later_full_collections() -> None:
    # A full collection walks every object the collector tracks. With the ~55,000 that start-up
    # makes (and that live as long as the app) in it, one took 50-75 ms, and a key pressed
    # meanwhile waited for it; a refresh's results set them off every few seconds. From the
    # first frame on, those objects are no longer walked: the app's screen is not among them.
    import gc

    from tui import startgc
    from tui.app import make_app

    from .harness import screen_text

    startgc.pause()
    try:
        app = make_app([])  # the built-in samples
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(200):
                await pilot.pause(0.01)
                if "Kirisawa" in screen_text(app):
                    break
            assert gc.isenabled()
            assert gc.get_freeze_count() > 10_000
            screen, walked = app.screen, gc.get_objects()
            assert not any(o is screen for o in walked)
            assert not any(o is app for o in walked)
            del walked
    finally:
        startgc.resume()
        gc.enable()
        gc.unfreeze()


def test_the_start_up_pause_leaves_a_collector_someone_else_turned_off_alone() -> None:
    import gc

    from tui import startgc

    gc.disable()
    try:
        startgc.pause()
        startgc.resume()
        assert not gc.isenabled()  # resume only undoes its own pause
    finally:
        gc.enable()
    startgc.pause()
    startgc.resume()
    assert gc.isenabled()
    gc.unfreeze()
