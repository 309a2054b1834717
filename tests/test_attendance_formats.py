"""Attendance lists, roles and agenda items in small Swedish notes, one behaviour per test.

Conventions (tests/fixtures/notes/README.md): municipalities by short name with spelling fixed, organisations
as written, roles lower-case and normalised, status "absent" only under the absence headings.
"""

from pathlib import Path

import pytest

from motesgraf.extraction.pipeline import Extractor

EXTRACTOR = Extractor()


def extract(text: str, **kwargs) -> dict:
    return EXTRACTOR.extract_text(text, **kwargs)


def rows(record: dict) -> list[tuple]:
    return [(a["name"], a["affiliation"], a["status"], a["role"], a["party"]) for a in record["attendees"]]


def agenda(record: dict) -> list[tuple]:
    return [(i["number"], i["title"]) for i in record["agenda_items"]]


BODY = """
1. Inledning

Mötet öppnas och dagordningen godkänns utan ändringar.

2. Feriejobb

Kommunerna berättar om årets feriejobb och hur många ungdomar som fått plats.
"""


# ---------------------------------------------------------------- headings

@pytest.mark.parametrize("heading, status, role", [
    ("NÄRVARANDE", "present", None),
    ("Närvarande:", "present", None),
    ("Deltagare", "present", None),
    ("Ledamöter", "present", None),
    ("Beslutande", "present", None),
    ("Ersättare", "present", "ersättare"),
    ("Tjänstgörande ersättare", "present", "tjänstgörande ersättare"),
    ("Adjungerade", "present", "adjungerad"),
    ("Övriga", "present", None),
    ("Övriga deltagare", "present", None),
    ("EJ NÄRVARANDE", "absent", None),
    ("Frånvarande", "absent", None),
    ("Anmält förhinder", "absent", None),
    ("Förhinder", "absent", None),
])
def test_heading_sets_status_and_role(heading, status, role):
    text = f"Minnesanteckningar nätverksmöte\n\n{heading}\n\nIngrid Lövgren, Skellefteå\nTomas Hedlund, Lycksele\n{BODY}"
    record = extract(text)
    assert rows(record) == [
        ("Ingrid Lövgren", "Skellefteå", status, role, None),
        ("Tomas Hedlund", "Lycksele", status, role, None),
    ]


def test_present_and_absent_blocks_in_one_note():
    text = ("Anteckningar\n\nNÄRVARANDE\n\nKarin Björk, Kiruna\nPer Sundqvist, Gällivare\n\n"
            "EJ NÄRVARANDE\n\nLena Nilsson, Pajala\n" + BODY)
    assert rows(extract(text)) == [
        ("Karin Björk", "Kiruna", "present", None, None),
        ("Per Sundqvist", "Gällivare", "present", None, None),
        ("Lena Nilsson", "Pajala", "absent", None, None),
    ]


# ---------------------------------------------------------------- entry formats

def test_name_municipality():
    text = "Anteckningar\n\nNärvarande\n\nMalin Ekberg, Östersund\nJonas Fransson, Krokom\n" + BODY
    assert rows(extract(text)) == [
        ("Malin Ekberg", "Östersund", "present", None, None),
        ("Jonas Fransson", "Krokom", "present", None, None),
    ]


def test_name_organisation():
    text = "Anteckningar\n\nNärvarande\n\nSara Lindqvist, Arbetsförmedlingen\nOla Berglund, Försäkringskassan\n" + BODY
    assert rows(extract(text)) == [
        ("Sara Lindqvist", "Arbetsförmedlingen", "present", None, None),
        ("Ola Berglund", "Försäkringskassan", "present", None, None),
    ]


def test_name_role_organisation():
    text = ("Anteckningar\n\nDeltagare\n\nHelena Strand, enhetschef, Arbetsförmedlingen\n"
            "Mats Öberg, förbundschef, Samordningsförbundet Skellefteå\n" + BODY)
    assert rows(extract(text)) == [
        ("Helena Strand", "Arbetsförmedlingen", "present", "enhetschef", None),
        ("Mats Öberg", "Samordningsförbundet Skellefteå", "present", "förbundschef", None),
    ]


