"""The user's settings: ``$XDG_CONFIG_HOME/newsreader/config.toml``.

Everything has a default, so the file is optional. A setting that cannot be
used gives one warning line and its default; the other settings still apply.
A file that cannot be read at all (broken TOML, too large, nested absurdly
deep) gives one warning and the defaults, never a crash::

    [refresh]
    fetch_full_articles = false   # fetch the page of summary-only entries while refreshing
    full_articles_per_feed = 10   # at most this many pages per feed and refresh
    max_items_per_feed = 2000     # entries kept per feed: oldest read go first, starred never; 0: all

    [reading]
    mark_read = "open"            # "open": read when opened; "dwell": after dwell_seconds on screen
    dwell_seconds = 2.0

    [ui]
    theme = "nord"                # any theme of the command palette's theme picker (saved when picked)
    list_width = 40               # columns of the left column, 20-120

    [sync]                        # read through an aggregator server (``newsreader sync``)
    service = "ttrss"             # Tiny Tiny RSS, or "greader" (Google Reader API: FreshRSS, Miniflux)
    url = "https://rss.example.org/tt-rss/"
    user = "me"
    password_command = "pass show rss"   # prints the password; it is never stored or shown

    [keys]
    "library.refresh_all" = "ctrl+r"   # binding id = keys (comma-separated); ids are in the help screen

The file is read once per process (:func:`load_config` caches it). The engine
never imports Textual, so key names and theme names are only checked for shape
here; the app checks them against its bindings and themes.
"""

from __future__ import annotations

import os
import re
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .errors import NewsreaderError

__all__ = [
    "Config", "ConfigError", "SETTINGS", "config_path", "forget_config", "load_config", "save_setting",
    "MAX_CONFIG_BYTES", "MAX_NESTING",
]

#: A settings file is a few hundred bytes; anything past this is not one.
MAX_CONFIG_BYTES = 64 * 1024
#: Tables, arrays and dotted keys deeper than this are refused before parsing:
#: tomllib recurses on nested values (RecursionError) and slows down
#: quadratically on long dotted keys (10,000 levels took over a second).
MAX_NESTING = 32
#: Key strings and theme names longer than this are typing accidents.
MAX_TEXT = 200


class ConfigError(NewsreaderError):
    """The settings file cannot be read or written; the message is one line."""


@dataclass(slots=True)
class Config:
    fetch_full_articles: bool = False
    full_articles_per_feed: int = 10
    #: Entries kept per feed (newsboat's ``max-items``): oldest read ones go first, starred never; 0 keeps all.
    max_items_per_feed: int = 2000
    #: "open": an article is read when opened; "dwell": after ``dwell_seconds`` on screen.
    mark_read: str = "open"
    dwell_seconds: float = 2.0
    #: Columns of the left column (None: the layout's own width).
    list_width: int | None = None
    #: A Textual theme name (None: Textual's default); the app checks that it exists.
    theme: str | None = None
    #: ``[sync]``: the aggregator service ("ttrss", "greader"), its URL, the user, and a command printing the password.
    sync_service: str | None = None
    sync_url: str | None = None
    sync_user: str | None = None
    sync_password_command: str | None = None
    #: Binding id -> keys ("ctrl+r", "R,ctrl+r"), for ``App.set_keymap``.
    keys: dict[str, str] = field(default_factory=dict)
    #: One line per setting that could not be used (its default was kept).
    warnings: list[str] = field(default_factory=list)


# -- validators: each returns the value to store or raises ValueError(why) --------------------------
Check = Callable[[Any], Any]


def boolean() -> Check:
    def check(value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    return check


def integer(low: int, high: int) -> Check:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return value
    return check


def number(low: float, high: float) -> Check:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise ValueError(f"must be a number from {low:g} to {high:g}")
        return float(value)
    return check


def choice(*allowed: str) -> Check:
    def check(value: Any) -> str:
        if value not in allowed:
            raise ValueError("must be " + " or ".join(f'"{a}"' for a in allowed))
        return value
    return check


def name() -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT or not value.isprintable():
            raise ValueError("must be a name in quotes")
        return value.strip()
    return check


def web_address() -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s\x00-\x1f\x7f]{1,2000}", value.strip()):
            raise ValueError("must be an http:// or https:// address in quotes")
        return value.strip()
    return check


def command() -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str) or not value.strip() or len(value) > 4 * MAX_TEXT or "\0" in value:
            raise ValueError("must be a command in quotes")
        return value.strip()
    return check


@dataclass(frozen=True, slots=True)
class Setting:
    """One ``[table] key = value`` of the file and the Config field it fills."""

    table: str
    key: str
    attr: str
    check: Check


