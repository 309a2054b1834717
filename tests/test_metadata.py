"""Meeting date, year inference and title (motesgraf.extraction.metadata)."""

import pytest

from motesgraf.extraction.metadata import find_date, find_title, infer_year


def when(text, file_name=None, override=None):
    found = find_date(text, file_name, override)
    return found.date, found.year, found.year_inferred


# ---------------------------------------------------------------- find_date

def test_iso_date_in_header():
    text = "Minnesanteckningar Regionrådsmöte\nDatum: 2019-03-14\nPlats: Stadshuset, Umeå\n\nNärvarande\n"
    assert when(text) == ("2019-03-14", 2019, False)


def test_bare_iso_date():
    text = "Protokoll vuxenutbildningsnämnden\n2015-01-23\n\nLedamöter\nAstrid Olsson, Mora\n"
    assert when(text) == ("2015-01-23", 2015, False)


def test_long_swedish_date_with_weekday():
    text = "Protokoll fört vid styrelsemöte tisdagen den 12 juni 2012 i Umeå\n\nBeslutande\n"
    assert when(text) == ("2012-06-12", 2012, False)


def test_tid_with_time_range():
    text = "Nätverksträff feriejobb Skåne\nTid: 14 februari 2023 kl. 13.00–15.00\nPlats: Teams\n"
    assert when(text) == ("2023-02-14", 2023, False)


def test_numeric_day_month_year():
    text = "Minnesanteckningar Södertörn\nDatum: 3/11 2020\n\nDeltagare\n"
    assert when(text) == ("2020-11-03", 2020, False)


def test_day_month_without_year_infers_year_from_text():
    text = ("Minnesanteckningar kommundirektörer 18 december\n\n1. Budget 2017\n\n"
            "Budget 2017 diskuteras. Första mötet under 2017 planeras till februari.\n")
    assert when(text) == ("2016-12-18", 2016, True)


def test_date_from_file_name_iso():
    text = "Minnesanteckningar\n\nNärvarande\nAnna Berg, Kiruna\n"
    assert when(text, "protokoll_2019-03-14.txt") == ("2019-03-14", 2019, False)


def test_date_from_file_name_compact():
    text = "Minnesanteckningar\n\nNärvarande\nAnna Berg, Kiruna\n"
    assert when(text, "20190314_styrelse.docx") == ("2019-03-14", 2019, False)


def test_text_date_wins_over_file_name():
    text = "Minnesanteckningar\nDatum: 2020-05-04\n"
    assert when(text, "20190314_styrelse.docx") == ("2020-05-04", 2020, False)


def test_override_wins():
    text = "Minnesanteckningar\nDatum: 2019-03-14\n"
    assert when(text, "protokoll_2018-01-01.txt", "2021-06-30") == ("2021-06-30", 2021, False)


def test_no_date_infers_year_from_text():
    text = ("Validering i Värmland\n\nNärvarande: Åsa Nordin, Karlstad\n\nUnder 2021 genomfördes tolv valideringar. "
            "Inför 2022 ska arbetet utökas till fler branscher.\n")
    assert when(text) == (None, 2022, True)


def test_no_date_and_no_year():
    text = "Validering i Värmland\n\nNärvarande: Åsa Nordin, Karlstad\n\nGruppen diskuterar valideringsarbetet.\n"
    assert when(text) == (None, None, False)


def test_header_date_wins_over_later_body_date():
    text = ("Minnesanteckningar DUA\nDatum: 2021-09-08\n\nDeltagare\nUlla Forsberg, Umeå\n\n"
            "1. Föregående anteckningar\n\nAnteckningarna från 2021-05-12 läggs till handlingarna.\n\n"
            "2. Nästa möte\n\nNästa möte hålls 2021-11-10.\n")
    assert when(text) == ("2021-09-08", 2021, False)


def test_body_date_used_when_header_has_none():
    header = "Anteckningar\n" + "".join(f"Person {i}, Kiruna\n" for i in range(20))
    text = header + "\nMötet hölls den 4 oktober 2022 i Kiruna.\n"
    assert when(text) == ("2022-10-04", 2022, False)


