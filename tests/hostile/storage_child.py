"""Child process for the storage crash tests (test_storage_hostile.py).

Run as ``python storage_child.py <command> <args…>``. Each command drives the
real :class:`feeds.library.store.Library` the way the application does and reports
progress on stdout, one line per event, written with ``os.write`` so that a
line is in the pipe the moment the call it acknowledges has returned:

* ``READY`` — set-up done; the parent may start its kill timer.
* ``ACK <feed_id> <entry_id>`` — ``set_read`` for that key has returned.
* ``ERR <class> <message>`` / ``OK …`` / ``DONE …`` — outcomes.

The parent SIGKILLs the child at random moments; nothing here cleans up.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from feeds.library import schema
from feeds.core.atomic import atomic_write
from feeds.library.store import Library, LibraryError, StorageBusy

#: Entries every generation of a feed rewrites (S1): all must carry the same generation.
FIXED_IDS = tuple(f"e{i}" for i in range(5))
#: A runaway child stops on its own after this long.
MAX_RUN_SECONDS = 30.0


@dataclass
class Item:
    """An entry shaped like feeds.formats.feedparse.ParsedEntry (the store's EntryData protocol)."""

    id: str
    title: str
    link: str | None = None
    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    text: str = ""
    summary_only: bool = False


def say(line: str) -> None:
    os.write(1, (line + "\n").encode("utf-8", "replace"))


def generation_items(gen: int) -> list[Item]:
    """What generation ``gen`` of a feed contains: the fixed entries rewritten, plus one new one."""
    when = datetime(2024, 1, 1, tzinfo=timezone.utc)
    items = [Item(id=eid, title=f"g{gen}", text=f"{eid} gen {gen} " + "lorem ipsum " * 20,
                  published=when, link=f"https://example.org/{eid}") for eid in FIXED_IDS]
    items.append(Item(id=f"n{gen}", title=f"g{gen}", text=f"new in gen {gen}"))
    return items


def cmd_update(db: str, seed: str) -> None:
    """S1: update every feed generation after generation; mark an entry read now and then."""
    rng = random.Random(int(seed))
    started = time.monotonic()
    with Library.open(Path(db)) as lib:
        feeds = lib.feeds()
        gens = {f.id: int(f.etag or 0) for f in feeds}
        say("READY")
        while time.monotonic() - started < MAX_RUN_SECONDS:
            for n, feed in enumerate(feeds):
                gen = gens[feed.id] + 1
                lib.store_update(feed.id, title=f"feed {feed.id} g{gen}", link=None,
                                 entries=generation_items(gen), etag=str(gen), last_modified=None,
                                 next_update=None)
                gens[feed.id] = gen
                if n % 7 == 0:
                    target = rng.choice(feeds)
                    if gens[target.id] >= 1:
                        key = (target.id, rng.choice(FIXED_IDS))
                        lib.set_read(key)
                        say(f"ACK {key[0]} {key[1]}")


def cmd_markread(db: str, seed: str) -> None:
    """S2: mark entries read one by one, acknowledging each."""
    rng = random.Random(int(seed))
    with Library.open(Path(db)) as lib:
        keys = [e.key for e in lib.entries()]
        rng.shuffle(keys)
        say("READY")
        for key in keys:
            lib.set_read(key)
            say(f"ACK {key[0]} {key[1]}")
    say("DONE")


def cmd_migrate(db: str, kill_at: str) -> None:
    """S3: open (and so migrate) a library, SIGKILLing ourselves at one migration step."""

    def hook(label: str) -> None:
        if label == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    schema.step_hook = hook
    with Library.open(Path(db)):
        pass
    say("OPENED")


def cmd_hold(db: str, seconds: str) -> None:
    """S4: be the running instance: hold the library and keep writing for ``seconds``."""
    with Library.open(Path(db)) as lib:
        feed = lib.add_feed("https://example.org/held")
        say("READY")
        deadline = time.monotonic() + float(seconds)
        gen = 0
        while time.monotonic() < deadline:
            gen += 1
            lib.store_update(feed.id, title=f"held g{gen}", link=None, entries=generation_items(gen),
                             etag=str(gen), last_modified=None, next_update=None)
            time.sleep(0.005)
    say("DONE")


def cmd_writer(db: str, name: str, rounds: str, seed: str) -> None:
    """S5: write without the lock and with busy_timeout=0; count typed refusals."""
    rng = random.Random(int(seed))
    ok = busy = 0
    lib = Library.open(Path(db), busy_timeout=0, _take_lock=False)
    try:
        feed = lib.feeds()[0]
        say("READY")
        for i in range(int(rounds)):
            try:
                if rng.random() < 0.5:
                    gen = int(time.monotonic() * 1e6) % 1_000_000
                    lib.store_update(feed.id, title=f"{name} {i}", link=None, entries=generation_items(gen),
                                     etag=str(gen), last_modified=None, next_update=None)
                else:
                    lib.set_read((feed.id, rng.choice(FIXED_IDS)), read=rng.random() < 0.5)
                ok += 1
            except StorageBusy:
                busy += 1
            except Exception as exc:  # anything else is a failure the parent reports
                say(f"FAIL {type(exc).__name__} {exc}")
                return
    finally:
        lib.close()
    say(f"DONE ok={ok} busy={busy}")


def cmd_atomic(target: str, size: str) -> None:
    """J3: replace ``target`` with ``size`` bytes of new content."""
    data = b"N" * int(size)
    say("START")
    atomic_write(Path(target), data)
    say("DONE")


def cmd_fsize(db: str, limit: str) -> None:
    """S7: a write that hits RLIMIT_FSIZE (the disk-full path) must fail cleanly and roll back."""
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
    with Library.open(Path(db)) as lib:
        feed = lib.feeds()[0]
        before = lib.get_feed(feed.id)
        big = [Item(id=f"big{i}", title=f"big {i}", text=f"big {i} " + "x" * 40_000) for i in range(200)]
        resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), resource.RLIM_INFINITY))
        try:
            lib.store_update(feed.id, title="SHOULD NOT BE STORED", link=None, entries=big, etag="big",
                             last_modified=None, next_update=None)
            say("OK stored")
        except LibraryError as exc:
            say(f"ERR {type(exc).__name__} {exc}")
        after = lib.get_feed(feed.id)
        assert before is not None and after is not None
        say(f"STATE total={after.total} title={after.title} same={after.total == before.total}")
        # A small write still works within the limit (the library stays usable).
        try:
            lib.set_read((feed.id, FIXED_IDS[0]))
            say("SMALL ok")
        except LibraryError as exc:
            say(f"SMALL ERR {exc}")


def cmd_perm(db: str, readonly: str, uid: str) -> None:
    """S7: try to open ``db`` (as ``uid`` when given, so root's overrides don't apply)."""
    target_uid = int(uid)
    if target_uid >= 0 and os.geteuid() != target_uid:
        os.setgid(target_uid)
        os.setuid(target_uid)
    try:
        with Library.open(Path(db), readonly=readonly == "1") as lib:
            lib.feeds()
            if readonly != "1":
                lib.add_feed("https://example.org/after")
        say("OK")
    except LibraryError as exc:
        say(f"ERR {type(exc).__name__} {exc}")
    except Exception as exc:
        say(f"RAW {type(exc).__name__} {exc}")


COMMANDS = {
    "update": cmd_update,
    "markread": cmd_markread,
    "migrate": cmd_migrate,
    "hold": cmd_hold,
    "writer": cmd_writer,
    "atomic": cmd_atomic,
    "fsize": cmd_fsize,
    "perm": cmd_perm,
}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
