"""A real Tiny Tiny RSS server for tests: Debian's tt-rss on a throwaway PostgreSQL, served by ``php -S``.

Everything lives in one temporary folder: the database cluster (run as the
``postgres`` system user when the tests run as root, since PostgreSQL refuses
root), a copy of tt-rss's ``www`` tree with its own ``config.php`` (Debian's
reads ``/etc/tt-rss/config.php`` through a symlink), its lock and cache
folders. The server listens on 127.0.0.1 only. tt-rss's own fetcher refuses
loopback feeds (an SSRF guard), so tests put feeds and articles in its database
directly, as its updater would have (:meth:`TtrssServer.seed`).

:func:`start_server` returns None with the reason when the Debian packages are
missing (``.ci/run`` installs them: ``tt-rss php-cli php-pgsql postgresql``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

TTRSS = Path("/usr/share/tt-rss")
PG_BIN = Path("/usr/lib/postgresql/15/bin")
USER, PASSWORD = "admin", "password"  # what tt-rss's schema creates


def missing() -> str | None:
    """Why the server cannot run here, or None."""
    needs = [TTRSS / "www" / "api" / "index.php", TTRSS / "schema" / "ttrss_schema_pgsql.sql",
             PG_BIN / "initdb", PG_BIN / "pg_ctl"]
    absent = [str(p) for p in needs if not p.exists()]
    if shutil.which("php") is None:
        absent.append("php")
    elif subprocess.run(["php", "-m"], capture_output=True, text=True).stdout.find("pdo_pgsql") < 0:
        absent.append("php-pgsql")
    return ("Tiny Tiny RSS test server needs " + ", ".join(absent) +
            " (apt-get install tt-rss php-cli php-pgsql postgresql)") if absent else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout:g}s")


@dataclass
class Article:
    """An article to seed: title, HTML content, and the user's flags on the server."""

    title: str
    content: str
    link: str = ""
    unread: bool = True
    marked: bool = False
    author: str = ""


