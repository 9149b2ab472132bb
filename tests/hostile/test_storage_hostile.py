"""Storage under crashes, contention, damage and hostile sizes (hostile-input.md §S, J3, E2).

Real SQLite files in the per-test XDG directory, real child processes
(``storage_child.py``) killed with SIGKILL at seeded random moments.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from feeds.core import paths

from feeds.library import schema
from feeds.core.atomic import atomic_write
from feeds.library.store import (
    Library,
    LibraryDamaged,
    LibraryError,
    LibraryLocked,
    StorageBusy,
    normalize_entry_id,
)

HERE = Path(__file__).resolve().parent
CHILD = HERE / "storage_child.py"
sys.path.insert(0, str(HERE))
import storage_child  # noqa: E402  (the child's own data model, shared with the checks)

FIXED_IDS = storage_child.FIXED_IDS


Item = storage_child.Item


class Child:
    """A storage_child.py process whose stdout lines are collected as they arrive."""

    def __init__(self, *args: str, stderr_path: Path | None = None) -> None:
        self._stderr = open(stderr_path or os.devnull, "wb")
        self.proc = subprocess.Popen([sys.executable, str(CHILD), *args], stdout=subprocess.PIPE,
                                     stderr=self._stderr)
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            with self._cond:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def wait_for(self, word: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not any(line.startswith(word) for line in self.lines):
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._reader.is_alive()):
                    raise AssertionError(f"child never said {word!r}: {self.lines[-5:]}")
                self._cond.wait(min(left, 0.1))

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.finish()

    def finish(self, timeout: float = 30.0) -> int:
        rc = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        self._stderr.close()
        return rc

    def acks(self) -> set[tuple[int, str]]:
        out = set()
        for line in self.lines:
            parts = line.split(" ")
            if len(parts) == 3 and parts[0] == "ACK":
                out.add((int(parts[1]), parts[2]))
        return out


def raw_integrity(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("PRAGMA integrity_check")]
    finally:
        con.close()


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@pytest.fixture
def db() -> Path:
    return paths.library_path()


def _populated(db: Path, feeds: int = 1, entries: int = 20) -> list[int]:
    ids = []
    with Library.open(db) as lib:
        for n in range(feeds):
            f = lib.add_feed(f"https://example.org/{n}.xml", folder="f")
            lib.store_update(f.id, title=f"feed {n}", link=None,
                             entries=[Item(id=f"e{i}", title=f"entry {i}", text=f"text {i} " * 30)
                                      for i in range(entries)],
                             etag=None, last_modified=None, next_update=None)
            ids.append(f.id)
    return ids


# ----------------------------------------------------------------------------- S1


def _check_generations(db: Path) -> dict[int, int]:
    """Every feed is wholly at one generation: feed row and all its entries agree."""
    con = sqlite3.connect(db)
    try:
        gens: dict[int, int] = {}
        for feed_id, etag, title in con.execute("SELECT id, etag, title FROM feeds"):
            gen = int(etag or 0)
            gens[feed_id] = gen
            rows = dict(con.execute("SELECT entry_id, title FROM entries WHERE feed_id = ?", (feed_id,)).fetchall())
            if gen == 0:
                assert rows == {}, f"feed {feed_id} has entries but no generation"
                continue
            assert title == f"feed {feed_id} g{gen}"
            for eid in FIXED_IDS:
                assert rows.get(eid) == f"g{gen}", f"feed {feed_id} at g{gen} has {eid} = {rows.get(eid)}"
            news = {int(k[1:]) for k in rows if k.startswith("n")}
            assert news == set(range(1, gen + 1)), f"feed {feed_id} at g{gen} has new-entries {sorted(news)}"
            texts = con.execute("SELECT text FROM entries WHERE feed_id = ? AND entry_id IN (%s)"
                                % ",".join("?" * len(FIXED_IDS)), (feed_id, *FIXED_IDS)).fetchall()
            assert all(f" gen {gen} " in t for (t,) in texts)
        return gens
    finally:
        con.close()


@pytest.mark.timeout(60)
def test_S1_kill9_during_update(db: Path, tmp_path: Path) -> None:
    with Library.open(db) as lib:
        for n in range(200):
            lib.add_feed(f"https://feeds.example/{n}.xml")
    rng = random.Random(1)
    acked: set[tuple[int, str]] = set()
    progressed = 0
    for trial in range(20):
        child = Child("update", str(db), str(trial), stderr_path=tmp_path / f"s1-{trial}.err")
        child.wait_for("READY")
        time.sleep(rng.uniform(0.0, 0.35))
        child.kill()
        acked |= child.acks()
        assert raw_integrity(db) == ["ok"]
        gens = _check_generations(db)
        progressed = sum(gens.values())
        with Library.open(db) as lib:  # the dead child's lock is taken over
            assert lib.integrity_check() == ["ok"]
            for key in acked:
                entry = lib.get_entry(key)
                assert entry is not None and entry.read, f"acknowledged read of {key} lost (trial {trial})"
    assert progressed > 200, "the child barely ran; the kills did not land during updates"
    assert acked, "no read was ever acknowledged"


# ----------------------------------------------------------------------------- S2


@pytest.mark.timeout(60)
def test_S2_kill9_while_marking_read(db: Path, tmp_path: Path) -> None:
    with Library.open(db) as lib:
        f = lib.add_feed("https://feeds.example/big.xml")
        lib.store_update(f.id, title="big", link=None,
                         entries=[Item(id=f"k{i}", title=f"t{i}") for i in range(10_000)],
                         etag=None, last_modified=None, next_update=None)
    rng = random.Random(2)
    acked: set[tuple[int, str]] = set()
    trials = 5
    for trial in range(trials):
        child = Child("markread", str(db), str(trial), stderr_path=tmp_path / f"s2-{trial}.err")
        child.wait_for("READY")
        time.sleep(rng.uniform(0.05, 0.4))
        child.kill()
        acked |= child.acks()
        assert raw_integrity(db) == ["ok"]
        con = sqlite3.connect(db)
        try:
            flags = dict(((fid, eid), r) for fid, eid, r in con.execute("SELECT feed_id, entry_id, read FROM entries"))
        finally:
            con.close()
        assert set(flags.values()) <= {0, 1}
        assert len(flags) == 10_000
        read = {k for k, v in flags.items() if v}
        assert acked <= read, f"{len(acked - read)} acknowledged reads lost"
        # Monotonic: nothing read that was not acknowledged, except at most one
        # in-flight call per killed child (committed, killed before printing).
        assert len(read - acked) <= trial + 1
    assert len(acked) > 100


# ----------------------------------------------------------------------------- S3

V1_DDL = [
    """CREATE TABLE feeds (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, title TEXT, folder TEXT,
       link TEXT, etag TEXT, last_modified TEXT, last_error TEXT, error_category TEXT, last_updated TEXT,
       next_update TEXT, created TEXT NOT NULL)""",
    """CREATE TABLE entries (feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
       entry_id TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', link TEXT, author TEXT, published TEXT,
       updated TEXT, text TEXT NOT NULL DEFAULT '', summary_only INTEGER NOT NULL DEFAULT 0,
       read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0, first_seen TEXT NOT NULL,
       PRIMARY KEY (feed_id, entry_id))""",
    "CREATE INDEX entries_by_feed_read ON entries (feed_id, read)",
]


def make_v1(path: Path, feeds: int = 3, entries: int = 40) -> None:
    """A version-1 library as newsreader 0.1 wrote it, built by hand."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode = WAL")
        for stmt in V1_DDL:
            con.execute(stmt)
        for f in range(1, feeds + 1):
            con.execute("INSERT INTO feeds (id, url, title, folder, created) VALUES (?, ?, ?, ?, ?)",
                        (f, f"https://old.example/{f}.xml", f"Old feed {f}", "old", "2023-05-01T00:00:00.000000"))
            for i in range(entries):
                con.execute(
                    "INSERT INTO entries (feed_id, entry_id, title, text, published, read, starred, first_seen) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (f, f"old{i}", f"Old entry {i} zeppelin" if i == 7 else f"Old entry {i}",
                     f"body {i} " * 10, f"2023-05-{1 + i % 28:02d}T10:00:00.000000", i % 3 == 0, i == 5,
                     "2023-06-01T00:00:00.000000"))
        con.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        con.execute("PRAGMA user_version = 1")
        con.commit()
    finally:
        con.close()


