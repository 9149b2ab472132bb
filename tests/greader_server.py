"""A loopback Google Reader API server written from the protocol's documentation, for tests.

No server speaking this API installs from the registries on this machine
(FreshRSS and Miniflux are not in Debian bookworm), so this one was written
from the public descriptions of the protocol (the unofficial Google Reader API
notes, FreshRSS's and Miniflux's API documentation). It is a real HTTP server
on 127.0.0.1 (stdlib ``ThreadingHTTPServer``) keeping subscriptions, labels,
items and read/starred state in memory, and serves, under a path prefix like
FreshRSS's ``/api/greader.php``:

- ``POST /accounts/ClientLogin`` (``Email``, ``Passwd`` -> ``SID=``/``LSID=``/``Auth=`` lines; 401 if refused)
- ``GET /reader/api/0/token`` (the ``T`` token every POST must carry)
- ``GET /reader/api/0/subscription/list?output=json`` (feeds, their label as ``categories``)
- ``GET /reader/api/0/stream/contents/<stream>?n=&c=&ot=&xt=&r=`` (items, a continuation when more follow)
- ``GET /reader/api/0/stream/items/ids?s=&n=&c=&ot=&xt=`` (short signed decimal ids)
- ``POST /reader/api/0/stream/items/contents`` (``i=`` repeated; what Miniflux offers instead of stream/contents)
- ``POST /reader/api/0/edit-tag`` (``i=`` repeated in either id form, ``a=``/``r=`` read or starred)
- ``POST /reader/api/0/subscription/edit`` (``ac=subscribe`` with ``s=feed/URL`` and ``a=user/-/label/X``,
  ``ac=unsubscribe`` with the subscription's id)

Every ``/reader/api/0`` call needs ``Authorization: GoogleLogin auth=TOKEN``
and answers 401 with ``X-Reader-Google-Bad-Token: true`` otherwise;
:meth:`GreaderServer.expire_tokens` forgets every token, as a server restart or
an expiry would. Pages are at most :attr:`page_size` items whatever ``n`` asks,
so paging is always exercised. ``miniflux=True`` answers ``stream/contents``
with ``[]`` (Miniflux's catch-all for endpoints it lacks) and writes states as
``user/1/...``.

What differs from a real server: nothing is fetched (items are seeded by the
test); one user; continuations are offsets; ``ot`` compares the crawl time
(FreshRSS; Miniflux compares the published time); no ``unread-count``,
``tag/list``, ``quickadd``, ``mark-all-as-read`` or label renaming; no
HTTPS; the ``T`` token lives as long as the auth token.
"""

from __future__ import annotations

import itertools
import json
import secrets
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterable

USER, PASSWORD = "reader@example.invalid", "correct-horse-9"
LONG_PREFIX = "tag:google.com,2005:reader/item/"
READING_LIST, READ, STARRED = ("user/-/state/com.google/reading-list", "user/-/state/com.google/read",
                               "user/-/state/com.google/starred")
#: Item numbers start in the upper half of the 64-bit range, where the short form is negative.
FIRST_ITEM = (1 << 63) + 0x1000


@dataclass
class Article:
    """An item to seed: title, HTML content, and the user's flags on the server."""

    title: str
    content: str
    link: str = ""
    read: bool = False
    starred: bool = False
    author: str = ""


@dataclass
class Item:
    number: int
    feed: str
    article: Article
    crawl_usec: int


@dataclass
class Subscription:
    id: str
    url: str
    title: str
    label: str | None


def short_id(number: int) -> str:
    """The short form: the signed decimal of the 64-bit number."""
    return str(number - (1 << 64) if number >= 1 << 63 else number)


def parse_id(text: str) -> int:
    """Either form back to the number (ValueError when it is neither)."""
    if text.startswith(LONG_PREFIX):
        return int(text[len(LONG_PREFIX):], 16)
    number = int(text, 10)
    return number + (1 << 64) if number < 0 else number


