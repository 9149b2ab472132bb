"""The Google Reader API as FreshRSS and Miniflux serve it, bounded like the fetcher.

The user configures the base URL (FreshRSS: ``https://host/api/greader.php``,
Miniflux: ``https://host``); ``/accounts/ClientLogin`` and ``/reader/api/0/...``
are appended to it. ``ClientLogin`` trades the user name and password for an
auth token sent as ``Authorization: GoogleLogin auth=TOKEN``; writes also carry
the short-lived ``T`` token from ``/token``. A 401 (token expired, server
restarted, password changed) logs in again once, transparently.

Entries come from ``stream/contents`` of the reading list, paged with the
server's continuation and limited to those crawled since the cursor (``ot``).
Miniflux has no ``stream/contents`` (it answers ``[]``): there the same pages
are built from ``stream/items/ids`` and ``stream/items/contents``; Miniflux's
``ot`` compares the *published* time, so that path asks for a day more than
the cursor (storing an entry twice is harmless, missing one is not).
Inoreader speaks the same API but also wants its ``AppId``/``AppKey``
headers, which are not sent (not tested against it).

Item ids come in two forms, the long ``tag:google.com,2005:reader/item/<16
hex>`` and the short signed decimal of ``stream/items/ids``; both are the same
64-bit number, kept here as its 16 hex digits and sent back in the long form
(which every server accepts). Answers are capped at :data:`feeds.sync.transport.MAX_RESPONSE_BYTES`,
every request has a timeout, redirects are not followed; the password and the
tokens live in this object only and never reach a message.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any, Iterator, Sequence
from urllib.parse import quote

import httpx

from ..core.urls import display_url
from ..net.http import DEFAULT_USER_AGENT
from .backend import RemoteEntry, RemoteFeed, SyncAuthError, SyncError, SyncUnavailable
from .transport import one_line_errors, read_capped
from .ttrss import TIMEOUT, _date, _text

__all__ = ["GreaderBackend", "item_key", "long_item_id", "CURSOR_PREFIX", "PAGE_SIZE"]

LONG_PREFIX = "tag:google.com,2005:reader/item/"
READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
LABEL = "user/-/label/"
#: Items asked for per ``stream/contents`` page (servers may send fewer), ids per ``stream/items/ids`` page.
PAGE_SIZE = 200
IDS_PAGE_SIZE = 10_000
#: Item ids per ``edit-tag`` or ``stream/items/contents`` request (they travel as repeated ``i=``).
IDS_PER_WRITE = 250
#: A stream is read for at most this many pages: a server repeating itself must not keep a sync going.
MAX_PAGES = 100_000
#: The cursor is tagged so a cursor another service left in the library is never taken for ours.
CURSOR_PREFIX = "greader:"
#: Seconds before the cursor asked for where ``ot`` is a published time (Miniflux), not a crawl time.
PUBLISHED_OVERLAP = 24 * 3600
_UINT64 = (1 << 64) - 1
_DECIMAL = re.compile(r"-?[0-9]{1,20}")
_HEX = re.compile(r"[0-9a-fA-F]{1,16}")
_API_PATH = "/reader/api/0"
#: Longer auth or T tokens are not tokens (Google's were 57 characters, FreshRSS's and Miniflux's under 200).
MAX_TOKEN_CHARS = 4096


def item_key(value: Any) -> str | None:
    """Either form of an item id as its 16 lowercase hex digits; None when it is neither.

    The short form is the signed decimal of the same 64-bit number (Google
    Reader wrote the upper half of the range as negative numbers).
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.startswith(LONG_PREFIX):
        digits = text[len(LONG_PREFIX):]
        return f"{int(digits, 16):016x}" if _HEX.fullmatch(digits) else None
    if _DECIMAL.fullmatch(text):
        number = int(text)
        return f"{number & _UINT64:016x}" if -(1 << 63) <= number <= _UINT64 else None
    return None


def long_item_id(key: str) -> str:
    return LONG_PREFIX + key