@pytest.mark.timeout(60)
def test_S3_kill9_during_migration(tmp_path: Path) -> None:
    fixture = tmp_path / "v1.sqlite"
    make_v1(fixture)
    labels = schema.migration_steps(1)
    assert len(labels) > 10
    for n, label in enumerate(labels):
        db = tmp_path / f"lib-{n}.sqlite"
        shutil.copy(fixture, db)
        child = Child("migrate", str(db), label, stderr_path=tmp_path / f"s3-{n}.err")
        rc = child.finish()
        assert rc == -signal.SIGKILL, f"{label}: child was not killed ({rc}, {child.lines})"
        assert raw_integrity(db) == ["ok"], label
        con = sqlite3.connect(db)
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            columns = {r[1] for r in con.execute("PRAGMA table_info(entries)")}
            has_fts = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'entries_fts'").fetchone()
        finally:
            con.close()
        if label == "committed":
            assert version == schema.SCHEMA_VERSION
            assert "analysis" in columns
        else:
            # Rolled back whole: still exactly version 1, no half-added column or table.
            assert version == 1, label
            assert "seq" not in columns and "analysis" not in columns and has_fts is None, label
        with Library.open(db) as lib:  # the next start migrates (again) and works
            feeds = lib.feeds()
            assert [f.total for f in feeds] == [40, 40, 40]
            assert lib.unread_count() == 3 * (40 - 14)
            assert len(lib.entries(starred_only=True)) == 3
            assert [e.id for e in lib.search("zeppelin")] == ["old7"] * 3
            assert lib.integrity_check() == ["ok"]
        con = sqlite3.connect(db)
        try:
            assert con.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        finally:
            con.close()


