"""Places: gazetteer and entity mentions to countries, cities and regions with coordinates."""

from __future__ import annotations

import pytest

from letopis.coding.places import PlaceStage, gazetteer, place_forms
from letopis.model import Document, EntityAnn, MentionAnn
from letopis.pipeline import PipelineConfig, load_stage

STAGES = [load_stage(n, PipelineConfig()) for n in ("language", "sentences", "tokens")]
PLACES = PlaceStage(PipelineConfig())


def doc_of(text: str, lang: str, entities: list[EntityAnn] | None = None) -> Document:
    doc = Document(text, date="2025-12-18", language=lang)
    for stage in STAGES:
        doc = stage(doc)
    doc.entities = entities or []
    return PLACES(doc)


def places_of(text: str, lang: str) -> dict[str, list[str]]:
    return {p.name: [m.text for m in p.mentions] for p in doc_of(text, lang).places}


SEED = (
    "Лукашенко заяви, че отношенията между Минск и Вашингтон биха могли да се подобрят, ако САЩ признаят, "
    "че опитът на Запада в Беларус е неуспешен. Русия изрази подкрепа, докато Съединените щати отказаха. "
    '"Казах на вашите колеги: трябва да знаете. Ако една голяма страна като САЩ е загубила..." Той позволи '
    "да се използва беларуска територия за инвазията в Украйна. Беларус иска добри отношения със Съединените "
    "американски щати и с Венецуела."
)


def test_seed_places_with_all_mentions_and_coordinates():
    found = {p.name: p for p in doc_of(SEED, "bg").places}
    assert set(found) == {"Minsk", "Washington", "United States", "Belarus", "Russia", "Ukraine", "Venezuela"}
    assert [m.text for m in found["United States"].mentions] == [
        "САЩ",
        "Съединените щати",
        "САЩ",
        "Съединените американски щати",
    ]
    assert [m.text for m in found["Belarus"].mentions] == ["Беларус", "Беларус"]
    minsk = found["Minsk"]
    assert (minsk.country, minsk.kind, minsk.geonames_id) == ("BLR", "city", 625144)
    assert minsk.lat == pytest.approx(53.9, abs=0.1) and minsk.lon == pytest.approx(27.57, abs=0.1)
    washington = found["Washington"]  # the metonym is still the city
    assert (washington.country, washington.kind) == ("USA", "city")
    assert washington.lat == pytest.approx(38.9, abs=0.1)
    assert found["Belarus"].kind == "country" and found["Belarus"].lat == pytest.approx(53.0, abs=1)


