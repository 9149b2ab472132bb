"""The library's SQLite schema and its migrations.

The file is marked as ours with ``PRAGMA application_id`` and versioned with
``PRAGMA user_version``. Every database, new or old, goes through the same
ordered list of migrations (``MIGRATIONS[v]`` turns version ``v`` into
``v + 1``), all of them inside ONE ``BEGIN IMMEDIATE`` transaction together with
the new ``user_version`` and ``application_id``: a crash at any statement
boundary leaves the file at its old version, untouched (S3), and the next start
runs the migration again. A database from a newer newsreader is never migrated
downwards (S8).

History:

* v1 — feeds and entries.
* v2 — ``feeds.user_title``; per-entry ``seq`` (a stable integer key for the
  full-text index, unlike the implicit rowid which VACUUM may renumber),
  ``sort_date``/``feed_order`` (list order), ``feed_text_hash`` (so fetching the
  full article does not look like a change in the feed) and ``analysis`` (the
  cached analysis); list indexes; the FTS5 index and the triggers that keep it
  in sync with ``entries``.

* v3 — feed backoff (``failures``) and pending permanent redirects.
* v4 — search indexing deferred out of the refresh (``indexed``).
* v5 — ``entries.media``: the entry's numbered links and enclosures as JSON
  (``{"links": [...], "enclosures": [{"url", "type", "length", "duration"}]}``),
  NULL when it has none; entries stored before it read as having none until
  the feed is refreshed.
* v6 — ``entries.body``: what the feed sent for the entry's body
  (:meth:`feeds.formats.feedparse.EntryBody.to_blob`), stored by a refresh instead of
  the text; the text is made from it when the entry is first read or by the
  catch-up after a refresh, which then sets it back to NULL. Rows stored
  before v6 hold their text and a NULL body, and read as they always did.
* v7 — the analysis index (issue 15, :mod:`feeds.people`): ``analysis_index``
  says which entry (by ``seq``) was analysed by which analyser version;
  ``index_quotes``, ``index_sources`` and ``index_figures`` hold its quotes,
  sources and key figures with their offsets. Triggers drop an entry's rows
  when it is deleted or its title or text changes, so the catch-up redoes it.
* v8 — sync with a server (:mod:`feeds.library.sync`): ``sync_feeds`` (a
  subscription the server holds, by its id there), ``sync_entries`` (an entry's
  id on the server), ``sync_queue`` (read/star changes made here and not yet
  pushed, written by triggers in the same transaction as the flag, so a change
  acknowledged to the user is queued even if the process dies at once),
  ``sync_meta`` (cursors) and ``sync_applying`` (set only inside a transaction
  that applies the server's state, which must not be queued back).

If this SQLite lacks FTS5, v2 skips the index and :class:`~feeds.library.store.Library`
searches with LIKE instead. A library created with FTS5 cannot be written by a
SQLite without it (the triggers need the module); that combination is refused
with a clear message when the library is opened.
"""

from __future__ import annotations

import sqlite3
from typing import Callable, Union

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "MIGRATIONS",
    "fts5_available",
    "migrate",
    "migration_steps",
]

#: ``b"NwRd"`` as a big-endian int: marks a file as a newsreader library.
APPLICATION_ID = int.from_bytes(b"NwRd", "big")

Step = Union[str, Callable[[sqlite3.Connection], None]]

_fts5: bool | None = None


def fts5_available() -> bool:
    """Whether this SQLite build has the FTS5 module."""
    global _fts5
    if _fts5 is None:
        try:
            con = sqlite3.connect(":memory:")
            try:
                con.execute("CREATE VIRTUAL TABLE t USING fts5(a)")
                _fts5 = True
            finally:
                con.close()
        except sqlite3.Error:
            _fts5 = False
    return _fts5


