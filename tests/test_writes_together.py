"""Several feeds stored in one transaction (Library.writes_together and the refresh's writer).

A refresh groups the stores that queue up while the writer is busy into one
transaction. What a user relies on stays true: a feed is stored wholly or not
at all, a feed whose store fails fails alone (the others of its group are
kept, with the right counts), and nothing is stored twice. Failures are real
SQLite ones: a trigger that aborts the insert of one entry.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from feeds.library.errors import LibraryError, WritesLost
from feeds.library.store import Library
from feeds.refresh import _Writes
from tests.hostile.storage_child import Item

pytestmark = pytest.mark.timeout(60)


def _items(prefix: str, n: int = 3) -> list[Item]:
    return [Item(id=f"{prefix}-{i}", title=f"{prefix} story {i}", text=f"{prefix} text {i} " * 20)
            for i in range(n)]


def _store(lib: Library, feed_id: int, items: list[Item]):
    return lib.store_update(feed_id, title=None, link=None, entries=items, etag=None, last_modified=None,
                            next_update=None)


def _poison(lib: Library) -> None:
    """Any entry titled "poison" fails to insert, as a full disk or a bad row would."""
    con = sqlite3.connect(lib.path)
    with con:
        con.execute("CREATE TRIGGER poison BEFORE INSERT ON entries WHEN new.title = 'poison' "
                    "BEGIN SELECT RAISE(ABORT, 'this entry cannot be stored'); END")
    con.close()


def _titles(path: Path, feed_id: int) -> list[str]:
    with Library.open(path) as other:  # another connection: sees only what was committed
        return sorted(e.title for e in other.entries(feed_id=feed_id))


@pytest.fixture
def lib(tmp_path: Path):
    library = Library.open(tmp_path / "lib.sqlite")
    yield library
    library.close()


def test_the_writes_of_a_block_are_committed_together(lib: Library, tmp_path: Path) -> None:
    a, b = lib.add_feed("http://127.0.0.1/a.xml"), lib.add_feed("http://127.0.0.1/b.xml")
    with lib.writes_together():
        assert _store(lib, a.id, _items("a")).new == 3
        assert _titles(tmp_path / "lib.sqlite", a.id) == []  # nothing is visible before the block ends
        assert _store(lib, b.id, _items("b")).new == 3
    assert len(_titles(tmp_path / "lib.sqlite", a.id)) == 3
    assert len(_titles(tmp_path / "lib.sqlite", b.id)) == 3


def test_a_block_that_raises_keeps_nothing(lib: Library, tmp_path: Path) -> None:
    a = lib.add_feed("http://127.0.0.1/a.xml")
    with pytest.raises(RuntimeError):
        with lib.writes_together():
            _store(lib, a.id, _items("a"))
            raise RuntimeError("the caller gave up")
    assert _titles(tmp_path / "lib.sqlite", a.id) == []
    assert _store(lib, a.id, _items("a")).new == 3  # and the library writes on as before


def test_a_failed_write_inside_rolls_the_block_back_even_when_its_caller_caught_it(
        lib: Library, tmp_path: Path) -> None:
    a, b, c = (lib.add_feed(f"http://127.0.0.1/{n}.xml") for n in "abc")
    _poison(lib)
    with pytest.raises(WritesLost):
        with lib.writes_together():
            _store(lib, a.id, _items("a"))
            with pytest.raises(LibraryError):
                _store(lib, b.id, [Item(id="b-0", title="poison")])
            _store(lib, c.id, _items("c"))  # refused: the shared transaction is gone
    for feed in (a, b, c):
        assert _titles(tmp_path / "lib.sqlite", feed.id) == []  # nothing half-kept, nothing committed alone


def _grouped(lib: Library, jobs, together: int = 8):
    """Queue ``jobs`` while the writer thread is held, so that they are made as one group."""

    async def main():
        loop = asyncio.get_running_loop()
        thread = ThreadPoolExecutor(max_workers=1)
        hold = threading.Event()
        thread.submit(hold.wait)  # the writer is busy: the writes queue up behind it
        writes = _Writes(lib, loop, thread, together=together)
        pending = [asyncio.ensure_future(writes(job)) for job in jobs]
        await asyncio.sleep(0.05)
        hold.set()
        outcomes = await asyncio.gather(*pending, return_exceptions=True)
        thread.shutdown(wait=True)
        return outcomes

    return asyncio.run(main())


def test_in_a_group_the_feed_whose_store_fails_fails_alone(lib: Library, tmp_path: Path) -> None:
    feeds = [lib.add_feed(f"http://127.0.0.1/{i}.xml") for i in range(5)]
    _poison(lib)
    batches = [_items(f"f{i}") for i in range(5)]
    batches[2] = _items("f2")[:1] + [Item(id="f2-bad", title="poison")]
    old = _store(lib, feeds[2].id, _items("kept", 2))  # what the failing feed had before
    assert old.new == 2
    outcomes = _grouped(lib, [lambda i=i: _store(lib, feeds[i].id, batches[i]) for i in range(5)])
    for i, outcome in enumerate(outcomes):
        if i == 2:
            assert isinstance(outcome, LibraryError)
            assert _titles(tmp_path / "lib.sqlite", feeds[i].id) == ["kept story 0", "kept story 1"]
        else:
            assert outcome.new == 3  # counted once: not stored, rolled back and counted again
            assert len(_titles(tmp_path / "lib.sqlite", feeds[i].id)) == 3


def test_a_write_that_catches_its_own_failure_is_made_again_alone(lib: Library, tmp_path: Path) -> None:
    """Like the refresh's error records: the write reports the failure instead of raising it."""
    a, b, c = (lib.add_feed(f"http://127.0.0.1/{n}.xml") for n in "abc")
    _poison(lib)

    def caught() -> str:
        try:
            _store(lib, b.id, [Item(id="b-0", title="poison")])
        except LibraryError:
            return "reported"
        return "stored"

    outcomes = _grouped(lib, [lambda: _store(lib, a.id, _items("a")), caught, lambda: _store(lib, c.id, _items("c"))])
    assert outcomes[0].new == 3 and outcomes[1] == "reported" and outcomes[2].new == 3
    assert len(_titles(tmp_path / "lib.sqlite", a.id)) == 3
    assert len(_titles(tmp_path / "lib.sqlite", c.id)) == 3


def test_writes_are_grouped_up_to_the_limit(lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feeds = [lib.add_feed(f"http://127.0.0.1/{i}.xml") for i in range(7)]
    groups: list[int] = []
    real = Library.writes_together

    def counting(self):
        groups.append(0)
        return real(self)

    monkeypatch.setattr(Library, "writes_together", counting)
    outcomes = _grouped(lib, [lambda i=i: _store(lib, f.id, _items(f"f{i}")) for i, f in enumerate(feeds)],
                        together=3)
    assert [o.new for o in outcomes] == [3] * 7
    assert len(groups) == 2  # 3 + 3 together, the last one alone