def _state(categories: Any, stream: str) -> bool:
    """Whether an item's categories hold a state, as ``user/-/...`` or ``user/<id>/...``."""
    suffix = stream.split("/", 2)[2]  # "state/com.google/read"
    return isinstance(categories, list) and any(
        isinstance(c, str) and c.startswith("user/") and c.split("/", 2)[-1] == suffix for c in categories)


def _folder(categories: Any) -> str | None:
    """The first label of a subscription: its folder."""
    for category in categories if isinstance(categories, list) else []:
        if not isinstance(category, dict):
            continue
        label, cid = category.get("label"), category.get("id")
        if isinstance(cid, str) and "/label/" in cid:
            name = label if isinstance(label, str) and label.strip() else cid.split("/label/", 1)[1]
            return _text(name, 200) or None
    return None


def _href(links: Any) -> str | None:
    for link in links if isinstance(links, list) else []:
        href = link.get("href") if isinstance(link, dict) else None
        if isinstance(href, str) and href.strip():
            return href.strip()
    return None


def _seconds(item: dict[str, Any]) -> int:
    """When the server got the item (``crawlTimeMsec``, else ``timestampUsec``), in Unix seconds; 0: unknown."""
    for name, scale in (("crawlTimeMsec", 1000), ("timestampUsec", 1_000_000)):
        value = item.get(name)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).isdigit():
            return int(value) // scale
    return 0


def _entry(item: Any) -> RemoteEntry | None:
    if not isinstance(item, dict):
        return None
    key, origin = item_key(item.get("id")), item.get("origin")
    feed = origin.get("streamId") if isinstance(origin, dict) else None
    if key is None or not isinstance(feed, str):
        return None
    html = ""
    for part in ("content", "summary"):
        body = item.get(part)
        if isinstance(body, dict) and isinstance(body.get("content"), str) and body["content"].strip():
            html = body["content"]
            break
    categories = item.get("categories")
    published: datetime | None = _date(item.get("published"))
    return RemoteEntry(id=key, feed_id=feed, title=_text(item.get("title")),
                       link=_href(item.get("alternate")) or _href(item.get("canonical")),
                       author=_text(item.get("author"), 1000) or None, published=published,
                       updated=_date(item.get("updated")) or published, html=html,
                       read=_state(categories, READ), starred=_state(categories, STARRED))


def _token(raw: bytes, url: str, where: str) -> str:
    """A token as the server sent it, checked: it goes into a header, so printable ASCII only."""
    token = raw.decode("utf-8", "replace").strip()
    if not token or len(token) > MAX_TOKEN_CHARS or not (token.isascii() and token.isprintable()):
        raise SyncUnavailable(f"{display_url(url)} is not a Google Reader API (no token in its {where} answer)")
    return token


class _Unauthorized(SyncError):
    """The server answered 401: the auth or T token is no longer good (caught here, never raised further)."""


