"""Shared test fixtures: paths, and an isolated home for every test."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLES = FIXTURES / "articles"
SHARED = ROOT.parent / "shared"


def installed_command() -> str:
    """The ``newsreader`` script installed beside the running interpreter."""
    candidate = Path(sys.executable).parent / "newsreader"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("newsreader")
    if not found:
        pytest.fail("the newsreader command is not installed (pip install -e .)")
    return found


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point XDG data/config/cache at a fresh directory so no test sees the user's library."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
                     ("XDG_STATE_HOME", "state")):
        (home / sub).mkdir()
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    # Loopback only: a proxy from the environment must never see a test's requests.
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("NEWSREADER_DEBUG", raising=False)
    return home


@pytest.fixture
def shared() -> Path:
    """The shared corpus beside the project; tests that need it skip without it."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/corpus is not present")
    return SHARED


def env_for_subprocess(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        env[var] = str(home / sub)
    return env
