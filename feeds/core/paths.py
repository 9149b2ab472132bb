"""Where newsreader keeps its files, and how it writes them safely.

Locations follow the XDG base-directory spec (``$XDG_DATA_HOME/newsreader``,
``$XDG_CONFIG_HOME/newsreader``…), through platformdirs. An absolute
``XDG_*`` variable is honoured on every platform, not only on Linux, so a user
(or a test) who sets it always gets what they asked for. ``NEWSREADER_LIBRARY``
points the library at another file.

Nothing here creates a directory when it is merely *asked* for a path;
:func:`ensure_dir` does, with mode 0700, and only writers call it.

:func:`atomic_write` (from :mod:`feeds.core.atomic`, re-exported here) is the one
way to save a whole file: the target is always either the old or the new
content (J3).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from .atomic import atomic_write

__all__ = [
    "APP_NAME",
    "LIBRARY_ENV",
    "NETWORK_FILESYSTEMS",
    "atomic_write",
    "cache_dir",
    "config_dir",
    "data_dir",
    "ensure_dir",
    "filesystem_type",
    "library_path",
    "save_dir",
]

APP_NAME = "newsreader"
#: Environment variable that overrides the library file's location.
LIBRARY_ENV = "NEWSREADER_LIBRARY"
#: Environment variable that overrides where saved articles go.
SAVE_DIR_ENV = "NEWSREADER_SAVE_DIR"
LIBRARY_FILENAME = "library.sqlite"

#: File systems on which SQLite's WAL mode (shared memory) and POSIX locks are
#: not reliable (sqlite.org/wal.html: "WAL does not work over a network filesystem").
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "coda",
    "9p", "ceph", "glusterfs", "fuse.glusterfs", "fuse.sshfs", "sshfs", "fuse.rclone",
    "fuse.s3fs", "davfs", "fuse.davfs2", "lustre", "gpfs", "ocfs2", "gfs2",
})


def _xdg(var: str) -> Path | None:
    value = os.environ.get(var, "")
    # The spec: "If an implementation encounters a relative path … it should
    # consider the path invalid and ignore it."
    if value and os.path.isabs(value):
        return Path(value) / APP_NAME
    return None


def data_dir() -> Path:
    """``$XDG_DATA_HOME/newsreader`` (platformdirs' user data dir otherwise)."""
    return _xdg("XDG_DATA_HOME") or platformdirs.user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """``$XDG_CONFIG_HOME/newsreader`` (platformdirs' user config dir otherwise)."""
    return _xdg("XDG_CONFIG_HOME") or platformdirs.user_config_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/newsreader`` (platformdirs' user cache dir otherwise)."""
    return _xdg("XDG_CACHE_HOME") or platformdirs.user_cache_path(APP_NAME, appauthor=False)


def library_path() -> Path:
    """The library file: ``$NEWSREADER_LIBRARY``, else ``data_dir()/library.sqlite``."""
    override = os.environ.get(LIBRARY_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return data_dir() / LIBRARY_FILENAME


def save_dir() -> Path:
    """Where saved articles go: ``$NEWSREADER_SAVE_DIR``, else ``data_dir()/saved``.

    Not created here; the saver creates it when it writes.
    """
    override = os.environ.get(SAVE_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return data_dir() / "saved"


def ensure_dir(path: Path, mode: int = 0o700) -> Path:
    """Create ``path`` and any missing parents with ``mode`` (XDG: 0700).

    :func:`os.makedirs` applies ``mode`` to the last component only, so each
    missing level is created here.
    """
    path = Path(path)
    missing: list[Path] = []
    p = path
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=mode)
        except FileExistsError:
            pass
    return path


def filesystem_type(path: Path | str) -> str | None:
    """The type of the file system holding ``path`` (Linux: from mountinfo), or None."""
    try:
        target = os.path.realpath(path)
        while not os.path.exists(target):
            parent = os.path.dirname(target)
            if parent == target:
                break
            target = parent
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    best, best_type = "", None
    for line in lines:
        # "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw"
        left, sep, right = line.partition(" - ")
        fields = left.split()
        if not sep or len(fields) < 5:
            continue
        mount = fields[4].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")
        fstype = right.split()[0] if right.split() else None
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, best_type = mount, fstype
    return best_type