@dataclass
class TtrssServer:
    root: Path
    pg_port: int
    port: int
    as_user: list[str]
    php: subprocess.Popen | None = None
    log: Path = field(default=Path())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    # -- PostgreSQL ----------------------------------------------------------------------------
    def psql(self, sql: str) -> list[list[str]]:
        """Run SQL in the tt-rss database; rows of the last statement, as text."""
        out = subprocess.run(
            [*self.as_user, str(PG_BIN / "psql"),
             "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "-d", "ttrss",
             "-v", "ON_ERROR_STOP=1", "-qAt", "-F", "\t"],
            input=sql, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise RuntimeError(f"psql failed: {out.stderr.strip()[:2000]}")
        return [line.split("\t") for line in out.stdout.splitlines() if line]

    def reset(self) -> None:
        """No feeds, articles or sessions: each test seeds what it needs."""
        self.psql("DELETE FROM ttrss_user_entries; DELETE FROM ttrss_entries; DELETE FROM ttrss_feeds; "
                  "DELETE FROM ttrss_feed_categories; DELETE FROM ttrss_sessions;")

    def seed(self, feeds: dict[tuple[str | None, str, str], Sequence[Article]]) -> dict[str, int]:
        """Subscriptions ((folder, title, url) -> articles) as tt-rss's updater stores them; feed url -> id.

        Seeding a feed again adds the new articles to it.
        """
        lines = ["BEGIN;"]
        folders = sorted({folder for folder, _, _ in feeds if folder})
        for folder in folders:
            lines.append(f"INSERT INTO ttrss_feed_categories (owner_uid, title) SELECT 1, {_q(folder)} WHERE NOT EXISTS "
                         f"(SELECT 1 FROM ttrss_feed_categories WHERE owner_uid = 1 AND title = {_q(folder)});")
        n = int(self.psql("SELECT COALESCE(MAX(id), 0) FROM ttrss_entries")[0][0])
        for (folder, title, url), articles in feeds.items():
            cat = (f"(SELECT id FROM ttrss_feed_categories WHERE owner_uid = 1 AND title = {_q(folder)})"
                   if folder else "NULL")
            lines.append(f"INSERT INTO ttrss_feeds (owner_uid, title, cat_id, feed_url) "
                         f"VALUES (1, {_q(title)}, {cat}, {_q(url)}) ON CONFLICT (feed_url, owner_uid) DO NOTHING;")
            rows_e, rows_u = [], []
            for a in articles:
                n += 1
                guid = f"seed-{n}-{url}"
                rows_e.append(f"({_q(a.title)}, {_q(guid)}, {_q(a.link or url + '#' + str(n))}, "
                              f"NOW() - interval '{n} seconds', {_q(a.content)}, {_q('SHA1:' + str(n))}, "
                              f"NOW(), NOW(), {_q(a.author)})")
                rows_u.append((guid, a.unread, a.marked))
            if rows_e:
                lines.append("INSERT INTO ttrss_entries (title, guid, link, updated, content, content_hash, "
                             "date_entered, date_updated, author) VALUES " + ",\n".join(rows_e) + ";")
                values = ",".join(f"({_q(g)}, {'true' if u else 'false'}, {'true' if m else 'false'})"
                                  for g, u, m in rows_u)
                lines.append(
                    "INSERT INTO ttrss_user_entries (ref_id, uuid, feed_id, owner_uid, unread, marked, "
                    "tag_cache, label_cache) SELECT e.id, '', f.id, 1, v.unread, v.marked, '', '' "
                    f"FROM (VALUES {values}) AS v(guid, unread, marked) JOIN ttrss_entries e ON e.guid = v.guid "
                    f"JOIN ttrss_feeds f ON f.feed_url = {_q(url)} AND f.owner_uid = 1;")
        lines.append("COMMIT;")
        self.psql("\n".join(lines))
        return {r[1]: int(r[0]) for r in self.psql("SELECT id, feed_url FROM ttrss_feeds")}

    def flags(self) -> dict[str, tuple[bool, bool]]:
        """Article title -> (unread, marked) as the server's database holds them."""
        return {r[0]: (r[1] == "t", r[2] == "t") for r in self.psql(
            "SELECT e.title, u.unread, u.marked FROM ttrss_entries e JOIN ttrss_user_entries u ON u.ref_id = e.id")}

    # -- the server's own API, for assertions ------------------------------------------------------
    def api(self, op: str, **params: Any) -> Any:
        """One call of tt-rss's API as another client would make it (a fresh session each time)."""
        def post(body: dict[str, Any]) -> dict[str, Any]:
            req = urllib.request.Request(self.url + "api/", data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=30) as resp:
                return json.loads(resp.read())
        sid = post({"op": "login", "user": USER, "password": PASSWORD})["content"]["session_id"]
        answer = post({"op": op, "sid": sid, **params})
        assert answer["status"] == 0, answer
        return answer["content"]

    def headlines(self) -> dict[str, dict[str, Any]]:
        """Title -> headline of every article, through ``getHeadlines``."""
        out: dict[str, dict[str, Any]] = {}
        skip = 0
        while True:
            page = self.api("getHeadlines", feed_id=-4, view_mode="all_articles", limit=200, skip=skip)
            out.update({h["title"]: h for h in page})
            if len(page) < 200:
                return out
            skip += len(page)

    # -- process control -------------------------------------------------------------------------
    def start_php(self) -> None:
        env = dict(os.environ, PHP_CLI_SERVER_WORKERS="2")
        self.php = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{self.port}", "-t", str(self.root / "www")],
            cwd=self.root / "www", stdout=self.log.open("ab"), stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        _wait_port(self.port)

    def stop(self) -> None:
        if self.php is not None:
            # The whole group: php's workers outlive a SIGTERM to their master.
            import signal

            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(self.php.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.php.wait(10)
                    break
                except subprocess.TimeoutExpired:
                    continue
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.php.pid, signal.SIGKILL)  # a worker still in a request
            self.php = None
        subprocess.run([*self.as_user, str(PG_BIN / "pg_ctl"), "-D", str(self.root / "pg"), "-m", "immediate",
                        "stop"], capture_output=True, check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def _q(value: str) -> str:
    """A PostgreSQL string literal (standard_conforming_strings is on)."""
    return "'" + value.replace("'", "''").replace("\0", "") + "'"


CONFIG = """<?php
\tdefine('DB_TYPE', 'pgsql');
\tdefine('DB_HOST', '127.0.0.1');
\tdefine('DB_PORT', '{pg_port}');
\tdefine('DB_USER', 'postgres');
\tdefine('DB_NAME', 'ttrss');
\tdefine('DB_PASS', '');
\tdefine('MYSQL_CHARSET', 'UTF8');
\tdefine('SELF_URL_PATH', 'http://127.0.0.1:{port}/');
\tdefine('SINGLE_USER_MODE', false);
\tdefine('SIMPLE_UPDATE_MODE', false);
\tdefine('PHP_EXECUTABLE', '/usr/bin/php');
\tdefine('LOCK_DIRECTORY', '{root}/lock');
\tdefine('CACHE_DIR', '{root}/cache');
\tdefine('ICONS_DIR', '{root}/icons');
\tdefine('ICONS_URL', 'feed-icons');
\tdefine('AUTH_AUTO_CREATE', true);
\tdefine('AUTH_AUTO_LOGIN', true);
\tdefine('FORCE_ARTICLE_PURGE', 0);
\tdefine('ENABLE_REGISTRATION', false);
\tdefine('REG_NOTIFY_ADDRESS', 'user@example.invalid');
\tdefine('REG_MAX_USERS', 10);
\tdefine('SESSION_COOKIE_LIFETIME', 86400);
\tdefine('SMTP_FROM_NAME', 'Tiny Tiny RSS');
\tdefine('SMTP_FROM_ADDRESS', 'noreply@example.invalid');
\tdefine('DIGEST_SUBJECT', '[tt-rss] digest');
\tdefine('CHECK_FOR_UPDATES', false);
\tdefine('ENABLE_GZIP_OUTPUT', false);
\tdefine('PLUGINS', 'auth_internal');
\tdefine('LOG_DESTINATION', 'sql');
\tdefine('CONFIG_VERSION', 26);
"""


def start_server() -> TtrssServer | str:
    """A running server, or the one-line reason it cannot run on this machine."""
    reason = missing()
    if reason:
        return reason
    root = Path(tempfile.mkdtemp(prefix="ttrss-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL will not run as root
        as_user = ["runuser", "-u", "postgres", "--"]
        os.chmod(root, 0o755)
    server = TtrssServer(root=root, pg_port=free_port(), port=free_port(), as_user=as_user, log=root / "php.log")
    try:
        (root / "pg").mkdir()
        if as_user:
            shutil.chown(root / "pg", "postgres", "postgres")
        run = dict(capture_output=True, text=True, check=True)
        subprocess.run([*as_user, str(PG_BIN / "initdb"), "-D", str(root / "pg"), "-A", "trust", "-U", "postgres",
                        "--no-sync", "-E", "UTF8"], **run)
        subprocess.run([*as_user, str(PG_BIN / "pg_ctl"), "-D", str(root / "pg"), "-w", "-l",
                        str(root / "pg" / "server.log"), "-o",
                        f"-h 127.0.0.1 -p {server.pg_port} -k {root / 'pg'} -F", "start"], **run)
        subprocess.run([*as_user, str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(server.pg_port), "-U", "postgres", "-qc",
                        "CREATE DATABASE ttrss"], **run)
        server.psql((TTRSS / "schema" / "ttrss_schema_pgsql.sql").read_text())
        server.psql("INSERT INTO ttrss_user_prefs (owner_uid, pref_name, value) "
                    "VALUES (1, 'ENABLE_API_ACCESS', 'true');")
        shutil.copytree(TTRSS / "www", root / "www", symlinks=True)
        for link in [p for p in (root / "www").rglob("*") if p.is_symlink()]:
            # Debian links libraries in with relative links: point them at the originals
            target = (TTRSS / "www" / link.relative_to(root / "www")).resolve()
            link.unlink()
            link.symlink_to(target)
        (root / "www" / "config.php").unlink()
        (root / "www" / "config.php").write_text(CONFIG.format(pg_port=server.pg_port, port=server.port, root=root))
        for sub in ("lock", "icons", "cache", "cache/images", "cache/upload", "cache/export", "cache/js"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        server.start_php()
        return server
    except (subprocess.CalledProcessError, RuntimeError, OSError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        server.stop()
        raise RuntimeError(f"the Tiny Tiny RSS test server did not start: {detail.strip()[:2000]}") from exc