def test_name_role_without_affiliation():
    text = "Anteckningar\n\nDeltagare\n\nSofia Hellgren, förbundschef\nAnders Wiklund, Luleå\n" + BODY
    assert rows(extract(text)) == [
        ("Sofia Hellgren", None, "present", "förbundschef", None),
        ("Anders Wiklund", "Luleå", "present", None, None),
    ]


def test_name_party_municipality():
    text = "Protokoll\n\nNärvarande\n\nBirgitta Holm (S), Piteå\nJohan Eklund (M), Boden\nKarl Nyberg (C), Älvsbyn\n" + BODY
    assert rows(extract(text)) == [
        ("Birgitta Holm", "Piteå", "present", None, "S"),
        ("Johan Eklund", "Boden", "present", None, "M"),
        ("Karl Nyberg", "Älvsbyn", "present", None, "C"),
    ]


def test_name_municipality_party():
    text = "Protokoll\n\nLedamöter\n\nAstrid Olsson, Mora kommun (S)\nGöran Persson, Orsa kommun (KD)\n" + BODY
    assert rows(extract(text)) == [
        ("Astrid Olsson", "Mora", "present", None, "S"),
        ("Göran Persson", "Orsa", "present", None, "KD"),
    ]


def test_name_ordf_is_chair():
    text = "Protokoll\n\nBeslutande\n\nLars Engström (ordf.)\nMonika Sjögren\nRolf Danielsson\n" + BODY
    record = extract(text)
    assert rows(record) == [
        ("Lars Engström", None, "present", "ordförande", None),
        ("Monika Sjögren", None, "present", None, None),
        ("Rolf Danielsson", None, "present", None, None),
    ]
    assert record["chair"] == "Lars Engström"


def test_name_v_ordf_is_vice_chair():
    text = "Protokoll\n\nBeslutande\n\nLars Engström (ordf.)\nMonika Sjögren (v ordf.)\nRolf Danielsson\n" + BODY
    record = extract(text)
    assert rows(record) == [
        ("Lars Engström", None, "present", "ordförande", None),
        ("Monika Sjögren", None, "present", "vice ordförande", None),
        ("Rolf Danielsson", None, "present", None, None),
    ]
    assert record["chair"] == "Lars Engström"


def test_name_sekreterare_is_minute_taker():
    text = ("Protokoll\n\nÖvriga deltagare\n\nEmma Lundström, sekreterare\nNils Hägglund, Vännäs\n" + BODY)
    record = extract(text)
    assert rows(record) == [
        ("Emma Lundström", None, "present", "sekreterare", None),
        ("Nils Hägglund", "Vännäs", "present", None, None),
    ]
    assert record["minute_taker"] == "Emma Lundström"


def test_org_colon_names():
    text = ("Anteckningar\n\nNärvarande\n\nArbetsförmedlingen: Sara Lind, Ahmed Hassan, Petra Ek\n"
            "Umeå kommun: Maria Andersson, Per Ek\nNORDMALING: Eva Lund\n" + BODY)
    assert rows(extract(text)) == [
        ("Sara Lind", "Arbetsförmedlingen", "present", None, None),
        ("Ahmed Hassan", "Arbetsförmedlingen", "present", None, None),
        ("Petra Ek", "Arbetsförmedlingen", "present", None, None),
        ("Maria Andersson", "Umeå", "present", None, None),
        ("Per Ek", "Umeå", "present", None, None),
        ("Eva Lund", "Nordmaling", "present", None, None),
    ]


def test_org_colon_names_with_stad_prefix():
    text = "Anteckningar\n\nNärvarande\n\nGöteborgs Stad: Maria Andersson, Olle Berg\nJohanna Ek, Borås Stad\n" + BODY
    assert rows(extract(text)) == [
        ("Maria Andersson", "Göteborg", "present", None, None),
        ("Olle Berg", "Göteborg", "present", None, None),
        ("Johanna Ek", "Borås", "present", None, None),
    ]