@pytest.mark.parametrize(
    ("text", "lang", "name", "country", "kind", "lat", "lon"),
    [
        ("Ракети удариха Харков и Одеса.", "bg", "Kharkiv", "UKR", "city", 50.0, 36.2),
        ("Боевете край Бахмут продължават.", "bg", "Bakhmut", "UKR", "city", 48.6, 38.0),
        ("Протест имаше и в Пловдив.", "bg", "Plovdiv", "BGR", "city", 42.15, 24.75),
        ("Полетът Лондон-Пловдив закъсня.", "bg", "Plovdiv", "BGR", "city", 42.15, 24.75),
        ("Полетът Лондон-Пловдив закъсня.", "bg", "London", "GBR", "city", 51.5, -0.13),
        ("Сенатът на Пенсилвания гласува.", "bg", "Pennsylvania", "USA", "region", 40.3, -76.5),
        ("Той е от Югоизточна Азия.", "bg", "Southeast Asia", None, "region", 10.0, 110.0),
        (
            "Гласовете в Пeнcилвaния се броят.",
            "bg",
            "Pennsylvania",
            "USA",
            "region",
            40.3,
            -76.5,
        ),  # Latin e, c, a
        ("Напрежението в Донбас расте.", "bg", "Donbas", "UKR", "region", 48.0, 38.0),
        ("Хуманитарна помощ влезе в ивицата Газа.", "bg", "Gaza Strip", "PSE", "region", 31.4, 34.4),
        ("Той пристигна в София.", "bg", "Sofia", "BGR", "city", 42.7, 23.3),
        ("Missiles hit Kharkiv overnight.", "en", "Kharkiv", "UKR", "city", 50.0, 36.2),
        ("Talks on Crimea stalled.", "en", "Crimea", "UKR", "region", 45.3, 34.4),
        ("Officials in Washington said so.", "en", "Washington", "USA", "city", 38.9, -77.0),
        ("The U.S. imposed sanctions.", "en", "United States", "USA", "country", 39.8, -98.6),
        ("Officials said Rwanda's Senate protested.", "en", "Rwanda", "RWA", "country", -2.0, 29.9),
        ("Об этом заявили в Москве.", "ru", "Moscow", "RUS", "city", 55.75, 37.6),
        ("Переговоры в Минске сорвались.", "ru", "Minsk", "BLR", "city", 53.9, 27.57),
        ("Вибухи пролунали у Харкові.", "uk", "Kharkiv", "UKR", "city", 50.0, 36.2),
        ("Санкції проти Росії посилили.", "uk", "Russia", "RUS", "country", 61.5, 105.3),
        ("Канцлер Германии прибыл в Южную Осетию.", "ru", "Germany", "DEU", "country", 51.0, 10.4),
        ("Канцлер Германии прибыл в Южную Осетию.", "ru", "South Ossetia", "GEO", "region", 42.3, 44.0),
        ("Підрахунок голосів у Пенсільванії триває.", "uk", "Pennsylvania", "USA", "region", 40.3, -76.5),
    ],
)
def test_place_facts(text, lang, name, country, kind, lat, lon):
    found = {p.name: p for p in doc_of(text, lang).places}
    place = found[name]
    assert (place.country, place.kind) == (country, kind)
    assert place.lat == pytest.approx(lat, abs=0.3) and place.lon == pytest.approx(lon, abs=0.3)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ('"Казах на вашите колеги, че трябва да знаете. Ако една голяма страна загуби..."', "bg"),
        ("Той позволи да се използва беларуска територия.", "bg"),  # an adjective is no place
        ("Американската медия Newsmax публикува интервюто.", "bg"),
        ("Tell us what you think.", "en"),  # "us" is no United States
        ("The Russian and Ukrainian delegations met.", "en"),
        ("Це сказав Берні Сандерс.", "uk"),  # a first name, not Bern
        ("Самое главное впереди.", "ru"),  # a word, not Samoa
    ],
)
def test_not_places(text, lang):
    assert places_of(text, lang) == {}


def test_possessive_ending_is_not_part_of_the_mention():
    places = places_of("Officials said Rwanda's Senate protested.", "en")
    assert places == {"Rwanda": ["Rwanda"]}


def test_entity_that_resolves_to_nothing_is_no_place():
    text = "Казах на вашите колеги."
    ent = EntityAnn(id="e1", name="Kazah", native_name="Казах", type="LOCATION", mentions=[MentionAnn(0, 5)])
    assert doc_of(text, "bg", [ent]).places == []


def test_entity_mentions_join_gazetteer_mentions():
    text = "Беларус и Русия. Република Беларус"
    ent = EntityAnn(
        id="e1",
        name="Belarus",
        native_name="Беларус",
        type="COUNTRY",
        country="BLR",
        mentions=[MentionAnn(0, 7), MentionAnn(17, 34)],
    )
    found = {p.name: p for p in doc_of(text, "bg", [ent]).places}
    assert [m.text for m in found["Belarus"].mentions] == ["Беларус", "Република Беларус"]
    assert [m.text for m in found["Russia"].mentions] == ["Русия"]


def test_dictionary_location_unknown_to_the_gazetteer_is_a_place_without_coordinates():
    text = "Протест имаше в Бобошево."
    ent = EntityAnn(
        id="e1",
        name="Boboshevo",
        native_name="Бобошево",
        type="LOCATION",
        country="BGR",
        mentions=[MentionAnn(16, 24)],
        source="dictionary",
    )
    (place,) = doc_of(text, "bg", [ent]).places
    assert (place.name, place.country, place.kind, place.lat) == ("Boboshevo", "BGR", "other", None)
    assert [m.text for m in place.mentions] == ["Бобошево"]


def test_person_named_like_a_town_is_no_place():
    text = "Паметникът на Гоце Делчев."
    ent = EntityAnn(
        id="e1", name="Gotse Delchev", native_name="Гоце Делчев", type="PERSON", mentions=[MentionAnn(14, 25)]
    )
    assert doc_of(text, "bg", [ent]).places == []


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_every_form_names_a_known_place(lang):
    places, _ = gazetteer()
    forms = place_forms(lang)
    assert forms is not None
    keys = {key for entries in forms.by_first.values() for _, key, _ in entries}
    assert keys <= set(places) and len(keys) > 500
