"""Handing a link to another program, safely (I3).

A link in a feed is attacker-controlled. It is normalised and checked before
anything runs: only ``http``/``https``, no leading ``-`` (which a browser
would read as an option), no white space or control characters inside. The
browser is started with an argument list — never through a shell — from
``$BROWSER`` (the convention every terminal reader follows), else
``xdg-open``. A host that could pass for another site (``аррӏе.com``) is
handed over, and copied, in its ``xn--`` form (M5).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from urllib.parse import urlsplit

from .core.urls import url_with_safe_host

__all__ = ["checked_url", "browser_command", "is_terminal_browser", "open_in_browser"]

_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
TERMINAL_BROWSERS = {"lynx", "w3m", "links", "links2", "elinks", "browsh", "carbonyl", "chawan", "cha"}


def checked_url(url: str | None) -> str:
    """The URL ready to hand over, or ``ValueError`` with a one-line reason."""
    if not url:
        raise ValueError("this article has no link")
    u = url.strip(" \t\r\n\x00\x0b\x0c")
    if u.startswith("-"):
        raise ValueError("refused a link starting with '-'")
    if _CONTROL_OR_SPACE.search(u):
        raise ValueError("refused a link containing spaces or control characters")
    parts = urlsplit(u)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"blocked scheme {scheme + ':' if scheme else '(none)'}; only http and https links open")
    if not parts.hostname:
        raise ValueError("refused a link without a host")
    return url_with_safe_host(u)


def browser_command(url: str, env: dict[str, str] | None = None) -> list[str]:
    """argv that opens ``url``: ``$BROWSER`` (``%s`` replaced, or URL appended), else xdg-open."""
    env = dict(os.environ if env is None else env)
    for candidate in (env.get("BROWSER") or "").split(os.pathsep):
        try:
            argv = shlex.split(candidate)
        except ValueError:
            continue
        if not argv or not shutil.which(argv[0], path=env.get("PATH")):
            continue
        if any("%s" in a for a in argv):
            return [a.replace("%s", url) for a in argv]
        return [*argv, url]
    for fallback in ("xdg-open", "open", "sensible-browser"):
        if shutil.which(fallback, path=env.get("PATH")):
            return [fallback, url]
    raise ValueError("no browser found: set $BROWSER")


def is_terminal_browser(argv: list[str]) -> bool:
    """A text-mode browser needs the terminal: the reader suspends itself for it."""
    return os.path.basename(argv[0]) in TERMINAL_BROWSERS


def open_in_browser(url: str, *, wait: bool = False, env: dict[str, str] | None = None) -> list[str]:
    """Start the browser on a checked URL; returns the argv used."""
    argv = browser_command(checked_url(url), env)
    if wait:
        subprocess.run(argv, check=False, env=env)
    else:
        subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True, env=env)
    return argv