def test_inline_heading_with_semicolons():
    text = ("Validering i Värmland\n\nNärvarande: Åsa Nordin, Karlstad; Peter Holmgren, Arvika; "
            "Lina Berg, Region Värmland\n\nFrånvarande: Olof Sandberg, Kil\n" + BODY)
    assert rows(extract(text)) == [
        ("Åsa Nordin", "Karlstad", "present", None, None),
        ("Peter Holmgren", "Arvika", "present", None, None),
        ("Lina Berg", "Region Värmland", "present", None, None),
        ("Olof Sandberg", "Kil", "absent", None, None),
    ]


def test_kommun_suffix_and_uppercase_municipality():
    text = "Anteckningar DUA\n\nDeltagare\n\nUlla Forsberg, Umeå kommun\nErik Holmström, UMEÅ\nJenny Lund, Vännäs kommun\n" + BODY
    assert rows(extract(text)) == [
        ("Ulla Forsberg", "Umeå", "present", None, None),
        ("Erik Holmström", "Umeå", "present", None, None),
        ("Jenny Lund", "Vännäs", "present", None, None),
    ]


def test_misspelt_municipality_is_corrected():
    text = "Anteckningar DUA\n\nDeltagare\n\nKristina Vikström, Nordmalin\nBengt Marklund, Skelleftå\nAnna Öhman, Robertfors\n" + BODY
    assert rows(extract(text)) == [
        ("Kristina Vikström", "Nordmaling", "present", None, None),
        ("Bengt Marklund", "Skellefteå", "present", None, None),
        ("Anna Öhman", "Robertsfors", "present", None, None),
    ]


def test_tab_separated_table_with_header_row():
    text = ("Minnesanteckningar Södertörn\n\nDeltagare\n\nNamn\tKommun/organisation\n"
            "Lisa Andersson Lind\tHuddinge\nMohammed Ali\tBotkyrka\nKerstin Wahl\tArbetsförmedlingen\n" + BODY)
    assert rows(extract(text)) == [
        ("Lisa Andersson Lind", "Huddinge", "present", None, None),
        ("Mohammed Ali", "Botkyrka", "present", None, None),
        ("Kerstin Wahl", "Arbetsförmedlingen", "present", None, None),
    ]


@pytest.mark.parametrize("bullet", ["-", "•", "*"])
def test_bullets(bullet):
    text = (f"Nätverk för arbetsmarknadschefer\n\nDeltagare\n\n{bullet} Camilla Nordström, Sundsvall\n"
            f"{bullet} Henrik Sjödin, Timrå\n{bullet} Ida Forsgren, Härnösand\n" + BODY)
    assert rows(extract(text)) == [
        ("Camilla Nordström", "Sundsvall", "present", None, None),
        ("Henrik Sjödin", "Timrå", "present", None, None),
        ("Ida Forsgren", "Härnösand", "present", None, None),
    ]


def test_title_before_name():
    text = "Kommundirektörsmöte\n\nNärvarande\n\nKommundirektör Eva Ström, Vindeln\nLinnea Berg, Bjurholm\n" + BODY
    assert rows(extract(text)) == [
        ("Eva Ström", "Vindeln", "present", "kommundirektör", None),
        ("Linnea Berg", "Bjurholm", "present", None, None),
    ]


# ---------------------------------------------------------------- flattened PDF text

def test_flattened_municipalities_on_one_line():
    text = ("Minnesanteckningar kommundirektörer Umeåregionen 18 december Närvarande Ingemar Nyström, Bjurholm "
            "Dagmar Schröder, Bjurholm Hans Berglund, Vännäs Frånvarande Tord Lundberg, Umeå\n" + BODY)
    assert rows(extract(text)) == [
        ("Ingemar Nyström", "Bjurholm", "present", None, None),
        ("Dagmar Schröder", "Bjurholm", "present", None, None),
        ("Hans Berglund", "Vännäs", "present", None, None),
        ("Tord Lundberg", "Umeå", "absent", None, None),
    ]


