"""What every part of the library shares: the API guard that turns SQLite failures into LibraryErrors."""

from __future__ import annotations

import functools
import sqlite3
from typing import Any, Callable

from ..core.errors import NewsreaderError
from .errors import LibraryError


from .limits import (_F, _SQLITE_BUSY, _SQLITE_CANTOPEN, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_NOTADB, _SQLITE_READONLY)


def _primary(exc: sqlite3.Error) -> int:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    msg = str(exc).lower()
    if "locked" in msg or "busy" in msg:
        return _SQLITE_BUSY
    if "malformed" in msg or "corrupt" in msg:
        return _SQLITE_CORRUPT
    if "not a database" in msg:
        return _SQLITE_NOTADB
    if "full" in msg:
        return _SQLITE_FULL
    if "readonly" in msg or "read-only" in msg:
        return _SQLITE_READONLY
    if "unable to open" in msg:
        return _SQLITE_CANTOPEN
    return -1


def _is_damage(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.DatabaseError) and _primary(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


class _Damaged(NewsreaderError):
    """Internal: the file is damaged (raised during open, handled by Library.open)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _api(*, write: bool = False) -> Callable[[_F], _F]:
    """Serialise, check state, and translate every sqlite3/OS error into a LibraryError."""

    def decorate(fn: _F) -> _F:
        @functools.wraps(fn)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            with self._mutex:
                con = self._require(write)
                try:
                    return fn(self, *args, **kwargs)
                except sqlite3.Error as exc:
                    self._rollback_quietly(con)
                    raise self._translate(exc) from exc
                except OSError as exc:
                    self._rollback_quietly(con)
                    raise LibraryError(f"library I/O error on {self.path}: {exc.strerror or exc}") from exc

        return wrapper  # type: ignore[return-value]

    return decorate
