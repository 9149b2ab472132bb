"""The library: subscriptions, entries and read state in one SQLite file.

Durability and crash consistency (I6)
-------------------------------------
The database runs in WAL mode with ``synchronous=NORMAL``. In WAL mode a
transaction is complete once its frames, including the commit frame, are
written to the ``-wal`` file; NORMAL only skips the fsync at commit. The
written data sits in the kernel's page cache, which survives the death of the
process (SIGKILL, a crash, the terminal closing), so everything a method has
returned from — in particular :meth:`Library.set_read` / :meth:`set_starred`,
which the UI treats as *acknowledged* — is still there on the next start. What
NORMAL gives up is the last few transactions on a power cut or kernel panic;
the file still opens and is consistent then (SQLite rolls back to the last
synced commit). That trade is the one SQLite recommends for WAL.

Every feed update is one ``BEGIN IMMEDIATE`` transaction (entries and the feed
row together), so after a crash a feed is either wholly updated or not at all
(S1). On a network file system (S9) WAL is unsafe; the library then uses
``journal_mode=DELETE`` with ``synchronous=FULL`` and records a warning in
:attr:`Library.warnings`.

Entry text, made when first needed
----------------------------------
A refresh stores each entry's body as the feed sent it (``entries.body``,
compressed when that pays) and an empty ``text``: converting HTML is half of
what parsing costs and most entries are never opened. The text is made, exactly
as parsing would have made it, when the entry is read through this API (and
written back when that can be done without waiting), before an analysis is
cached or a full article replaces it, and by :meth:`Library.make_pending_text`,
which the search index catch-up runs first. A changed body is recognised by
its hash, so a refresh converts nothing to compare (only once, for an entry
stored before schema v6, whose text hash is then replaced by its body's).

Several processes (I7)
----------------------
Any number of processes may have the library open and write it: the reader,
a cron ``newsreader refresh``, an ``add``. Every write is one short
``BEGIN IMMEDIATE`` transaction (a command-line refresh puts a few feeds'
stores in one, :meth:`Library.writes_together`); SQLite orders them (WAL lets reads go on
meanwhile), a write waits up to ``busy_timeout`` for another's transaction
(retrying the few busy states SQLite does not wait on itself) and then raises
:class:`StorageBusy` (S5). :meth:`Library.data_version` tells a long-lived
reader, cheaply, that another process has committed. Two refreshes at once
are allowed: each feed's update is kept whole or not at all, keyed by entry id, so
they interleave safely; the worst case is one feed fetched twice.

Migrating and repairing need the file to themselves: :mod:`feeds.library.lock` gives
every open library a shared lock and those two an exclusive one, so neither
runs while another process has the library open (the user is told to quit it).
``readonly=True`` opens (and writers that find the file or folder unwritable,
which fall back to read-only and say so in :attr:`Library.warnings`) open the
file with ``mode=ro`` and ``query_only``, and never write to the database or
create a lock or damage marker. (SQLite itself may create the empty
``-wal``/``-shm`` side files a WAL reader needs, and leave them.)

Errors
------
No ``sqlite3`` exception leaves this module. Everything becomes a
:class:`LibraryError` (or a subclass) with a one-line message, and a failed
write is rolled back first (S7). A damaged file found at open (S6) is moved
aside to ``<path>.corrupt-<timestamp>``, every subscription and entry that can
still be read from it is copied into a fresh library (row by row, stepping
over damaged pages with the rowids its indexes list: M1), and
:class:`LibraryDamaged` says how many were kept and lost; the next open
works normally. Damage found later, mid-session, raises ``LibraryError`` and leaves a marker so that the
next open runs a full ``integrity_check`` first.

Search
------
Full-text search uses FTS5 (``unicode61``, diacritics folded, ranked with
BM25 weighting title over author over text). User queries are split into
words and every word is quoted, so no query syntax reaches FTS5 and no input
raises. If this SQLite has no FTS5, :meth:`Library.search` falls back to
``LIKE`` over title, author and text (unranked beyond "title matches first").

Bounds
------
The store never trusts its caller on sizes: entry ids over 1,000 characters
(or containing NUL or lone surrogates) are replaced by ``"sha256:" + hex``;
titles are cut to 2,000 characters, authors to 1,000, texts to
:data:`feeds.core.model.MAX_TEXT_CHARS`; links over 4,000 characters are dropped;
an update keeps at most :data:`MAX_ENTRIES_PER_UPDATE` distinct entries (the
first occurrence of an id wins). A feed keeps at most
:attr:`Library.max_items_per_feed` entries (M3), and an entry re-issued under a
new id is recognised as the one already stored.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from ..core import paths
from . import schema
from . import lock
from .lock import DEFAULT_SHARED_WAIT, LibraryLock
from .errors import LibraryDamaged, LibraryError, LibraryLocked, StorageBusy, WritesLost

from .limits import (DEFAULT_BUSY_TIMEOUT, MAX_ENTRIES_PER_UPDATE, QUICK_CHECK_MAX_BYTES, _ENTRY_ORDER, _SQLITE_BUSY, _SQLITE_CANTOPEN, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_IOERR, _SQLITE_LOCKED, _SQLITE_NOTADB, _SQLITE_PERM, _SQLITE_READONLY)
from .base import (_Damaged, _api, _is_damage, _primary)
from .records import (Entry, EntryData, Feed, Headline, UpdateStats, ViewIndex, _Made, _make_text, _write_made, is_summary_only, normalize_entry_id, prepare_entries)
from .feeds import FeedRecords
from .entries import EntryRecords
from .search import SearchIndex
from .cache import AnalysisCache
from .recovery import Recovery
from .quotes import QuoteIndex
from .sync import SyncRecords

__all__ = [
    "Entry",
    "EntryData",
    "Feed",
    "Headline",
    "Library",
    "LibraryDamaged",
    "LibraryError",
    "LibraryLocked",
    "StorageBusy",
    "UpdateStats",
    "ViewIndex",
    "MAX_ENTRIES_PER_UPDATE",
    "normalize_entry_id", "prepare_entries", "is_summary_only"]




# --------------------------------------------------------------------------- model


# --------------------------------------------------------------------------- helpers










# --------------------------------------------------------------------------- library


class Library(FeedRecords, EntryRecords, SearchIndex, AnalysisCache, Recovery, QuoteIndex, SyncRecords):
    """One open library. Thread-safe: calls are serialised on one connection."""

    path: Path
    readonly: bool
    #: One-line notes for the user (network file system, …); empty normally.
    warnings: list[str]
    #: ``"fts5"`` or ``"like"``: how :meth:`search` works on this library.
    search_backend: str

    def __init__(self) -> None:  # use Library.open()
        self._con: sqlite3.Connection | None = None
        self._lock: LibraryLock | None = None
        self._mutex = threading.RLock()
        #: Inside :meth:`writes_together`: a write is part of the transaction already open.
        self._together = False
        self._busy_timeout = DEFAULT_BUSY_TIMEOUT
        self.path = Path()
        self.readonly = False
        self.readonly_reason: str | None = None
        self._max_items: int | None = None
        self.warnings = []
        self.search_backend = "like"

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        readonly: bool = False,
        wait: float = DEFAULT_SHARED_WAIT,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        max_items_per_feed: int | None = None,
        check: bool = True,
        _take_lock: bool = True,
    ) -> "Library":
        """Opens (creating and migrating as needed); any number of processes may have it open.

        Writes from several processes are ordered by SQLite (WAL, short
        transactions, ``busy_timeout``). Migrating and repairing need the file
        to themselves (see :mod:`feeds.library.lock`); an open waits up to ``wait``
        seconds while another process does either. A library whose file or
        folder this process cannot write is opened read-only, with a note in
        :attr:`warnings` and :attr:`readonly_reason`. ``max_items_per_feed``
        (default: the ``[refresh]`` setting) bounds what a refresh keeps.
        ``check=False`` skips the quick check on open (for a second connection to a
        library this process has just opened and checked).
        ``_take_lock=False`` exists for tests of SQLite-level locking only (S5, S10).
        """
        lib = cls()
        lib._check_on_open = check
        lib.path = Path(path).expanduser() if path is not None else paths.library_path()
        lib.path = lib.path.absolute()
        lib.readonly = readonly
        lib._max_items = None if max_items_per_feed is None else max(0, int(max_items_per_feed))
        lib._busy_timeout = max(0.0, busy_timeout)
        try:
            lib._check_place()
            exclusive = not _take_lock
            if _take_lock:
                lib._lock = LibraryLock(lib.path, readonly=lib.readonly)
                exclusive = lib._lock.try_exclusive()
                if not exclusive:
                    lib._lock.acquire_shared(wait)
            try:
                lib._setup(busy_timeout, exclusive=exclusive)
            except _Damaged as damaged:
                lib._close_connection()
                if lib.readonly:
                    raise LibraryError(
                        f"library is damaged ({damaged.reason}); open it without read-only mode to repair it") from None
                if not exclusive:
                    raise LibraryError(
                        f"library is damaged ({damaged.reason}); quit every newsreader using it and "
                        "start again to repair it") from None
                raise lib._rebuild(damaged.reason, busy_timeout) from None
            if exclusive and lib._lock is not None:
                lib._lock.acquire_shared(0)  # done with the file to ourselves: let the others in
        except BaseException:
            lib._close_connection()
            if lib._lock is not None:
                lib._lock.release()
                lib._lock = None
            raise
        return lib

    def _check_place(self) -> None:
        """Refuse a directory (M9); fall back to read-only where nothing can be written (M7)."""
        path = self.path
        if path.is_dir():
            hint = f" (check {paths.LIBRARY_ENV})" if os.environ.get(paths.LIBRARY_ENV, "").strip() else ""
            raise LibraryError(f"the library path {path} is a directory, not a library file{hint}")
        if not self.readonly:
            try:
                paths.ensure_dir(path.parent)
            except OSError as exc:
                raise LibraryError(
                    f"cannot create the library folder {path.parent}: {exc.strerror or exc}") from None
            if not lock.place_is_writable(path):
                if not path.exists():
                    raise LibraryError(f"cannot create the library: the folder {path.parent} is not writable")
                where = "folder" if not os.access(path.parent, os.W_OK) else "file"
                self.readonly = True
                self.readonly_reason = f"the library's {where} is read-only"
                self.warnings.append(f"{self.readonly_reason} ({path}): opened read-only, changes cannot be saved")
        if self.readonly and not path.is_file():
            raise LibraryError(f"there is no library at {path} yet")

    def _connect(self, busy_timeout: float) -> sqlite3.Connection:
        if self.readonly:
            uri = "file:" + urllib.parse.quote(str(self.path)) + "?mode=ro"
            con = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                                  timeout=busy_timeout)
            try:
                con.execute("PRAGMA application_id").fetchone()
                return con
            except sqlite3.OperationalError as exc:
                # A WAL library in a folder we cannot write: SQLite cannot create the
                # -shm index. With no -wal content there is nothing it would miss, so
                # read the file as an immutable snapshot.
                wal = Path(str(self.path) + "-wal")
                if _primary(exc) not in (_SQLITE_READONLY, _SQLITE_CANTOPEN) or (
                        wal.exists() and wal.stat().st_size > 0):
                    con.close()
                    raise
                con.close()
            if self.readonly_reason is None:  # otherwise the user has been told already
                self.warnings.append("the library's folder is read-only; showing it as it was when opened")
            return sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None,
                                   check_same_thread=False, timeout=busy_timeout)
        return sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False,
                               timeout=busy_timeout)

    def _setup(self, busy_timeout: float, *, exclusive: bool = True) -> None:
        """Connect, configure, check identity and version, migrate, sanity-check.

        Without ``exclusive`` access (another process has the library open) an
        existing library is not migrated: that process may be running older code.
        """
        path = self.path
        fstype = paths.filesystem_type(path.parent)
        network = fstype in paths.NETWORK_FILESYSTEMS
        if network:
            self.warnings.append(
                f"the library is on a network file system ({fstype}); using a rollback journal "
                "instead of WAL — use it from one computer at a time")
        marker = self._damage_marker()
        full_check = marker.exists()
        try:
            if not self.readonly and not path.exists():
                try:
                    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                except FileExistsError:
                    pass
            con = self._con = self._connect(busy_timeout)
            con.execute(f"PRAGMA busy_timeout = {int(max(0.0, busy_timeout) * 1000)}")
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if app_id not in (0, schema.APPLICATION_ID) or (
                    app_id == 0 and version == 0 and
                    con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0):
                raise LibraryError(
                    f"{path} is not a newsreader library (it belongs to another program); "
                    f"choose another file with {paths.LIBRARY_ENV}")
            if version > schema.SCHEMA_VERSION:
                raise LibraryError(
                    f"library was created by a newer newsreader (schema {version}; "
                    f"this version reads up to {schema.SCHEMA_VERSION})")
            if not self.readonly:
                if network:
                    con.execute("PRAGMA journal_mode = DELETE")
                    con.execute("PRAGMA synchronous = FULL")
                else:
                    mode = con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                    if str(mode).lower() != "wal":
                        self.warnings.append(f"could not switch the library to WAL mode ({mode})")
                    con.execute("PRAGMA synchronous = NORMAL")
                con.execute("PRAGMA journal_size_limit = 67108864")
            con.execute("PRAGMA foreign_keys = ON")
            if version < schema.SCHEMA_VERSION:
                if self.readonly:
                    raise LibraryError(
                        f"library needs upgrading (schema {version} → {schema.SCHEMA_VERSION}); "
                        "open it once without read-only mode")
                if version > 0 and not exclusive:
                    raise LibraryLocked(path, None, (
                        f"the library needs upgrading (schema {version} → {schema.SCHEMA_VERSION}) and another "
                        "newsreader has it open; quit it and start again"))
                if version > 0:
                    self._backup(f"{path}.bak-v{version}")
                schema.migrate(con, version)
            has_fts = con.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'entries_fts'").fetchone() is not None
            if has_fts and not schema.fts5_available():
                raise LibraryError("this library needs SQLite with FTS5, which this Python lacks")
            self.search_backend = "fts5" if has_fts else "like"
            try:
                size = path.stat().st_size
            except OSError:
                size = 0
            if full_check:
                result = con.execute("PRAGMA integrity_check").fetchall()
            elif size <= QUICK_CHECK_MAX_BYTES and getattr(self, "_check_on_open", True):
                result = con.execute("PRAGMA quick_check").fetchall()
            else:
                result = [("ok",)]
            if [r[0] for r in result] != ["ok"]:
                raise _Damaged(str(result[0][0]) if result else "integrity check failed")
            if full_check and not self.readonly:
                try:
                    marker.unlink()
                except OSError:
                    pass
            if self.readonly:
                con.execute("PRAGMA query_only = ON")
        except sqlite3.Error as exc:
            if _is_damage(exc):
                raise _Damaged(str(exc)) from None
            raise self._translate(exc, opening=True) from exc
        except OSError as exc:
            raise LibraryError(f"cannot open the library at {path}: {exc.strerror or exc}") from exc


    @property
    def max_items_per_feed(self) -> int:
        """Entries a refresh keeps per feed (0: all): as opened with, else the ``[refresh]`` setting.

        Read from the settings only when a refresh first needs it, so opening
        a library to read never depends on the settings file.
        """
        if self._max_items is None:
            from ..core.config import config_path, load_config

            # Read afresh (not the process-wide cache), so this never pins the
            # settings the app has yet to read.
            self._max_items = load_config(config_path()).max_items_per_feed
        return self._max_items

    @max_items_per_feed.setter
    def max_items_per_feed(self, value: int) -> None:
        self._max_items = max(0, int(value))

    # ---------------------------------------------------------------- lifecycle

    def close(self) -> None:
        with self._mutex:
            self._close_connection()
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def _close_connection(self) -> None:
        con, self._con = self._con, None
        if con is None:
            return
        self._rollback_quietly(con)
        try:
            con.close()
        except sqlite3.Error:
            pass

    @property
    def closed(self) -> bool:
        return self._con is None

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self) -> str:
        state = "closed" if self._con is None else ("read-only" if self.readonly else "writer")
        return f"<Library {str(self.path)!r} {state}>"

    # ---------------------------------------------------------------- plumbing

    def _require(self, write: bool) -> sqlite3.Connection:
        if self._con is None:
            raise LibraryError("the library is closed")
        if write and self.readonly:
            raise LibraryError(f"the library is open read-only ({self.readonly_reason})" if self.readonly_reason
                               else "the library is open read-only")
        return self._con

    @staticmethod
    def _rollback_quietly(con: sqlite3.Connection | None) -> None:
        if con is None:
            return
        try:
            if con.in_transaction:
                con.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def _translate(self, exc: sqlite3.Error, *, opening: bool = False) -> LibraryError:
        code = _primary(exc)
        where = self.path
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return StorageBusy(f"the library is busy (another program is writing to {where}); try again")
        if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            if not self.readonly:
                try:
                    self._damage_marker().touch()
                except OSError:
                    pass
            return LibraryError(f"library is damaged ({exc}); quit and start newsreader again to repair it")
        if code == _SQLITE_FULL:
            return LibraryError(f"cannot write the library: the disk is full ({where}); nothing was changed")
        if code in (_SQLITE_READONLY, _SQLITE_PERM):
            return LibraryError(f"cannot write the library: {where} is read-only or not writable")
        if code == _SQLITE_CANTOPEN:
            return LibraryError(f"cannot open the library at {where}: permission denied or folder missing")
        if code == _SQLITE_IOERR:
            return LibraryError(f"cannot {'open' if opening else 'write'} the library: I/O error on {where} "
                                f"(disk full, file too large or permissions?); nothing was changed")
        return LibraryError(f"library error: {exc}")

    def _begin(self, con: sqlite3.Connection) -> None:
        """``BEGIN IMMEDIATE``, retried while another process writes, up to the busy timeout.

        SQLite's busy handler covers most waits; a few states (another
        connection recovering the WAL index, say) return SQLITE_BUSY at once,
        and those are retried here so a short write from the reader lands
        while a cron refresh is storing its feeds.
        """
        deadline = time.monotonic() + self._busy_timeout
        delay = 0.005
        while True:
            try:
                con.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if _primary(exc) not in (_SQLITE_BUSY, _SQLITE_LOCKED) or time.monotonic() + delay > deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 0.1)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` … ``COMMIT``; rolled back on any failure, COMMIT included.

        Inside :meth:`writes_together`: part of the transaction already open, and a
        failure rolls all of it back.
        """
        con = self._con
        assert con is not None
        together = self._together
        if not together:
            self._begin(con)
        elif not con.in_transaction:  # an earlier write of the block failed: nothing more goes in
            raise WritesLost("an earlier write failed: the library's shared transaction was rolled back")
        try:
            yield con
            if not together:
                con.execute("COMMIT")
        except BaseException:
            self._rollback_quietly(con)
            raise

    @contextmanager
    def writes_together(self) -> Iterator[None]:
        """The library's writes made inside, in one transaction: all of them are kept, or none.

        Why: every transaction writes each page it changed to the WAL again, and the
        stores of a refresh change the same pages of ``entries`` and its indexes one
        feed after another (83,600 writes to the WAL and by its checkpoints for 500
        feeds stored a feed per transaction, in a 35 MB library). A few feeds per
        transaction write those pages once per group.

        Any exception ends the block with nothing of it kept, and goes on up: a write
        that failed inside (even one whose caller caught the error) rolls the whole
        transaction back, and the block's later writes raise :class:`WritesLost`. The
        caller then makes the writes again, each on its own. This thread holds the
        library (and SQLite's write lock) until the block ends: keep a block short.
        """
        with self._mutex:
            con = self._require(True)
            if self._together:  # inside another block: part of it
                yield
                return
            try:
                self._begin(con)
            except sqlite3.Error as exc:
                raise self._translate(exc) from exc
            self._together = True
            try:
                yield
                if not con.in_transaction:
                    raise WritesLost("a write failed: the library's shared transaction was rolled back")
                con.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback_quietly(con)
                raise WritesLost(f"the library's shared transaction was not kept: {self._translate(exc)}") from exc
            except BaseException:
                self._rollback_quietly(con)
                raise
            finally:
                self._together = False

    @staticmethod
    def _key(key: Any) -> tuple[int, str]:
        try:
            feed_id, entry_id = key
        except (TypeError, ValueError):
            raise ValueError(f"an entry key is (feed_id, entry_id), not {key!r:.80}") from None
        if not isinstance(feed_id, int) or isinstance(feed_id, bool) or not isinstance(entry_id, str):
            raise ValueError(f"an entry key is (feed_id, entry_id), not {key!r:.80}")
        return feed_id, normalize_entry_id(entry_id)


    # ---------------------------------------------------------------- feeds


    # ---------------------------------------------------------------- updates


    # ---------------------------------------------------------------- entries


    def reader(self) -> "Library":
        """A second, read-only connection to this library, for a user interface's reads.

        In WAL mode a reader never waits for a writer: while a refresh holds this
        connection in a long write, the list and the article still read the last
        committed state through the reader.
        """
        return Library.open(self.path, readonly=True, check=False)


    def _keep_made_text(self, feed_id: int, entry_id: str, blob: bytes, made: _Made) -> None:
        """Write an entry's newly made text back into its row, if that can be done without waiting.

        A reader showing an article must not stall behind a refresh's write, so
        this never waits for the lock: when busy (or read-only) the text is
        simply made again next time, or by the catch-up.
        """
        con = self._con
        if self.readonly or con is None or con.in_transaction:
            return
        try:
            con.execute("PRAGMA busy_timeout = 0")
            try:
                con.execute("BEGIN IMMEDIATE")
                _write_made(con, feed_id, entry_id, blob, made)
                con.execute("COMMIT")
            finally:
                con.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
        except sqlite3.Error:
            self._rollback_quietly(con)

    def _settle(self, con: sqlite3.Connection, feed_id: int, entry_id: str) -> None:
        """Inside a write transaction: make the entry's text from its stored body, if it has one."""
        row = con.execute("SELECT body, media FROM entries WHERE feed_id = ? AND entry_id = ? AND body IS NOT NULL",
                          (feed_id, entry_id)).fetchone()
        if row is not None:
            _write_made(con, feed_id, entry_id, bytes(row[0]), _make_text(bytes(row[0]), row[1]))


    @_api()
    def data_version(self) -> int:
        """A number that changes when another connection commits (SQLite ``PRAGMA data_version``).

        Cheap (no table is read), so a reader can poll it every second or two
        and reload its lists only when a cron refresh, an ``add`` or another
        window changed the library. This connection's own writes do not change it.
        """
        assert self._con is not None
        return int(self._con.execute("PRAGMA data_version").fetchone()[0])


    # ---------------------------------------------------------------- search


    # ---------------------------------------------------------------- analysis cache


    # ---------------------------------------------------------------- search index


    def make_pending_text(self, *, batch: int = 200) -> int:
        """Make the text of every entry a refresh stored unconverted; returns how many.

        The conversion runs between transactions, without the library's lock,
        so a reader is never held up by it; a row changed meanwhile is left for
        the next call.
        """
        if self.readonly:
            return 0
        total = 0
        after = 0
        while True:
            rows = self._pending_bodies(after, batch)
            if not rows:
                return total
            made = [(r[1], r[2], bytes(r[3]), _make_text(bytes(r[3]), r[4])) for r in rows]
            self._write_made_batch(made)
            total += len(made)
            after = rows[-1][0]
            time.sleep(0.002)  # locks are not fair: let a waiting reader in between batches

    @_api()
    def _pending_bodies(self, after: int, batch: int) -> list[tuple[Any, ...]]:
        assert self._con is not None
        return self._con.execute(
            "SELECT seq, feed_id, entry_id, body, media FROM entries WHERE body IS NOT NULL AND seq > ? "
            "ORDER BY seq LIMIT ?", (after, batch)).fetchall()

    @_api(write=True)
    def _write_made_batch(self, made: list[tuple[int, str, bytes, "_Made"]]) -> None:
        with self._transaction() as con:
            for feed_id, entry_id, blob, m in made:
                _write_made(con, feed_id, entry_id, blob, m)

    @_api()
    def pending_text(self) -> int:
        """How many entries still hold the body a refresh stored, not yet made into text."""
        assert self._con is not None
        return self._con.execute("SELECT COUNT(*) FROM entries WHERE body IS NOT NULL").fetchone()[0]


    # ---------------------------------------------------------------- maintenance


    # --- start-up reads ---

    def quick_check(self) -> list[str]:
        """``PRAGMA quick_check`` on a connection of its own; the problems found ([] when healthy).

        A user interface opens with ``check=False`` so that a big library paints at
        once, and runs this in the background afterwards: on its own read-only
        connection it never holds up the user's marks on this one. Damage found
        leaves the damage marker, so the next open runs the full check and repairs.
        """
        if not self.path.is_file():
            return []
        uri = "file:" + urllib.parse.quote(str(self.path)) + "?mode=ro"
        try:
            con = sqlite3.connect(uri, uri=True, timeout=self._busy_timeout)
            try:
                rows = [str(r[0]) for r in con.execute("PRAGMA quick_check").fetchall()]
            finally:
                con.close()
        except sqlite3.Error as exc:
            if not _is_damage(exc):
                return []  # busy or not openable here: no evidence of damage
            rows = [str(exc)]
        problems = [] if rows == ["ok"] else rows
        if problems and not self.readonly:
            try:
                self._damage_marker().touch()
            except OSError:
                pass
        return problems

    @_api()
    def view_head(self, limit: int) -> ViewIndex:
        """The first ``limit`` entries of the whole library in list order, with their read state.

        What the first screen needs of a 100,000-entry library: an index-ordered
        ``LIMIT`` reads a few hundred rows where :meth:`view_index` reads them all.
        The full index follows in the background.
        """
        assert self._con is not None
        rows = self._con.execute(f"SELECT e.seq, e.read FROM entries e ORDER BY {_ENTRY_ORDER} LIMIT ?",
                                 (max(0, int(limit)),)).fetchall()
        return ViewIndex(seqs=[r[0] for r in rows], unread={r[0] for r in rows if not r[1]})