def test_flattened_with_party_markers():
    text = ("Protokoll Norrbottens Kommuner Datum: 2021-05-20 Närvarande Ingemar Nyström (S), Bjurholm "
            "Dagmar Schröder (M), Bjurholm Hans Berglund (C), Vännäs Frånvarande Tord Lundberg (V), Umeå\n" + BODY)
    assert rows(extract(text)) == [
        ("Ingemar Nyström", "Bjurholm", "present", None, "S"),
        ("Dagmar Schröder", "Bjurholm", "present", None, "M"),
        ("Hans Berglund", "Vännäs", "present", None, "C"),
        ("Tord Lundberg", "Umeå", "absent", None, "V"),
    ]


def test_flattened_whole_protocol_list_stops_before_paragraph():
    text = ("Protokoll från arbetsutskottets sammanträde Datum: 2018-04-19 Plats: Stadshuset, Eslöv "
            "Beslutande Kerstin Malm (S), Eslöv Anders Lindh (M), Höör Frånvarande Berit Sjöholm (C), Eslöv "
            "§ 1 Mötets öppnande Ordföranden öppnar mötet och hälsar alla välkomna. "
            "§ 2 Val av justerare Anders Lindh utses att justera protokollet. "
            "§ 3 Feriejobb 2018 Kommunerna redovisar läget för sommarens feriejobb och antalet platser.\n"
            "Vid protokollet Mikael Rosén Justeras Anders Lindh\n")
    record = extract(text)
    assert rows(record) == [
        ("Kerstin Malm", "Eslöv", "present", None, "S"),
        ("Anders Lindh", "Höör", "present", None, "M"),
        ("Berit Sjöholm", "Eslöv", "absent", None, "C"),
    ]
    assert agenda(record) == [("1", "Mötets öppnande"), ("2", "Val av justerare"), ("3", "Feriejobb 2018")]
    assert record["meeting"]["title"] == "Protokoll från arbetsutskottets sammanträde"


# ---------------------------------------------------------------- traps

def test_numbered_list_inside_item_followed_by_text_is_not_agenda():
    text = ("Referensgrupp forskning\n\nNärvarande\n\nJonas Berglund, Mittuniversitetet\nSiv Ek, Sundsvall\n\n"
            "1. Inledning\n\nMötet öppnas.\n\n2. Forskningsprojektet\n\nProjektet har tre delar:\n\n"
            "1. Kartläggning av insatser\n2. Intervjuer med deltagare\n3. Analys och rapport\n\n"
            "Delarna pågår parallellt under året.\n\n"
            "3. Nästa möte\n\nNästa möte hålls i Sundsvall under hösten.\n")
    record = extract(text)
    assert agenda(record) == [("1", "Inledning"), ("2", "Forskningsprojektet"), ("3", "Nästa möte")]


def test_numbered_list_inside_item_is_not_agenda():
    text = ("Referensgrupp forskning\n\nNärvarande\n\nJonas Berglund, Mittuniversitetet\nSiv Ek, Sundsvall\n\n"
            "1. Inledning\n\nMötet öppnas.\n\n2. Forskningsprojektet\n\nProjektet har tre delar:\n\n"
            "1. Kartläggning av insatser\n2. Intervjuer med deltagare\n3. Analys och rapport\n\n"
            "3. Nästa möte\n\nNästa möte hålls i Sundsvall under hösten.\n")
    record = extract(text)
    assert agenda(record) == [("1", "Inledning"), ("2", "Forskningsprojektet"), ("3", "Nästa möte")]


