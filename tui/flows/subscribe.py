"""Subscribing from the reader: one flow for every place that offers "add a feed".

Resolve the typed address (a feed, or a page that links to feeds), ask which
feed when a page offers several, then subscribe keeping both the feed's title
and the folder the user chose. The library screen and the app used to carry a
copy each, and they drifted apart (one dropped the folder, the other the title).
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
    return lib.add_feed(feed_url, title=title, folder=folder)
