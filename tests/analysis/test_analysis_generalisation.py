"""Error classes found by scoring on blind, independently labelled articles.

One invented example per class, each about how English news is written, not
about any article: appositions that name a body, relative clauses inside a
subject, coordinated verbs, pronouns, statement paragraphs, documents and
agencies as sources, and the anonymous phrases loose patterns used to produce.
"""

from __future__ import annotations

from feeds.analysis import analyze


def speakers(text: str) -> list[str | None]:
    return [q.speaker for q in analyze(text).quotes]


def sources(text: str) -> dict[str, str]:
    return {s.name: s.kind for s in analyze(text).sources}


# --- names typed by what the article says they are ------------------------------------


def test_name_in_apposition_to_a_body_is_that_body():
    text = ("The studio that holds the rights to his early films, Silver Harp, insists he may screen them. "
            "Silver Harp have repeatedly rejected the claims.\n\n"
            "“Nobody stopped him from touring,” they said in a statement.")
    assert speakers(text) == ["Silver Harp"]
    assert sources(text).get("Silver Harp") == "organization"


def test_object_of_an_accusation_is_not_taken_for_a_person():
    from feeds.analysis.entities import build_registry

    reg = build_registry("Last week the singer posted a video accusing Silver Harp of blocking her.")
    assert [m.kind for m in reg.mentions if m.name == "Silver Harp"] != ["person"]


def test_relative_clause_object_is_not_the_subject():
    text = ("The firm that organises the Harbor Games, Quill Street Productions, insists no contract exists. "
            "People who know Maria Lund said she would not sign.")
    names = sources(text)
    assert "Quill Street Productions" in names
    assert "Harbor Games" not in names
    assert "Maria Lund" not in names


def test_generational_suffix_is_not_the_surname():
    text = ("James P. Holloway Jr., the district attorney, announced the charges on Monday. "
            "“Threats are not protected speech,” Holloway said.")
    assert speakers(text) == ["James P. Holloway Jr."]
    assert "Holloway" not in sources(text)


def test_name_after_a_place_in_a_title_is_a_person():
    text = ("Norway’s envoy to Chile Tan Weiming has said the talks will go on. "
            "Tan said the ministry had “every reason to be patient”.")
    names = sources(text)
    assert "Tan Weiming" in names
    assert "Tan" not in names
    assert speakers(text) == ["Tan Weiming"]


# --- subjects: coordinated verbs, adverbs, pronouns -------------------------------------


def test_coordinated_verbs_share_their_subject():
    text = ("Sarah Lindqvist sold her shares last year. On her website she described the deal as a "
            "“costly error” and accused the new owners of “constant pressure”.")
    assert speakers(text) == ["Sarah Lindqvist", "Sarah Lindqvist"]


def test_adverb_between_subject_and_cue_is_skipped():
    text = ("Maria Lund met the board in May. She instead wrote to the committee: “I chose to settle it in "
            "person.”")
    assert speakers(text) == ["Maria Lund"]
    assert not any("instead" in n for n in sources(text))


def test_possessor_of_known_gender_is_a_pronoun_antecedent():
    text = ("Sarah Lindqvist's first three novels were bought by a publisher run by Tobias Renn. "
            "In a podcast she called the purchase a “hostile move”.")
    assert speakers(text) == ["Sarah Lindqvist"]


def test_they_after_a_pair_of_people():
    text = ("Two councillors joined the debate: Senator Maria Lund and congresswoman Ivo Petrova. "
            "They condemned the closure and its cost to small farms.")
    names = sources(text)
    assert "Maria Lund" in names
    assert "Ivo Petrova" in names


def test_chain_of_appositions_keeps_the_first_name():
    text = ("Ivo Petrov, the 48-year-old cousin of the owner of the mill, Karl Brandt, has assured colleagues "
            "that the merger was a “clear win”.")
    assert speakers(text) == ["Ivo Petrov"]
    assert "Karl Brandt" not in sources(text)


def test_pronoun_chain_skips_a_name_after_an_earlier_pronoun():
    text = ("Ivo Petrov said he would visit the port. During the trip, he was photographed with "
            "Karl Brandt near the docks. He later told reporters: “I had to see it for myself.”")
    assert speakers(text) == ["Ivo Petrov"]


# --- loose patterns that produced garbage sources --------------------------------------


def test_a_call_for_is_a_noun_not_a_cue():
    text = ("Okafor said the port would reopen “within weeks”. The ministry is also busy drafting a "
            "call for tenders for new cranes, aiming at two “shipments” a month.")
    assert set(sources(text)) == {"Okafor"}


