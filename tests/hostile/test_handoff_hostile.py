"""B: handing links to other programs — no shell, no options, no odd schemes."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from feeds.handoff import browser_command, checked_url, open_in_browser


def _fake_browser(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A 'browser' that records the argv it was given, one argument per line."""
    log = tmp_path / "argv.log"
    script = tmp_path / "fakebrowser"
    script.write_text(f"#!{sys.executable}\nimport sys\nopen({str(log)!r}, 'w').write('\\n'.join(sys.argv[1:]))\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    env = dict(os.environ, BROWSER=str(script))
    return env, log


@pytest.mark.parametrize("url", ["--remote-debugging-port=9222", " -x http://a", "-http://a.example/"])
def test_B1_leading_dash_url(url: str, tmp_path: Path) -> None:
    env, log = _fake_browser(tmp_path)
    with pytest.raises(ValueError, match="'-'"):
        open_in_browser(url, wait=True, env=env)
    assert not log.exists()  # no subprocess was spawned


def test_B2_shell_metacharacters(tmp_path: Path) -> None:
    pwned = tmp_path / "pwned"
    env, log = _fake_browser(tmp_path)
    # with a space the link is refused outright
    with pytest.raises(ValueError):
        open_in_browser(f"http://example.com/ & touch {pwned} & echo", wait=True, env=env)
    # without spaces it is passed as ONE argument, never interpreted by a shell
    url = f"http://example.com/$(touch${{IFS}}{pwned});`id`|x"
    open_in_browser(url, wait=True, env=env)
    assert log.read_text() == url
    assert not pwned.exists()


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>", "vbscript:msgbox",
    "x-man-page://ls", " file:///etc/passwd", "\x01javascript:x", "JaVaScRiPt:x", "ftp://example.com/",
])
def test_B3_dangerous_schemes(url: str, tmp_path: Path) -> None:
    env, log = _fake_browser(tmp_path)
    with pytest.raises(ValueError):
        open_in_browser(url, wait=True, env=env)
    assert not log.exists()


def test_browser_command_uses_BROWSER_with_percent_s_and_falls_back(tmp_path: Path) -> None:
    env, _ = _fake_browser(tmp_path)
    assert browser_command("https://a.example/", env) == [env["BROWSER"], "https://a.example/"]
    env["BROWSER"] = f"{env['BROWSER']} --new-tab %s"
    assert browser_command("https://a.example/", env)[-2:] == ["--new-tab", "https://a.example/"]
    assert checked_url("  https://a.example/x?y=1  ") == "https://a.example/x?y=1"
