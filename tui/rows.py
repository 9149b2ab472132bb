"""What the article list shows, wherever the articles come from.

The list asks a :class:`RowSource` for its length and for the rows on screen.
:class:`ListSource` holds articles read from files or a feed in memory;
:class:`LibrarySource` holds only the order of a library view (two integers an
entry) and reads the rows on screen from SQLite a page at a time, so a view
reaches every entry however large the library is.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from feeds.core.model import Article

if TYPE_CHECKING:
    from feeds.library.store import Entry, Headline, Library, ViewIndex

#: Rows read from the library at a time (one page around the row asked for).
PAGE = 100
#: Pages kept in memory per view.
PAGES_KEPT = 40


@dataclass(slots=True)
class Row:
    """One headline: what a list row shows, and the key that finds its article."""

    key: object
    title: str
    feed: str | None
    published: datetime | None
    unread: bool
    starred: bool = False


class RowSource(Protocol):
    def __len__(self) -> int: ...

    def row(self, index: int) -> Row: ...

    def article(self, index: int) -> Article: ...

    def index_of(self, key: object) -> int | None: ...

    def set_flag(self, key: object, *, unread: bool | None = None, starred: bool | None = None) -> None: ...

    def next_unread(self, start: int, step: int) -> int | None: ...


class ListSource:
    """Articles already in memory; the key of a row is ``Article.key``."""

    def __init__(self, articles: list[Article], unread: set[str] | None = None) -> None:
        self.articles = articles
        self.unread = set(unread or ())
        self.starred: set[str] = set()
        self._index = {a.key: i for i, a in enumerate(articles)}

    def __len__(self) -> int:
        return len(self.articles)

    def row(self, index: int) -> Row:
        a = self.articles[index]
        return Row(a.key, a.title, a.source, a.published, a.key in self.unread, a.key in self.starred)

    def article(self, index: int) -> Article:
        return self.articles[index]

    def index_of(self, key: object) -> int | None:
        return self._index.get(key)  # type: ignore[arg-type]

    def set_flag(self, key: object, *, unread: bool | None = None, starred: bool | None = None) -> None:
        for flag, names in ((unread, self.unread), (starred, self.starred)):
            if flag is True:
                names.add(key)  # type: ignore[arg-type]
            elif flag is False:
                names.discard(key)  # type: ignore[arg-type]

    def next_unread(self, start: int, step: int) -> int | None:
        i = start + step
        while 0 <= i < len(self.articles):
            if self.articles[i].key in self.unread:
                return i
            i += step
        return None


class PlaceholderSource:
    """One row of note ("Loading…") where a view's rows will come; nothing to open or move to.

    The first screen is painted before the library is read: this row says the list
    is on its way rather than leaving it blank.
    """

    selectable = False

    def __init__(self, note: str) -> None:
        self.note = note

    def __len__(self) -> int:
        return 1

    def row(self, index: int) -> Row:
        return Row(None, self.note, None, None, False)

    def article(self, index: int) -> Article:
        raise LookupError("a placeholder row has no article")

    def index_of(self, key: object) -> int | None:
        return None

    def set_flag(self, key: object, *, unread: bool | None = None, starred: bool | None = None) -> None:
        pass

    def next_unread(self, start: int, step: int) -> int | None:
        return None


class LibrarySource:
    """A library view: entry order and unread state up front, rows a page at a time.

    Row keys are entry keys ``(feed_id, entry_id)``; ``Article.key`` of an entry's
    article is the same key as text, which :meth:`index_of` also accepts.
    """

    def __init__(self, library: "Library", view: "ViewIndex", *, total: int | None = None) -> None:
        """``view`` may be only the view's head (start-up): ``total`` rows then, the rest after :meth:`complete`."""
        self.library = library
        self.seqs = view.seqs
        self.unread = view.unread
        self.total = total
        self._pages: OrderedDict[int, list["Headline"]] = OrderedDict()
        self._entry: "Entry | None" = None

    def __len__(self) -> int:
        return len(self.seqs) if self.total is None else max(self.total, len(self.seqs))

    @property
    def partial(self) -> bool:
        """Only the head of the view is known yet (rows past it show as pending)."""
        return self.total is not None

    def complete(self, view: "ViewIndex") -> None:
        """The whole view has been read (in a thread): every row is reachable now."""
        self.seqs, self.unread, self.total = view.seqs, view.unread, None
        self._pages.clear()  # positions past the head were pending; the head may have moved too

    def headline(self, index: int) -> "Headline":
        if index >= len(self.seqs):  # past the head of a view still being read
            return _gone(-1 - index, "…")
        page = index // PAGE
        rows = self._pages.get(page)
        if rows is None:
            seqs = self.seqs[page * PAGE:(page + 1) * PAGE]
            found = self.library.headlines(seqs)
            rows = [found.get(s) or _gone(s) for s in seqs]
            self._pages[page] = rows
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows[index - page * PAGE]

    def row(self, index: int) -> Row:
        h = self.headline(index)
        return Row(h.key, h.title, h.feed_title, h.published, h.seq in self.unread, h.starred)

    def entry(self, index: int) -> "Entry | None":
        """The whole entry (text included) for the row; the last one is kept."""
        h = self.headline(index)
        if self._entry is None or self._entry.key != h.key:
            self._entry = self.library.get_entry(h.key)
        return self._entry

    def article(self, index: int) -> Article:
        entry = self.entry(index)
        if entry is None:  # removed meanwhile (another process, an unsubscribe)
            h = self.headline(index)
            return Article(title=h.title, text="This article is no longer in the library.", source=h.feed_title,
                           published=h.published, url=h.link, entry_key=h.key)
        return entry.to_article()

    def forget(self, key: object) -> None:
        if self._entry is not None and (self._entry.key == key or self._entry.to_article().key == key):
            self._entry = None

    def index_of(self, key: object) -> int | None:
        if isinstance(key, str) and ":" in key:
            feed, _, entry_id = key.partition(":")
            key = (int(feed), entry_id) if feed.isdigit() else key
        for page, rows in self._pages.items():
            for i, h in enumerate(rows):
                if h.key == key:
                    return page * PAGE + i
        if isinstance(key, tuple):
            seq = self.library.seq_of(key)
            if seq is not None:
                try:
                    return self.seqs.index(seq)
                except ValueError:
                    return None
        return None

    def set_flag(self, key: object, *, unread: bool | None = None, starred: bool | None = None) -> None:
        index = self.index_of(key)
        if index is None:
            return
        h = self.headline(index)
        if unread is not None:
            h.read = not unread
            (self.unread.add if unread else self.unread.discard)(h.seq)
        if starred is not None:
            h.starred = starred
        if self._entry is not None and self._entry.key == h.key:
            self._entry.read = h.read
            self._entry.starred = h.starred

    def next_unread(self, start: int, step: int) -> int | None:
        if not self.unread:
            return None
        i = start + step
        seqs, unread = self.seqs, self.unread
        while 0 <= i < len(seqs):
            if seqs[i] in unread:
                return i
            i += step
        return None


def _gone(seq: int, title: str = "(removed)") -> "Headline":
    from feeds.library.store import Headline

    return Headline(seq=seq, feed_id=-1, id=f"gone:{seq}", title=title, published=None, read=True,
                    starred=False, feed_title=None)
