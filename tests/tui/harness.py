"""Helpers for driving the real app with Pilot and reading what it shows."""

from __future__ import annotations

import re

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot

# The sequences Textual itself writes: colours (SGR) and cursor moves (CUP).
_SGR = re.compile(r"\x1b\[[0-9;:]*m|\x1b\[\d+;\d+H")
UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _render(app: App, color: bool) -> str:
    """The screen as a terminal would get it, through public API only.

    ``App.export_screenshot`` renders the screen into a recording Rich console
    and hands it to ``Console.export_svg``; catching that call gives the
    console itself, from which the plain text (or the raw terminal bytes) is
    read. If Textual ever renders screenshots another way, nothing is caught
    and this fails loudly instead of returning an empty screen.
    """
    caught: list[Console] = []
    real = Console.export_svg

    def catch(console: Console, *args: object, **kwargs: object) -> str:
        caught.append(console)
        return ""

    Console.export_svg = catch  # type: ignore[method-assign]
    try:
        app.export_screenshot()
    finally:
        Console.export_svg = real  # type: ignore[method-assign]
    if not caught:
        raise RuntimeError("App.export_screenshot no longer renders through Console.export_svg")
    console = caught[0]
    return console.file.getvalue() if color else console.export_text()


def screen_text(app: App) -> str:
    """What a user sees, as plain text lines."""
    return _render(app, color=False)


def screen_bytes_outside_sgr(app: App) -> str:
    """The terminal output without Textual's own colour and cursor codes: data must leave nothing else."""
    return _SGR.sub("", _render(app, color=True))


async def settle(pilot: Pilot, timeout: float = 20.0) -> None:
    """Wait for loading and analysis workers to finish and the screen to catch up."""
    app = pilot.app
    waited = 0.0
    while not getattr(app, "loaded", True) and waited < timeout:
        await pilot.pause(0.05)
        waited += 0.05
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def region_text(app: App, widget) -> str:
    """The part of the screen a widget occupies, as text."""
    region = widget.region
    lines = screen_text(app).splitlines()[region.y : region.y + region.height]
    return "\n".join(line[region.x : region.x + region.width] for line in lines)


async def add_feed_in_dialog(pilot: Pilot, url: str, folder: str) -> None:
    """Press ``a``, fill in the add-feed dialog with ``url`` and ``folder``, and submit it."""
    from tui.screens.dialogs import AddFeedDialog

    app = pilot.app
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(app.screen, AddFeedDialog)
    app.screen.query_one("#add-url").value = url
    app.screen.query_one("#add-folder").value = folder
    await pilot.press("enter")
