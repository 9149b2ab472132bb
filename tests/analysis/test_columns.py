"""Issue 14, transcripts and Q&A: advice columns (a reader's letter, the columnist's answer).

Each test is a column a reader would check by eye: every paragraph of a letter is
a quote of its signer (the signature as written), every paragraph of an answer a
quote of the columnist, the footer nobody's; the signers and the columnist are
sources. A letter quoted in a news story is not a column. Every test here fails
on the analyser before this change (the letters' later paragraphs and the answers
were missed, and the footer's "Contact …" was taken for the speaker).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from feeds.analysis import analyze

from tests.conftest import env_for_subprocess, installed_command

_ABBY_STYLE = (
    "DEAR MARGO: My brother borrowed our canoe last summer and returned it with a hole in the hull. "
    "He says it was already there.\n\n"
    "He will not pay for the repair. Should I let it go? -- SINKING IN SALEM\n\n"
    "DEAR SINKING: Ask him once, calmly, to split the cost. If he refuses, let it go.\n\n"
    "A canoe is not worth a brother.\n\n"
    "DEAR MARGO: My neighbour plays the tuba at dawn. I have asked her to stop twice. -- SLEEPLESS\n\n"
    "DEAR SLEEPLESS: Talk to your landlord and keep a record of the dates.\n\n"
    "Dear Margo is written by Margo Fenwick. Contact Dear Margo at P.O. Box 1234, Salem, OR 97301.\n")


def _pairs(text: str, **kw) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in analyze(text, **kw).quotes]


def test_each_letter_paragraph_is_its_signer_and_each_answer_paragraph_the_columnist():
    assert _pairs(_ABBY_STYLE) == [
        ("My brother borrowed our canoe last summer and returned it with a hole in the hull. "
         "He says it was already there.", "SINKING IN SALEM"),
        ("He will not pay for the repair. Should I let it go?", "SINKING IN SALEM"),
        ("Ask him once, calmly, to split the cost. If he refuses, let it go.", "Margo Fenwick"),
        ("A canoe is not worth a brother.", "Margo Fenwick"),
        ("My neighbour plays the tuba at dawn. I have asked her to stop twice.", "SLEEPLESS"),
        ("Talk to your landlord and keep a record of the dates.", "Margo Fenwick"),
    ]


def test_signers_and_the_columnist_are_sources_and_the_footer_is_nobody():
    a = analyze(_ABBY_STYLE)
    sources = {s.name: (s.kind, s.quotes) for s in a.sources}
    assert sources["Margo Fenwick"] == ("person", 3)
    assert sources["SINKING IN SALEM"] == ("anonymous", 2)
    assert sources["SLEEPLESS"] == ("anonymous", 1)
    assert not any("Contact" in name or "Box" in name for name in sources)
    assert not any("P.O. Box" in q.text or "written by" in q.text for q in a.quotes)
    # the report says who each one is: "SLEEPLESS, letter writer", "Margo Fenwick, advice columnist"
    assert {(q.speaker, q.role) for q in a.quotes} == {
        ("SINKING IN SALEM", "letter writer"), ("SLEEPLESS", "letter writer"), ("Margo Fenwick", "advice columnist")}


def test_two_letters_signed_on_their_own_line_answered_by_a_shortened_signature():
    text = ("Ask Nora: my sister-in-law keeps rearranging my kitchen\n\n"
            "By Nora Quill\n\n"
            "Dear Nora: Every time my sister-in-law visits, she moves my pots and pans.\n\n"
            "I find them weeks later in odd places. How do I ask her to stop?\n\n"
            "-- Worried in Wichita\n\n"
            "Dear Worried: Tell her, kindly, that you like your kitchen as it is.\n\n"
            "Dear Nora: My son wants a drum kit for his birthday. We live in a flat.\n\n"
            "Signed, Quiet Please\n\n"
            "Dear Quiet: Electronic drums come with headphones. Everyone wins.\n\n"
            "Send questions to askNora@example.com.\n")
    assert _pairs(text) == [
        ("Every time my sister-in-law visits, she moves my pots and pans.", "Worried in Wichita"),
        ("I find them weeks later in odd places. How do I ask her to stop?", "Worried in Wichita"),
        ("Tell her, kindly, that you like your kitchen as it is.", "Nora Quill"),
        ("My son wants a drum kit for his birthday. We live in a flat.", "Quiet Please"),
        ("Electronic drums come with headphones. Everyone wins.", "Nora Quill"),
    ]


def test_a_gentle_reader_answer_and_a_column_named_for_its_writer():
    """No signature and no writer's name: the letter is the reader the answer addresses,
    the answer the column's own name."""
    text = ("Dear Miss Manners: A guest at my dinner party brought her own dessert and served it "
            "before mine. Was this rude?\n\n"
            "GENTLE READER: It was. Miss Manners suggests you thank her warmly and serve yours anyway.\n\n"
            "A hostess need not compete with her guests.\n")
    assert _pairs(text) == [
        ("A guest at my dinner party brought her own dessert and served it before mine. Was this rude?",
         "GENTLE READER"),
        ("It was. Miss Manners suggests you thank her warmly and serve yours anyway.", "Miss Manners"),
        ("A hostess need not compete with her guests.", "Miss Manners"),
    ]