def test_name_with_apostrophe():
    text = "Validering i Värmland\n\nNärvarande\n\nSeán O'Brien, Karlstad\nMaria Sund, Hammarö\n" + BODY
    assert rows(extract(text)) == [
        ("Seán O'Brien", "Karlstad", "present", None, None),
        ("Maria Sund", "Hammarö", "present", None, None),
    ]


def test_homonyms_with_different_municipalities_stay_apart_with_warning():
    text = "Anteckningar\n\nNärvarande\n\nAnna Johansson, Kalmar\nAnna Johansson, Växjö\nPeter Ek, Ljungby\n" + BODY
    record = extract(text)
    assert rows(record) == [
        ("Anna Johansson", "Kalmar", "present", None, None),
        ("Anna Johansson", "Växjö", "present", None, None),
        ("Peter Ek", "Ljungby", "present", None, None),
    ]
    assert any("Anna Johansson" in w for w in record["warnings"])


def test_same_name_listed_twice_identically_is_one_attendee():
    text = "Anteckningar\n\nNärvarande\n\nAnna Johansson, Kalmar\nPeter Ek, Ljungby\nAnna Johansson, Kalmar\n" + BODY
    record = extract(text)
    assert rows(record) == [
        ("Anna Johansson", "Kalmar", "present", None, None),
        ("Peter Ek", "Ljungby", "present", None, None),
    ]
    assert record["warnings"] == []


def test_name_followed_by_org_without_comma():
    text = ("Anteckningar\n\nNÄRVARANDE\n\nPaula Marin, Alingsås\nGunilla Bergström GR, FoU i Väst\n"
            "Linda Karlsson, GR\n" + BODY)
    assert rows(extract(text)) == [
        ("Paula Marin", "Alingsås", "present", None, None),
        ("Gunilla Bergström", "GR, FoU i Väst", "present", None, None),
        ("Linda Karlsson", "GR", "present", None, None),
    ]


def test_boras_stad_is_boras():
    text = "Anteckningar\n\nNärvarande\n\nJohanna Ek, Borås Stad\nMikael Svensson, Göteborgs Stad\n" + BODY
    assert rows(extract(text)) == [
        ("Johanna Ek", "Borås", "present", None, None),
        ("Mikael Svensson", "Göteborg", "present", None, None),
    ]


def test_signature_block_gives_minute_taker_and_adjusters():
    text = ("Protokoll styrelsemöte\n\nBeslutande\n\nErik Lind (ordf.)\nMaria Sund\nJan Holm\n\n"
            "§ 1 Mötets öppnande\n\nOrdföranden öppnar mötet.\n\n§ 2 Budget 2024\n\nStyrelsen fastställer budgeten.\n\n"
            "Vid protokollet\n\nAnna Berg\n\nJusteras\n\nErik Lind  Maria Sund\n")
    record = extract(text)
    assert record["minute_taker"] == "Anna Berg"
    assert record["adjusters"] == ["Erik Lind", "Maria Sund"]
    assert record["chair"] == "Erik Lind"


def test_antecknat_av_and_motesordforande_labels():
    text = ("Anteckningar\n\nNärvarande\n\nSven Lundin, Kalix\nMarie Åberg, Haparanda\n\n"
            "Mötesordförande: Sven Lundin\nAntecknat av: Marie Åberg\n" + BODY)
    record = extract(text)
    assert record["chair"] == "Sven Lundin"
    assert record["minute_taker"] == "Marie Åberg"
    assert [r[0] for r in rows(record)] == ["Sven Lundin", "Marie Åberg"]


def test_person_named_only_in_text_is_not_attendee():
    text = ("Anteckningar\n\nNärvarande\n\nSven Lundin, Kalix\nMarie Åberg, Haparanda\n\n1. Inledning\n\n"
            "Sven hälsar välkommen. Gunnar Sjöström från Region Norrbotten har skickat material.\n\n2. Avslut\n\n"
            "Mötet avslutas och nästa träff bokas in.\n")
    assert [r[0] for r in rows(extract(text))] == ["Sven Lundin", "Marie Åberg"]