# ----------------------------------------------------------------------------- S4


@pytest.mark.timeout(60)
def test_S4_second_instance(db: Path, tmp_path: Path) -> None:
    _populated(db)
    child = Child("hold", str(db), "30", stderr_path=tmp_path / "s4.err")
    try:
        child.wait_for("READY")
        # Another newsreader is running and writing: this one opens, writes and reads all the same.
        with Library.open(db) as lib:
            assert not lib.readonly
            feed = lib.feeds()[0]
            lib.set_read((feed.id, "e0"))
            lib.add_feed("https://example.org/second")
            before = lib.data_version()
            seen_updates = False
            for _ in range(30):
                held = lib.get_feed("https://example.org/held")
                if held is not None and held.etag:
                    gen = int(held.etag)
                    titles = {e.title for e in lib.entries(feed_id=held.id) if e.id in FIXED_IDS}
                    assert len(titles) == 1 and int(titles.pop()[1:]) >= gen  # one whole generation
                    seen_updates = True
                time.sleep(0.01)
            assert seen_updates and lib.data_version() != before  # the other's commits are visible
        # Read-only mode works alongside too, and refuses writes with one line.
        with Library.open(db, readonly=True) as ro:
            assert ro.get_entry((feed.id, "e0")).read  # type: ignore[union-attr]
            with pytest.raises(LibraryError):
                ro.set_read((feed.id, "e1"))
        assert not (db.parent / (db.name + ".damaged")).exists()
    finally:
        child.kill()  # SIGKILL: its shared lock goes with it
    with Library.open(db) as lib:
        assert lib.integrity_check() == ["ok"]
        assert lib.get_feed("https://example.org/second") is not None
        # Two libraries in one process are fine as well.
        with Library.open(db) as other:
            other.set_starred((feed.id, "e2"))
        assert lib.get_entry((feed.id, "e2")).starred  # type: ignore[union-attr]


