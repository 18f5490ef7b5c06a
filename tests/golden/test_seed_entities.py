"""The seed article's entities, groups and references against its gold file (tests/golden)."""

from __future__ import annotations

import json

import pytest

from letopis.model import Document
from letopis.runners.local import build_pipeline
from tests.conftest import SEED_GOLD, SEED_TXT

GOLD = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
GOLD_ENTITIES = GOLD["entities"]


def _by_name(record):
    return {e.name: e for e in record.entities}


@pytest.mark.parametrize("gold", GOLD_ENTITIES, ids=[g["name"] for g in GOLD_ENTITIES])
def test_gold_entity_found(seed_record, gold):
    ent = _by_name(seed_record).get(gold["name"])
    assert ent is not None, f"{gold['name']} not found; have {sorted(_by_name(seed_record))}"
    assert (ent.type, ent.country, ent.actor_code) == (gold["type"], gold["country"], gold["actor_code"])
    names = {m.text for m in ent.mentions if m.kind == "name"}
    assert set(gold["surfaces"]) <= names


def test_no_merged_or_junk_entities(seed_record):
    names = [e.name for e in seed_record.entities] + [e.native_name for e in seed_record.entities]
    assert not any("Belarus John" in n or "Беларус Джон" in n for n in names)
    texts = {m.text for e in seed_record.entities for m in e.mentions}
    assert "Казах" not in texts and "Ако" not in texts


def test_entity_ids_follow_first_mention(seed_record):
    firsts = [min(m.start for m in e.mentions) for e in seed_record.entities]
    assert firsts == sorted(firsts)
    assert [e.id for e in seed_record.entities] == [f"e{n}" for n in range(1, len(firsts) + 1)]


def test_lukashenko_references(seed_record):
    luka = _by_name(seed_record)["Alexander Lukashenko"]
    refs = [m.text for m in luka.mentions if m.kind == "reference"]
    for surface in ("Беларуският президент", "беларуският президент", "Президентът", "Той", "той"):
        assert surface in refs
    assert luka.native_name == "Александър Лукашенко"
    coale = _by_name(seed_record)["John Coale"]
    assert "Американският пратеник за Беларус" in [m.text for m in coale.mentions if m.kind == "reference"]


def test_united_states_native_name_is_a_base_form(seed_record):
    usa = _by_name(seed_record)["United States"]
    assert usa.native_name.startswith("Съединени")


@pytest.fixture(scope="module")
def seed_doc():
    from letopis.ingest.readers import read_path
    from letopis.runners.local import document_from_item

    doc = document_from_item(next(iter(read_path(SEED_TXT))))
    return build_pipeline()(doc)


def _actor_codes(doc: Document) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for a in doc.actors:
        out.setdefault(doc.text[a.start : a.end], set()).add(a.code or "")
    return out


@pytest.mark.parametrize("group", GOLD["groups"], ids=[g["surface"] for g in GOLD["groups"]])
def test_gold_groups_are_actors(seed_doc, group):
    codes = _actor_codes(seed_doc)
    hits = {c for text, cs in codes.items() if group["surface"] in text for c in cs}
    assert group["actor_code"] in hits, f"{group['surface']}: {hits}"


def test_adjectives_are_not_entity_mentions(seed_doc):
    texts = {
        seed_doc.text[m.start : m.end] for e in seed_doc.entities for m in e.mentions if m.kind == "name"
    }
    assert not any(t.lower().startswith(("беларуск", "американск")) for t in texts)
