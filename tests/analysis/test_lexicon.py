"""The analyser's word lists are data files: they load, are clean, agree, and ship.

A list that fails to load or carries a duplicate is a typo someone will chase
through the analyser's output; two lists that claim the same word (a name both
male and female, a word both a title and an organisation word) make the
analyser's answer depend on which check runs first. And a data file the wheel
forgets means an installed newsreader that cannot analyse at all.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest

from feeds.analysis import lexicon
from feeds.analysis.gazetteer import ALIAS_TO_CANON, OUTLETS, lookup
from feeds.analysis.lexicon.data import lines, table, words

ROOT = Path(__file__).resolve().parents[2]
DATA = files("feeds.analysis.lexicon") / "data"
TXT = sorted(p.name[:-4] for p in DATA.iterdir() if p.name.endswith(".txt") and p.name != "README.txt")
TOML = sorted(p.name[:-5] for p in DATA.iterdir() if p.name.endswith(".toml"))


def test_the_word_lists_are_data_files():
    """The lists the issue names each live in a file of their own."""
    for name in ("lexicon-roles", "lexicon-titles", "lexicon-places", "names-male", "names-female",
                 "names-first", "lexicon-stop-caps", "abbreviations"):
        assert name in TXT
    for name in ("lexicon-cues", "outlets", "lexicon-months", "lexicon-numbers", "lexicon-descriptions"):
        assert name in TOML
    assert len(TXT) + len(TOML) >= 5


@pytest.mark.parametrize("name", TXT)
def test_plain_lists_load_without_duplicates(name):
    entries = lines(name)
    assert entries, f"{name}.txt is empty"
    dups = sorted({e for e in entries if entries.count(e) > 1})
    assert not dups, f"{name}.txt lists twice: {dups}"
    assert all(e == e.strip() for e in entries)


@pytest.mark.parametrize("name", TOML)
def test_tables_load(name):
    # tomllib itself rejects a key given twice
    assert table(name)


def test_no_word_in_two_contradictory_lists():
    assert not lexicon.MALE_NAMES & lexicon.FEMALE_NAMES
    assert not lexicon.STOP_CAPS & lexicon.FIRST_NAMES
    # a word that names organisations is no title, except the few that are both ("Press Secretary")
    assert lexicon.TITLE_WORDS & lexicon.ORG_WORDS <= {"Press", "House", "State", "Secretary", "Commissioner"}
    heads = [h for hs in table("lexicon-descriptions").values() for h in hs]
    assert len(heads) == len(set(heads)), "a description head under two kinds"
    flags = table("lexicon-cues")
    assert all(set(f) <= {"weak", "object", "source", "as_frame", "double", "forms"} for f in flags.values())
    reach = {line.split()[1] for line in lines("abbreviations")}
    assert reach <= {"name", "run", "sentence"}


def test_lists_read_as_before():
    """What the analyser imports is the files' content, with forms and titles derived as before."""
    assert lexicon.FEMALE_NAMES == words("names-female") and lexicon.PLACES == words("lexicon-places")
    assert lexicon.CUE_LEMMA["said"] == "say" and lexicon.CUE_LEMMA["nodded"] == "nod"
    assert "says" in lexicon.SOURCE_CUES and "called" in lexicon.WEAK_FORMS
    assert "accuse" in lexicon.OBJECT_CUES and "say" not in lexicon.OBJECT_CUES
    assert {"Minister", "Spokesperson", "Mayor"} <= lexicon.TITLE_WORDS
    assert not {"Mother", "Guard", "Justice", "Center"} & lexicon.TITLE_WORDS
    assert lexicon.MALE_NAMES | lexicon.FEMALE_NAMES <= lexicon.FIRST_NAMES
    assert "Virginia" not in lexicon.FEMALE_NAMES and "Virginia" in lexicon.PLACES
    assert lexicon.MONTHS["sept"] == 9 and lexicon.NUMBER_WORDS["forty"] == 40
    assert lexicon.DESCRIPTION_CLASS["newspaper"] == "outlet"
    assert lexicon.DESCRIPTION_CLASS["agency"] == "agency"


def test_outlets_table_and_common_word_titles():
    assert OUTLETS["Associated Press"] == ("agency", ("Associated Press", "AP"))
    assert "Time" in table("outlets")["not_alone"]
    assert lookup("the Guardian") == ("The Guardian", "outlet")
    # a magazine named by a common word is matched only by its longer alias
    assert "Time" not in ALIAS_TO_CANON and ALIAS_TO_CANON["Time magazine"] == "Time"
    assert "The Times" not in ALIAS_TO_CANON and "Times of Israel" in ALIAS_TO_CANON


def test_one_abbreviation_list_for_sentences_and_names():
    """The sentence splitter and the name finder read the same file: an abbreviation of a
    title keeps the sentence and the name whole in both."""
    from feeds.analysis import analyze
    from feeds.analysis.segment import segment

    assert set(lexicon.abbreviations("name")) <= set(lexicon.abbreviations("run")) <= set(lexicon.abbreviations("sentence"))
    text = 'Gen. Ilse Varga met Sen. Ana Brekke on Jan. 5. "We agreed," Gen. Varga said.'
    seg = segment(text)
    assert seg.sentence_bounds(0) == (0, text.index('"We'))
    sources = {s.name for s in analyze(text).sources}
    assert "Ilse Varga" in sources


def test_the_wheel_carries_the_data_files(tmp_path):
    """An installed newsreader reads its lists from the package: the wheel must hold every file."""
    assert len(TXT) + len(TOML) >= 5
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {out.stderr.strip()[-200:]}")
    (wheel,) = tmp_path.glob("newsreader-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in TXT:
        assert f"feeds/analysis/lexicon/data/{name}.txt" in names
    for name in TOML:
        assert f"feeds/analysis/lexicon/data/{name}.toml" in names
        tomllib.loads(zipfile.ZipFile(wheel).read(f"feeds/analysis/lexicon/data/{name}.toml").decode())