def test_predicate_after_a_copula_is_not_a_subject():
    text = ("In an email to Ivo Petrov, who was then the deputy mayor of Harbor City and Karl Brandt, "
            "the port's treasurer, said the repairs would be paid for.")
    names = sources(text)
    assert "Karl Brandt" not in names
    assert not any(n.lower().startswith("the acting head") for n in names)


def test_surname_that_is_also_a_common_word_speaks():
    text = ("Laila Early, head of sales at Harbor Games, joined the panel. “Subscriptions are a hard sell,” "
            "says Early. “People want to own what they buy.”")
    assert speakers(text) == ["Laila Early", "Laila Early"]


def test_sentence_initial_capital_of_a_common_noun_is_not_a_name():
    text = ("The line stayed open. Transit riders have complained about the new timetable, warning "
            "that commuters would be late. Many transit users drove instead.")
    assert "Transit" not in sources(text)


# --- organisations and their spokespeople ------------------------------------------------


def test_unattached_spokesperson_speaks_for_the_body_before():
    text = ("Harbor Water Authority turned the proposal down. A spokesperson who asked not to be identified "
            "under the utility's rules said in an email that the plan would cost too much.\n\n"
            "“A second treatment plant is out of the question,” the spokesperson said.")
    assert speakers(text) == ["a Harbor Water Authority spokesperson"]
    names = sources(text)
    assert "Harbor Water Authority" in names
    assert not any("rules" in n for n in names)


# --- documents and agencies as sources -----------------------------------------------------


def test_demonstrative_document_is_credited_to_the_author_named_before():
    text = ("The union pointed to an audit of the depots by the Office of Rail Safety. "
            "That report found drivers working double shifts.")
    assert "Office of Rail Safety" in sources(text)


def test_possessive_document_is_credited_to_its_owner():
    text = "The Harbor Water Authority’s guidelines recommend boiling tap water, but few residents do."
    assert "Harbor Water Authority" in sources(text)


def test_agency_that_recommends_is_a_source():
    text = "The National Road Board recommends that drivers rest every two hours."
    assert "National Road Board" in sources(text)


def test_handbook_is_a_document_source():
    text = ("The staff handbook of the Harbor Customs Service, which the Finance Ministry oversees, "
            "notes that inspectors must wear badges.")
    assert any("Harbor Customs Service" in n for n in sources(text))


def test_role_with_a_place_is_not_the_place_and_resolves_to_the_named_holder():
    text = ("Norway’s envoy to Chile accused the rebels of “acting in bad faith”. "
            "Norway’s envoy to Chile Tan Weiming has said the talks will go on. Tan said he was patient.")
    assert speakers(text) == ["Tan Weiming"]
    names = sources(text)
    assert "Chile" not in names
    assert "Tan Weiming" in names


# --- attribution verbs and their arguments -------------------------------------------------


def test_agent_of_as_reported_by_is_a_source():
    text = ("“The contract is void,” said one tax lawyer, as reported by the Harbor Courier "
            "newspaper.")
    names = sources(text)
    assert any("Harbor Courier" in n for n in names)
    assert speakers(text) == ["one tax lawyer"]


def test_called_x_a_y_makes_the_subject_a_source():
    text = "The Harbor Water Authority called the audit a sham. Workers repaired the pipes on Monday."
    assert "Harbor Water Authority" in sources(text)
    assert sources("The mayor called a meeting for Monday. Workers repaired the pipes.") == {}


def test_curly_opening_mark_closed_by_a_straight_one():
    text = ("“In short, the inspectors found nothing wrong with the books,\" she said. Maria Lund, the board's "
            "spokeswoman, had said so earlier.")
    assert [q.text for q in analyze(text).quotes] == ["In short, the inspectors found nothing wrong with the books,"]


def test_plural_possessive_apostrophe_does_not_break_an_apposition():
    text = ("“Winter is the slowest month for dealers,” Maria Lund, Harbor Motors' head of sales, "
            "said in a statement.")
    assert speakers(text) == ["Maria Lund"]


def test_name_of_unknown_gender_yields_to_the_established_he():
    text = ("Peter Okafor, 41, admitted the charge on Friday. He said he had phoned the campaign of Rep. Amara "
            "Diallo. Diallo is among the youngest members of the council.\n\n"
            "The aide who answered later testified that he had said, “You will regret this.”")
    assert speakers(text) == ["Peter Okafor"]


