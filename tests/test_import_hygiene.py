"""The engine never imports the UI, and the command line starts light."""

from __future__ import annotations

import os
import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_engine_does_not_import_textual_or_rich() -> None:
    mods = _modules_after(
        "import feeds, feeds.inputs.local, feeds.inputs.open, feeds.analysis, feeds.core.model, feeds.core.sanitize\n"
        "from feeds.analysis import analyze\nanalyze('\"Hi,\" she said. It cost $5.')"
    )
    assert not {m for m in mods if m.split(".")[0] in {"textual", "rich", "tui"}}


def test_the_network_engine_never_loads_the_command_line_client_of_httpx(tmp_path) -> None:
    """httpx imports its command-line client (click, rich, pygments: ~55 ms, and Rich in the
    engine) wherever click is installed. A stand-in click on the path tells whether anything
    tried to import it."""
    fake = tmp_path / "click"
    fake.mkdir()
    mark = tmp_path / "click-was-imported"
    (fake / "__init__.py").write_text(f"open({str(mark)!r}, 'w').close()\nraise ImportError('stand-in')\n")
    code = "import feeds.net.http, feeds.refresh, feeds.sync.greader, feeds.sync.ttrss\nimport httpx\n"
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert not mark.exists()


def test_cli_module_does_not_import_textual_until_the_reader_starts() -> None:
    mods = _modules_after("import tui.cli")
    assert "textual" not in mods and "httpx" not in mods and "trafilatura" not in mods


def test_reader_start_does_not_import_heavy_optional_modules() -> None:
    mods = _modules_after("import tui.app")
    assert "trafilatura" not in mods and "httpx" not in mods


# --- every subcommand, run for real, checked for what it loaded ---------------

import json  # noqa: E402
import os  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from .conftest import env_for_subprocess  # noqa: E402
from .feedgen import rss  # noqa: E402
from .importgraph import cycles, edges  # noqa: E402
from .netserver import LoopbackServer  # noqa: E402

#: Runs main(argv) as the installed command would, then prints the top-level
#: packages that were imported, whatever the exit status.
_PROBE = (
    "import atexit, json, sys\n"
    "atexit.register(lambda: sys.__stdout__.write('\\nMODULES ' + json.dumps(sorted({m.split('.')[0] for m in sys.modules})) + '\\n'))\n"
    "from tui.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _loaded_by(home: Path, *argv: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, timeout=120,
                         env=env_for_subprocess(home), cwd=home)
    assert "Traceback" not in out.stderr, out.stderr
    # `sync` with no [sync] settings says so in one line and exits 1
    assert out.returncode in ((0, 1) if argv[0] == "sync" else (0,)), f"{argv}: {out.stderr}"
    line = [x for x in out.stdout.splitlines() if x.startswith("MODULES ")][-1]
    return set(json.loads(line[len("MODULES "):]))


def test_no_command_line_subcommand_loads_the_ui(isolated_home: Path, tmp_path: Path) -> None:
    """Each subcommand, run for real, loads neither Textual nor the reader's screens."""
    from tui.cli import COMMANDS

    article = tmp_path / "a.txt"
    article.write_text('Ferry fares rise\n\n"It is fair," the mayor said on Monday. Fares rose 5%.\n', encoding="utf-8")
    opml = tmp_path / "in.opml"
    with LoopbackServer() as srv:
        srv.static("/f.xml", rss("Harbour Notes", 3))
        opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body><outline type="rss" text="Other" '
                        f'xmlUrl="{srv.url("/g.xml")}"/></body></opml>', encoding="utf-8")
        srv.static("/g.xml", rss("Other Notes", 2))
        runs = {
            "analyze": ["analyze", str(article), "--format", "json"],
            "add": ["add", srv.url("/f.xml")],
            "feeds": ["feeds", "--json"],
            "refresh": ["refresh"],
            "unread": ["unread"],
            "search": ["search", "Harbour"],
            "people": ["people", "--json"],
            "quotes": ["quotes", "--json"],
            "stories": ["stories", "--json"],
            "import": ["import", str(opml)],
            "export": ["export", str(tmp_path / "out.opml")],
            "remove": ["remove", srv.url("/f.xml")],
            "sync": ["sync"],
        }
        assert set(runs) == set(COMMANDS), "a new subcommand needs a line here"
        for name, argv in runs.items():
            loaded = _loaded_by(isolated_home, *argv)
            assert not loaded & {"textual"}, f"`newsreader {name}` imported Textual"
            assert "trafilatura" not in loaded, f"`newsreader {name}` imported trafilatura"


def test_no_import_cycles_among_project_modules() -> None:
    """Deferred (function-level) imports count: a cycle hidden in a function is still one."""
    assert cycles(edges()) == []


def test_every_engine_error_shares_one_root() -> None:
    """A caller can catch everything the engine raises on purpose with one except clause."""
    import importlib
    import inspect

    from feeds.core.errors import NewsreaderError
    from .importgraph import project_modules

    strays = []
    for name in sorted(project_modules()):
        if not name.startswith("feeds"):
            continue
        mod = importlib.import_module(name)
        for obj in vars(mod).values():
            if (inspect.isclass(obj) and issubclass(obj, BaseException) and obj.__module__ == name
                    and not issubclass(obj, NewsreaderError)):
                strays.append(f"{name}.{obj.__name__}")
    assert strays == []