@dataclass
class State:
    """What the server holds; every access under :attr:`lock`."""

    subscriptions: list[Subscription] = field(default_factory=list)
    items: dict[int, Item] = field(default_factory=dict)
    auth_tokens: set[str] = field(default_factory=set)
    edit_tokens: set[str] = field(default_factory=set)
    log: list[str] = field(default_factory=list)  # "METHOD path" of every request
    lock: threading.Lock = field(default_factory=threading.Lock)


class GreaderServer:
    """The server; ``url`` is what a user would configure (``http://127.0.0.1:PORT/api/greader.php``)."""

    def __init__(self, *, prefix: str = "/api/greader.php", page_size: int = 2, miniflux: bool = False) -> None:
        self.prefix = prefix.rstrip("/")
        self.page_size = page_size
        self.miniflux = miniflux
        self.state = State()
        self._numbers = itertools.count(FIRST_ITEM, 7)
        self._feed_ids = itertools.count(1)
        self._clock = int(time.time() * 1_000_000) - 10_000_000_000  # crawl times, a few hours ago and rising
        handler = type("Handler", (_Handler,), {"api": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}{self.prefix}"

    def __enter__(self) -> "GreaderServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # -- what tests do to the server directly (what its own fetcher or admin would do) --------------
    def seed(self, feeds: dict[tuple[str | None, str, str], list[Article]]) -> None:
        """Subscriptions ``(label, title, url)`` with their items, crawled in the order given."""
        for (label, title, url), articles in feeds.items():
            sub = self.subscribe(url, title, label)
            self.add_items(sub.id, articles)

    def subscribe(self, url: str, title: str, label: str | None) -> Subscription:
        with self.state.lock:
            sub = Subscription(f"feed/{next(self._feed_ids)}", url, title, label)
            self.state.subscriptions.append(sub)
            return sub

    def add_items(self, feed: str, articles: Iterable[Article]) -> None:
        with self.state.lock:
            for article in articles:
                self._clock += 1_500_000
                number = next(self._numbers)
                self.state.items[number] = Item(number, feed, replace(article), self._clock)  # its own flags

    def expire_tokens(self) -> None:
        """Forget every auth and T token: the next call answers 401, as after an expiry."""
        with self.state.lock:
            self.state.auth_tokens.clear()
            self.state.edit_tokens.clear()

    # -- the API ---------------------------------------------------------------------------------
    def item_json(self, item: Item) -> dict[str, Any]:
        user = "user/1/" if self.miniflux else "user/-/"
        sub = next((s for s in self.state.subscriptions if s.id == item.feed), None)
        categories = [user + "state/com.google/reading-list"]
        if sub and sub.label:
            categories.append(f"{user}label/{sub.label}")
        if item.article.read:
            categories.append(user + "state/com.google/read")
        if item.article.starred:
            categories.append(user + "state/com.google/starred")
        a = item.article
        out: dict[str, Any] = {
            "id": f"{LONG_PREFIX}{item.number:016x}", "title": a.title, "categories": categories,
            "crawlTimeMsec": str(item.crawl_usec // 1000), "timestampUsec": str(item.crawl_usec),
            "published": item.crawl_usec // 1_000_000 - 600, "summary": {"content": a.content},
            "content": {"content": a.content},
            "alternate": [{"href": a.link, "type": "text/html"}] if a.link else [],
            "origin": {"streamId": item.feed, "title": sub.title if sub else ""}}
        if a.author:
            out["author"] = a.author
        return out

    def select(self, stream: str, query: dict[str, list[str]]) -> tuple[list[Item], str | None]:
        """The items of a stream after ``xt``/``ot``, ordered by ``r``, one page from ``c``."""
        items = list(self.state.items.values())
        if stream.endswith("/state/com.google/starred"):
            items = [i for i in items if i.article.starred]
        elif stream.endswith("/state/com.google/read"):
            items = [i for i in items if i.article.read]
        elif stream.startswith("feed/"):
            items = [i for i in items if i.feed == stream]
        elif "/label/" in stream:
            feeds = {s.id for s in self.state.subscriptions if s.label == stream.split("/label/", 1)[1]}
            items = [i for i in items if i.feed in feeds]
        elif not stream.endswith("/state/com.google/reading-list"):
            raise ValueError(f"unknown stream {stream}")
        if any(x.endswith("/state/com.google/read") for x in query.get("xt", [])):
            items = [i for i in items if not i.article.read]
        ot = int(query.get("ot", ["0"])[0] or 0)
        items = [i for i in items if i.crawl_usec >= ot * 1_000_000]
        items.sort(key=lambda i: i.crawl_usec, reverse=query.get("r", ["d"])[0] != "o")
        start = int(query.get("c", ["0"])[0] or 0)
        count = min(int(query.get("n", ["20"])[0] or 20), self.page_size)
        page = items[start:start + count]
        return page, (str(start + count) if start + count < len(items) else None)

    def edit_tag(self, form: dict[str, list[str]]) -> None:
        numbers = [parse_id(i) for i in form.get("i", [])]
        for name, on in (("a", True), ("r", False)):
            for tag in form.get(name, []):
                flag = "read" if tag.endswith("/state/com.google/read") else \
                    "starred" if tag.endswith("/state/com.google/starred") else None
                if flag is None:
                    raise ValueError(f"unsupported tag {tag}")
                for number in numbers:
                    if number in self.state.items:
                        setattr(self.state.items[number].article, flag, on)

    def edit_subscription(self, form: dict[str, list[str]]) -> None:
        action, stream = form.get("ac", [""])[0], form.get("s", [""])[0]
        if action == "subscribe" and stream.startswith("feed/") and "://" in stream:
            label = form.get("a", [""])[0]
            self.state.subscriptions.append(Subscription(
                f"feed/{next(self._feed_ids)}", stream[5:], form.get("t", [""])[0] or stream[5:],
                label.split("/label/", 1)[1] if "/label/" in label else None))
        elif action == "unsubscribe" and any(s.id == stream for s in self.state.subscriptions):
            self.state.subscriptions = [s for s in self.state.subscriptions if s.id != stream]
            self.state.items = {n: i for n, i in self.state.items.items() if i.feed != stream}
        else:
            raise ValueError("bad subscription edit")


class _Handler(BaseHTTPRequestHandler):
    api: GreaderServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _answer(self, status: int, body: bytes | str | Any, *, headers: dict[str, str] | None = None) -> None:
        if isinstance(body, (dict, list)):
            body, kind = json.dumps(body).encode(), "application/json"
        else:
            body, kind = (body.encode() if isinstance(body, str) else body), "text/plain; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        api, state = self.api, self.api.state
        target = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(target.query, keep_blank_values=True)
        form: dict[str, list[str]] = {}
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            form = urllib.parse.parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
        path = target.path
        if not path.startswith(api.prefix + "/"):
            return self._answer(404, "Not Found")
        path = path[len(api.prefix):]
        with state.lock:
            state.log.append(f"{method} {path}")
            try:
                self._route(method, path, query, form)
            except (ValueError, KeyError):
                self._answer(400, "Bad Request")

    def _route(self, method: str, path: str, query: dict[str, list[str]], form: dict[str, list[str]]) -> None:
        api, state = self.api, self.api.state
        if path == "/accounts/ClientLogin" and method == "POST":
            if form.get("Email") != [USER] or form.get("Passwd") != [PASSWORD]:
                return self._answer(401, "Error=BadAuthentication\n")
            token = f"{USER}/{secrets.token_hex(20)}"
            state.auth_tokens.add(token)
            return self._answer(200, f"SID={token}\nLSID=null\nAuth={token}\n")
        if not path.startswith("/reader/api/0/"):
            return self._answer(404, "Not Found")
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("GoogleLogin auth=") or auth[len("GoogleLogin auth="):] not in state.auth_tokens:
            return self._answer(401, "Unauthorized!", headers={"X-Reader-Google-Bad-Token": "true"})
        if method == "POST" and form.get("T", [""])[0] not in state.edit_tokens:
            return self._answer(401, "Unauthorized!", headers={"X-Reader-Google-Bad-Token": "true"})
        call = path[len("/reader/api/0/"):]
        if call == "token" and method == "GET":
            token = secrets.token_hex(28)[:57]
            state.edit_tokens.add(token)
            return self._answer(200, token + "\n")
        if call == "subscription/list" and method == "GET":
            return self._answer(200, {"subscriptions": [
                {"id": s.id, "title": s.title, "url": s.url, "htmlUrl": "",
                 "categories": [{"id": f"user/-/label/{s.label}", "label": s.label}] if s.label else []}
                for s in state.subscriptions]})
        if call.startswith("stream/contents/") and method == "GET":
            if api.miniflux:
                return self._answer(200, [])
            page, continuation = api.select(urllib.parse.unquote(call[len("stream/contents/"):]), query)
            body: dict[str, Any] = {"id": READING_LIST, "updated": int(time.time()),
                                    "items": [api.item_json(i) for i in page]}
            if continuation:
                body["continuation"] = continuation
            return self._answer(200, body)
        if call == "stream/items/ids" and method == "GET":
            page, continuation = api.select(query["s"][0], query)
            body = {"itemRefs": [{"id": short_id(i.number)} for i in page]}
            if continuation:
                body["continuation"] = continuation
            return self._answer(200, body)
        if call == "stream/items/contents" and method == "POST":
            numbers = [parse_id(i) for i in form.get("i", [])]
            return self._answer(200, {"id": READING_LIST, "items": [
                api.item_json(state.items[n]) for n in numbers if n in state.items]})
        if call == "edit-tag" and method == "POST":
            api.edit_tag(form)
            return self._answer(200, "OK")
        if call == "subscription/edit" and method == "POST":
            api.edit_subscription(form)
            return self._answer(200, "OK")
        return self._answer(404, "Not Found")


class ApiClient:
    """Another client of the same account, talking to the server over HTTP (urllib), to assert its state."""

    def __init__(self, url: str) -> None:
        self.url = url
        login = self._open("/accounts/ClientLogin", {"Email": USER, "Passwd": PASSWORD}, auth=None).decode()
        self.auth = next(line[5:] for line in login.splitlines() if line.startswith("Auth="))
        self.edit_token = self._open("/reader/api/0/token").decode().strip()

    def _open(self, path: str, form: dict[str, Any] | None = None, *, auth: str | None | bool = True) -> bytes:
        request = urllib.request.Request(self.url + path, data=None if form is None else
                                         urllib.parse.urlencode(form, doseq=True).encode())
        if auth is True:
            request.add_header("Authorization", f"GoogleLogin auth={self.auth}")
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()

    def items(self) -> dict[str, dict[str, Any]]:
        """Title -> item of the whole reading list: every page of its ids, then their contents."""
        ids: list[str] = []
        continuation = ""
        while True:
            query = urllib.parse.urlencode({"output": "json", "s": READING_LIST, "n": 1000,
                                            **({"c": continuation} if continuation else {})})
            page = json.loads(self._open(f"/reader/api/0/stream/items/ids?{query}"))
            ids += [ref["id"] for ref in page["itemRefs"]]
            continuation = page.get("continuation", "")
            if not continuation:
                break
        contents = json.loads(self._open("/reader/api/0/stream/items/contents?output=json",
                                         {"i": ids, "T": self.edit_token}))
        return {i["title"]: i for i in contents["items"]}

    def flags(self) -> dict[str, tuple[bool, bool]]:
        """Title -> (read, starred) as the server reports them."""
        return {title: (any(c.endswith("/state/com.google/read") for c in i["categories"]),
                        any(c.endswith("/state/com.google/starred") for c in i["categories"]))
                for title, i in self.items().items()}

    def edit_tag(self, title: str, *, add: str | None = None, remove: str | None = None) -> None:
        """Tag an item by title, sending its short (decimal) id as a phone client might."""
        number = parse_id(self.items()[title]["id"])
        form = {"i": [short_id(number)], "T": self.edit_token, **({"a": add} if add else {}),
                **({"r": remove} if remove else {})}
        assert self._open("/reader/api/0/edit-tag", form) == b"OK"

    def subscriptions(self) -> dict[str, dict[str, Any]]:
        """Feed URL -> subscription."""
        data = json.loads(self._open("/reader/api/0/subscription/list?output=json"))
        return {s["url"]: s for s in data["subscriptions"]}