def test_verb_object_as_quote_frame_attributes_the_words():
    text = ("Maria Lund presented the prize and introduced Peter Okafor to the guests as “the best engineer "
            "I know”. Okafor said he was grateful.\n\n"
            "Ivo Petrov, an analyst at Harbor Research, sees the pricing as its “weakest link.”")
    assert speakers(text) == ["Maria Lund", "Ivo Petrov"]
    assert speakers("Peter Okafor saw the plant in May and introduced a bill on “Water Safety”.") == []


def test_remembered_and_weighed_in_are_speech():
    text = ("Peter Okafor remembered his mentor practising at the venue and “never once using notes”.\n\n"
            "“The hall feels empty without her,” Maria Lund weighed in, telling Okafor, “but you carried on "
            "her work.”")
    assert speakers(text) == ["Peter Okafor", "Maria Lund", "Maria Lund"]


def test_it_is_the_body_speaking_earlier_in_the_sentence():
    text = ("Talks stalled at the Harbor Council on Monday.\n\n"
            "Norway's foreign ministry said it had told envoys the move was “another step backwards”.")
    assert speakers(text) == ["Norway's foreign ministry"]


def test_nationality_before_a_single_name_is_not_a_title():
    text = "The Somali Shabaab, however, claimed responsibility for the raid, which it said ended at dawn."
    assert sources(text).get("Shabaab") == "organization"


def test_partial_quote_inside_a_possessors_claim():
    text = ("Peter Okafor spoke to a radio host in May. To protect his reputation, Okafor went further. "
            "His many claims about never reading the contract or the firm's “creative” invoices were "
            "ridiculed. His long effort to cut ties with Karl Brandt sits oddly with his claim on the same "
            "show that the two were “barely acquainted”.")
    assert speakers(text) == ["Peter Okafor", "Peter Okafor"]
    assert speakers("Maria Lund rejected their accusations as “baseless”.") == ["Maria Lund"]


# --- descriptions that refer to one body ---------------------------------------------------


def test_group_described_first_and_named_later_is_one_source():
    filler = "The district runs 40 schools, most of them built before 1960. " * 50
    text = ("A group of teachers, worried about the closures, is pressing the council to accept its offer of "
            "free tutoring.\n\n"
            "The teachers, founders of a new group called Lessons Without Walls, have offered to run weekend "
            "classes.\n\n"
            "“Let us open the doors on Saturdays,” the teachers wrote in the letter.\n\n" + filler + "\n\n"
            "“Every child deserves a second chance,” the teachers wrote.")
    assert set(sources(text)) == {"Lessons Without Walls"}
    assert speakers(text) == ["Lessons Without Walls", "Lessons Without Walls"]


# --- figures in words ----------------------------------------------------------------------


def test_out_of_ratio_dozens_and_a_pair_of_years():
    texts = [f.text for f in analyze(
        "Seven out of ten voters backed the plan. The first dozen tickets went quickly, and the storm "
        "damaged nearly four dozen homes. Builders expect 2031 and 2032 to be busier.").figures]
    assert "Seven out of ten" in texts
    assert "dozen" in texts
    assert "four dozen" in texts
    assert "2031 and 2032" in texts
    assert "ten" not in texts


def test_cue_introducing_a_quote_beats_the_reporting_cue_after_it():
    text = ("Peter Okafor, 41, phoned the clinic in March. On the recording, he said, “you will pay for "
            "this,” the sheriff's office said.")
    assert speakers(text) == ["Peter Okafor"]


def test_cleft_names_the_speaker():
    assert speakers("It was Maria Lund who said the deal was “dead”.") == ["Maria Lund"]


def test_collective_staff_is_plural_for_they():
    text = "The staff were told to leave, Okafor said. They said they were “shocked”."
    assert speakers(text) == ["The staff"]


def test_head_noun_of_a_description_types_the_name_in_apposition():
    text = "The charity behind the festival, Bright Lantern, said it would refund every ticket."
    assert sources(text).get("Bright Lantern") == "organization"


def test_document_author_named_in_an_apposition_or_a_possessive():
    assert "Kestrel Institute" in sources(
        "The report, published by the Kestrel Institute, warned of “severe shortages”.")
    assert "Kestrel Port Authority" in sources(
        "According to the Kestrel Port Authority's annual report, traffic fell 3%.")