# ---------------------------------------------------------------- agenda

ATTENDANCE = "Anteckningar\n\nNärvarande\n\nSven Lundin, Kalix\nMarie Åberg, Haparanda\n\n"


def test_agenda_dot_numbering():
    text = ATTENDANCE + "1. Inledning\n\nMötet öppnas.\n\n2. Aktuellt från kommunerna\n\nRunda bordet.\n"
    assert agenda(extract(text)) == [("1", "Inledning"), ("2", "Aktuellt från kommunerna")]


def test_agenda_paren_numbering():
    text = ATTENDANCE + "1) Inledning\n\nMötet öppnas.\n\n2) Aktuellt\n\nRunda bordet kring läget.\n"
    assert agenda(extract(text)) == [("1", "Inledning"), ("2", "Aktuellt")]


def test_agenda_paragraph_numbering():
    text = (ATTENDANCE + "§ 11 Mötets öppnande\n\nOrdföranden öppnar mötet.\n\n§ 12 Budget 2024\n\n"
            "Styrelsen fastställer budgeten för 2024.\n")
    assert agenda(extract(text)) == [("11", "Mötets öppnande"), ("12", "Budget 2024")]


def test_agenda_paragraph_dot_numbering():
    text = (ATTENDANCE + "§12. Mötets öppnande\n\nOrdföranden öppnar mötet.\n\n§13. Val av justerare\n\n"
            "Marie Åberg väljs att justera protokollet.\n")
    assert agenda(extract(text)) == [("12", "Mötets öppnande"), ("13", "Val av justerare")]


def test_agenda_unnumbered_headings():
    text = (ATTENDANCE + "Valideringsuppdraget\n\nLänsstyrelsen har gett kommunerna ett uppdrag om validering i länet.\n\n"
            "Kompetensförsörjning\n\nFlera kommuner har svårt att rekrytera undersköterskor och lärare.\n")
    assert agenda(extract(text)) == [(None, "Valideringsuppdraget"), (None, "Kompetensförsörjning")]


def test_agenda_unnumbered_tail_after_numbered_items():
    text = (ATTENDANCE + "1. Inledning\n\nMötet öppnas och dagordningen godkänns.\n\n2. Etablering\n\n"
            "Kommunerna redogör för läget i etableringen av nyanlända.\n\nÖvriga frågor\n\n"
            "Inga övriga frågor anmäldes till dagens möte.\n\nNästa möte\n\n"
            "Nästa möte hålls i Borås den 12 maj klockan 13.00.\n")
    assert agenda(extract(text)) == [("1", "Inledning"), ("2", "Etablering"), (None, "Övriga frågor"),
                                     (None, "Nästa möte")]


def test_multiword_and_hyphenated_municipalities_and_regions():
    text = ("Anteckningar\n\nNärvarande\n\nKarin Ek, Upplands Väsby\nPer Ek, Malung-Sälen\nEva Lund, Dals-Ed\n"
            "Ola Sten, Lilla Edet\nLisa Holm, Region Jämtland Härjedalen\nMargareta Olander, Stenungssund\n" + BODY)
    assert rows(extract(text)) == [
        ("Karin Ek", "Upplands Väsby", "present", None, None),
        ("Per Ek", "Malung-Sälen", "present", None, None),
        ("Eva Lund", "Dals-Ed", "present", None, None),
        ("Ola Sten", "Lilla Edet", "present", None, None),
        ("Lisa Holm", "Region Jämtland Härjedalen", "present", None, None),
        ("Margareta Olander", "Stenungsund", "present", None, None),
    ]


def test_place_inside_organisation_name_is_not_municipality():
    text = ("Anteckningar\n\nNärvarande\n\nKarin Ek, Örebro kommun\nPer Ek, Region Örebro län\n"
            "Eva Lund, Örebro universitet\n" + BODY)
    assert rows(extract(text)) == [
        ("Karin Ek", "Örebro", "present", None, None),
        ("Per Ek", "Region Örebro län", "present", None, None),
        ("Eva Lund", "Örebro universitet", "present", None, None),
    ]


