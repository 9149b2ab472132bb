"""M10: a settings file nested thousands deep, or far too large, is one more invalid config.

tomllib recurses on nested inline tables and arrays (RecursionError) and
slows down quadratically on long dotted keys; before the fix a refresh,
which reads the settings, ended in RecursionError. Now each such file is
said in one line and the defaults are used, quickly, by the command line and
by the app.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from feeds.core.config import config_path, load_config
from feeds.core.paths import library_path
from feeds.library.store import Library
from tui.app import NewsReaderApp, make_app

from ..conftest import env_for_subprocess, installed_command
from ..feedgen import rss
from ..netserver import LoopbackServer
from ..tui.harness import screen_text, settle

DEPTH = 10_000
NESTED = {
    "tables": "[" + ".".join(["a"] * DEPTH) + "]\nx = 1\n",
    "dotted_key": ".".join(["a"] * DEPTH) + " = 1\n",
    "inline_tables": "a=" + "{b=" * DEPTH + "1" + "}" * DEPTH + "\n",
    "arrays": "a = " + "[" * DEPTH + "]" * DEPTH + "\n",
    "array_of_tables": "[[" + ".".join(["t"] * DEPTH) + "]]\n",
    "refresh_inside": "[refresh]\nfull_articles_per_feed = " + "[" * DEPTH + "1" + "]" * DEPTH + "\n",
}


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("shape", sorted(NESTED))
def test_M10_deep_nesting_is_one_warning_and_the_defaults(shape: str, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(NESTED[shape], encoding="utf-8")
    started = time.perf_counter()
    config = load_config(path)
    assert time.perf_counter() - started < 0.5
    assert len(config.warnings) == 1
    assert config.warnings == [f"{path}: nests tables or values more than 32 deep; using the defaults"]
    assert (config.fetch_full_articles, config.full_articles_per_feed, config.keys) == (False, 10, {})


def test_M10_a_huge_config_is_refused_by_its_size_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"# padding\n" * 500_000)  # 5,000,000 bytes
    started = time.perf_counter()
    config = load_config(path)
    assert time.perf_counter() - started < 0.5
    assert config.warnings == [f"{path}: is 5,000,000 bytes; a settings file may have at most "
                               f"65,536; using the defaults"]


@pytest.fixture
def subscribed():
    with LoopbackServer() as srv:
        srv.static("/town.xml", rss("Town News", 2, link=srv.url("/")))
        with Library.open(library_path()) as lib:
            lib.add_feed(srv.url("/town.xml"))
        yield srv


@pytest.mark.parametrize("shape", ["inline_tables", "dotted_key"])
def test_M10_refresh_on_the_command_line_says_one_line_and_refreshes(shape: str, subscribed,
                                                                     isolated_home: Path) -> None:
    write_config(NESTED[shape])
    out = subprocess.run([installed_command(), "refresh"], capture_output=True, text=True, timeout=120,
                         env=env_for_subprocess(isolated_home))
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr and "RecursionError" not in out.stderr
    lines = out.stderr.splitlines()
    assert lines == [f"newsreader: {config_path()}: nests tables or values more than 32 deep; using the defaults"]
    assert "1 feed: 1 ok" in out.stdout and "2 new entries" in out.stdout


async def test_M10_refresh_in_the_app_finishes_and_the_config_is_said_once(subscribed, monkeypatch) -> None:
    write_config(NESTED["arrays"])
    said: list[str] = []
    original = NewsReaderApp.notify

    def notify(self, message, *, title="", **kwargs):
        said.append(f"{title}: {message}")
        return original(self, message, title=title, **kwargs)

    monkeypatch.setattr(NewsReaderApp, "notify", notify)
    app = make_app([])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert "1 feed: 1 ok" in " ".join(screen_text(app).replace("│", " ").split())
        settings = [s for s in said if s.startswith("Settings:")]
        assert len(settings) == 1 and "config.toml: nests tables or values more than 32 deep" in settings[0]
        assert any(s.startswith("Refresh finished:") for s in said)
