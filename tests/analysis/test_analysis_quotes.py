"""Quotes: mark styles, nesting, multi-paragraph, partial quotes, non-quotes, speakers."""

from __future__ import annotations

from feeds.analysis import analyze


def quotes(text: str):
    return analyze(text).quotes


def only(text: str):
    qs = [q for q in quotes(text) if q.kind in ("direct", "partial")]
    assert len(qs) == 1, qs
    return qs[0]


def test_offsets_point_at_the_words_inside_the_marks():
    text = 'The plan is on track, officials said.\n\n"We will finish the bridge by spring," said Maria Lopez.'
    q = only(text)
    assert text[q.start:q.end] == q.text == "We will finish the bridge by spring,"
    assert q.speaker == "Maria Lopez"
    assert q.kind == "direct"


def test_curly_double_quotes_with_cue_after():
    q = only("“The harbour will reopen next week,” port director Anna Berg said.")
    assert q.text.startswith("The harbour will reopen")
    assert q.speaker == "Anna Berg"
    assert q.role == "port director"
    assert q.cue == "said"


def test_straight_double_quotes_inverted_cue_order():
    q = only('"Our team played with real courage tonight," said coach Peter Hall.')
    assert q.speaker == "Peter Hall"


def test_guillemets():
    q = only("«Nous allons continuer le travail avec nos partenaires», said Claire Martin.")
    assert q.text.startswith("Nous allons continuer")
    assert q.speaker == "Claire Martin"


def test_low_high_quotes():
    q = only("„Wir werden die Reform im Herbst vorlegen“, said minister Jonas Weber.")
    assert q.text.startswith("Wir werden die Reform")
    assert q.speaker == "Jonas Weber"


def test_single_quotes_as_quotes():
    q = only("'We expect the market to calm down soon,' said analyst Robert Kim.")
    assert q.text.startswith("We expect the market")
    assert q.speaker == "Robert Kim"


def test_apostrophes_are_not_quote_marks():
    qs = quotes("The company’s chief said it won’t close the plant, and the workers’ union agreed.")
    assert qs == []


def test_nested_quote_belongs_to_the_outer_one():
    text = "“They promised us a ‘fresh start’ and then closed the depot,” said union leader Tom Reyes."
    qs = quotes(text)
    assert [(q.text[:13], q.speaker) for q in qs] == [("They promised", "Tom Reyes")]


def test_multi_paragraph_quotation_gives_one_item_per_paragraph():
    text = ("Mayor Lena Fischer said the council “will not raise taxes this year.\n\n"
            "“We have found savings in every department, and we will publish them next month.”")
    qs = quotes(text)
    assert len(qs) == 2
    assert qs[0].text.startswith("will not raise taxes")
    assert all(q.speaker == "Lena Fischer" for q in qs)
    assert text[qs[0].start:qs[0].end] == qs[0].text


def test_partial_quote_inside_a_sentence():
    q = only("The ministry has warned that the drought represents the “greatest threat” to farmers.")
    assert q.text == "greatest threat"
    assert q.kind == "partial"
    assert q.speaker is not None and "ministry" in q.speaker.lower()


def test_title_of_a_work_is_not_a_quote():
    assert quotes("Critics praised the film “The Long Winter Road” when it opened in Paris.") == []


def test_name_of_an_operation_is_not_a_quote():
    assert quotes("The army launched Operation “Northern Shield” in the border region.") == []


def test_nickname_is_not_a_quote():
    assert quotes("The three envoys became known as the “Three Musketeers” in the capital.") == []


def test_scare_quote_is_not_a_quote():
    assert quotes("The firm moved its staff into an “optimised” structure last year.") == []


def test_word_mentioned_in_marks_is_not_a_quote():
    assert quotes("The bakery trademarked the word “Crumb” last year.") == []


def test_apposition_with_role_kept_separately():
    q = only("“Prices will keep falling,” said Omar Haddad, the chief economist at Delta Bank.")
    assert q.speaker == "Omar Haddad"
    assert q.role and "chief economist" in q.role


def test_title_before_name_is_the_role():
    q = only("Health Minister Sara Lind said: “The vaccine stock is sufficient for the winter.”")
    assert q.speaker == "Sara Lind"
    assert q.role == "Health Minister"


def test_pronoun_resolves_to_last_named_speaker():
    text = ("Fire chief Karen Doyle inspected the warehouse on Monday.\n\n"
            "“The sprinklers had been switched off for weeks,” she said.")
    assert only(text).speaker == "Karen Doyle"


def test_he_added_after_a_named_quote():
    text = ("“The bridge is safe,” said engineer Paul Novak.\n\n"
            "“We will still inspect every cable again in the spring,” he added.")
    qs = quotes(text)
    assert [q.speaker for q in qs] == ["Paul Novak", "Paul Novak"]


def test_description_resolves_to_entity_named_earlier():
    text = ("The Boston Globe first reported the plan in March.\n\n"
            "The newspaper described the deal as “the largest land sale in the city’s history”.")
    assert only(text).speaker == "The Boston Globe"


def test_surname_resolves_to_full_name():
    text = ("Finance Minister Elena Novak presented the budget on Tuesday.\n\n"
            "“This budget protects pensions and schools,” Novak said.")
    assert only(text).speaker == "Elena Novak"


def test_cueless_paragraph_takes_speaker_of_quote_before():
    text = ("“The rescue took eleven hours,” said rescue leader Ivan Petrov. "
            "“Everyone on the boat is now safe.”")
    qs = quotes(text)
    assert len(qs) == 2
    assert qs[1].speaker == "Ivan Petrov"


def test_cueless_paragraph_after_reported_speech():
    text = ("Negotiator Amal Yusuf said the talks would resume next week.\n\n"
            "“We are closer than ever to an agreement and we will not walk away now.”")
    assert only(text).speaker == "Amal Yusuf"


def test_unnamed_speaker_keeps_description_as_written():
    q = only("“The decision was made last night,” a senior official said.")
    assert q.speaker == "a senior official"


def test_according_to_before_the_quote():
    q = only("According to the report by the Audit Office, the programme was “poorly managed from the start”.")
    assert q.speaker is not None and "Audit Office" in q.speaker


def test_colon_introduces_speech():
    q = only("Goalkeeper Luca Bianchi said: “We defended well but we lost our focus at the end.”")
    assert q.speaker == "Luca Bianchi"


def test_participle_cue_takes_main_clause_subject():
    q = only("Coach Marta Silva spoke to her players on Friday, telling them to “stay calm and trust the plan”.")
    assert q.speaker == "Marta Silva"
