"""motesgraf's spaCy components are registered factories a user can put in their own pipeline, and a
statistical NER added by configuration keeps its entities."""

import spacy

from motesgraf.extraction.components import KNOWN_PEOPLE
from motesgraf.extraction.pipeline import Extractor


def test_components_plug_into_a_users_pipeline():
    nlp = spacy.blank("sv")
    for name in ("motesgraf_line_sentencizer", "motesgraf_gazetteer", "motesgraf_person_ruler"):
        nlp.add_pipe(name)
    doc = nlp.make_doc("Linda berättar om SKR:s rapport.\nGunilla Bergström från Mittuniversitetet i Sundsvall")
    doc._.set(KNOWN_PEOPLE, [("Linda Karlsson", "person:linda-karlsson")])
    doc = nlp(doc)
    found = {(ent.text, ent.label_, ent.kb_id_) for ent in doc.ents}
    assert ("Linda", "Person", "person:linda-karlsson") in found
    assert ("SKR:s", "Organisation", "organisation:skr") in found
    assert ("Mittuniversitetet", "Organisation", "organisation:mittuniversitetet") in found
    assert ("Sundsvall", "Municipality", "municipality:2281") in found
    assert ("Gunilla Bergström", "Person", "person:gunilla-bergstrom") in found
    assert [sent.text.strip() for sent in doc.sents][1].startswith("Gunilla")


def test_a_statistical_ner_added_by_config_keeps_its_entities():
    """An entity ruler labelled like a statistical model (ORG, PER) stands in for one: what it finds where
    motesgraf finds nothing ends up in the record, typed and keyed."""
    extractor = Extractor()
    ruler = extractor.nlp.add_pipe("entity_ruler", name="ner", before="motesgraf_gazetteer")
    ruler.add_patterns([{"label": "ORG", "pattern": "Nolia Forum"}, {"label": "ORG", "pattern": "SKR"}])
    record = extractor.extract_text("Anteckningar\n\n1. Aktuellt\nNolia Forum och SKR planerar en mässa tillsammans.\n")
    organisations = {e["key"]: e["name"] for e in record["entities"] if e["type"] == "Organisation"}
    assert organisations == {"organisation:nolia-forum": "Nolia Forum", "organisation:skr": "SKR"}
    assert any(r["type"] == "COLLABORATES_WITH" for r in record["relations"])
