"""The newsreader engine. Nothing here imports Textual or Rich, so everything it
does can be driven from the command line and from tests without a terminal.

The house, in the order data flows through it::

    core/      model, errors (one NewsreaderError root), sanitize, dates, paths,
               config, atomic, sizes, urls            -- imports nothing else of ours
    net/       http (client, limits, zones), decode, netzone, discover
    formats/   xmlguard, feedparse, opml, htmltext, htmlpage, markdown, plaintext
    inputs/    local (files by suffix), open (paths and URLs to articles)
    library/   store (Library = feeds + entries + search + cache + recovery
               + quotes index + sync records), records, schema, lock, errors
    analysis/  quotes, figures and sources as named rules over the plain text
    people/    who said what: the analysis index, people, stories
    sync/      aggregator servers (Tiny Tiny RSS)
    refresh, refresh_child, parse_worker, catchup, subscribe, save, handoff
               -- what the reader does with it
"""

import sys as _sys

__version__ = "0.1.0"

# httpx imports its command-line client (click, rich, pygments) whenever click is installed:
# ~55 ms of every start, and Rich inside the engine, for a tool newsreader never runs. A None
# entry in sys.modules makes that one import fail, and httpx puts a stub in its place.
if "httpx" not in _sys.modules:
    _sys.modules.setdefault("httpx._main", None)