V1: list[Step] = [
    """
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT,
        folder TEXT,
        link TEXT,
        etag TEXT,
        last_modified TEXT,
        last_error TEXT,
        error_category TEXT,
        last_updated TEXT,
        next_update TEXT,
        created TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE entries (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        entry_id TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        link TEXT,
        author TEXT,
        published TEXT,
        updated TEXT,
        text TEXT NOT NULL DEFAULT '',
        summary_only INTEGER NOT NULL DEFAULT 0,
        read INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT NOT NULL,
        PRIMARY KEY (feed_id, entry_id)
    )
    """,
    "CREATE INDEX entries_by_feed_read ON entries (feed_id, read)",
]


def _v2_fts(con: sqlite3.Connection) -> None:
    if not fts5_available():
        return
    for stmt in (
        """
        CREATE VIRTUAL TABLE entries_fts USING fts5(
            title, text, author,
            content='entries', content_rowid='seq',
            tokenize='unicode61 remove_diacritics 2'
        )
        """,
        """
        CREATE TRIGGER entries_fts_ai AFTER INSERT ON entries BEGIN
            INSERT INTO entries_fts (rowid, title, text, author)
            VALUES (new.seq, new.title, new.text, new.author);
        END
        """,
        """
        CREATE TRIGGER entries_fts_ad AFTER DELETE ON entries BEGIN
            INSERT INTO entries_fts (entries_fts, rowid, title, text, author)
            VALUES ('delete', old.seq, old.title, old.text, old.author);
        END
        """,
        """
        CREATE TRIGGER entries_fts_au AFTER UPDATE OF title, text, author, seq ON entries BEGIN
            INSERT INTO entries_fts (entries_fts, rowid, title, text, author)
            VALUES ('delete', old.seq, old.title, old.text, old.author);
            INSERT INTO entries_fts (rowid, title, text, author)
            VALUES (new.seq, new.title, new.text, new.author);
        END
        """,
        "INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')",
    ):
        con.execute(stmt)


V2: list[Step] = [
    "ALTER TABLE feeds ADD COLUMN user_title TEXT",
    "ALTER TABLE entries ADD COLUMN seq INTEGER",
    "ALTER TABLE entries ADD COLUMN sort_date TEXT",
    "ALTER TABLE entries ADD COLUMN feed_order INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE entries ADD COLUMN feed_text_hash TEXT",
    "ALTER TABLE entries ADD COLUMN analysis TEXT",
    "UPDATE entries SET seq = rowid, sort_date = COALESCE(published, first_seen)",
    "CREATE UNIQUE INDEX entries_seq ON entries (seq)",
    "CREATE INDEX entries_by_feed_date ON entries (feed_id, sort_date DESC, feed_order, seq)",
    "CREATE INDEX entries_by_date ON entries (sort_date DESC, feed_order, seq)",
    "CREATE INDEX entries_unread_by_date ON entries (sort_date DESC, feed_order, seq) WHERE read = 0",
    "CREATE INDEX entries_starred ON entries (sort_date DESC, feed_order, seq) WHERE starred = 1",
    "CREATE INDEX feeds_next_update ON feeds (next_update)",
    _v2_fts,
]

V3: list[Step] = [
    # consecutive failed polls: the backoff grows with them (I9, L2)
    "ALTER TABLE feeds ADD COLUMN failures INTEGER NOT NULL DEFAULT 0",
    # a permanent redirect is followed after two consistent observations (F6)
    "ALTER TABLE feeds ADD COLUMN redirect_url TEXT",
]

