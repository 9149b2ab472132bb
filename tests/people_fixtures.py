"""Invented outlets covering one invented event (the Veltmark floods), for the people and stories tests.

Our own words. The death toll is disputed on purpose: two outlets say 12,
one says 15. Two different Brannochs are quoted (a mayor and an engineer),
and the fire chief is "Dorrin Kassel" in one outlet and "Mr. Kassel" in another.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from feeds.library.store import Library

from .feedgen import rss
from .netserver import LoopbackServer

OUTLETS: dict[str, list[tuple[str, str]]] = {
    "Riverside Courier": [
        ("Veltmark floods kill 12 as River Odra bursts its banks",
         "Floods killed 12 people in the river town of Veltmark on Sunday after the River Odra burst its banks "
         "overnight. \"We have never seen the water rise this fast,\" said Ilse Brannoch, the mayor of Veltmark. "
         "Brannoch said 300 homes had been evacuated. "
         "\"Crews worked through the night to reach the villages,\" said Dorrin Kassel, the regional fire chief."),
        ("Council approves tram line to the station",
         "The town council approved a tram line on Tuesday. \"It will link the old town with the station,\" "
         "said Petra Lund, the transport councillor."),
    ],
    "Northern Ledger": [
        ("Veltmark floods: death toll rises to 15 after River Odra bursts its banks",
         "The death toll from the floods in Veltmark, where the River Odra burst its banks on Sunday, rose to 15 "
         "on Monday, regional officials said. \"Every family here has lost something,\" Mayor Ilse Brannoch told reporters. "
         "\"The levee failed at dawn,\" said Tomas Brannoch, a district engineer."),
        ("Chess prodigy wins national title at fourteen",
         "A fourteen-year-old from Haldor won the national chess championship on Saturday. "
         "\"I only wanted to enjoy the games,\" said Nika Sorel after the final round."),
    ],
    "Valley Post": [
        ("River Odra floods Veltmark, 12 dead",
         "Floods killed 12 people in Veltmark on Sunday when the River Odra broke through a levee and burst its "
         "banks. \"We will rebuild every bridge,\" said Mr. Kassel, the regional fire chief."),
        ("Morrow harvest festival draws record crowds",
         "A record 40,000 visitors came to the Morrow harvest festival at the weekend. "
         "\"We ran out of pumpkins by noon,\" said Greta Holm, who organised it."),
    ],
}

FLOOD_TITLES = {items[0][0] for items in OUTLETS.values()}


def serve(srv: LoopbackServer) -> list[str]:
    """Serve every outlet's feed; returns their URLs."""
    urls = []
    for n, (name, items) in enumerate(OUTLETS.items()):
        srv.static(f"/outlet{n}.xml", rss(name, items, link=f"https://outlet{n}.example/"))
        urls.append(srv.url(f"/outlet{n}.xml"))
    return urls


def refreshed_library(srv: LoopbackServer) -> Library:
    """A library subscribed to every outlet and refreshed from the loopback server."""
    from feeds.refresh import refresh

    library = Library.open()
    for url in serve(srv):
        library.add_feed(url)
    asyncio.run(refresh(library, library.feeds()))
    return library


def library_path() -> Path:
    from feeds.core.paths import library_path as path

    return path()


def command(home: Path):
    """A runner of the installed ``newsreader`` against the test's home: ``nr("people", "--json")``."""
    import subprocess

    from .conftest import env_for_subprocess, installed_command

    env = env_for_subprocess(home)

    def nr(*args: str) -> "subprocess.CompletedProcess[str]":
        out = subprocess.run([installed_command(), *args], capture_output=True, text=True, timeout=120, env=env)
        assert "Traceback" not in out.stderr
        return out

    return nr
