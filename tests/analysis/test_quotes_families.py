"""Issue 14, the quote families: each test is a sentence a reader would check by eye.

1. doubled apostrophes and the typesetting pair are quotation marks (one quote each);
2. transcripts and Q&A: each labelled turn is its speaker's quote;
3. no speaker, no quote (unless speech is certain); a quote inside a quote is part of it;
4. short partial quotes after a verb of naming are the subject's;
5. embedded writing (posts, captions, statements) is its author's.
Every test here fails on the analyser before issue 14.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from feeds.analysis import analyze

from tests.conftest import env_for_subprocess, installed_command


def _quotes(text: str, **kw) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in analyze(text, **kw).quotes]


def _never_overlap(text: str, **kw) -> None:
    qs = sorted((q.start, q.end) for q in analyze(text, **kw).quotes)
    assert all(a[1] <= b[0] for a, b in zip(qs, qs[1:])), qs


# ---- 1. doubled marks --------------------------------------------------------------


def test_doubled_apostrophes_are_one_quotation_with_its_speaker():
    text = "Mayor Lena Ortiz spoke at the pier. ''It would make sense to rebuild the wall first,'' Ortiz said."
    assert _quotes(text) == [("It would make sense to rebuild the wall first,", "Lena Ortiz")]
    _never_overlap(text)


def test_the_typesetting_pair_is_a_quotation_mark():
    text = "``We will rebuild the harbour wall this year,'' Mayor Lena Ortiz said on Monday."
    (q,) = analyze(text).quotes
    assert (q.text, q.speaker, q.kind) == ("We will rebuild the harbour wall this year,", "Lena Ortiz", "direct")
    assert text[q.start - 2:q.start] == "``" and text[q.end:q.end + 2] == "''"
    # two apostrophes inside a word stay apostrophes
    assert _quotes("The band played rock''n''roll at the harbour fair all night long.") == []


# ---- 2. transcripts ---------------------------------------------------------------

_TRANSCRIPT = ("Chris Hale hosts the harbour show on Sunday mornings.\n\n"
               "HALE: Let's start with the wall. Will you rebuild it this year?\n\n"
               "ORTIZ: Well, we will rebuild it before the winter storms.\n\n"
               "HALE: And the pier?\n\n"
               "ORTIZ: The pier comes next, once the wall is safe.")


def test_transcript_turns_are_quotes_of_their_labelled_speakers():
    assert _quotes(_TRANSCRIPT) == [
        ("Let's start with the wall. Will you rebuild it this year?", "Chris Hale"),
        ("Well, we will rebuild it before the winter storms.", "Ortiz"),
        ("And the pier?", "Chris Hale"),
        ("The pier comes next, once the wall is safe.", "Ortiz"),
    ]
    names = {s.name for s in analyze(_TRANSCRIPT).sources}
    assert {"Chris Hale", "Ortiz"} <= names
    # a dateline and a photo credit are labels that do not recur: no transcript
    text = ("BRUSSELS: The European Union agreed on Monday to fund the harbour wall.\n\n"
            "Photo: The harbour wall after the storm.\n\nThe vote was close, officials said.")
    assert analyze(text).quotes == []


def test_q_and_a_lines_are_turns():
    text = ("Q: Will you rebuild the harbour wall?\n\nA: Yes, before the winter storms.\n\n"
            "Q: And the pier?\n\nA: Next spring, if the budget holds.")
    qs = analyze(text).quotes
    assert [q.text for q in qs] == ["Will you rebuild the harbour wall?", "Yes, before the winter storms.",
                                    "And the pier?", "Next spring, if the budget holds."]
    assert all(q.kind == "direct" for q in qs)


def test_interview_answers_without_labels_are_the_guest_named_in_the_title():
    text = ("Omar Hill: Welcome to the show. Tell us about the harbour.\n\n"
            "The wall comes first, then the pier.\n\n"
            "OH: And the budget? Is it enough?\n\n"
            "The budget is tight but fair, and we will manage.")
    title = "An Interview with Lena Ortiz by Omar Hill"
    assert _quotes(text, title=title) == [
        ("Welcome to the show. Tell us about the harbour.", "Omar Hill"),
        ("The wall comes first, then the pier.", "Lena Ortiz"),
        ("And the budget? Is it enough?", "Omar Hill"),
        ("The budget is tight but fair, and we will manage.", "Lena Ortiz"),
    ]
    # without anyone named as the guest, unlabelled paragraphs are nobody's turn
    assert [s for _, s in _quotes(text)] == ["Omar Hill", "Omar Hill"]


def test_a_quotation_inside_a_turn_is_part_of_the_turn():
    text = ("HALE: Your critics say “the wall is a waste of money.” What do you tell them?\n\n"
            "ORTIZ: That the storms cost more.\n\nHALE: Fair enough.\n\nORTIZ: Thank you for having me.")
    qs = analyze(text).quotes
    assert [q.speaker for q in qs] == ["Hale", "Ortiz", "Hale", "Ortiz"]
    assert "the wall is a waste of money" in qs[0].text
    _never_overlap(text)


@pytest.mark.timeout(20)
def test_a_huge_transcript_stays_bounded_and_many_labels_are_no_transcript():
    huge = "\n\n".join(("HALE: Will you rebuild it?", "ORTIZ: Yes, we will rebuild it.") * 20_000)
    qs = analyze(huge).quotes
    assert len(qs) == 5000 and {q.speaker for q in qs} == {"Hale", "Ortiz"}
    labels = "\n\n".join(f"ITEM{chr(65 + i % 26)}{chr(65 + i // 26 % 26)}: a line of a list." for i in range(2000))
    assert analyze(labels + "\n\n" + labels).quotes == []


# ---- 3. no speaker, no quote; nested quotes -------------------------------------------


def test_scare_quotes_and_fragments_with_no_speaker_are_not_quotes():
    text = ("The harbour plan, \"a bold gamble for a small and windy town\", went ahead on Monday. "
            "The \"temporary\" closure of the pier has now lasted for years.")
    assert _quotes(text) == []
    # speech is certain after a colon: kept, with no speaker
    text = "The sign on the pier gate read simply: \"Closed until the wall is rebuilt next year.\""
    assert [t for t, _ in _quotes(text)] == ["Closed until the wall is rebuilt next year."]


def test_a_quote_inside_a_quote_belongs_to_the_outer_speaker():
    text = "\"My father told me 'never sell the boat' and I never did,\" Omar Hill said."
    assert _quotes(text) == [("My father told me 'never sell the boat' and I never did,", "Omar Hill")]
    _never_overlap(text)


def test_a_running_quotation_takes_the_speaker_who_closes_it():
    text = ("\"The first part of the speech runs on here without a close.\n\n"
            "\"And the second paragraph closes it,\" Mayor Lena Ortiz said.")
    assert [s for _, s in _quotes(text)] == ["Lena Ortiz", "Lena Ortiz"]


# ---- 4. naming verbs ------------------------------------------------------------------


def test_short_partial_quotes_after_naming_verbs_are_the_subjects():
    assert _quotes('Mayor Lena Ortiz called the harbour report "faulty" on Tuesday.') == [("faulty", "Lena Ortiz")]
    assert _quotes('Senator Ida Katz labelled the protesters "thugs".') == [("thugs", "Ida Katz")]
    assert _quotes('Senator Ida Katz branded the audit "a farce".') == [("a farce", "Ida Katz")]
    assert _quotes('Senator Ida Katz denounced the ruling as "shameful".') == [("shameful", "Ida Katz")]


def test_called_on_is_a_demand_not_a_naming():
    text = "The ombudsman's office said two people died and called on the \"interim\" council to withdraw the patrols."
    assert _quotes(text) == []


# ---- 5. embedded writing ---------------------------------------------------------------


def test_a_post_after_the_quote_is_its_authors():
    text = "The site had suffered \"international outages,\" connectivity monitor Netblocks posted on Mastodon."
    assert _quotes(text) == [("international outages,", "Netblocks")]


def test_a_caption_after_a_colon_is_the_posters_not_a_title():
    text = ("Harbour United posted a photo of the new coach on its account on Wednesday, "
            "with the caption: \"Welcome Home Coach\".")
    assert _quotes(text) == [("Welcome Home Coach", "Harbour United")]


def test_a_statement_issued_with_a_colon_is_its_issuers():
    text = "On Monday, the harbour council issued a statement: \"The pier will reopen once the wall is safe.\""
    assert _quotes(text) == [("The pier will reopen once the wall is safe.", "the harbour council")]
    text = "Harbour United released a letter to its fans:\n\n\"We will be back in the top league next season.\""
    assert _quotes(text) == [("We will be back in the top league next season.", "Harbour United")]


def test_the_last_paragraph_of_a_quoted_statement_keeps_its_speaker_when_an_embed_cuts_its_close():
    text = ("Harbour United said in a statement: \"The coach is one of the most successful in the league.\n\n"
            "\"He has won the cup twice and knows the harbour well.\n\n"
            "Club statement\n\nThe club said nothing more about the contract.")
    assert [s for _, s in _quotes(text)] == ["Harbour United", "Harbour United"]


def test_words_of_an_order_are_whoever_gave_it_and_the_sentence_goes_on_quoting_them():
    text = ("The closures began with directives from Mayor Lena Ortiz to \"shut every pier\" in the "
            "\"long fight against the winter storms\".")
    assert _quotes(text) == [("shut every pier", "Lena Ortiz"), ("long fight against the winter storms", "Lena Ortiz")]


# ---- the installed command ------------------------------------------------------------


def test_the_analyze_command_reads_a_transcript_with_its_title(tmp_path: Path, isolated_home: Path):
    """The title line of a text file names the guest: the command attributes the unlabelled answers."""
    path = tmp_path / "interview.txt"
    path.write_text("An Interview with Lena Ortiz by Omar Hill\n\n"
                    "Omar Hill: Welcome to the show. Tell us about the harbour.\n\n"
                    "The wall comes first, then the pier.\n\n"
                    "OH: And the budget? Is it enough?\n\n"
                    "The budget is tight but fair, and we will manage.\n", encoding="utf-8")
    out = subprocess.run([installed_command(), "analyze", "--format", "json", str(path)], capture_output=True,
                         text=True, timeout=120, env=env_for_subprocess(isolated_home))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["title"] == "An Interview with Lena Ortiz by Omar Hill"
    assert [q["speaker"] for q in data["quotes"]] == ["Omar Hill", "Lena Ortiz", "Omar Hill", "Lena Ortiz"]
    assert "Omar Hill" in {s["name"] for s in data["sources"]}