def test_a_signature_ending_the_last_paragraph_after_a_dash_is_not_part_of_the_letter():
    text = ("DEAR ABBY: My roommate eats my leftovers and denies it. I labelled them. "
            "What now? — Hungry in L.A.\n\n"
            "DEAR HUNGRY: Buy a small fridge with a lock.\n")
    assert _pairs(text) == [
        ("My roommate eats my leftovers and denies it. I labelled them. What now?", "Hungry in L.A."),
        ("Buy a small fridge with a lock.", "Abby"),
    ]


def test_a_letter_quoted_in_the_news_is_not_a_column_but_the_same_letter_answered_is():
    """The genre is its structure: salutation, signature, an answer to the signature."""
    letter = ("Dear Minister: We ask you to rebuild the harbour wall before the winter storms.\n\n"
              "The town cannot wait another year. -- Harbour Residents Committee\n\n")
    news = letter + "The minister said on Monday that she had read the letter and would reply this week.\n"
    assert not any(w.startswith("quote:column") for q in analyze(news).quotes for w in q.why)
    answered = letter + "Dear Residents: The wall will be rebuilt by November.\n"
    assert _pairs(answered) == [
        ("We ask you to rebuild the harbour wall before the winter storms.", "Harbour Residents Committee"),
        ("The town cannot wait another year.", "Harbour Residents Committee"),
        ("The wall will be rebuilt by November.", "Minister"),
    ]


def test_a_dash_inside_a_letter_is_no_signature_and_a_news_story_with_dear_stays_news():
    text = ("DEAR ABBY: My aunt -- who is 90 -- still drives. Should I take her keys? -- NERVOUS NIECE\n\n"
            "DEAR NERVOUS: Ask her doctor -- not her -- whether she is fit to drive.\n")
    assert _pairs(text) == [("My aunt -- who is 90 -- still drives. Should I take her keys?", "NERVOUS NIECE"),
                            ("Ask her doctor -- not her -- whether she is fit to drive.", "Abby")]
    story = ('Mayor Lena Ortiz wrote to residents on Friday.\n\n'
             'Dear residents: the harbour will close for a week, she wrote.\n\n'
             '"We will reopen it soon," Ortiz said.\n')
    assert _pairs(story) == [("We will reopen it soon,", "Lena Ortiz")]


def test_the_analyze_command_reads_an_advice_column(tmp_path: Path, isolated_home: Path):
    path = tmp_path / "column.txt"
    path.write_text(_ABBY_STYLE, encoding="utf-8")
    out = subprocess.run([installed_command(), "analyze", "--format", "json", str(path)], capture_output=True,
                         text=True, timeout=120, env=env_for_subprocess(isolated_home))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [q["speaker"] for q in data["quotes"]] == [
        "SINKING IN SALEM", "SINKING IN SALEM", "Margo Fenwick", "Margo Fenwick", "SLEEPLESS", "Margo Fenwick"]
    assert {"Margo Fenwick", "SINKING IN SALEM", "SLEEPLESS"} <= {s["name"] for s in data["sources"]}


def test_a_signature_without_a_dash_and_an_answer_addressed_without_dear():
    """'Hi, Carolyn:' letters, a signature line in capitals with no dash, 'Owed:' answers;
    the columnist named in full by the footer."""
    text = ("Hi, Carolyn: My friend never pays me back. What should I do?\n\n"
            "OWED AND ANNOYED\n\n"
            "Owed: Stop lending. It is that simple.\n\n"
            "Email Carolyn Hale at tellme@example.com.\n")
    assert _pairs(text) == [("My friend never pays me back. What should I do?", "OWED AND ANNOYED"),
                            ("Stop lending. It is that simple.", "Carolyn Hale")]


def test_salutations_on_their_own_line_and_a_signature_right_after_the_question_mark():
    text = ("Dear Prudie,\n\n"
            "My book club only ever reads books I dislike. Should I quit?—Bored in Boise\n\n"
            "Dear Bored,\n\n"
            "Suggest a book of your own first. Quit if they never read it.\n")
    assert _pairs(text) == [("My book club only ever reads books I dislike. Should I quit?", "Bored in Boise"),
                            ("Suggest a book of your own first. Quit if they never read it.", "Prudie")]


def test_advice_that_opens_like_a_footer_is_still_the_columnists_answer():
    text = ("DEAR NORA: My landlord kept my deposit for a scratch on the floor. -- SCRATCHED\n\n"
            "DEAR SCRATCHED: Write down what the flat looked like when you moved in.\n\n"
            "Contact a tenants' union and send your landlord a letter.\n\n"
            "Send questions to Nora at asknora@example.com.\n")
    assert _pairs(text) == [
        ("My landlord kept my deposit for a scratch on the floor.", "SCRATCHED"),
        ("Write down what the flat looked like when you moved in.", "Nora"),
        ("Contact a tenants' union and send your landlord a letter.", "Nora"),
    ]


def test_a_doctors_column_signed_with_initials():
    text = ("DEAR DR. VOSS: I am 71 and my knees ache after long walks. Should I stop walking? -- R.T.\n\n"
            "DEAR R.T.: Please keep walking, but on softer ground.\n\n"
            "Readers may email questions to askdoc@example.org.\n")
    assert _pairs(text) == [
        ("I am 71 and my knees ache after long walks. Should I stop walking?", "R.T."),
        ("Please keep walking, but on softer ground.", "Dr. Voss"),
    ]
