"""Subscribing from the reader: one flow for every place that offers "add a feed".

Resolve the typed address (a feed, or a page that links to feeds), ask which
feed when a page offers several, then subscribe keeping both the feed's title
and the folder the user chose. The library screen and the app used to carry a
copy each, and they drifted apart (one dropped the folder, the other the title).
With a sync service configured the server subscribes instead
(:mod:`feeds.sync.subscriptions`): the feed comes back marked remote, and its
articles come with the next sync.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from textual.app import App

    from feeds.library.store import Feed, Library


async def subscribe(app: "App", url: str, folder: str | None,
                    library: Callable[[], "Library | None"]) -> "Feed | None":
    """Subscribe to ``url`` (or the feed the user picks from a page); None when nothing was added.

    ``library`` is called only once the feed is known, so a reader showing
    files can create its library at that moment and not before.
    """
    from feeds.subscribe import SubscribeError, resolve_feed_url

    from ..screens.dialogs import ChooseFeedDialog

    try:
        resolved = await resolve_feed_url(url)
    except SubscribeError as exc:
        app.notify(str(exc), title="Could not add the feed", severity="error", markup=False)
        return None
    feed_url, title = resolved.url, resolved.title
    if resolved.choices:
        chosen = await app.push_screen_wait(ChooseFeedDialog(url, resolved.choices, allow_page=False))
        if not chosen:
            return None
        feed_url, title = chosen, None  # the page's title is not the chosen feed's
    lib = library()
    if lib is None or lib.readonly:
        app.notify("The library cannot be written right now.", severity="error", markup=False)
        return None
    settings = _sync_settings()
    if settings is not None:
        return await _add_on_server(app, lib, settings, feed_url, folder)
    return lib.add_feed(feed_url, title=title, folder=folder)


def _sync_settings():
    """The ``[sync]`` settings when a service is configured (then subscriptions live on the server)."""
    from feeds.core.config import load_config
    from feeds.sync.status import configured

    return configured(load_config())


async def _add_on_server(app: "App", lib: "Library", settings, url: str, folder: str | None) -> "Feed | None":
    """Subscribe on the sync server (in a thread: it is network I/O); the feed comes back marked remote."""
    import asyncio

    from feeds.sync.engine import safe_message
    from feeds.sync.subscriptions import add_on_server

    try:
        added = await asyncio.to_thread(add_on_server, lib, settings, url, folder)
    except Exception as exc:  # SyncError, a busy library: one line, never a traceback
        app.notify(f"Nothing was changed: {safe_message(exc)}", title="The sync server could not add the feed",
                   severity="error", markup=False)
        return None
    if added.folder_missing:
        app.notify(f"The sync server has no folder “{folder}”: the feed is unfiled there.", markup=False,
                   severity="warning")
    return added.feed