#: Every setting but ``[keys]``. A new setting is one row here and one Config field.
SETTINGS: tuple[Setting, ...] = (
    Setting("refresh", "fetch_full_articles", "fetch_full_articles", boolean()),
    Setting("refresh", "full_articles_per_feed", "full_articles_per_feed", integer(0, 200)),
    Setting("refresh", "max_items_per_feed", "max_items_per_feed", integer(0, 1_000_000)),
    Setting("reading", "mark_read", "mark_read", choice("open", "dwell")),
    Setting("reading", "dwell_seconds", "dwell_seconds", number(0.1, 60)),
    Setting("ui", "theme", "theme", name()),
    Setting("ui", "list_width", "list_width", integer(20, 120)),
    Setting("sync", "service", "sync_service", choice("ttrss", "greader")),
    Setting("sync", "url", "sync_url", web_address()),
    Setting("sync", "user", "sync_user", name()),
    Setting("sync", "password_command", "sync_password_command", command()),
)
KEYS_TABLE = "keys"


def config_path() -> Path:
    override = os.environ.get("NEWSREADER_CONFIG")
    if override:
        return Path(override).expanduser()
    from .paths import config_dir

    return config_dir() / "config.toml"


# -- reading ------------------------------------------------------------------------------------------
_cache: dict[Path, Config] = {}
_cache_lock = threading.Lock()


def load_config(path: Path | None = None) -> Config:
    """The settings. Without ``path``: the user's file, read once per process."""
    if path is not None:
        return _read_config(path)
    path = config_path()
    with _cache_lock:
        if path not in _cache:
            _cache[path] = _read_config(path)
        return _cache[path]


def forget_config() -> None:
    """Drop the cached settings (tests; after the file was written by us)."""
    with _cache_lock:
        _cache.clear()


def _read_config(path: Path) -> Config:
    config = Config()
    try:
        data = _parse(_read_text(path))
    except FileNotFoundError:
        return config
    except ConfigError as exc:
        config.warnings.append(f"{path}: {exc}; using the defaults")
        return config
    _apply(config, data, path)
    return config


def _read_text(path: Path) -> str:
    """The file's text, refusing oversized files and anything that is not a regular file."""
    try:
        # Non-blocking: a FIFO in its place must not hang the start (it is refused below).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise ConfigError(exc.strerror or str(exc)) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ConfigError("is not a regular file")
    with os.fdopen(fd, "rb") as fh:
        try:
            raw = fh.read(MAX_CONFIG_BYTES + 1)
        except OSError as exc:
            raise ConfigError(exc.strerror or str(exc)) from None
    if len(raw) > MAX_CONFIG_BYTES:
        size = _size(path)
        raise ConfigError(f"is {size:,} bytes; a settings file may have at most {MAX_CONFIG_BYTES:,}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"is not UTF-8 (byte {exc.start + 1:,})") from None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return MAX_CONFIG_BYTES + 1


def _parse(text: str) -> dict[str, Any]:
    import tomllib  # only when there is a file to read: the reader's start-up without one skips it

    if nesting_depth(text, stop=MAX_NESTING) > MAX_NESTING:
        raise ConfigError(f"nests tables or values more than {MAX_NESTING} deep")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(exc)) from None
    except RecursionError:  # the depth scan is an estimate; this is its backstop
        raise ConfigError(f"nests values more than {MAX_NESTING} deep") from None


#: Characters that matter to the depth scan; everything else is skipped in one step.
_SCAN = re.compile(r"[\"'#\[\]{}.=,\n]")


def nesting_depth(text: str, stop: int | None = None) -> int:
    """How deep the document nests, counted without parsing it.

    Open brackets and braces, plus the dots of the key being written, outside
    strings and comments: an upper bound of what the parser would build. Linear
    time; an unterminated string ends the scan (the parser reports it), and so
    does going deeper than ``stop``.
    """
    depth = dots = deepest = 0
    pos = 0
    while (match := _SCAN.search(text, pos)) is not None:
        char, pos = match.group(), match.end()
        if char in "\"'":
            pos = _string_end(text, match.start())
            if pos < 0:
                break
            continue
        if char == "#":
            pos = text.find("\n", pos)
            if pos < 0:
                break
            continue
        if char in "[{":
            depth, dots = depth + 1, 0
        elif char in "]}":
            depth = max(depth - 1, 0)
        elif char == ".":
            dots += 1
        else:  # "=", "," or a new line: a new key starts
            dots = 0
        deepest = max(deepest, depth + dots)
        if stop is not None and deepest > stop:
            break
    return deepest


def _string_end(text: str, start: int) -> int:
    """The index after the string opening at ``start``, or -1 if it never closes."""
    quote = text[start]
    delimiter = quote * 3 if text.startswith(quote * 3, start) else quote
    pos = start + len(delimiter)
    while True:
        end = text.find(delimiter, pos)
        if end < 0 or (len(delimiter) == 1 and "\n" in text[pos:end]):
            return -1
        if quote == '"' and _escaped(text, end):
            pos = end + 1
            continue
        return end + len(delimiter)


