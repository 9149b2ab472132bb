"""End to end: numbered links and a podcast enclosure in the installed ``newsreader`` (tmux)."""

from __future__ import annotations

import time
from pathlib import Path

from ..conftest import installed_command
from .test_links import _recorder
from .test_tmux import Tmux, pytestmark, tmux  # noqa: F401 — the fixture and the tmux skip

_NOTES = ('&lt;p&gt;Tonight we visit &lt;a href="https://canal.example/locks"&gt;the locks&lt;/a&gt; and the '
          '&lt;a href="https://canal.example/museum"&gt;museum&lt;/a&gt;.&lt;/p&gt;'
          '&lt;ul&gt;&lt;li&gt;Lock 9&lt;/li&gt;&lt;li&gt;Lock 10&lt;/li&gt;&lt;/ul&gt;'
          '&lt;img src="https://canal.example/m.png" alt="Museum door"&gt;')
_FEED = f"""<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>Canal Talk</title>
<link>https://canal.example/</link>
<item><title>Episode 5: the museum lock</title><link>https://canal.example/ep5</link><guid>ep5</guid>
<author>none@none.com (Canal Radio)</author><description>{_NOTES}</description>
<enclosure url="https://canal.example/ep5.mp3" type="audio/mpeg" length="30000000"/>
<itunes:duration>41:09</itunes:duration></item></channel></rss>"""


def _wait_file(path: Path, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return path.read_text()
        time.sleep(0.1)
    return ""


def test_links_are_numbered_listed_and_followed_and_the_episode_plays(tmux: Tmux, tmp_path: Path) -> None:
    feed = tmp_path / "canal.xml"
    feed.write_text(_FEED, encoding="utf-8")
    browser, opened = _recorder(tmp_path, "browser")
    player, played = _recorder(tmp_path, "player")
    tmux.env.update(BROWSER=str(browser), PODCAST_PLAYER=f"{player} --quiet")
    tmux.start([installed_command(), str(feed)])
    tmux.wait_for("Episode 5")
    tmux.send("Enter")
    screen = tmux.wait_for("Links:")
    assert "the locks[1]" in screen and "museum[2]" in screen
    assert "• Lock 9" in screen and "[image: Museum door]" in screen
    assert "By Canal Radio" in screen
    assert "ep5.mp3 (audio/mpeg, 30.0 MB, 41:09)" in screen
    tmux.send("o")
    tmux.send("2")
    assert _wait_file(opened) == "https://canal.example/museum"
    tmux.send("u")
    screen = tmux.wait_for("[2] https://canal.example/museum")
    assert "[1] https://canal.example/locks" in screen
    tmux.send("Escape")
    time.sleep(0.3)
    tmux.send("e")
    assert _wait_file(played) == "--quiet\nhttps://canal.example/ep5.mp3"
