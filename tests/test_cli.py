"""The command line, run as the installed ``newsreader`` command."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from feeds import __version__

from .conftest import ARTICLES, env_for_subprocess, installed_command


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([installed_command(), *args], capture_output=True, text=True, timeout=120,
                          env=env_for_subprocess(home))


def test_version_and_help(isolated_home: Path) -> None:
    out = run(isolated_home, "--version")
    assert out.returncode == 0 and out.stdout.strip() == f"newsreader {__version__}"
    out = run(isolated_home, "--help")
    assert out.returncode == 0 and "analyze" in out.stdout and "PATH" in out.stdout
    out = run(isolated_home, "analyze", "--help")
    assert out.returncode == 0 and "--format" in out.stdout


def test_analyze_json_carries_article_and_offsets(isolated_home: Path) -> None:
    out = run(isolated_home, "analyze", "--format", "json", str(ARTICLES / "01-ferry.txt"))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["title"] == "Island ferry service resumes after three-week strike"
    assert data["byline"] == "Elin Vasquez" and data["url"] is None
    text = data["text"]
    assert data["quotes"] and data["figures"]
    for q in data["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]
    for f in data["figures"]:
        assert text[f["start"]:f["end"]] == f["text"]
    for s in data["sources"]:
        assert all(0 <= a < b <= len(text) for a, b in s["mentions"])


def test_analyze_several_inputs_gives_json_lines_and_reports_bad_ones(isolated_home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    out = run(isolated_home, "analyze", "--format", "json", str(ARTICLES / "01-ferry.txt"), str(bad),
              str(ARTICLES / "04-orchard.md"))
    assert out.returncode != 0
    lines = out.stdout.strip().splitlines()
    assert [json.loads(line)["path"] for line in lines] == [str(ARTICLES / "01-ferry.txt"), str(ARTICLES / "04-orchard.md")]
    assert out.stderr.strip() == f"newsreader: {bad}: empty file"


def test_analyze_text_report(isolated_home: Path) -> None:
    out = run(isolated_home, "analyze", str(ARTICLES / "01-ferry.txt"))
    assert out.returncode == 0
    assert "Quotes (" in out.stdout and "Key figures (" in out.stdout and "Sources (" in out.stdout
    assert "Jonas Berg" in out.stdout


def test_text_report_never_prints_control_sequences(isolated_home: Path, tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text('Headline [bold]x[/]\n\n"Quoted \x1b]0;pwned\x07 words," said Ann Lee.\n', encoding="utf-8")
    out = run(isolated_home, "analyze", str(evil))
    assert out.returncode == 0
    assert "\x1b]" not in out.stdout and "\x07" not in out.stdout
    assert "[bold]x[/]" in out.stdout


def test_missing_file_is_one_line_and_non_zero(isolated_home: Path) -> None:
    out = run(isolated_home, "analyze", "/nonexistent/file.txt")
    assert out.returncode == 1
    assert out.stderr.strip() == "newsreader: /nonexistent/file.txt: no such file or directory"
    assert "Traceback" not in out.stderr


def test_the_reader_without_a_terminal_says_so_in_one_line(isolated_home: Path) -> None:
    """stdin from /dev/null, stdin closed, output to a pipe: one line, status 2, never a hung screen."""
    cmd = f"{installed_command()} {ARTICLES / '01-ferry.txt'}"
    for redirect in ("</dev/null", "0<&-", "</dev/null >/dev/null"):
        out = subprocess.run(["bash", "-c", f"{cmd} {redirect}"], capture_output=True, text=True, timeout=30,
                             env=env_for_subprocess(isolated_home), stdin=subprocess.DEVNULL)
        assert out.returncode == 2, (redirect, out.stderr)
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("newsreader: the reader needs a terminal"), redirect
        assert "newsreader analyze" in lines[0]
        assert "\x1b" not in out.stdout  # nothing was painted
    # the headless commands are unaffected, and so are --help and --version
    out = subprocess.run([installed_command(), "analyze", str(ARTICLES / "01-ferry.txt")], capture_output=True,
                         text=True, timeout=60, env=env_for_subprocess(isolated_home), stdin=subprocess.DEVNULL)
    assert out.returncode == 0 and "Quotes (" in out.stdout
    assert run(isolated_home, "--version").returncode == 0