@pytest.mark.timeout(60)
def test_S4_repair_and_upgrade_wait_for_the_others(db: Path, tmp_path: Path) -> None:
    from feeds.library.lock import LibraryLock

    # A damaged library while another newsreader has it open: not moved, one clear line.
    _populated(db, feeds=2, entries=30)
    con = sqlite3.connect(db)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    (index_page,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'entries_by_feed_read'").fetchone()
    con.close()
    other = LibraryLock(db)  # what every open library holds
    other.acquire_shared()
    try:
        with open(db, "r+b") as f:
            f.seek((index_page - 1) * page_size)
            f.write(b"\xff")
        with pytest.raises(LibraryError) as info:
            Library.open(db)
        assert "quit every newsreader using it" in str(info.value) and "\n" not in str(info.value)
        assert not list(db.parent.glob("*.corrupt-*"))
    finally:
        other.release()
    err = _expect_damaged(db)  # alone now: repaired
    assert err.recovered_feeds == 2 and err.recovered_entries == 60 and err.lost_entries == 0

    # An old library while another (older) newsreader has it open: not upgraded under it.
    v1 = tmp_path / "v1.sqlite"
    make_v1(v1, feeds=1, entries=5)
    other = LibraryLock(v1)
    other.acquire_shared()
    try:
        with pytest.raises(LibraryLocked, match="needs upgrading"):
            Library.open(v1)
    finally:
        other.release()
    with Library.open(v1) as lib:
        assert len(lib.entries()) == 5

    # A repair or upgrade in progress (the exclusive lock) makes an opener wait, then say who.
    busy = LibraryLock(db)
    assert busy.try_exclusive()
    try:
        with pytest.raises(LibraryLocked) as locked:
            Library.open(db, wait=0.3)
        assert f"(PID {os.getpid()})" in str(locked.value) and "try again in a moment" in str(locked.value)
    finally:
        busy.release()


# ----------------------------------------------------------------------------- S5


@pytest.mark.timeout(60)
def test_S5_two_writers_without_lock(db: Path, tmp_path: Path) -> None:
    (feed_id,) = _populated(db)
    with Library.open(db) as lib:
        lib.store_update(feed_id, title="t", link=None, entries=storage_child.generation_items(1),
                         etag="1", last_modified=None, next_update=None)
    # Deterministic: another connection holds the write lock; every write is refused with
    # a typed one-line error, reads go on (WAL), nothing is half-written.
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    lib = Library.open(db, busy_timeout=0, _take_lock=False)
    try:
        key = (feed_id, "e0")
        writes = [
            lambda: lib.add_feed("https://example.org/new"),
            lambda: lib.remove_feed(feed_id),
            lambda: lib.set_feed_url(feed_id, "https://example.org/moved"),
            lambda: lib.set_feed_folder(feed_id, "x"),
            lambda: lib.store_update(feed_id, title="x", link=None, entries=[Item(id="z", title="z")],
                                     etag=None, last_modified=None, next_update=None),
            lambda: lib.store_not_modified(feed_id, next_update=None),
            lambda: lib.store_error(feed_id, category="network", message="x", next_update=None),
            lambda: lib.set_read(key),
            lambda: lib.set_starred(key),
            lambda: lib.mark_feed_read(),
            lambda: lib.set_entry_text(key, "new"),
            lambda: lib.cache_analysis(key, "{}"),
        ]
        for write in writes:
            with pytest.raises(StorageBusy) as info:
                write()
            assert "\n" not in str(info.value) and "busy" in str(info.value)
        assert lib.get_feed(feed_id) is not None and lib.entries(feed_id=feed_id)
        assert lib.search("lorem")
        blocker.execute("ROLLBACK")
        lib.set_read(key)  # works again once the other writer is done
        assert lib.get_entry(key).read  # type: ignore[union-attr]
    finally:
        lib.close()
        blocker.close()
    # Two processes hammering the same file without the lock, busy_timeout=0.
    children = [Child("writer", str(db), name, "300", str(n), stderr_path=tmp_path / f"s5-{n}.err")
                for n, name in enumerate(("alpha", "beta"))]
    for child in children:
        assert child.finish(timeout=50) == 0
        done = [line for line in child.lines if line.startswith(("DONE", "FAIL"))]
        assert done and done[0].startswith("DONE"), child.lines[-3:]
    assert raw_integrity(db) == ["ok"]
    with Library.open(db) as lib:
        assert lib.integrity_check() == ["ok"]
        _check_feed_consistent(lib, feed_id)


def _check_feed_consistent(lib: Library, feed_id: int) -> None:
    feed = lib.get_feed(feed_id)
    assert feed is not None and feed.etag
    titles = {e.title for e in lib.entries(feed_id=feed_id) if e.id in FIXED_IDS}
    assert titles == {f"g{int(feed.etag)}"}


# ----------------------------------------------------------------------------- S6


def _expect_damaged(db: Path) -> LibraryDamaged:
    with pytest.raises(LibraryDamaged) as info:
        Library.open(db)
    err = info.value
    message = str(err)
    assert "\n" not in message and "a copy was saved to" in message
    assert err.saved_to and Path(err.saved_to).exists() and ".corrupt-" in err.saved_to
    return err


@pytest.mark.timeout(60)
def test_S6_corrupt_cache(db: Path, tmp_path: Path) -> None:
    # 1. Not a database at all.
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"not a database\n" * 100)
    err = _expect_damaged(db)
    assert Path(err.saved_to).read_bytes() == b"not a database\n" * 100  # nothing deleted
    with Library.open(db) as lib:  # the next start works, on a fresh library
        assert lib.feeds() == [] and lib.integrity_check() == ["ok"]
        lib.add_feed("https://example.org/kept.xml")

    # 2. Truncated to 1000 bytes.
    _populated(db, feeds=3, entries=50)
    with open(db, "r+b") as f:
        f.truncate(1000)
    _expect_damaged(db)
    with Library.open(db) as lib:
        assert lib.integrity_check() == ["ok"]

    # 3a. A flipped byte in a page of an index: the subscriptions AND the read state survive.
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()
    ids = _populated(db, feeds=3, entries=50)
    with Library.open(db) as lib:
        lib.set_read((ids[0], "e3"))
        lib.set_starred((ids[1], "e4"))
    con = sqlite3.connect(db)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    (index_page,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'entries_by_feed_read'").fetchone()
    (feeds_page,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'feeds'").fetchone()
    con.close()
    assert feeds_page == 2
    with open(db, "r+b") as f:
        f.seek((index_page - 1) * page_size)
        f.write(b"\xff")
    err = _expect_damaged(db)
    assert err.recovered_feeds == 3
    with Library.open(db) as lib:
        assert len(lib.feeds()) == 3
        assert lib.get_entry((1, "e3")).read  # type: ignore[union-attr]
        assert lib.get_entry((2, "e4")).starred  # type: ignore[union-attr]
        assert lib.integrity_check() == ["ok"]

    # 3b. A flipped byte in page 2 (the feeds table): the URL list is still recovered from its index.
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()
    _populated(db, feeds=3, entries=10)
    with open(db, "r+b") as f:
        f.seek(page_size)  # page 2's b-tree page type
        f.write(b"\x00")
    err = _expect_damaged(db)
    with Library.open(db) as lib:
        assert {f.url for f in lib.feeds()} == {f"https://example.org/{n}.xml" for n in range(3)}

    # 3c. Random flips anywhere in page 2: never a raw sqlite3 exception.
    rng = random.Random(6)
    for _ in range(12):
        for leftover in db.parent.glob(db.name + "*"):
            leftover.unlink()
        _populated(db, feeds=3, entries=10)
        with open(db, "r+b") as f:
            f.seek(page_size + rng.randrange(page_size))
            byte = f.read(1)
            f.seek(-1, os.SEEK_CUR)
            f.write(bytes([byte[0] ^ (1 << rng.randrange(8))]))
        try:
            lib = Library.open(db)
        except LibraryError:
            lib = Library.open(db)  # rebuilt: the next start works
        with lib:
            for call in (lib.feeds, lambda: lib.entries(limit=50), lambda: lib.search("text"),
                         lambda: lib.mark_feed_read(), lib.integrity_check):
                try:
                    call()
                except LibraryError as exc:
                    assert "\n" not in str(exc)

    # 4. An overwritten -wal (after a crash left one behind): the file still opens.
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()
    _populated(db, feeds=200, entries=0)
    child = Child("update", str(db), "0", stderr_path=tmp_path / "s6.err")
    child.wait_for("READY")
    time.sleep(0.3)
    child.kill()
    wal = Path(str(db) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    wal.write_bytes(os.urandom(wal.stat().st_size))
    with Library.open(db) as lib:
        assert lib.integrity_check() == ["ok"]
        assert len(lib.feeds()) == 200
    _check_generations(db)

    # 5. -wal and -shm overwritten while a library is open: typed errors at worst, then recovery.
    lib = Library.open(db)
    try:
        feed = lib.feeds()[0]
        lib.store_update(feed.id, title=f"feed {feed.id} g999", link=None,
                         entries=storage_child.generation_items(999), etag="999",
                         last_modified=None, next_update=None)
        for side in (wal, Path(str(db) + "-shm")):
            if side.exists():
                side.write_bytes(os.urandom(side.stat().st_size))
        for call in (lib.feeds, lambda: lib.set_read((feed.id, "e1")), lambda: lib.entries(limit=5)):
            try:
                call()
            except LibraryError as exc:
                assert "\n" not in str(exc)
    finally:
        lib.close()
    try:
        lib = Library.open(db)
    except LibraryError:
        lib = Library.open(db)
    with lib:
        assert lib.integrity_check() == ["ok"]


# ----------------------------------------------------------------------------- S7

NOBODY = 65534


def _run_perm(db: Path, *, readonly: bool = False, uid: int = -1) -> str:
    out = subprocess.run([sys.executable, str(CHILD), "perm", str(db), "1" if readonly else "0", str(uid)],
                         capture_output=True, text=True, timeout=30)
    lines = out.stdout.strip().splitlines()
    assert lines, out.stderr[-2000:]
    return lines[-1]


@pytest.mark.timeout(60)
def test_S7_permissions_and_disk_full(db: Path, tmp_path: Path) -> None:
    # Disk full: RLIMIT_FSIZE in a child makes writes fail with EFBIG part-way.
    (feed_id,) = _populated(db, entries=5)
    with Library.open(db) as lib:
        before = [(e.key, e.title, e.read) for e in lib.entries()]
        title = lib.get_feed(feed_id).title  # type: ignore[union-attr]
    limit = db.stat().st_size + 64 * 1024
    out = subprocess.run([sys.executable, str(CHILD), "fsize", str(db), str(limit)],
                         capture_output=True, text=True, timeout=30)
    lines = out.stdout.splitlines()
    assert lines and lines[0].startswith("ERR LibraryError"), (lines, out.stderr[-2000:])
    assert "nothing was changed" in lines[0]
    assert lines[1] == f"STATE total=5 title={title} same=True"  # rolled back, seen by the same connection
    assert lines[2] == "SMALL ok"  # the library stays usable for writes that fit
    assert raw_integrity(db) == ["ok"]
    with Library.open(db) as lib:
        expected = [(key, t, read or key == (feed_id, "e0")) for key, t, read in before]
        assert [(e.key, e.title, e.read) for e in lib.entries()] == expected
        assert lib.get_feed(feed_id).title == title  # type: ignore[union-attr]
        assert lib.integrity_check() == ["ok"]

    # Permissions. Root ignores mode bits, so as root the child drops to "nobody" first.
    root = os.geteuid() == 0
    if root:
        try:
            subprocess.run([sys.executable, "-c", f"import os; os.setgid({NOBODY}); os.setuid({NOBODY})"],
                           check=True, timeout=10)
        except (subprocess.CalledProcessError, OSError):
            pytest.skip("running as root without the ability to drop privileges: chmod does not bite")
    uid = NOBODY if root else -1
    base = Path(tempfile.mkdtemp(prefix="nr-perm-"))
    try:
        os.chmod(base, 0o755)
        lib_dir = base / "lib"
        lib_dir.mkdir()
        target = lib_dir / "library.sqlite"
        _populated(target, entries=3)
        if root:
            for p in [lib_dir, *lib_dir.iterdir()]:
                os.chown(p, NOBODY, NOBODY)
        assert _run_perm(target, uid=uid) == "OK"

        # chmod 000 on the database (and its -wal/-shm if any).
        for p in lib_dir.glob("library.sqlite*"):
            if not p.name.endswith(".lock"):
                os.chmod(p, 0o000)
        for ro in (False, True):
            result = _run_perm(target, readonly=ro, uid=uid)
            assert result.startswith("ERR LibraryError"), result
        for p in lib_dir.glob("library.sqlite*"):
            os.chmod(p, 0o600)
        digest = file_digest(target)

        # A read-only directory holding the library: reading works, writing refuses cleanly.
        os.chmod(lib_dir, 0o555)
        assert _run_perm(target, readonly=True, uid=uid) == "OK"
        result = _run_perm(target, uid=uid)
        assert result.startswith("ERR LibraryError") and "\n" not in result, result
        # A read-only directory where the library would be created.
        result = _run_perm(lib_dir / "sub" / "new.sqlite", uid=uid)
        assert result.startswith("ERR LibraryError"), result
        os.chmod(lib_dir, 0o755)

        # A read-only database file in a writable directory.
        os.chmod(target, 0o444)
        result = _run_perm(target, uid=uid)
        assert result.startswith("ERR LibraryError"), result
        assert _run_perm(target, readonly=True, uid=uid) == "OK"
        assert file_digest(target) == digest
        os.chmod(target, 0o644)
        assert raw_integrity(target) == ["ok"]
    finally:
        for p in [base, *base.rglob("*")]:
            try:
                os.chmod(p, 0o700 if p.is_dir() else 0o600)
            except OSError:
                pass
        shutil.rmtree(base, ignore_errors=True)


# ----------------------------------------------------------------------------- S8


@pytest.mark.timeout(30)
def test_S8_foreign_or_future_db(db: Path) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    # Another program's database (its own application_id).
    con = sqlite3.connect(db)
    con.execute("PRAGMA application_id = 1234")
    con.execute("CREATE TABLE notes (x)")
    con.execute("INSERT INTO notes VALUES ('mine')")
    con.commit()
    con.close()
    digest = file_digest(db)
    for ro in (False, True):
        with pytest.raises(LibraryError) as info:
            Library.open(db, readonly=ro)
        assert "not a newsreader library" in str(info.value) and not isinstance(info.value, LibraryDamaged)
    assert file_digest(db) == digest
    # A plain SQLite file with tables but no application_id is not ours either.
    db.unlink()
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()
    digest = file_digest(db)
    with pytest.raises(LibraryError, match="not a newsreader library"):
        Library.open(db)
    assert file_digest(db) == digest
    # A newer newsreader's library: refused, never migrated downwards.
    db.unlink()
    _populated(db)
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    digest = file_digest(db)
    for ro in (False, True):
        with pytest.raises(LibraryError) as info:
            Library.open(db, readonly=ro)
        assert str(info.value) == (
            f"library was created by a newer newsreader (schema 99; this version reads up to {schema.SCHEMA_VERSION})")
    assert file_digest(db) == digest
    assert not list(db.parent.glob("*.bak-v*")) and not list(db.parent.glob("*.corrupt-*"))


# ----------------------------------------------------------------------------- S9


@pytest.mark.timeout(30)
def test_S9_network_filesystem_warning(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert paths.filesystem_type(Path(tempfile.gettempdir())) is not None
    with Library.open(db) as lib:
        assert lib.warnings == []
        assert lib._con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # type: ignore[union-attr]
    monkeypatch.setattr(paths, "filesystem_type", lambda path: "nfs4")
    with Library.open(db) as lib:
        assert len(lib.warnings) == 1 and "network file system (nfs4)" in lib.warnings[0]
        assert lib._con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # type: ignore[union-attr]
        f = lib.add_feed("https://example.org/nfs.xml")
        lib.store_update(f.id, title="nfs", link=None, entries=[Item(id="a", title="a")], etag=None,
                         last_modified=None, next_update=None)
        lib.set_read((f.id, "a"))
    assert not Path(str(db) + "-wal").exists()
    with Library.open(db, readonly=True) as ro:
        assert ro.get_entry((f.id, "a")).read  # type: ignore[union-attr]


# ----------------------------------------------------------------------------- S10


@pytest.mark.timeout(60)
def test_S10_concurrent_update_of_one_feed(db: Path) -> None:
    (feed_id,) = _populated(db, entries=0)
    shared = [f"s{i}" for i in range(30)]

    def batch(name: str, round_: int) -> list[Item]:
        own = [Item(id=f"{name}{round_}-{i}", title=f"{name} own") for i in range(3)]
        return [Item(id=s, title=f"{name} {round_}", text=f"{name} {round_} text") for s in shared] + own

    libs = [Library.open(db, _take_lock=False) for _ in range(2)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def worker(lib: Library, name: str) -> None:
        try:
            for r in range(20):
                barrier.wait(timeout=10)
                lib.store_update(feed_id, title=f"{name} {r}", link=None, entries=batch(name, r),
                                 etag=None, last_modified=None, next_update=None)
                # Between rounds the shared entries all name one writer's one round.
                got = {e.title for e in lib.entries(feed_id=feed_id) if e.id in shared}
                assert len(got) == 1, got
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(lib, name)) for lib, name in zip(libs, ("A", "B"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=50)
    for lib in libs:
        lib.close()
    assert not errors, errors
    with Library.open(db) as lib:
        feed = lib.get_feed(feed_id)
        assert feed is not None
        entries = lib.entries(feed_id=feed_id)
        ids = [e.id for e in entries]
        assert len(ids) == len(set(ids)) == 30 + 2 * 20 * 3  # no duplicates, nothing lost
        # Last writer wins, whole: the shared entries hold exactly the content of the feed's last title.
        winner = feed.title
        assert {e.title for e in entries if e.id in shared} == {winner}
        assert {e.text for e in entries if e.id in shared} == {f"{winner} text"}
        assert lib.integrity_check() == ["ok"]

    # One Library shared by two threads is serialised internally.
    with Library.open(db) as lib:
        def hammer(name: str) -> None:
            try:
                for r in range(30):
                    lib.store_update(feed_id, title=f"{name} {r}", link=None, entries=batch(name, r),
                                     etag=None, last_modified=None, next_update=None)
                    lib.set_read((feed_id, shared[r % 30]))
                    lib.entries(feed_id=feed_id, limit=10)
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

        threads = [threading.Thread(target=hammer, args=(n,)) for n in ("C", "D")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=50)
        assert not errors, errors
        winner = lib.get_feed(feed_id).title  # type: ignore[union-attr]
        assert {e.title for e in lib.entries(feed_id=feed_id) if e.id in shared} == {winner}


# ----------------------------------------------------------------------------- J3


@pytest.mark.timeout(60)
def test_J3_atomic_save(tmp_path: Path) -> None:
    target = tmp_path / "export.opml"
    size = 50 * 1024 * 1024
    old = b"O" * (1024 * 1024) + b"old end"
    old_digest = hashlib.sha256(old).hexdigest()
    new_digest = hashlib.sha256(b"N" * size).hexdigest()
    # Calibrate: how long one save takes here.
    atomic_write(target, old)
    child = Child("atomic", str(target), str(size))
    child.wait_for("START")
    started = time.monotonic()
    child.wait_for("DONE", timeout=50)
    duration = max(time.monotonic() - started, 0.05)
    child.finish()
    assert file_digest(target) == new_digest
    rng = random.Random(3)
    outcomes = set()
    for trial in range(8):
        atomic_write(target, old)
        child = Child("atomic", str(target), str(size))
        child.wait_for("START")
        time.sleep(rng.uniform(0, duration * 1.1))
        child.kill()
        digest = file_digest(target)
        assert digest in (old_digest, new_digest), f"trial {trial}: target is neither old nor new"
        outcomes.add("old" if digest == old_digest else "new")
    assert "old" in outcomes  # at least one kill landed mid-save
    # Leftover temporaries (from the kills) are hidden siblings and never the target.
    for p in tmp_path.iterdir():
        assert p == target or p.name.startswith(".export.opml.tmp-")
    # Text, permissions kept.
    os.chmod(target, 0o640)
    atomic_write(target, "héllo")
    assert target.read_text("utf-8") == "héllo" and (target.stat().st_mode & 0o777) == 0o640


# ----------------------------------------------------------------------------- E2


@pytest.mark.timeout(60)
def test_E2_identity_chaos_storage(db: Path) -> None:
    with Library.open(db) as lib:
        a = lib.add_feed("https://a.example/feed")
        b = lib.add_feed("https://b.example/feed")
        # 10k items with the same guid: one row, the first occurrence wins, no constraint error.
        same = [Item(id="dup", title=f"copy {i}", text=f"t{i}") for i in range(10_000)]
        stats = lib.store_update(a.id, title=None, link=None, entries=same, etag=None, last_modified=None,
                                 next_update=None)
        assert (stats.new, stats.updated, stats.unchanged) == (1, 0, 0)
        assert [(e.id, e.title) for e in lib.entries(feed_id=a.id)] == [("dup", "copy 0")]
        # Deterministic: the same chaos again changes nothing.
        stats = lib.store_update(a.id, title=None, link=None, entries=same, etag=None, last_modified=None,
                                 next_update=None)
        assert (stats.new, stats.updated, stats.unchanged) == (0, 0, 1)
        # A 1 MB guid is hashed; its key still works, read state is keyed safely.
        huge = "g" * 1_000_000
        lib.store_update(a.id, title=None, link=None, entries=[Item(id=huge, title="huge id")], etag=None,
                         last_modified=None, next_update=None)
        (entry,) = [e for e in lib.entries(feed_id=a.id) if e.title == "huge id"]
        assert entry.id.startswith("sha256:") and len(entry.id) < 100 and entry.id == normalize_entry_id(huge)
        lib.set_read((a.id, huge))
        assert lib.get_entry(entry.key).read  # type: ignore[union-attr]
        assert lib.get_entry((a.id, huge)).read  # type: ignore[union-attr]
        # The same guid in two feeds: two rows, independent read state.
        for feed in (a, b):
            lib.store_update(feed.id, title=None, link=None, entries=[Item(id="shared", title=str(feed.id))],
                             etag=None, last_modified=None, next_update=None)
        lib.set_read((a.id, "shared"))
        assert lib.get_entry((a.id, "shared")).read  # type: ignore[union-attr]
        assert not lib.get_entry((b.id, "shared")).read  # type: ignore[union-attr]
        # No guid and no link: a deterministic id from the content; NUL and lone surrogates in ids.
        odd = [Item(id="", title="no id at all"), Item(id="nul\x00id", title="nul"),
               Item(id="sur\ud800rogate", title="surrogate")]
        stats = lib.store_update(b.id, title=None, link=None, entries=odd, etag=None, last_modified=None,
                                 next_update=None)
        assert stats.new == 3
        stats = lib.store_update(b.id, title=None, link=None, entries=odd, etag=None, last_modified=None,
                                 next_update=None)
        assert (stats.new, stats.unchanged) == (0, 3)
        assert lib.integrity_check() == ["ok"]