def test_header_role_lines_go_to_chair_minute_taker_adjusters_not_attendee_role():
    text = ("Protokoll\n\nOrdförande: Karin Ek\nSekreterare: Per Holm\nJusterare: Eva Lund och Ola Sten\n\n"
            "Beslutande\n\nKarin Ek, Gotland\nEva Lund, Gotland\nOla Sten, Gotland\n" + BODY)
    record = extract(text)
    assert rows(record) == [
        ("Karin Ek", "Gotland", "present", None, None),
        ("Eva Lund", "Gotland", "present", None, None),
        ("Ola Sten", "Gotland", "present", None, None),
    ]
    assert (record["chair"], record["minute_taker"], record["adjusters"]) == ("Karin Ek", "Per Holm",
                                                                              ["Eva Lund", "Ola Sten"])


def test_whole_note_flattened_with_inline_numbered_items():
    """A PDF export flattened onto one line: `... Region Västerbotten 1. Mötets öppnande Ordförande ...`."""
    text = (Path(__file__).parent / "fixtures" / "flattened_regionrad.txt").read_text(encoding="utf-8")
    record = extract(text)
    assert [(i["number"], i["title"]) for i in record["agenda_items"]] == [
        ("1", "Mötets öppnande"), ("2", "Val av justerare"), ("3", "Information från Region Västerbotten"),
        ("4", "Övriga frågor")]
    assert [(a["name"], a["affiliation"], a["status"], a["party"]) for a in record["attendees"]] == [
        ("Ingemar Nyman", "Bjurholm", "present", None), ("Dagmar Schröder", "Bjurholm", "present", None),
        ("Lennart Holmlund", "Umeå", "present", "S"), ("Anders Ågren", "Umeå", "present", "C"),
        ("Britt-Marie Jonsson", "Nordmaling", "present", None), ("Per-Ola Nilsson", "Robertsfors", "present", None),
        ("Gunnar Åström", "Vännäs", "absent", None), ("Lisa Andersson Lindberg", "Umeåregionen", "present", None),
        ("Kent Ögren", "Region Västerbotten", "present", None)]
    assert (record["minute_taker"], record["chair"], record["adjusters"]) == (
        "Lisa Andersson Lindberg", "Lennart Holmlund", ["Anders Ågren"])
    presented = {(r["source"], r["target"]) for r in record["relations"] if r["type"] == "PRESENTED"}
    assert presented == {("person:lennart-holmlund", "agenda:1"), ("person:kent-ogren", "agenda:3"),
                         ("person:lisa-andersson-lindberg", "agenda:3")}


def test_numbers_in_running_text_are_not_agenda_items():
    text = ("Anteckningar\n\nNärvarande\nAnna Berglund, Umeå\n\n" + "Vi diskuterade budgeten för 2024 och antalet "
            "platser. Kommunen har 3. Detta är färre än förra året. " * 6 + "\n")
    assert extract(text)["agenda_items"] == []


def test_party_column_in_an_attendee_table():
    record = extract("Protokoll\n\nBeslutande ledamöter\nNamn\tParti\tKommun\nAnna Berg\tS\tUmeå\n"
                     "Erik Lind\tKD\tVännäs\n\n§ 1 Öppnande\nAnna öppnar mötet.\n")
    assert [(a["name"], a["affiliation"], a["party"]) for a in record["attendees"]] == [
        ("Anna Berg", "Umeå", "S"), ("Erik Lind", "Vännäs", "KD")]


def test_a_single_numbered_item_is_still_an_agenda_item():
    record = extract("Anteckningar\n\nNärvarande:\nAnna Berg, Umeå\n\n1. Inledning\nAnna hälsar välkommen.\n")
    assert [(i["number"], i["title"]) for i in record["agenda_items"]] == [("1", "Inledning")]
