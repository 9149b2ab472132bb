"""The user's settings: ``$XDG_CONFIG_HOME/newsreader/config.toml``.

Everything has a default, so the file is optional; a file that cannot be read
gives one warning and the defaults, never a crash::

    [refresh]
    fetch_full_articles = false   # fetch the page of summary-only entries while refreshing
    full_articles_per_feed = 10   # at most this many pages per feed and refresh
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Config", "load_config", "config_path"]


@dataclass(slots=True)
class Config:
    fetch_full_articles: bool = False
    full_articles_per_feed: int = 10
    warnings: list[str] = field(default_factory=list)


def config_path() -> Path:
    override = os.environ.get("NEWSREADER_CONFIG")
    if override:
        return Path(override).expanduser()
    from .paths import config_dir

    return config_dir() / "config.toml"


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    config = Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return config
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        config.warnings.append(f"{path}: {exc}; using the defaults")
        return config
    refresh = data.get("refresh", {})
    if not isinstance(refresh, dict):
        config.warnings.append(f"{path}: [refresh] must be a table; using the defaults")
        return config
    value = refresh.get("fetch_full_articles", config.fetch_full_articles)
    if isinstance(value, bool):
        config.fetch_full_articles = value
    else:
        config.warnings.append(f"{path}: fetch_full_articles must be true or false")
    value = refresh.get("full_articles_per_feed", config.full_articles_per_feed)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 200:
        config.full_articles_per_feed = value
    else:
        config.warnings.append(f"{path}: full_articles_per_feed must be a number from 0 to 200")
    return config
