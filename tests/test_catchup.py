"""The text catch-up runs in a child process the reader owns (issue 11).

After a big first refresh the entries' HTML is made into text and indexed
for search by ``python -m feeds.catchup``, not by the reader's process. Killing
that child loses nothing: the rows it had not reached stay pending and the
next catch-up finishes them. Real loopback server, real SQLite file, real
child processes.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

import feeds.library.store
from feeds.catchup import CatchUp
from feeds.library.store import Library

from .netserver import LoopbackServer
from .pendinglib import fill_pending


@pytest.fixture
def pending(tmp_path: Path):
    path = tmp_path / "library.db"
    with LoopbackServer() as srv:
        count = fill_pending(path, srv, feeds=20, per_feed=150)
    assert count == 3000
    return path


def _wait(catchup: CatchUp, timeout: float = 240.0) -> None:
    deadline = time.monotonic() + timeout
    while catchup.running and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not catchup.running, "the catch-up did not finish"


def _texts(path: Path) -> dict[str, str | None]:
    con = sqlite3.connect(path)
    try:
        return {r[0]: r[1] for r in con.execute("SELECT entry_id, text FROM entries WHERE body IS NULL")}
    finally:
        con.close()


def test_the_child_converts_and_indexes_everything_and_this_process_converts_nothing(
        pending: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = feeds.library.store._make_text

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(feeds.library.store, "_make_text", counting)
    catchup = CatchUp(pending)
    assert catchup.start()
    assert not catchup.start()  # one child per library at a time
    _wait(catchup)
    assert catchup.returncode == 0
    assert calls == []  # not one entry converted in this process
    from feeds.analysis import ANALYSER_VERSION

    with Library.open(pending, readonly=True) as lib:
        assert lib.pending_text() == 0
        assert lib.pending_index() == 0
        assert lib.index_behind(ANALYSER_VERSION) == 0  # who said what: every entry analysed, in the child too
        found = lib.search("cormorant ferry timetable") or lib.search("ferry timetable")
        assert found and "ferry timetable" in found[0].text
    texts = _texts(pending)
    assert len(texts) == 3000 and all(t and "bus lanes" in t for t in texts.values())


def test_killing_the_child_loses_nothing_and_the_next_one_finishes(pending: Path) -> None:
    before = _ids(pending)
    catchup = CatchUp(pending)
    catchup.start()
    deadline = time.monotonic() + 120
    left = 3000
    while left == 3000 and time.monotonic() < deadline:
        time.sleep(0.02)
        with Library.open(pending, readonly=True) as lib:
            left = lib.pending_text()
    catchup.stop()  # SIGKILL, mid-run
    assert not catchup.running
    with Library.open(pending, readonly=True) as lib:
        stopped_at = lib.pending_text()
    assert 0 < stopped_at < 3000, "the child was not stopped mid-run"
    assert _ids(pending) == before  # every entry, read flag and star is still there
    converted = _texts(pending)
    assert len(converted) == 3000 - stopped_at and all(t and "bus lanes" in t for t in converted.values())
    again = CatchUp(pending)
    again.start()
    _wait(again)
    with Library.open(pending, readonly=True) as lib:
        assert lib.pending_text() == 0 and lib.pending_index() == 0
    assert _ids(pending) == before


def _ids(path: Path) -> set[tuple]:
    con = sqlite3.connect(path)
    try:
        return set(con.execute("SELECT feed_id, entry_id, read, starred FROM entries"))
    finally:
        con.close()