def test_invalid_date_is_ignored():
    text = "Minnesanteckningar\nDatum: 2019-02-30\n\nUnder 2018 genomfördes tre träffar.\n"
    assert find_date(text).date is None


# ---------------------------------------------------------------- infer_year

@pytest.mark.parametrize("text, month, year", [
    ("Under hösten 2022 gjordes en första intervjuomgång, ytterligare en är planerad till hösten 2023.", None, 2023),
    ("Under 2020 prioriterade nätverket tre områden. Prioriteringar 2021 diskuteras i grupper.", None, 2021),
    ("Resultaten från 2019 visade att fler fick jobb.", None, 2019),
    ("Budget 2017 diskuteras. Första mötet under 2017 planeras till februari.", 12, 2016),
    ("Budget 2017 diskuteras.", 3, 2017),
    ("Rapporten visar utfallet 2018. Verksamhetsplan 2020 tas fram.", None, 2020),
])
def test_infer_year_from_past_and_ahead_cues(text, month, year):
    assert infer_year(text, month) == year


def test_infer_year_report_for_past_year_is_past():
    assert infer_year("Rapporten för 2018 visar ett överskott. Verksamhetsplan 2020 tas fram.") == 2020


def test_infer_year_ignores_year_ranges():
    text = "Projektet sträcker sig över sex år, 2022–2027. Projektet pågår 2019-2021 enligt tidigare plan."
    assert infer_year(text) is None


def test_infer_year_range_ignored_but_single_year_counts():
    text = "Projektet sträcker sig över sex år, 2022–2027. Styrgruppen träffades 2024 och 2024 igen."
    assert infer_year(text) == 2024


def test_infer_year_most_frequent_without_cues():
    assert infer_year("Siffror 2018. Siffror 2019. Jämfört med 2019 och 2018 och 2019.") == 2019


def test_infer_year_latest_on_tie():
    assert infer_year("Siffror 2018. Siffror 2019.") == 2019


def test_infer_year_none_without_years():
    assert infer_year("Inga årtal här, bara 120 deltagare och 45 platser.") is None


# ---------------------------------------------------------------- find_title

def test_title_first_line_and_body_without_genre_word():
    found = find_title("Minnesanteckningar Regionrådsmöte Umeåregionen\nDatum: 2019-03-14\n")
    assert (found.title, found.body) == ("Minnesanteckningar Regionrådsmöte Umeåregionen", "Regionrådsmöte Umeåregionen")


def test_title_protocol_body():
    found = find_title("Protokoll styrelsemöte Samordningsförbundet Umeå\n\nBeslutande\n")
    assert (found.title, found.body) == ("Protokoll styrelsemöte Samordningsförbundet Umeå",
                                         "styrelsemöte Samordningsförbundet Umeå")


def test_title_skips_leading_blank_lines_and_span():
    text = "\n\n  Nätverk för arbetsmarknadschefer\n\nDeltagare\n"
    found = find_title(text)
    assert found.title == "Nätverk för arbetsmarknadschefer"
    assert text[found.start:found.end] == found.title
    assert found.body == "Nätverk arbetsmarknadschefer"


def test_flattened_title_stops_before_datum():
    text = ("Protokoll från arbetsutskottets sammanträde Datum: 2018-04-19 Plats: Stadshuset, Eslöv "
            "Beslutande Karin Malm (S), Eslöv § 1 Mötets öppnande\n")
    found = find_title(text)
    assert found.title == "Protokoll från arbetsutskottets sammanträde"
    assert found.body == "arbetsutskottets"


def test_flattened_title_stops_before_narvarande():
    found = find_title("Kommundirektörer Umeåregionen Närvarande Ingemar Nyström, Bjurholm Hans Berglund, Vännäs\n")
    assert found.title == "Kommundirektörer Umeåregionen"


def test_title_stop_at_attendance_start():
    text = "Kommundirektörer Umeåregionen Kallade Ingemar Nyström, Bjurholm\n"
    found = find_title(text, stop_at=text.index("Kallade"))
    assert found.title == "Kommundirektörer Umeåregionen"


def test_empty_text_has_no_title():
    assert (find_title("  \n\n").title, find_title("").body) == (None, None)


def test_overlong_first_line_has_no_title():
    assert find_title("Ord " * 60 + "\n").title is None
