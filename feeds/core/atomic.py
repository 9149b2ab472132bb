"""Atomic whole-file writes (J3): after a crash the target is the old file or the new one.

Exports, saved articles and config files are written with :func:`atomic_write`;
never truncate-and-write a file the user cares about.

What the user named is respected (M2): a symlink is written through (the file
it points to is replaced, atomically, and the link stays); a FIFO or a
character device (``/dev/null``, ``/dev/stdout``, a process substitution's
``/dev/fd/N``) is a stream and is written to directly, since renaming a file
over it would destroy it; anything else that is not a regular file (a
directory, a socket, a block device) is refused with a one-line reason.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from .errors import NewsreaderError

__all__ = ["atomic_write", "NotARegularFile"]


class NotARegularFile(NewsreaderError, OSError):
    """The target is a directory, a socket or a block device: never replaced."""


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # not supported here (e.g. Windows); the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _target_kind(path: Path) -> str:
    """"file" (replace it), "symlink" (replace what it points to) or "stream" (write into it)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "symlink" if os.path.islink(path) else "file"  # a dangling link: create its target
    mode = st.st_mode
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return "stream"
    if stat.S_ISREG(mode):
        return "symlink" if os.path.islink(path) else "file"
    if stat.S_ISDIR(mode):
        raise NotARegularFile(errno.EISDIR, "is a directory", str(path))
    what = "a socket" if stat.S_ISSOCK(mode) else "a block device" if stat.S_ISBLK(mode) else "a special file"
    raise NotARegularFile(errno.EINVAL, f"not a regular file ({what}); refused to replace it", str(path))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view[: 1 << 20])
        view = view[written:]


def _write_stream(path: Path, data: bytes) -> None:
    """Write into a FIFO or a character device as it is: no temporary file, no rename."""
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def atomic_write(path: Path | str, data: bytes | str, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file.

    The data goes to a temporary file in the same directory, is flushed and
    fsynced, renamed over the target with :func:`os.replace` (atomic on POSIX),
    and the directory is fsynced so the rename itself survives a power cut.
    ``str`` is written as UTF-8. The new file keeps the old file's permissions;
    a new file gets ``mode``, or 0666 less the umask. Symlinks, FIFOs and
    devices: see the module's docstring.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    kind = _target_kind(path)
    if kind == "stream":
        _write_stream(path, data)
        return
    if kind == "symlink":
        path = Path(os.path.realpath(path))
    directory = path.parent if str(path.parent) else Path(".")
    if mode is None:
        try:
            mode = os.stat(path).st_mode & 0o7777
        except OSError:
            mode = None
    tmp = directory / f".{path.name}.tmp-{secrets.token_hex(6)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(directory)