def test_unknown_name_ending_in_a_media_word_is_an_outlet():
    text = "The deal was worth $2 billion, as first reported by the Harbor Courier."
    assert sources(text).get("Harbor Courier") == "outlet"


# --- second blind round: chains of appositions, profiles, statements ---------------------


def test_apposition_chain_names_the_person_not_the_place():
    text = ("“We got out more than we put in,” Mira Solberg, a fellow at the Kestrel Institute in Lyon, "
            "France, and co-author of the study, said in a statement.")
    assert speakers(text) == ["Mira Solberg"]
    assert "France" not in sources(text)


def test_city_region_before_the_verb_is_where_not_who():
    text = ("A team led by researchers at the Orion Lab in Greenbelt, Maryland, has confirmed traces of ice. "
            "The discovery was welcomed.")
    assert "Maryland" not in sources(text)


def test_profile_noun_refers_to_the_person_the_story_is_about():
    text = ("Dana Whitlock has left the show.\n\n"
            "Whitlock was voted off on Monday. Whitlock thanked the judges.\n\n"
            "“It makes you more human,” said the actor.\n\n"
            "“We loved every minute,” the “Harbor Nights” star added.")
    assert speakers(text) == ["Dana Whitlock", "Dana Whitlock"]


def test_profile_noun_without_a_clear_protagonist_stays_as_written():
    text = "Dana Hill spoke first. “We are not done,” the “Harbor Nights” star said."
    assert speakers(text) == ["the “Harbor Nights” star"]


def test_two_single_marks_close_a_double_quote():
    text = ("“It was an attempt to mislead voters,’’ Tom Reyes, head of the watchdog, told the Courier. "
            "“And it is inappropriate.”")
    a = analyze(text)
    assert [q.text for q in a.quotes] == ["It was an attempt to mislead voters,", "And it is inappropriate."]
    assert [q.speaker for q in a.quotes] == ["Tom Reyes", "Tom Reyes"]


def test_issuer_of_a_statement_speaks():
    text = ("The commission, which regulates campaign finances, issued a statement warning that “voters are "
            "entitled to transparency.” Acme published a blog post that said “prices will rise.”")
    assert speakers(text) == ["The commission", "Acme"]
    assert "issued a statement" not in " ".join(sources(text))


def test_relative_clause_with_a_document_head():
    assert "Acme" in sources("Acme published a blog post that said customers could listen for free.")


def test_bare_plural_after_the_verb_is_inverted():
    assert "officials" in sources("The man is the third case this year, say officials.")


def test_plural_descriptions_of_officials_are_sources():
    assert "Health bosses" in sources("Health bosses said that 28 people were quarantined.")


def test_author_of_a_declaration_or_study():
    assert "Harvard University" in sources("A 2019 study by Harvard University found that sleep matters.")
    assert any("health chiefs" in n for n in sources(
        "It comes despite an earlier declaration by China’s health chiefs that the risk was minimal."))


def test_credit_line_names_the_outlet():
    names = sources("Body text.\n\nThis article was originally published by Moonbeam Daily. Read the original.")
    assert names.get("Moonbeam Daily") == "outlet"


def test_office_named_with_a_possessive_is_one_body():
    text = ("The man pleaded guilty, the U.S. Attorney’s Office for the Western District of Nowhere said. "
            "He faces ten years, the U.S. attorney's office said.")
    names = sources(text)
    assert "U.S. Attorney’s Office for the Western District of Nowhere" in names
    assert len(names) == 1


def test_his_team_speaks_through_the_named_lead():
    text = "“The plume is real,” Paul Lindqvist and his team wrote."
    assert list(sources(text)) == ["Paul Lindqvist"]


def test_sentence_break_after_an_outlet_is_not_part_of_a_name():
    text = "“We make no apology,” Raab told the BBC.\n\nTwitter pledged to take “decisive action.”"
    assert "BBC. Twitter" not in sources(text)
    assert speakers(text)[1] == "Twitter"


def test_determiner_and_acronym_is_a_thing_not_a_body():
    text = "A CT of his chest showed a “ground glass” pattern in both lungs."
    assert not any(n.startswith("A CT") or n == "CT" for n in sources(text))


# --- third blind round: who "the 56-year-old" is, titles in a sentence, forecasts ---------


def test_song_title_inside_a_sentence_is_not_a_quote():
    text = ("After playing “Rolling Down The River,” the singer told the crowd, "
            "“we should go on the road.”")
    assert [q.text for q in analyze(text).quotes] == ["we should go on the road."]