class GreaderBackend:
    """One user's session on a Google Reader API server (FreshRSS, Miniflux)."""

    def __init__(self, url: str, user: str, password: str, *, client: httpx.Client | None = None) -> None:
        self.url = url.strip().rstrip("/")
        if self.url.endswith(_API_PATH):  # the API's own address pasted in: its base is above it
            self.url = self.url[:-len(_API_PATH)]
        self.user = user
        self._password = password
        self._auth: str | None = None
        self._edit_token: str | None = None
        self._client = client or httpx.Client(timeout=TIMEOUT, follow_redirects=False,
                                              headers={"User-Agent": DEFAULT_USER_AGENT})
        self.requests = 0

    def __repr__(self) -> str:  # never the password nor a token
        return f"GreaderBackend({display_url(self.url)!r}, user={self.user!r})"

    # -- transport ---------------------------------------------------------------------------
    def _send(self, method: str, path: str, *, params: Any = None, data: Any = None,
              auth: bool = True, refused: tuple[int, ...] = (401,)) -> bytes:
        """One request; the body of a 200 answer. A status in ``refused`` is :class:`_Unauthorized`."""
        shown = display_url(self.url)
        headers = {"Authorization": f"GoogleLogin auth={self._auth}"} if auth and self._auth else {}
        self.requests += 1
        with one_line_errors(shown), self._client.stream(method, self.url + path, params=params, data=data,
                                                         headers=headers) as response:
            if response.status_code in refused:
                raise _Unauthorized()
            return read_capped(response, shown)

    def _call(self, method: str, path: str, *, params: Any = None, data: dict[str, Any] | None = None) -> bytes:
        """An API call in the current session: logs in first, and once again on a 401.

        A POST carries the ``T`` token, fetched when first needed and again after a 401.
        """
        for attempt in (1, 2):
            if self._auth is None:
                self.login()
            try:
                body = data
                if method == "POST":
                    if self._edit_token is None:
                        self._edit_token = _token(self._send("GET", _API_PATH + "/token"), self.url, "token")
                    body = {**(data or {}), "T": self._edit_token}
                return self._send(method, f"{_API_PATH}/{path}", params=params, data=body)
            except _Unauthorized:
                if attempt == 2:
                    break
                self._auth = self._edit_token = None
        raise SyncAuthError(f"the sync server {display_url(self.url)} refused the session of {self.user!r} "
                            "right after logging in")

    def _json(self, path: str, params: Any = None, *, method: str = "GET", data: dict[str, Any] | None = None) -> Any:
        raw = self._call(method, path, params={"output": "json", **(params or {})}, data=data)
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):
            raise SyncUnavailable(f"{display_url(self.url)} is not a Google Reader API (its answer is not JSON)") \
                from None

    def _write(self, path: str, data: dict[str, Any]) -> None:
        answer = self._call("POST", path, data=data).decode("utf-8", "replace").strip()
        if answer != "OK":
            raise SyncError(f"the sync server refused {path}: {_text(answer, 100) or 'no answer'}")

    # -- SyncBackend ---------------------------------------------------------------------------
    def login(self) -> None:
        try:  # Google answered a refused password with 403, FreshRSS and Miniflux with 401
            raw = self._send("POST", "/accounts/ClientLogin", data={"Email": self.user, "Passwd": self._password},
                             auth=False, refused=(401, 403))
        except _Unauthorized:
            raise SyncAuthError(f"the sync server {display_url(self.url)} refused the user name or password "
                                f"for {self.user!r}") from None
        lines = raw.decode("utf-8", "replace").splitlines()
        auth = next((line[5:] for line in lines if line.startswith("Auth=")), "").encode()
        self._auth, self._edit_token = _token(auth, self.url, "ClientLogin"), None

    def subscriptions(self) -> list[RemoteFeed]:
        data = self._json("subscription/list")
        subs = data.get("subscriptions") if isinstance(data, dict) else None
        out = []
        for sub in subs if isinstance(subs, list) else []:
            sid = sub.get("id") if isinstance(sub, dict) else None
            if not isinstance(sid, str) or not sid.startswith("feed/"):
                continue
            url = sub.get("url")
            if not isinstance(url, str) or not url.strip():
                url = sid[5:] if "://" in sid else ""  # Google Reader's own ids were feed/<url>
            if not url.strip():
                continue
            out.append(RemoteFeed(id=sid, url=url.strip(), title=_text(sub.get("title"), 2000),
                                  folder=_folder(sub.get("categories"))))
        return out

    def entries_since(self, cursor: str | None) -> Iterator[tuple[list[RemoteEntry], str | None]]:
        """Pages of the items crawled since ``cursor``; the new cursor comes alone, after the last page.

        The newest crawl time is known only once every page has come, so a sync
        cut short starts again from the old cursor rather than skip anything.
        """
        since = None
        if cursor and cursor.startswith(CURSOR_PREFIX) and cursor[len(CURSOR_PREFIX):].isdigit():
            since = int(cursor[len(CURSOR_PREFIX):])
        newest = since or 0
        for items in self._items(since):
            entries = [e for e in map(_entry, items) if e is not None]
            newest = max([newest, *(_seconds(i) for i in items if isinstance(i, dict))])
            yield entries, None
        yield [], f"{CURSOR_PREFIX}{newest}"

    def _items(self, since: int | None) -> Iterator[list[Any]]:
        """The reading list's items crawled since ``since``, a page at a time."""
        path = "stream/contents/" + quote(READING_LIST, safe="/")
        continuation: str | None = None
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            params = {"n": PAGE_SIZE, **({"ot": since} if since else {}), **({"c": continuation} if continuation else {})}
            data = self._json(path, params)
            if data == [] and continuation is None:  # Miniflux: no stream/contents
                yield from self._items_by_ids(since)
                return
            if not isinstance(data, dict):
                raise SyncUnavailable(f"{display_url(self.url)} is not a Google Reader API (unexpected stream answer)")
            items = data.get("items") if isinstance(data.get("items"), list) else []
            yield items
            continuation = data.get("continuation") if isinstance(data.get("continuation"), str) else None
            if not items or not continuation or continuation in seen:
                return
            seen.add(continuation)

    def _items_by_ids(self, since: int | None) -> Iterator[list[Any]]:
        ot = max(0, since - PUBLISHED_OVERLAP) if since else None
        keys = self._ids(READING_LIST, ot=ot)
        for start in range(0, len(keys), IDS_PER_WRITE):
            chunk = [long_item_id(k) for k in keys[start:start + IDS_PER_WRITE]]
            data = self._json("stream/items/contents", method="POST", data={"i": chunk})
            items = data.get("items") if isinstance(data, dict) else None
            yield items if isinstance(items, list) else []

    def _ids(self, stream: str, *, exclude: str | None = None, ot: int | None = None) -> list[str]:
        """Every item id of a stream (minus those in ``exclude``), as hex keys, following continuations."""
        keys: list[str] = []
        continuation: str | None = None
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            params: dict[str, Any] = {"s": stream, "n": IDS_PAGE_SIZE}
            for name, value in (("xt", exclude), ("ot", ot), ("c", continuation)):
                if value:
                    params[name] = value
            data = self._json("stream/items/ids", params)
            refs = data.get("itemRefs") if isinstance(data, dict) else None
            refs = refs if isinstance(refs, list) else []
            keys.extend(k for k in (item_key(r.get("id")) for r in refs if isinstance(r, dict)) if k)
            continuation = data.get("continuation") if isinstance(data, dict) else None
            if not refs or not isinstance(continuation, str) or not continuation or continuation in seen:
                break
            seen.add(continuation)
        return keys

    def unread_ids(self, feed_id: str | None = None) -> set[str]:
        return set(self._ids(feed_id or READING_LIST, exclude=READ))

    def starred_ids(self) -> set[str]:
        return set(self._ids(STARRED))

    def _tag(self, ids: Sequence[str], stream: str, on: bool) -> None:
        longs = [long_item_id(k) for k in ids if len(k) == 16 and _HEX.fullmatch(k)]  # keys from item_key
        for start in range(0, len(longs), IDS_PER_WRITE):
            self._write("edit-tag", {"i": longs[start:start + IDS_PER_WRITE], ("a" if on else "r"): stream})

    def mark_read(self, ids: Sequence[str], read: bool) -> None:
        self._tag(ids, READ, read)

    def mark_starred(self, ids: Sequence[str], starred: bool) -> None:
        self._tag(ids, STARRED, starred)

    def folder_id(self, name: str) -> str | None:
        """A folder's id for :meth:`subscribe`: labels are names here, made by the server on first use."""
        return name.strip() or None

    def subscribe(self, url: str, folder_id: str | None = None) -> None:
        """Subscribe to ``url``, filed under the folder named ``folder_id``."""
        data = {"ac": "subscribe", "s": "feed/" + url.strip()}
        if folder_id and folder_id.strip():
            data["a"] = LABEL + folder_id.strip()
        self._write("subscription/edit", data)

    def unsubscribe(self, feed_id: str) -> None:
        if feed_id.startswith("feed/"):
            self._write("subscription/edit", {"ac": "unsubscribe", "s": feed_id})

    def close(self) -> None:
        self._client.close()