def _v4_deferred_index(con: sqlite3.Connection) -> None:
    """Search indexing moves out of the refresh (see :meth:`Library.update_search_index`).

    Tokenising is most of what storing a refresh costs, so new entries are
    written unindexed (``indexed = 0``) and indexed in batches afterwards. The
    triggers keep the invariant that makes this safe with an external-content
    FTS5 table: a row with ``indexed = 1`` is in the index with exactly its
    current title, text and author, so a delete never names values the index
    does not hold.
    """
    has_fts = con.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entries_fts'").fetchone() is not None
    if not has_fts:
        return
    for stmt in (
        "DROP TRIGGER IF EXISTS entries_fts_ai",
        "DROP TRIGGER IF EXISTS entries_fts_ad",
        "DROP TRIGGER IF EXISTS entries_fts_au",
        """
        CREATE TRIGGER entries_fts_ad AFTER DELETE ON entries WHEN old.indexed = 1 BEGIN
            INSERT INTO entries_fts (entries_fts, rowid, title, text, author)
            VALUES ('delete', old.seq, old.title, old.text, old.author);
        END
        """,
        """
        CREATE TRIGGER entries_fts_au AFTER UPDATE OF title, text, author, seq ON entries
        WHEN old.indexed = 1 BEGIN
            INSERT INTO entries_fts (entries_fts, rowid, title, text, author)
            VALUES ('delete', old.seq, old.title, old.text, old.author);
            UPDATE entries SET indexed = 0 WHERE seq = new.seq;
        END
        """,
    ):
        con.execute(stmt)


V4: list[Step] = [
    # new rows start unindexed; rows that exist were indexed by the old triggers
    "ALTER TABLE entries ADD COLUMN indexed INTEGER NOT NULL DEFAULT 0",
    "UPDATE entries SET indexed = 1",
    "CREATE INDEX entries_unindexed ON entries (seq) WHERE indexed = 0",
    _v4_deferred_index,
]

V5: list[Step] = [
    # links numbered in the text and podcast enclosures, as JSON (see feeds.library.store)
    "ALTER TABLE entries ADD COLUMN media TEXT",
]

V6: list[Step] = [
    # the body as the feed sent it, until it is made into text (see feeds.library.store)
    "ALTER TABLE entries ADD COLUMN body BLOB",
    "CREATE INDEX entries_pending ON entries (seq) WHERE body IS NOT NULL",
]

V7: list[Step] = [
    # which entries the analysis index holds, and by which analyser (see feeds.people.index)
    "CREATE TABLE analysis_index (seq INTEGER PRIMARY KEY, version TEXT NOT NULL)",
    """
    CREATE TABLE index_quotes (
        seq INTEGER NOT NULL,
        n INTEGER NOT NULL,
        text TEXT NOT NULL,
        speaker TEXT,
        role TEXT,
        kind TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        PRIMARY KEY (seq, n)
    )
    """,
    "CREATE INDEX index_quotes_by_speaker ON index_quotes (speaker)",
    """
    CREATE TABLE index_sources (
        seq INTEGER NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        quotes INTEGER NOT NULL,
        PRIMARY KEY (seq, name)
    )
    """,
    """
    CREATE TABLE index_figures (
        seq INTEGER NOT NULL,
        n INTEGER NOT NULL,
        text TEXT NOT NULL,
        value TEXT,
        unit TEXT,
        kind TEXT NOT NULL,
        context TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        PRIMARY KEY (seq, n)
    )
    """,
    """
    CREATE TRIGGER analysis_index_ad AFTER DELETE ON entries BEGIN
        DELETE FROM analysis_index WHERE seq = old.seq;
        DELETE FROM index_quotes WHERE seq = old.seq;
        DELETE FROM index_sources WHERE seq = old.seq;
        DELETE FROM index_figures WHERE seq = old.seq;
    END
    """,
    """
    CREATE TRIGGER analysis_index_au AFTER UPDATE OF title, text ON entries
    WHEN old.title IS NOT new.title OR old.text IS NOT new.text BEGIN
        DELETE FROM analysis_index WHERE seq = old.seq;
        DELETE FROM index_quotes WHERE seq = old.seq;
        DELETE FROM index_sources WHERE seq = old.seq;
        DELETE FROM index_figures WHERE seq = old.seq;
    END
    """,
]