def test_profile_noun_is_the_person_who_opened_a_recent_sentence():
    text = ("Pat Lindgren and Tom Reyes played on Monday.\n\n"
            "Lindgren teased a new tour during the set.\n\n"
            "After the encore, the singer and guitarist told the audience, “we should go on the road.”")
    assert speakers(text) == ["Pat Lindgren"]


def test_an_age_stands_for_the_person_the_story_opens_with():
    text = ("Rui Amaral has agreed a deal to coach the Harbor club until 2027.\n\n"
            "The previous coach was sacked after five years. Talks with Amaral's agents ran late.\n\n"
            "The club had been looking since May.\n\n"
            "The 56-year-old said after his appointment: “I am excited to be joining this club.”")
    assert speakers(text) == ["Rui Amaral"]


def test_forecasts_name_their_author():
    names = sources("Separately, the National Budget Office projects that the tariffs will cut output by 0.3 percent.")
    assert "National Budget Office" in names


def test_dash_apposition_chain_names_the_person():
    text = ("Peng Wei — project manager for the sale and press director of Tmart, the site owned by Alimall — "
            "responded to the allegations on Monday, saying “the figures are real.”")
    assert speakers(text) == ["Peng Wei"]


# --- fourth blind round (feed articles): unnamed witnesses, splits, guesses, date ranges ----


def figs(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.kind) for f in analyze(text).figures]


def test_age_modifier_stays_inside_the_description():
    text = "“Prices doubled,” said a 40-year-old shopkeeper in Harbor Town. “We cannot go on.”"
    assert speakers(text) == ["a 40-year-old shopkeeper in Harbor Town"] * 2


def test_pronoun_after_an_unnamed_speaker_is_that_speaker():
    text = ("“He is bluffing,” said an engineer in Harbor Town, referring to Governor Ivo Petrov. "
            "“There is no other option,” he added.\n\n"
            "In the north, a 39-year-old man said the roads were closed. “Then the lights went out,” he said.")
    assert speakers(text) == ["an engineer in Harbor Town", "an engineer in Harbor Town", "a 39-year-old man"]


def test_a_split_of_percentages_is_one_figure():
    assert figs("Voters backed it by a 55%-45% margin.") == [("55%-45%", "ratio")]


def test_a_guess_with_or_is_one_range():
    assert figs("Literally 9 or 10 people called.") == [("9 or 10", "range")]
    assert ("3 or 4 pm", "time") in figs("After 3 or 4 pm, the streets are empty.")
    assert [t for t, _ in figs("It grew from 5 or 500 shops.")] == ["5", "500"]


def test_two_days_of_a_month_are_one_date():
    assert figs("Crowds gathered on Jan. 8 and 9 alone.") == [("Jan. 8 and 9", "date")]
    assert figs("It happened on Sept. 29 and 30, 1941.") == [("Sept. 29 and 30, 1941", "date")]


def test_fractions_of_a_whole_but_not_ordinals():
    assert figs("A closure would choke a fifth of global oil flows.") == [("a fifth", "ratio")]
    assert figs("A third employee said the joke fell flat.") == []
    assert figs("Sales fell by a third.") == [("a third", "ratio")]


def test_a_number_that_opens_a_repeated_name_is_no_figure():
    text = "Staff told 7 Lantern about the plan, and 7 Lantern obtained the memo. Write to me at dana.404 today."
    assert figs(text) == []
    assert [t for t, _ in figs("The 2019 Harbor Music Awards were held. The 2019 Harbor Music Awards ended.")] == ["2019", "2019"]


def test_second_number_of_a_pair_is_kept():
    assert [t for t, _ in figs("About 2,000 and 3,000 people came.")] == ["2,000", "3,000"]


def test_the_resident_of_a_place_is_the_one_from_that_place():
    text = ("“Fear is back,” said a resident of Yasvik, a city in the south. “They started shooting.” "
            "A resident of Harbor Town’s Oldmill district said Monday that the streets were empty.\n\n"
            "“They are still killing,” the resident of Yasvik said.\n\n"
            "“We are alone,” said the Yasvik resident.")
    assert speakers(text) == ["a resident of Yasvik"] * 4


def test_a_new_sentence_reporting_other_words_does_not_take_the_quote_before():
    text = ("“Fear is back,” said a nurse in Oldmill. “I saw it happen.” A driver said Monday that the "
            "roads were closed.")
    assert speakers(text) == ["a nurse in Oldmill", "a nurse in Oldmill"]


