"""The optional settings file: defaults, values, and bad files that never crash."""

from __future__ import annotations

from pathlib import Path

from feeds.core.config import load_config


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
    from feeds.core.config import config_path

    assert config_path() == isolated_home / "config" / "newsreader" / "config.toml"
    monkeypatch.setenv("NEWSREADER_CONFIG", str(tmp_path / "mine.toml"))
    assert config_path() == tmp_path / "mine.toml"


# -- reading, ui and keys (issue 9, item 10) ----------------------------------------------------------
def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_reading_ui_and_keys_settings_are_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "config.toml", """
[reading]
mark_read = "dwell"
dwell_seconds = 3.5
[ui]
theme = "nord"
list_width = 44
[keys]
"library.refresh_all" = "ctrl+r"
reader.back = "x"          # unquoted: TOML makes it a nested table; it means the same
"reader.help" = ["?", "f2"]
""")
    config = load_config(path)
    assert config.warnings == []
    assert (config.mark_read, config.dwell_seconds, config.theme, config.list_width) == ("dwell", 3.5, "nord", 44)
    assert config.keys == {"library.refresh_all": "ctrl+r", "reader.back": "x", "reader.help": "?,f2"}


def test_the_new_settings_default_when_absent(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path / "config.toml", "[refresh]\nfetch_full_articles = true\n"))
    assert (config.mark_read, config.dwell_seconds, config.list_width, config.theme, config.keys) == \
        ("open", 2.0, None, None, {})


def test_each_invalid_setting_is_one_line_and_only_it_falls_back(tmp_path: Path) -> None:
    path = _write(tmp_path / "config.toml", """
[refresh]
fetch_full_articles = true
[reading]
mark_read = "sometimes"
dwell_seconds = "2"
[ui]
list_width = 500
theme = 7
colour = "red"
[keys]
"reader.back" = 5
[colours]
x = 1
""")
    config = load_config(path)
    assert config.fetch_full_articles is True  # the good setting still applies
    assert (config.mark_read, config.dwell_seconds, config.list_width, config.theme, config.keys) == \
        ("open", 2.0, None, None, {})
    assert len(config.warnings) == 7, config.warnings
    assert all("\n" not in w and str(path) in w for w in config.warnings)
    text = " | ".join(config.warnings)
    for words in ('mark_read must be "open" or "dwell"', "list_width must be a whole number from 20 to 120",
                  "dwell_seconds must be a number", "unknown setting colour", "unknown section [colours]",
                  "reader.back must be keys in quotes"):
        assert words in text


def test_odd_names_in_warnings_stay_on_one_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "config.toml", '["two\\nlines\\u001b]2;x"]\na = 1\n[keys]\n"x\\ny" = 3\n')
    config = load_config(path)
    assert len(config.warnings) == 2
    assert all("\n" not in w and "\x1b" not in w for w in config.warnings), config.warnings
    assert "unknown section ['two\\nlines\\x1b]2;x']" in config.warnings[0]
    assert "[keys] 'x\\ny' must be keys in quotes" in config.warnings[1]


def test_the_file_is_read_once_per_process(monkeypatch, tmp_path: Path) -> None:
    from feeds.core.config import forget_config

    path = _write(tmp_path / "config.toml", "[ui]\nlist_width = 30\n")
    monkeypatch.setenv("NEWSREADER_CONFIG", str(path))
    forget_config()
    first = load_config()
    _write(path, "[ui]\nlist_width = 90\n")
    assert load_config().list_width == 30 and load_config() is first
    forget_config()
    assert load_config().list_width == 90


def test_an_oversized_or_special_file_is_refused_in_one_line(tmp_path: Path) -> None:
    import os

    big = _write(tmp_path / "big.toml", "# " + "x" * (100 * 1024) + "\n")
    config = load_config(big)
    assert config.warnings == [f"{big}: is {big.stat().st_size:,} bytes; a settings file may have at most "
                               f"65,536; using the defaults"]
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)  # reading it would wait for a writer forever
    assert load_config(fifo).warnings == [f"{fifo}: is not a regular file; using the defaults"]


# -- writing one setting back ---------------------------------------------------------------------------
MINE = """# my settings: keep this comment
[refresh]
fetch_full_articles = true   # pages too

[ui]
# the colours I like
theme = "nord"   # dark one
list_width = 36
"""


def test_save_setting_replaces_one_value_and_keeps_everything_else(tmp_path: Path) -> None:
    from feeds.core.config import save_setting

    path = _write(tmp_path / "config.toml", MINE)
    save_setting("ui", "theme", "gruvbox", path)
    assert path.read_text(encoding="utf-8") == MINE.replace('"nord"', '"gruvbox"')
    config = load_config(path)
    assert (config.theme, config.list_width, config.fetch_full_articles, config.warnings) == \
        ("gruvbox", 36, True, [])


def test_save_setting_adds_the_table_or_the_file_when_missing(tmp_path: Path) -> None:
    from feeds.core.config import save_setting

    path = _write(tmp_path / "config.toml", "[refresh]\nfull_articles_per_feed = 4  # few\n")
    save_setting("ui", "theme", 'dra"cula\\', path)
    assert path.read_text(encoding="utf-8") == ('[refresh]\nfull_articles_per_feed = 4  # few\n\n'
                                                '[ui]\ntheme = "dra\\"cula\\\\"\n')
    assert load_config(path).theme == 'dra"cula\\'
    fresh = tmp_path / "new" / "dir" / "config.toml"
    save_setting("ui", "theme", "nord", fresh)
    assert fresh.read_text(encoding="utf-8") == '[ui]\ntheme = "nord"\n'
    only_header = _write(tmp_path / "h.toml", "[ui]\nlist_width = 50\n")
    save_setting("ui", "theme", "nord", only_header)
    assert only_header.read_text(encoding="utf-8") == '[ui]\ntheme = "nord"\nlist_width = 50\n'


def test_save_setting_writes_through_a_symlink(tmp_path: Path) -> None:
    from feeds.core.config import save_setting

    real = _write(tmp_path / "dotfiles.toml", MINE)
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    save_setting("ui", "theme", "monokai", link)
    assert link.is_symlink() and 'theme = "monokai"   # dark one' in real.read_text(encoding="utf-8")


def test_save_setting_never_breaks_a_file_it_cannot_edit(tmp_path: Path) -> None:
    import pytest

    from feeds.core.config import ConfigError, save_setting

    for text in ('ui = { theme = "nord" }\n', "[ui\ntheme = broken\n"):
        path = _write(tmp_path / "config.toml", text)
        with pytest.raises(ConfigError) as info:
            save_setting("ui", "theme", "gruvbox", path)
        assert "not changed" in str(info.value) and "\n" not in str(info.value)
        assert path.read_text(encoding="utf-8") == text