def _v8_sync_queue_triggers(con: sqlite3.Connection) -> None:
    """Queue every read/starred change of a server's entry, unless the server's state is being applied."""
    for column in ("read", "starred"):
        con.execute(f"""
            CREATE TRIGGER sync_queue_{column} AFTER UPDATE OF {column} ON entries
            WHEN new.{column} != old.{column} AND NOT EXISTS (SELECT 1 FROM sync_applying)
            BEGIN
                DELETE FROM sync_queue WHERE field = '{column}' AND remote_id IN
                    (SELECT remote_id FROM sync_entries WHERE feed_id = new.feed_id AND entry_id = new.entry_id);
                INSERT INTO sync_queue (remote_id, field, value, changed)
                    SELECT remote_id, '{column}', new.{column}, strftime('%Y-%m-%dT%H:%M:%f', 'now')
                    FROM sync_entries WHERE feed_id = new.feed_id AND entry_id = new.entry_id;
            END
        """)


V8: list[Step] = [
    "CREATE TABLE sync_feeds (feed_id INTEGER PRIMARY KEY, remote_id TEXT NOT NULL UNIQUE)",
    """
    CREATE TABLE sync_entries (
        feed_id INTEGER NOT NULL,
        entry_id TEXT NOT NULL,
        remote_id TEXT NOT NULL UNIQUE,
        PRIMARY KEY (feed_id, entry_id)
    )
    """,
    """
    CREATE TABLE sync_queue (
        id INTEGER PRIMARY KEY,
        remote_id TEXT NOT NULL,
        field TEXT NOT NULL,
        value INTEGER NOT NULL,
        changed TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_try TEXT,
        last_error TEXT
    )
    """,
    "CREATE INDEX sync_queue_by_entry ON sync_queue (remote_id, field)",
    "CREATE TABLE sync_meta (key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE sync_applying (on_ INTEGER)",
    # a removed subscription leaves no mapping behind for a later feed to inherit its id
    """
    CREATE TRIGGER sync_forget_feed AFTER DELETE ON feeds BEGIN
        DELETE FROM sync_feeds WHERE feed_id = old.id;
        DELETE FROM sync_entries WHERE feed_id = old.id;
    END
    """,
    _v8_sync_queue_triggers,
]

#: ``MIGRATIONS[v]`` turns a version-``v`` database into version ``v + 1``.
#: Version 0 is an empty file. Append, never edit a shipped step.
MIGRATIONS: list[list[Step]] = [V1, V2, V3, V4, V5, V6, V7, V8]
SCHEMA_VERSION = len(MIGRATIONS)

#: Test hook (S3): called with a label before each statement of a migration,
#: before COMMIT and after it. ``None`` in normal use.
step_hook: Callable[[str], None] | None = None


def _hook(label: str) -> None:
    if step_hook is not None:
        step_hook(label)


def migration_steps(from_version: int) -> list[str]:
    """The labels :func:`migrate` passes to :data:`step_hook`, in order."""
    labels = ["begin"]
    for v in range(from_version, SCHEMA_VERSION):
        labels += [f"v{v + 1}:{i}" for i in range(len(MIGRATIONS[v]))]
    return labels + ["commit", "committed"]


def migrate(con: sqlite3.Connection, from_version: int) -> None:
    """Bring ``con`` from ``from_version`` to :data:`SCHEMA_VERSION` in one transaction.

    ``con`` must be in autocommit mode (``isolation_level=None``); statements run
    one by one (``executescript`` would COMMIT on its own).
    """
    if not 0 <= from_version <= SCHEMA_VERSION:
        raise ValueError(f"cannot migrate from version {from_version}")
    _hook("begin")
    con.execute("BEGIN IMMEDIATE")
    try:
        # Re-read inside the write lock: another process may have migrated meanwhile.
        current = con.execute("PRAGMA user_version").fetchone()[0]
        if current != from_version:
            con.execute("ROLLBACK")
            if current > SCHEMA_VERSION:
                return
            return migrate(con, current) if current < SCHEMA_VERSION else None
        for v in range(from_version, SCHEMA_VERSION):
            for i, step in enumerate(MIGRATIONS[v]):
                _hook(f"v{v + 1}:{i}")
                if callable(step):
                    step(con)
                else:
                    con.execute(step)
        con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        _hook("commit")
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    _hook("committed")