def _escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _apply(config: Config, data: dict[str, Any], path: Path) -> None:
    """Copy each usable setting into ``config``; one warning per one that is not."""
    tables = {s.table for s in SETTINGS} | {KEYS_TABLE}
    for table, value in data.items():
        if table not in tables and isinstance(value, dict):
            config.warnings.append(f"{path}: unknown section [{_shown(table)}] ignored")
        elif table not in tables:
            config.warnings.append(f"{path}: unknown setting {_shown(table)} outside any section ignored")
    for table in sorted(tables - {KEYS_TABLE}):
        values = data.get(table, {})
        if not isinstance(values, dict):
            config.warnings.append(f"{path}: [{table}] must be a table; its defaults are used")
            continue
        known = {s.key: s for s in SETTINGS if s.table == table}
        for key, value in values.items():
            setting = known.get(key)
            if setting is None:
                config.warnings.append(f"{path}: unknown setting {_shown(key)} in [{table}] ignored")
                continue
            try:
                setattr(config, setting.attr, setting.check(value))
            except ValueError as why:
                config.warnings.append(f"{path}: [{table}] {key} {why}; the default is used")
    keys = data.get(KEYS_TABLE, {})
    if isinstance(keys, dict):
        config.keys = _keymap(keys, config.warnings, path)
    else:
        config.warnings.append(f"{path}: [{KEYS_TABLE}] must be a table; no keys were changed")


def _shown(name: str) -> str:
    """A name from the file as a warning shows it: odd ones quoted and escaped, so the line stays one line."""
    return name if re.fullmatch(r"[\w.+-]{1,80}", name) else repr(name[:80])


def _keymap(table: dict[str, Any], warnings: list[str], path: Path, prefix: str = "") -> dict[str, str]:
    """Binding id -> keys. An unquoted ``library.refresh = "x"`` is a nested table in TOML: flattened."""
    keymap: dict[str, str] = {}
    for key, value in table.items():
        binding_id = f"{prefix}{key}"
        if isinstance(value, dict):
            keymap.update(_keymap(value, warnings, path, f"{binding_id}."))
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            keymap[binding_id] = ",".join(value)
        elif isinstance(value, str) and value.strip() and len(value) <= MAX_TEXT:
            keymap[binding_id] = value
        else:
            warnings.append(f"{path}: [keys] {_shown(binding_id)} must be keys in quotes, like \"ctrl+r\"; ignored")
    return keymap


# -- writing one setting back -------------------------------------------------------------------------
_write_lock = threading.Lock()
_HEADER = re.compile(r"^\s*\[\s*([^\[\]]*?)\s*\]\s*(#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")


def save_setting(table: str, key: str, value: str, path: Path | None = None) -> None:
    """Set ``[table] key = "value"`` in the file, keeping every other line and comment.

    The new text is parsed before it is written (atomically): if the edit would
    not read back as intended (the table is written in a form this editor does
    not touch, such as an inline table), the file is left alone and
    :class:`ConfigError` says why. The cached settings follow the change.
    """
    from .atomic import atomic_write

    path = path or config_path()
    target = Path(os.path.realpath(path))  # a symlinked config (dotfiles) stays a symlink
    with _write_lock:
        try:
            text = _read_text(target)
        except FileNotFoundError:
            text = ""
        try:
            _parse(text)
        except ConfigError as exc:
            raise ConfigError(f"{path} {exc}; not changed") from None
        new_text = set_string(text, table, key, value)
        try:
            written = _parse(new_text)
        except ConfigError:
            written = {}
        if not isinstance(written.get(table), dict) or written[table].get(key) != value:
            raise ConfigError(f"{path}: [{table}] is written in a form that cannot be edited; not changed")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, new_text)
        except OSError as exc:
            raise ConfigError(f"{path}: {exc.strerror or exc}; not changed") from None
    _update_cache(path, table, key, value)


def _update_cache(path: Path, table: str, key: str, value: str) -> None:
    with _cache_lock:
        cached = _cache.get(path)
        for setting in SETTINGS:
            if cached is not None and (setting.table, setting.key) == (table, key):
                setattr(cached, setting.attr, value)


def set_string(text: str, table: str, key: str, value: str) -> str:
    """``text`` with ``key = "value"`` in ``[table]``: the old line replaced, or a new one added."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if _is_header(line, table)), None)
    assignment = f"{key} = {toml_string(value)}"
    if start is None:
        prefix = text if not text or text.endswith("\n") else text + "\n"
        gap = "\n" if prefix.strip() else ""
        return f"{prefix}{gap}[{table}]\n{assignment}\n"
    end = next((i for i in range(start + 1, len(lines)) if _ANY_HEADER.match(lines[i])), len(lines))
    line_re = re.compile(rf"^(\s*{re.escape(key)}\s*=\s*)(\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*')?(.*?)(\r?\n)?$")
    for i in range(start + 1, end):
        match = line_re.match(lines[i])
        if match:
            lead, old, rest, newline = match.groups()
            tail = rest if old is not None and rest.strip().startswith("#") else ""
            lines[i] = f"{lead}{toml_string(value)}{tail}{newline or ''}"
            return "".join(lines)
    newline = "\r\n" if lines[start].endswith("\r\n") else "\n"
    if not lines[start].endswith("\n"):
        lines[start] += newline
    lines.insert(start + 1, assignment + newline)
    return "".join(lines)


def _is_header(line: str, table: str) -> bool:
    match = _HEADER.match(line)
    return bool(match) and match.group(1).strip("\"' ") == table


def toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