def test_told_state_tv_names_the_broadcaster():
    assert sources("“We agreed on principles,” Minister Dana Ruiz told state TV.").get("state TV") == "outlet"


def test_soft_hyphens_do_not_split_words():
    from feeds.core.sanitize import sanitize_display, sanitize_text

    assert sanitize_text("For\u00adeign Office") == "Foreign Office"
    assert sanitize_display("thr\u00ade\u00adaten") == "threaten"


def test_a_summary_goes_on_quoting_the_source_it_named():
    text = ("The six lawmakers notched a “significant legal win” after the case failed, said the Harbor Courier. "
            "Now they are “looking to gain political momentum” after the experience.")
    quotes = {q.text: q.speaker for q in analyze(text).quotes}
    assert quotes.get("looking to gain political momentum") == "Harbor Courier"


def test_a_review_round_up_keeps_quoting_the_outlet():
    text = ("The new model removes “many of the annoyances of electric cars”, said Top Gear Magazine. "
            "The car doesn’t feel “heavy or numb” to drive, and charging times are “staggering”.")
    a = analyze(text)
    assert [q.speaker for q in a.quotes] == ["Top Gear Magazine"] * 3
    assert {s.name: s.kind for s in a.sources}.get("Top Gear Magazine") == "outlet"


def test_a_participle_after_an_inverted_attribution_shares_its_speaker():
    text = "Another worry is the “paradox of abundance,” said Dubey, noting it is “something to watch out for.”"
    assert speakers(text) == ["Dubey", "Dubey"]


def test_citing_his_own_words():
    text = "Tom Pritchard stepped down on Monday, citing his “terrible judgment in keeping in touch” with the man."
    assert speakers(text) == ["Tom Pritchard"]


def test_a_post_on_a_platform_speaks_for_its_author():
    names = sources("Nick Sorensen shared the letter. It was sent to envoys, according to Sorensen’s X post.")
    assert "Nick Sorensen" in names and "X" not in names


def test_an_outlet_named_after_its_kind():
    assert sources("Prime Minister Lund confirmed to Nordic news outlet HVG that he received the letter.").get("HVG") == "outlet"


def test_a_weekday_after_a_name_is_not_part_of_it():
    text = "Thomas Pritchard Monday stepped down, citing his “terrible judgment in keeping in touch” with him."
    assert speakers(text) == ["Thomas Pritchard"]


def test_attendees_are_an_anonymous_source():
    assert "Some attendees" in sources("Some attendees warned that the rules were weak.")


# --- fifth round: titles alone, ascriptions, owners of claims, slashes --------------------


def test_the_title_alone_is_the_person_who_holds_it():
    text = ("President Dana Okafor said the bridge was unfair. The President complained that it was "
            "built with “virtually no local steel.”")
    assert speakers(text) == ["Dana Okafor"]


def test_words_ascribed_with_described_as_belong_to_the_subject_not_the_outlet():
    text = "However, Katz described the move as an “essential security measure”, the Harbor Post stated."
    assert speakers(text) == ["Katz"]


def test_the_owner_of_claims_speaks():
    text = "Lund condemned President Dana Okafor‘s false claims that troops “stayed a little back” from the front."
    assert speakers(text) == ["Dana Okafor"]


def test_an_age_and_a_prize_stand_for_the_person_in_the_lede():
    text = ("Harbor’s interim leader Amal Rostami stepped down on Monday in a farewell broadcast.\n\n"
            "“Today, the interim government is stepping down,” the 85-year-old Nobel Peace Prize winner said.")
    assert speakers(text) == ["Amal Rostami"]


def test_slash_dates_and_spelled_fractions():
    assert figs("After the 9/11 attacks, we should own at least one half of this.") == [
        ("9/11", "date"), ("one half", "ratio")]


def test_a_surname_is_the_person_not_the_front_of_an_organisation():
    text = ("U.S. President Dana Okafor spoke on Monday. The Okafor Administration has pushed the plan.\n\n"
            "Asked about the plan, Okafor told reporters, “I never said that.”\n\n"
            "“We cannot rely on them,” he added.")
    assert speakers(text) == ["Dana Okafor", "Dana Okafor"]


def test_a_place_in_a_headline_is_not_a_surname():
    from feeds.analysis.entities import build_registry

    reg = build_registry("Read more: Americans Don’t Want Greenland. Greenland said no. Greenland voted.")
    assert not any(m.kind == "person" for m in reg.mentions)
