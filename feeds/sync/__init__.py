"""Sync with an aggregator server: the server fetches and holds the state, newsreader reads.

:mod:`.backend` is the interface every service implements, :mod:`.ttrss` the
Tiny Tiny RSS JSON API, :mod:`.greader` the Google Reader API (FreshRSS,
Miniflux), :mod:`.engine` what one ``newsreader sync`` does with a library.
Nothing here imports Textual.
"""
