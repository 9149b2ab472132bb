"""Sources: agencies, outlets, datelines, attributions, documents, anonymous sources."""

from __future__ import annotations

from feeds.analysis import analyze


def sources(text: str) -> dict[str, str]:
    return {s.name: s.kind for s in analyze(text).sources}


def test_wire_agency_with_alias_and_mentions():
    text = "Floods hit the valley, Agence France-Presse reported. AFP said roads were closed."
    srcs = analyze(text).sources
    afp = [s for s in srcs if s.name == "AFP"]
    assert afp and afp[0].kind == "agency"
    assert len(afp[0].mentions) == 2  # both names point at the same agency
    for a, b in afp[0].mentions:
        assert text[a:b] in ("Agence France-Presse", "AFP")


def test_dateline_and_trailing_byline():
    assert sources("LONDON (Reuters) - Shares fell on Monday.").get("Reuters") == "agency"
    assert sources("WASHINGTON (AP) — The vote was delayed.").get("Associated Press") == "agency"
    assert sources("The summit ends on Friday. / BGNES").get("BGNES") == "agency"


def test_according_to_and_reported():
    s = sources("The mine will close, according to the Financial Times. The Guardian reported the same.")
    assert s.get("Financial Times") == "outlet"
    assert s.get("The Guardian") == "outlet"


def test_citing_anonymous_sources():
    s = sources("Local media, citing diplomatic sources, said the visit was cancelled.")
    assert s.get("diplomatic sources") == "anonymous"


def test_person_familiar_with_the_matter():
    s = sources("The bank will cut 200 jobs, a person familiar with the matter said.")
    assert s.get("a person familiar with the matter") == "anonymous"


def test_officials_on_condition_of_anonymity():
    s = sources("Two officials, who spoke on condition of anonymity, said the plan was dropped.")
    assert any("officials" in n.lower() and k == "anonymous" for n, k in s.items()), s


def test_told_outlet():
    s = sources("The mayor told CNN that the shelters were full.")
    assert s.get("CNN") == "outlet"


def test_document_and_study():
    s = sources("Obesity rates doubled, according to a study. A report by the World Bank said growth slowed.")
    assert s.get("a study") == "document"
    assert "World Bank" in s


def test_quoted_people_and_organisations_are_sources_and_count_quotes():
    text = ("“We will appeal,” said Nina Park, a lawyer for the family.\n\n"
            "“The ruling is final,” the Supreme Court said in a statement.")
    srcs = {s.name: s for s in analyze(text).sources}
    assert srcs["Nina Park"].quotes == 1
    assert srcs["Nina Park"].kind in ("person", "official")
    assert any("Supreme Court" in n for n in srcs)


def test_people_merely_mentioned_are_not_sources():
    s = sources("Tourists visited the home of Ernest Hemingway and the statue of Simon Bolivar.")
    assert "Ernest Hemingway" not in s and "Simon Bolivar" not in s


def test_official_title_gives_official_kind():
    s = sources("Foreign Minister Ana Duarte said the embassy would reopen.")
    assert s.get("Ana Duarte") == "official"


def test_company_name_with_industry_word_is_an_organisation() -> None:
    from feeds.analysis import analyze

    text = ("Harlow Instruments said on Monday it would close its Brenton plant. "
            "Vesta Semiconductor said demand had recovered.")
    kinds = {s.name: s.kind for s in analyze(text).sources}
    assert kinds.get("Harlow Instruments") == "organization"
    assert kinds.get("Vesta Semiconductor") == "organization"
