"""Loading local files: what the reader shows for each kind of file, and for bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.inputs.local import load_file, load_paths
from feeds.core.model import LoadError
from feeds.formats.plaintext import article_from_text, looks_like_headline, title_from_sentence

from .conftest import ARTICLES


def test_text_file_with_headline_and_byline() -> None:
    [a] = load_file(ARTICLES / "01-ferry.txt")
    assert a.title == "Island ferry service resumes after three-week strike"
    assert a.byline == "Elin Vasquez"
    assert a.source == "Reuters"  # from the dateline
    assert a.text.startswith("PORT HALVARD (Reuters)")
    assert "Island ferry" not in a.text  # the headline is not repeated in the body
    assert len(a.paragraphs) == 4


def test_text_file_whose_first_line_is_a_paragraph_gets_a_sentence_title() -> None:
    [a] = load_file(ARTICLES / "02-wire-lines.txt")
    # the first line is body text: it stays in the body, and the title is its main clause
    assert a.text.startswith("The town council of Brenmoor voted")
    assert a.title == "The town council of Brenmoor voted on Tuesday to close two of its five libraries"
    assert a.source == "AFP"  # the trailing "/ AFP" credit
    assert len(a.paragraphs) == 4  # one paragraph per line


def test_hard_wrapped_lines_are_joined_into_paragraphs() -> None:
    [a] = load_file(ARTICLES / "03-wrapped.txt")
    assert a.title == "Council budget passes"
    assert a.paragraphs[0] == (
        "The budget passed by 31 votes to 12 after a long debate that ran past midnight, "
        "and the mayor thanked both sides for their patience."
    )


def test_markdown_front_matter_and_plain_body() -> None:
    [a] = load_file(ARTICLES / "04-orchard.md")
    assert a.title == "Orchard growers count the cost of a late frost"
    assert (a.byline, a.source, a.url) == ("Pia Lund", "Valley Courier", "https://example.com/valley/frost")
    assert a.published is not None and a.published.year == 2026 and a.published.month == 4
    assert "**" not in a.text and "](" not in a.text and "`" not in a.text
    assert '"It came at the worst possible moment," said Marta Holm, who runs a family orchard' in a.text
    assert "• Apples: 40% lost" in a.text


@pytest.mark.timeout(60)
def test_html_page_main_text_and_metadata() -> None:
    [a] = load_file(ARTICLES / "05-harbour.html")
    assert a.title == "Harbour cranes to be replaced"
    assert a.byline == "Tomas Rieck"
    assert a.source == "Eastport Gazette"
    assert a.published is not None and (a.published.year, a.published.month, a.published.day) == (2026, 5, 2)
    assert a.text.startswith("The Eastport harbour board approved")
    for junk in ("do not show this", "color: red", "Copyright", "Sport"):
        assert junk not in a.text


def test_directory_loads_every_supported_file_sorted(tmp_path: Path) -> None:
    result = load_paths([ARTICLES])
    assert [Path(a.origin).name for a in result.articles] == sorted(p.name for p in ARTICLES.iterdir())
    assert result.errors == []


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n \t\n", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        ("garbled.txt", bytes(range(0x80, 0x100)) * 8, "cannot decode"),
        ("table.csv", b"a,b\n1,2\n", "unsupported file type"),
    ],
)
def test_bad_files_get_a_one_line_error_naming_them(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoadError) as info:
        load_file(path)
    message = str(info.value)
    assert name in message and reason in message
    assert "\n" not in message


def test_bad_files_do_not_stop_the_good_ones(tmp_path: Path) -> None:
    (tmp_path / "a-good.txt").write_text("Good headline here\n\nA body paragraph.\n", encoding="utf-8")
    (tmp_path / "b-empty.txt").write_bytes(b"")
    (tmp_path / "c-binary.md").write_bytes(b"\x00\x01\x02" * 100)
    result = load_paths([tmp_path, tmp_path / "missing.txt"])
    assert [a.title for a in result.articles] == ["Good headline here"]
    assert sorted(Path(e.origin).name for e in result.errors) == ["b-empty.txt", "c-binary.md", "missing.txt"]


def test_latin1_and_utf16_files_are_read(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes("Café opens\n\nThe café on Rua Nova reopened.\n".encode("cp1252"))
    (tmp_path / "wide.txt").write_bytes("Wide text\n\nEncoded as UTF-16.\n".encode("utf-16"))
    titles = sorted(a.title for a in load_paths([tmp_path]).articles)
    assert titles == ["Café opens", "Wide text"]


def test_control_sequences_in_files_never_reach_the_article(tmp_path: Path) -> None:
    path = tmp_path / "evil.txt"
    path.write_text("Title\x1b]0;pwned\x07 here\n\nBody \x1b[2J with \x9b31m codes.\n", encoding="utf-8")
    [a] = load_file(path)
    assert "\x1b" not in a.title + a.text and "\x9b" not in a.text
    assert a.title == "Title here"


def test_title_rules() -> None:
    assert looks_like_headline("Ferry strike ends", followed_by_text=True)
    assert not looks_like_headline("Ferry strike ends", followed_by_text=False)
    assert not looks_like_headline("This is a sentence that ends with a period.", followed_by_text=True)
    assert not looks_like_headline('"We are relieved," he said', followed_by_text=True)
    assert title_from_sentence("Mr. Smith went to Washington. He came back.") == "Mr. Smith went to Washington"
    long = ("The regional assembly approved a plan on Thursday that would merge the three water companies "
            "into one, officials said.")
    title = title_from_sentence(long)
    assert len(title) <= 91 and long.startswith(title.rstrip("…"))


@pytest.mark.parametrize("first, title", [
    ("COLUMBIA, S.C. (AP) — Voters backed the school plan on Tuesday. Turnout was low.",
     "COLUMBIA, S.C. (AP) — Voters backed the school plan on Tuesday"),
    ("On Nov. 12 the harbour board met again to approve the new pier. It voted six to one.",
     "On Nov. 12 the harbour board met again to approve the new pier"),
    ("Dr. Ann Lee said the U.S. Army would leave the base by spring. Others disagreed.",
     "Dr. Ann Lee said the U.S. Army would leave the base by spring"),
    ("Mr. Okafor opened the new library in the town centre. Hundreds came.",
     "Mr. Okafor opened the new library in the town centre"),
    ("Storms closed schools across the U.S.", "Storms closed schools across the U.S."),
])
def test_text_file_title_is_never_cut_at_an_abbreviation(tmp_path: Path, first: str, title: str) -> None:
    path = tmp_path / "story.txt"
    path.write_text(f"{first}\n\nA second paragraph follows with more of the story.\n", encoding="utf-8")
    [article] = load_file(path)
    assert article.title == title


def test_text_without_any_words_is_an_error() -> None:
    with pytest.raises(ValueError):
        article_from_text("\n\n\n", "x.txt")


def test_seed_article_title_is_its_first_clause(shared: Path) -> None:
    [a] = load_file(shared / "corpus" / "seed" / "japan-us-military-cooperation.txt")
    assert a.title == "Japan and the United States are discussing ways to strengthen their military cooperation"
    assert a.text.startswith("Japan and the United States are discussing")
    assert a.source == "BGNES"


def test_the_same_page_opens_twice_in_one_session() -> None:
    # trafilatura's cross-document de-duplication once made the second open come back empty
    first = load_file(ARTICLES / "05-harbour.html")[0]
    second = load_file(ARTICLES / "05-harbour.html")[0]
    assert first.text == second.text and second.text.startswith("The Eastport harbour board")
