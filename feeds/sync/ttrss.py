"""The Tiny Tiny RSS JSON API (``/api/``), bounded like the fetcher.

Every call is one POST of a JSON object with ``op`` and the session id; the
answer is ``{"status": 0, "content": ...}`` or ``status 1`` with an error
name. A session the server forgot (``NOT_LOGGED_IN``: expired, the server
restarted) is logged in again once, transparently. Answers are capped at
:data:`MAX_RESPONSE_BYTES` and every request has a timeout; redirects are not
followed, so the server is exactly the URL the user configured. The password
lives in this object only, is never put in a message and never stored.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Iterator, Sequence

import httpx

from ..core.sanitize import sanitize_line
from ..core.urls import display_url
from ..net.http import DEFAULT_USER_AGENT
from .backend import RemoteEntry, RemoteFeed, SyncAuthError, SyncError, SyncUnavailable
from .transport import MAX_RESPONSE_BYTES, one_line_errors, read_capped

__all__ = ["TtrssBackend", "MAX_RESPONSE_BYTES", "PAGE_SIZE"]

#: tt-rss returns at most 200 headlines a call.
PAGE_SIZE = 200
#: Seconds to connect, and between two reads of the answer.
TIMEOUT = httpx.Timeout(30.0, connect=10.0)
#: Ids per updateArticle call (the ids travel as one comma-separated string).
IDS_PER_UPDATE = 500

# getHeadlines' virtual feeds and updateArticle's fields and modes
_ALL_ARTICLES, _STARRED = -4, -1
_FIELD_STARRED, _FIELD_UNREAD = 0, 2
_MODE_FALSE, _MODE_TRUE = 0, 1


def _api_url(url: str) -> str:
    base = url.strip().rstrip("/")
    return base if base.endswith("/api") else base + "/api/"


def _date(value: Any) -> datetime | None:
    """tt-rss dates are Unix seconds."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        return None
    try:
        return datetime.fromtimestamp(value, timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def _text(value: Any, limit: int = 2000) -> str:
    return sanitize_line(value, limit=limit) if isinstance(value, str) else ""


class TtrssBackend:
    """One user's session on a Tiny Tiny RSS server (API level 1 and later)."""

    def __init__(self, url: str, user: str, password: str, *, client: httpx.Client | None = None) -> None:
        self.url = _api_url(url)
        self.user = user
        self._password = password
        self._sid: str | None = None
        self._client = client or httpx.Client(timeout=TIMEOUT, follow_redirects=False,
                                              headers={"User-Agent": DEFAULT_USER_AGENT})
        self.requests = 0

    def __repr__(self) -> str:  # never the password
        return f"TtrssBackend({display_url(self.url)!r}, user={self.user!r})"

    # -- transport ---------------------------------------------------------------------------
    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        """One API call; the decoded answer object. Network trouble is one line."""
        shown = display_url(self.url)
        self.requests += 1
        with one_line_errors(shown), self._client.stream("POST", self.url, json=body) as response:
            answer = read_capped(response, shown)
        try:
            data = json.loads(answer)
        except (ValueError, RecursionError):
            raise SyncUnavailable(f"{shown} is not a Tiny Tiny RSS API (its answer is not JSON)") from None
        if not isinstance(data, dict) or "content" not in data:
            raise SyncUnavailable(f"{shown} is not a Tiny Tiny RSS API (unexpected answer)")
        return data

    def _call(self, op: str, **params: Any) -> Any:
        """``op`` in the current session, logging in first or again when the server asks."""
        if self._sid is None:
            self.login()
        for attempt in (1, 2):
            data = self._post({"op": op, "sid": self._sid, **params})
            if data.get("status") == 0:
                return data["content"]
            error = data["content"].get("error") if isinstance(data["content"], dict) else None
            if error == "NOT_LOGGED_IN" and attempt == 1:
                self._sid = None
                self.login()
                continue
            raise SyncError(f"the sync server refused {op}: {_text(error, 100) or 'unknown error'}")
        raise AssertionError("unreachable")

    # -- SyncBackend ---------------------------------------------------------------------------
    def login(self) -> None:
        data = self._post({"op": "login", "user": self.user, "password": self._password})
        content = data["content"]
        if data.get("status") == 0 and isinstance(content, dict) and isinstance(content.get("session_id"), str):
            self._sid = content["session_id"]
            return
        error = content.get("error") if isinstance(content, dict) else None
        if error == "API_DISABLED":
            raise SyncAuthError(f"the API is switched off for {self.user!r} on {display_url(self.url)} "
                                "(enable it in the server's preferences)")
        raise SyncAuthError(f"the sync server {display_url(self.url)} refused the user name or password "
                            f"for {self.user!r}")

    def subscriptions(self) -> list[RemoteFeed]:
        categories = self._call("getCategories", include_empty=True, enable_nested=False)
        names = {str(c.get("id")): _text(c.get("title"), 200) for c in categories if isinstance(c, dict)}
        feeds = self._call("getFeeds", cat_id=-3, unread_only=False, limit=0, include_nested=False)
        out = []
        for f in feeds if isinstance(feeds, list) else []:
            if not isinstance(f, dict) or not isinstance(f.get("id"), int) or f["id"] <= 0:
                continue  # virtual feeds (starred, published, ...) have ids <= 0
            url = f.get("feed_url")
            if not isinstance(url, str) or not url.strip():
                continue
            category = str(f.get("cat_id"))
            folder = names.get(category) if category not in ("0", "None") else None
            unread = f.get("unread")
            out.append(RemoteFeed(id=str(f["id"]), url=url.strip(), title=_text(f.get("title"), 2000),
                                  folder=folder or None,
                                  unread=unread if isinstance(unread, int) and not isinstance(unread, bool) else None))
        return out

    def entries_since(self, cursor: str | None) -> Iterator[tuple[list[RemoteEntry], str | None]]:
        """Pages of articles with an id above ``cursor``; the new cursor comes with the last page only.

        The server orders by date, not id, so the highest id is known only once
        every page has come: a sync cut short fetches again from the old cursor
        (storing is idempotent) rather than skip what it had not reached.
        """
        since = int(cursor) if cursor and cursor.isdigit() else 0
        newest, skip = since, 0
        while True:
            page = self._headlines(_ALL_ARTICLES, "all_articles", since_id=since, skip=skip, show_content=True)
            entries = [e for e in (self._entry(h) for h in page) if e is not None]
            newest = max([newest, *(int(e.id) for e in entries)])
            skip += len(page)
            if len(page) < PAGE_SIZE:
                yield entries, str(newest)
                return
            yield entries, None

    def _headlines(self, feed: int, view_mode: str, *, since_id: int = 0, skip: int = 0,
                   show_content: bool = False, order_by: str = "") -> list[dict[str, Any]]:
        content = self._call("getHeadlines", feed_id=feed, view_mode=view_mode, limit=PAGE_SIZE, skip=skip,
                             since_id=since_id, show_content=show_content, include_attachments=False,
                             order_by=order_by, is_cat=False, sanitize=True)
        if isinstance(content, list):
            return [h for h in content if isinstance(h, dict)]
        return []

    def _ids(self, feed: int, view_mode: str) -> set[str]:
        ids: set[str] = set()
        skip = 0
        while True:
            page = self._headlines(feed, view_mode, skip=skip)
            ids.update(str(h["id"]) for h in page if isinstance(h.get("id"), int))
            if len(page) < PAGE_SIZE:
                return ids
            skip += len(page)

    def unread_ids(self, feed_id: str | None = None) -> set[str]:
        if feed_id is not None:
            return self._ids(int(feed_id), "unread") if feed_id.isdigit() else set()
        return self._ids(_ALL_ARTICLES, "unread")

    def starred_ids(self) -> set[str]:
        return self._ids(_STARRED, "all_articles")

    @staticmethod
    def _entry(h: dict[str, Any]) -> RemoteEntry | None:
        if not isinstance(h.get("id"), int) or not isinstance(h.get("feed_id"), (int, str)):
            return None
        link = h.get("link")
        return RemoteEntry(
            id=str(h["id"]), feed_id=str(h["feed_id"]), title=_text(h.get("title")),
            link=link.strip() if isinstance(link, str) and link.strip() else None,
            author=_text(h.get("author"), 1000) or None, published=_date(h.get("updated")),
            updated=_date(h.get("updated")), html=h.get("content") if isinstance(h.get("content"), str) else "",
            read=not h.get("unread", False), starred=bool(h.get("marked", False)))

    def _update(self, ids: Sequence[str], field: int, value: bool) -> None:
        ids = [i for i in ids if i.isdigit()]
        for start in range(0, len(ids), IDS_PER_UPDATE):
            chunk = ids[start:start + IDS_PER_UPDATE]
            self._call("updateArticle", article_ids=",".join(chunk), field=field,
                       mode=_MODE_TRUE if value else _MODE_FALSE)

    def mark_read(self, ids: Sequence[str], read: bool) -> None:
        self._update(ids, _FIELD_UNREAD, not read)

    def mark_starred(self, ids: Sequence[str], starred: bool) -> None:
        self._update(ids, _FIELD_STARRED, starred)

    def subscribe(self, url: str, folder_id: str | None = None) -> None:
        content = self._call("subscribeToFeed", feed_url=url,
                             category_id=int(folder_id) if folder_id and folder_id.isdigit() else 0)
        status = content.get("status") if isinstance(content, dict) else None
        code = status.get("code") if isinstance(status, dict) else None
        if code not in (0, 1):  # 0: subscribed, 1: already subscribed
            raise SyncError(f"the sync server could not subscribe to {display_url(url)} (code {code})")

    def folder_id(self, name: str) -> str | None:
        """The id of the user's category called ``name`` (None: the server has none; its API cannot make one)."""
        categories = self._call("getCategories", include_empty=True, enable_nested=False)
        for c in categories if isinstance(categories, list) else []:
            if isinstance(c, dict) and isinstance(c.get("id"), int) and c["id"] > 0 \
                    and _text(c.get("title"), 200) == name:
                return str(c["id"])
        return None

    def unsubscribe(self, feed_id: str) -> None:
        if feed_id.isdigit():
            self._call("unsubscribeFeed", feed_id=int(feed_id))

    def close(self) -> None:
        self._client.close()
