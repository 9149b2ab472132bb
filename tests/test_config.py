"""The optional settings file: defaults, values, and bad files that never crash."""

from __future__ import annotations

from pathlib import Path

from feeds.config import load_config


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config = load_config(tmp_path / "missing.toml")
    assert (config.fetch_full_articles, config.full_articles_per_feed, config.warnings) == (False, 10, [])


def test_values_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[refresh]\nfetch_full_articles = true\nfull_articles_per_feed = 3\n", encoding="utf-8")
    config = load_config(path)
    assert config.fetch_full_articles and config.full_articles_per_feed == 3 and not config.warnings


def test_a_broken_file_gives_one_warning_and_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[refresh\nfetch_full_articles = maybe\n", encoding="utf-8")
    config = load_config(path)
    assert config.fetch_full_articles is False and len(config.warnings) == 1
    path.write_text("[refresh]\nfetch_full_articles = 'yes'\nfull_articles_per_feed = -4\n", encoding="utf-8")
    config = load_config(path)
    assert config.fetch_full_articles is False and config.full_articles_per_feed == 10
    assert len(config.warnings) == 2


def test_the_environment_and_xdg_choose_the_file(tmp_path: Path, monkeypatch, isolated_home: Path) -> None:
    from feeds.config import config_path

    assert config_path() == isolated_home / "config" / "newsreader" / "config.toml"
    monkeypatch.setenv("NEWSREADER_CONFIG", str(tmp_path / "mine.toml"))
    assert config_path() == tmp_path / "mine.toml"
