"""Key figures: every kind, the not-a-figure cases, values."""

from __future__ import annotations

from feeds.analysis import analyze


def figs(text: str):
    return analyze(text).figures


def one(text: str, want: str):
    found = [f for f in figs(text) if f.text == want]
    assert found, [f.text for f in figs(text)]
    f = found[0]
    assert text[f.start:f.end] == f.text
    return f


def test_count_with_what_it_counts():
    f = one("There are 54,000 US troops stationed in the region.", "54,000")
    assert f.kind == "count" and f.value == 54000
    assert f.unit and "troops" in f.unit
    assert "stationed" in f.context


def test_written_numbers():
    assert one("Rescuers evacuated two million people.", "two million").value == 2_000_000
    assert one("The club signed a dozen new players.", "a dozen").value == 12
    assert one("Three ferries were cancelled.", "Three").kind == "count"


def test_approximation_keeps_the_number():
    f = one("Nearly 300 people attended the vigil.", "300")
    assert f.value == 300


def test_money_in_several_currencies():
    assert one("The deal is worth $1.2 billion.", "$1.2 billion").value == 1_200_000_000
    assert one("The club paid €40m for the striker.", "€40m").value == 40_000_000
    assert one("Tickets cost US$5 each.", "US$5").kind == "money"
    f = one("The firm lost 300 million yen last year.", "300 million yen")
    assert f.kind == "money" and f.value == 300_000_000


def test_percentages():
    assert one("Inflation rose 2% in May.", "2%").kind == "percent"
    f = one("Turnout fell by 10 percent in the north.", "10 percent")
    assert f.kind == "percent" and f.value == 10


def test_ranges():
    assert one("He ran the agency from 2004 to 2017.", "2004 to 2017").kind == "range"
    assert one("The board has four to six members.", "four to six").kind == "range"
    assert one("Rents rose 3-5 years ago.", "3-5 years").kind == "range"


def test_scores():
    f = one("Kovac won the final 6-4, 7-6 (7-4) on Sunday.", "6-4")
    assert f.kind == "score"
    texts = [x.text for x in figs("Kovac won the final 6-4, 7-6 (7-4) on Sunday.")]
    assert "7-6" in texts and "7-4" not in texts  # a tiebreak belongs to its set
    assert one("The hosts won 2-1 at home.", "2-1").kind == "score"


def test_measures_and_ages():
    assert one("The storm dropped 5 inches of rain.", "5 inches").kind == "measure"
    assert one("The lake is 185 miles north of the city.", "185 miles").kind == "measure"
    assert one("A 55-year-old man was detained.", "55-year-old").kind == "age"
    assert one("The driver, Mark Evans, 47, was unhurt.", "47").kind == "age"


def test_years_dates_and_times():
    assert one("The treaty was signed in 1960.", "1960").kind == "year"
    f = one("The leaders meet on April 10.", "April 10")
    assert f.kind == "date" and f.value == "--04-10"
    assert one("Polls closed on Sept. 1, 2019, in the east.", "Sept. 1, 2019").value == "2019-09-01"
    assert one("The plant opened in November 2018.", "November 2018").kind == "date"
    assert one("He scored at 7:14 of the first period.", "7:14").kind == "time"
    assert one("The match ended at 2 a.m. local time.", "2 a.m.").kind == "time"


def test_ratio_words():
    assert one("Nearly one-third of the staff left.", "one-third").kind == "ratio"
    assert one("Just over half were women.", "half").kind == "ratio"


def test_numbers_in_names_and_codes_are_not_figures():
    texts = [f.text for f in figs("COVID-19 spread fast; the G7 met; an F-35 landed under Article 5 "
                                  "and a Boeing 737 waited.")]
    for bad in ("19", "7", "35", "5", "737"):
        assert bad not in texts, texts


def test_one_as_pronoun_is_not_a_figure():
    assert figs("It is one of the most difficult issues in the talks.") == []


def test_value_parsing_is_defensive():
    f = one("A 5000-digit number: " + "9" * 5000 + " appeared.", "9" * 5000)
    assert f.value is None  # too long to be a meaningful number
