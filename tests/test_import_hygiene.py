"""The engine never imports the UI, and the command line starts light."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_engine_does_not_import_textual_or_rich() -> None:
    mods = _modules_after(
        "import feeds, feeds.local, feeds.open, feeds.analysis, feeds.model, feeds.sanitize\n"
        "from feeds.analysis import analyze\nanalyze('\"Hi,\" she said. It cost $5.')"
    )
    assert not {m for m in mods if m.split(".")[0] in {"textual", "rich", "tui"}}


def test_cli_module_does_not_import_textual_until_the_reader_starts() -> None:
    mods = _modules_after("import tui.cli")
    assert "textual" not in mods and "httpx" not in mods and "trafilatura" not in mods


def test_reader_start_does_not_import_heavy_optional_modules() -> None:
    mods = _modules_after("import tui.app")
    assert "trafilatura" not in mods and "httpx" not in mods
