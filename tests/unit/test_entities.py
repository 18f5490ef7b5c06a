"""Entities and generic actors, Bulgarian and English, on documents built by hand."""

from __future__ import annotations

import pytest

from letopis.coding.actors import actors, check_key, countries, lexicon, transliterate
from letopis.errors import DataError
from letopis.model import Document
from letopis.runners.local import build_pipeline

STAGES = ("language", "sentences", "tokens", "entities", "references")


@pytest.fixture(scope="module")
def run():
    pipes = {lang: build_pipeline(language=lang, stages=STAGES) for lang in ("bg", "en")}

    def _run(text: str, lang: str = "bg", date: str = "2025-12-18") -> Document:
        return pipes[lang](Document(text, date=date, language=lang))

    return _run


def _entity(doc: Document, name: str):
    return next((e for e in doc.entities if e.name == name), None)


def _actor(doc: Document, surface: str):
    return next((a for a in doc.actors if doc.text[a.start : a.end] == surface), None)


@pytest.mark.parametrize(
    ("text", "surface", "name", "code"),
    [
        ("Делегацията пристигна в Русия вчера.", "Русия", "Russia", "RUS"),
        ("Той говори за Съединените щати и за Китай.", "Съединените щати", "United States", "USA"),
        (
            "Той говори за Съединените американски щати.",
            "Съединените американски щати",
            "United States",
            "USA",
        ),
        ("Решението засяга САЩ и Германия.", "САЩ", "United States", "USA"),
        ("Решението засяга Германия и Франция.", "Германия", "Germany", "DEU"),
        ("Срещата беше в Обединеното кралство.", "Обединеното кралство", "United Kingdom", "GBR"),
        ("Новината дойде от Руската федерация.", "Руската федерация", "Russia", "RUS"),
        ("The deal was signed by Belarus and Poland.", "Belarus", "Belarus", "BLR"),
        ("Officials in the United States said so.", "United States", "United States", "USA"),
    ],
)
def test_countries_by_their_forms(run, text, surface, name, code):
    lang = "en" if text.isascii() else "bg"
    doc = run(text, lang)
    ent = _entity(doc, name)
    assert ent is not None and ent.type == "COUNTRY" and ent.actor_code == code
    assert surface in [doc.text[m.start : m.end] for m in ent.mentions]


@pytest.mark.parametrize(
    ("text", "lang", "surface", "code"),
    [
        ("По-късно беларуските власти арестуваха хиляди хора.", "bg", "беларуските власти", "BLRGOV"),
        ("Вчера американски представители посетиха Минск.", "bg", "американски представители", "USAGOV"),
        ("По думите му беларусите и американците са прагматици.", "bg", "беларусите", "BLR"),
        ("По думите му беларусите и американците са прагматици.", "bg", "американците", "USA"),
        ("Опитът на Запада се провали.", "bg", "Запада", "WST"),
        ("Западът отговори остро.", "bg", "Западът", "WST"),
        ("Съединените щати и други западни държави отказаха.", "bg", "западни държави", "WST"),
        ("Китайските войски навлязоха в района.", "bg", "Китайските войски", "CHNMIL"),
        ("Германското правителство одобри плана.", "bg", "Германското правителство", "DEUGOV"),
        ("Руската армия атакува Харков.", "bg", "Руската армия", "RUSMIL"),
        ("Chinese troops crossed the border.", "en", "Chinese troops", "CHNMIL"),
        ("US officials declined to comment.", "en", "US officials", "USAGOV"),
        ("The Americans said nothing.", "en", "Americans", "USA"),
        ("Western countries imposed sanctions.", "en", "Western countries", "WST"),
        ("The Georgian opposition called for protests.", "en", "Georgian opposition", "GEOOPP"),
        ("The stopover came as the US leader prepared to attend the Olympics.", "en", "US leader", "USAGOV"),
    ],
)
def test_adjectives_and_peoples_make_actors_not_entities(run, text, lang, surface, code):
    doc = run(text, lang)
    act = _actor(doc, surface)
    assert act is not None, [(doc.text[a.start : a.end], a.code) for a in doc.actors]
    assert act.code == code
    named = {doc.text[m.start : m.end] for e in doc.entities for m in e.mentions}
    assert surface not in named or act.entity is not None


@pytest.mark.parametrize(
    ("text", "lang", "surface", "name", "code"),
    [
        ("Отношенията между Минск и Вашингтон се подобряват.", "bg", "Минск", "Minsk", "BLRGOV"),
        ("Отношенията между Минск и Вашингтон се подобряват.", "bg", "Вашингтон", "Washington", "USAGOV"),
        ("Москва отхвърли обвиненията.", "bg", "Москва", "Moscow", "RUSGOV"),
        ("Talks between Moscow and Kyiv stalled.", "en", "Kyiv", "Kyiv", "UKRGOV"),
    ],
)
def test_capitals_stand_for_governments(run, text, lang, surface, name, code):
    doc = run(text, lang)
    ent = _entity(doc, name)
    assert ent is not None and ent.type == "LOCATION" and ent.actor_code == code
    assert _actor(doc, surface).code == code


@pytest.mark.parametrize(
    ("text", "lang", "surface", "code"),
    [
        # the focus country is Belarus (most mentions), so the bare groups are Belarusian
        (
            "Лукашенко спечели изборите в Беларус. Демонстрантите и опозицията обвиниха властите.",
            "bg",
            "Демонстрантите",
            "BLROPP",
        ),
        (
            "Лукашенко спечели изборите в Беларус. Демонстрантите и опозицията обвиниха властите.",
            "bg",
            "опозицията",
            "BLROPP",
        ),
        (
            "Лукашенко спечели изборите в Беларус. Демонстрантите и опозицията обвиниха властите.",
            "bg",
            "властите",
            "BLRGOV",
        ),
        # no country at all: the language's home country
        ("Полицията задържа трима души след протеста.", "bg", "Полицията", "BGRCOP"),
        (
            "Putin spoke in Moscow. Protesters gathered and police detained dozens.",
            "en",
            "Protesters",
            "RUSOPP",
        ),
    ],
)
def test_groups_take_the_focus_country(run, text, lang, surface, code):
    doc = run(text, lang)
    assert _actor(doc, surface).code == code


@pytest.mark.parametrize(
    ("text", "lang", "name", "code", "reference"),
    [
        (
            "Американският пратеник за Беларус Джон Коул присъства.",
            "bg",
            "John Coale",
            "USAGOV",
            "Американският пратеник за Беларус",
        ),
        (
            "Israeli Prime Minister Benjamin Netanyahu met the envoy.",
            "en",
            "Benjamin Netanyahu",
            "ISRGOV",
            "Israeli Prime Minister",
        ),
        (
            "Беларуският президент Александър Лукашенко заяви това.",
            "bg",
            "Alexander Lukashenko",
            "BLRGOV",
            "Беларуският президент",
        ),
        # an unknown person gets country and role from the title
        (
            "Германският министър Петер Шмид заяви това.",
            "bg",
            "Peter Shmid",
            "DEUGOV",
            "Германският министър",
        ),
        (
            "French Foreign Minister Jean Dupont arrived.",
            "en",
            "Jean Dupont",
            "FRAGOV",
            "French Foreign Minister",
        ),
    ],
)
def test_titles_and_appositions(run, text, lang, name, code, reference):
    doc = run(text, lang)
    persons = [e for e in doc.entities if e.type == "PERSON"]
    assert len(persons) == 1, [(e.name, e.type) for e in doc.entities]
    ent = persons[0]
    if ent.source == "dictionary":
        assert ent.name == name
    assert ent.actor_code == code
    refs = [doc.text[m.start : m.end] for m in ent.mentions if m.kind == "reference"]
    assert refs == [reference]
    assert not any("Беларус Джон" in e.native_name for e in doc.entities)


def test_unknown_name_is_transliterated_and_merged(run):
    doc = run("Вчера Петър Щерев пристигна. Журналистите попитаха Щерев за срещата.")
    ent = next(e for e in doc.entities if e.type == "PERSON")
    assert ent.name == "Petar Shterev"
    assert ent.native_name == "Петър Щерев"
    assert [doc.text[m.start : m.end] for m in ent.mentions if m.kind == "name"] == ["Петър Щерев", "Щерев"]


@pytest.mark.parametrize(
    ("text", "lang", "name", "code"),
    [
        ("ООН осъди нападението.", "bg", "United Nations", "IGOUNO"),
        ("Генералният секретар на НАТО говори.", "bg", "NATO", "IGOWSTNAT"),
        ("Европейската комисия предложи нов пакет.", "bg", "European Commission", "IGOEUREEC"),
        ("Съветът на Европа прие доклада.", "bg", "Council of Europe", "IGOEURCOE"),
        ("Мисията на ОССЕ беше удължена.", "bg", "OSCE", "IGO"),
        ("Експерти на МВФ пристигнаха.", "bg", "International Monetary Fund", "IGOBUSIMF"),
        ("Световната здравна организация предупреди.", "bg", "World Health Organization", "IGOUNOHLHWHO"),
        ("Европейският съюз наложи санкции.", "bg", "European Union", "IGOEUREEC"),
        ("The United Nations condemned the attack.", "en", "United Nations", "IGOUNO"),
        ("The IMF approved the loan.", "en", "International Monetary Fund", "IGOBUSIMF"),
        ("The WHO warned of an outbreak.", "en", "World Health Organization", "IGOUNOHLHWHO"),
    ],
)
def test_international_organisations(run, text, lang, name, code):
    doc = run(text, lang)
    ent = _entity(doc, name)
    assert ent is not None and ent.type == "ORGANIZATION" and ent.actor_code == code


def test_lower_case_who_is_not_the_who(run):
    doc = run("Those who left were counted. The US said so.", "en")
    assert _entity(doc, "World Health Organization") is None
    assert _entity(doc, "United States") is not None


def test_secretary_general_of_the_un_takes_its_code(run):
    doc = run("UN Secretary-General Antonio Guterres spoke.", "en")
    assert _entity(doc, "António Guterres").actor_code == "IGOUNO"


def test_former_leader_is_an_elite_after_his_years(run):
    doc = run("Joe Biden criticised the plan.", "en", date="2026-03-01")
    assert _entity(doc, "Joe Biden").actor_code == "USAELI"


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("София", "Sofia"),
        ("Щерев", "Shterev"),
        ("Жечев", "Zhechev"),
        ("Цветанка Юрукова", "Tsvetanka Yurukova"),
        ("Чолаков", "Cholakov"),
        ("Шишков", "Shishkov"),
        ("Хасково", "Haskovo"),
        ("Йорданов", "Yordanov"),
        ("Ъгълът", "Agalat"),
        ("Янко", "Yanko"),
        ("Благоевград", "Blagoevgrad"),
        ("Мария", "Maria"),
        ("Коул", "Koul"),
        ("ЩИТ", "SHTIT"),
        ("Newsmax", "Newsmax"),
    ],
)
def test_transliteration(cyrillic, latin):
    assert transliterate(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "lang", "latin"),
    [
        ("Володимир Зеленський", "uk", "Volodymyr Zelenskyi"),
        ("Юлія", "uk", "Yuliia"),
        ("Владимир Путин", "ru", "Vladimir Putin"),
        ("Щукин", "ru", "Shchukin"),
        ("Иван", "cs", "Иван"),  # no table: as written
    ],
)
def test_transliteration_of_other_languages(cyrillic, lang, latin):
    assert transliterate(cyrillic, lang) == latin


def test_data_tables_are_consistent():
    codes = countries()
    assert len(codes) >= 200
    assert {"USA", "BLR", "RUS", "UKR", "BGR"} <= set(codes)
    for a in actors().values():
        assert a.country is None or a.country in codes, a.key
    for lang in ("bg", "en"):
        assert lexicon(lang).names


@pytest.mark.parametrize(
    ("code", "fips", "iso2"),
    [
        ("USA", "US", "US"),
        ("BLR", "BO", "BY"),
        ("RUS", "RS", "RU"),
        ("UKR", "UP", "UA"),
        ("BGR", "BU", "BG"),
        ("DEU", "GM", "DE"),
        ("GBR", "UK", "GB"),
        ("CHN", "CH", "CN"),
        ("SRB", "RI", "RS"),
        ("KSV", "KV", "XK"),
    ],
)
def test_country_fips_codes(code, fips, iso2):
    from letopis.resources import data_table

    row = next(r for r in data_table("countries") if r["cameo"] == code)
    assert (row["fips"], row["iso2"]) == (fips, iso2)


@pytest.mark.parametrize(
    ("kind", "key"), [("country", "XYZ"), ("actor", "nobody"), ("region", "BLR"), ("capital", "ZZZ")]
)
def test_unknown_keys_are_data_errors(kind, key):
    with pytest.raises(DataError, match="names.tsv: row 7"):
        check_key(kind, key, "names.tsv: row 7")


@pytest.mark.parametrize(("kind", "key"), [("country", "BLR"), ("actor", "lukashenko"), ("region", "WST")])
def test_known_keys_pass(kind, key):
    check_key(kind, key, "names.tsv: row 1")


@pytest.mark.parametrize(
    ("text", "lang", "surface", "code"),
    [
        ("The government thanked China's leaders.", "en", "China's leaders", "CHNGOV"),
        ("Kenya's police arrested two men.", "en", "Kenya's police", "KENCOP"),
        ("The Russian building was demolished.", "en", "Russian", "RUS"),
        ("Лукашенко позволи използването на беларуска територия.", "bg", "беларуска", "BLR"),
    ],
)
def test_possessives_and_lone_adjectives(run, text, lang, surface, code):
    doc = run(text, lang)
    assert _actor(doc, surface).code == code


@pytest.mark.parametrize(
    ("text", "lang", "name", "type_", "code"),
    [
        ("Лидерите на Европа се събраха.", "bg", "Europe", "LOCATION", "EUR"),
        ("Talks on the future of the Middle East resumed.", "en", "Middle East", "LOCATION", "MEA"),
        ("Говорителят на Белия дом отказа коментар.", "bg", "White House", "LOCATION", "USAGOV"),
    ],
)
def test_regions_and_seats_of_power(run, text, lang, name, type_, code):
    doc = run(text, lang)
    ent = _entity(doc, name)
    assert ent is not None and (ent.type, ent.actor_code) == (type_, code)


def test_longer_tagged_name_beats_a_dictionary_word_inside_it(run):
    doc = run("Губернаторът на щата Ню Мексико Мишел Лухан Гришам подписа закона.")
    assert _entity(doc, "Mexico") is None
    names = {doc.text[m.start : m.end] for e in doc.entities for m in e.mentions}
    assert "Ню Мексико" in names


def test_first_name_variant_extends_a_known_person(run):
    doc = run("Вчера Джоузеф Байдън говори дълго.")
    ent = _entity(doc, "Joe Biden")
    assert [doc.text[m.start : m.end] for m in ent.mentions] == ["Джоузеф Байдън"]


def test_tagged_city_stands_for_its_country(run):
    doc = run("Barack Obama and Vladimir Putin will meet in Zurich on Monday.", "en")
    ent = _entity(doc, "Zurich")
    assert ent is not None and (ent.country, ent.actor_code) == ("CHE", "CHE")


@pytest.mark.parametrize(
    ("text", "lang", "surface", "code"),
    [
        (
            "ГЕРБ и БСП подкрепиха кабинета. Протестиращите в Кийв поискаха оставка.",
            "bg",
            "Протестиращите",
            "UKROPP",
        ),
        ("Putin spoke for an hour. Police in Tbilisi detained protesters.", "en", "Police", "GEOCOP"),
        ("Гражданите на Великобритания гласуваха.", "bg", "Гражданите на Великобритания", "GBRCVL"),
        ("Гражданите на ЕС пристигнаха в Лондон.", "bg", "Гражданите", "GBRCVL"),
    ],
)
def test_group_country_from_a_place_or_of_phrase(run, text, lang, surface, code):
    doc = run(text, lang)
    assert _actor(doc, surface).code == code


@pytest.mark.parametrize(
    ("text", "name", "code", "reference"),
    [
        (
            "Държавният секретар на САЩ Марко Рубио пристигна.",
            "Marco Rubio",
            "USAGOV",
            "Държавният секретар на САЩ",
        ),
        (
            "Генералният секретар на НАТО Марк Рюте заяви това.",
            "Mark Rutte",
            "IGOWSTNAT",
            "Генералният секретар на НАТО",
        ),
        ("Говорителят на Кремъл Дмитрий Песков отрече.", "Dmitry Peskov", "RUSGOV", "Говорителят на Кремъл"),
        (
            "Министърът на външните работи на Германия Клаус Мюлер пристигна.",
            "Klaus Myuler",
            "DEUGOV",
            "Министърът на външните работи на Германия",
        ),
    ],
)
def test_titles_with_of_phrases(run, text, name, code, reference):
    doc = run(text)
    ent = next(e for e in doc.entities if e.type == "PERSON")
    assert (ent.name, ent.actor_code) == (name, code)
    assert [doc.text[m.start : m.end] for m in ent.mentions if m.kind == "reference"] == [reference]


def test_tagged_institutions_get_base_form_and_role(run):
    doc = run(
        "Тръмп говори във Вашингтон. Депутатите от Камарата на представителите и Върховния съд спориха."
    )
    house = next(e for e in doc.entities if e.native_name == "Камара на представителите")
    court = next(e for e in doc.entities if e.native_name == "Върховен съд")
    assert (house.actor_code, court.actor_code) == ("USALEG", "USAJUD")
    assert court.name == "Varhoven sad"
    # the role word inside a name is no group of its own
    assert _actor(doc, "представителите") is None and _actor(doc, "съд") is None


def test_court_of_a_country_is_one_organisation(run):
    doc = run("Делото стигна до Върховния съд на Пакистан миналата година.")
    ent = next(e for e in doc.entities if e.type == "ORGANIZATION")
    assert (ent.native_name, ent.country, ent.actor_code) == ("Върховен съд на Пакистан", "PAK", "PAKJUD")


def test_feminine_article_is_no_plural(run):
    doc = run("Папата призова за мир.")
    assert _actor(doc, "Папата") is None  # a singular title with nobody to refer to: no group


def test_words_mixing_scripts_are_found(run):
    doc = run("Президентът на CAЩ Дoнaлд Tpъмп и Бaйдън говориха.")  # Latin look-alikes inside
    assert _entity(doc, "United States") is not None
    assert _entity(doc, "Donald Trump").actor_code == "USAGOV"
    assert _entity(doc, "Joe Biden") is not None


def test_title_with_a_lower_case_complement_before_the_name(run):
    doc = run("Министърът на културата Марян Бачев откри изложбата.")
    ent = next(e for e in doc.entities if e.type == "PERSON")
    assert (ent.name, ent.actor_code) == ("Maryan Bachev", "BGRGOV")
    assert [doc.text[m.start : m.end] for m in ent.mentions if m.kind == "reference"] == [
        "Министърът на културата"
    ]


def test_title_after_a_surname_merged_into_its_full_name(run):
    # the lone "Корбин" is merged into the later "Джереми Корбин" before the title after it is read
    doc = run("Вчера Корбин, лидер на лейбъристите, говори първи. После Джереми Корбин отговори.")
    people = [e for e in doc.entities if e.type == "PERSON"]
    assert [e.native_name for e in people] == ["Джереми Корбин"]
    assert "leader" in people[0].roles


@pytest.mark.parametrize(
    "text",
    [
        "президентът",
        "Министърът на",
        "„Казах“",
        "Корбин, лидер",
        "САЩ САЩ САЩ",
        "беларуските",
        "на на на за за Беларус",
        "Джон Коул, пратеник за",
        "“Райънеър“",
        "Той. Тя. Той",
    ],
)
def test_fragments_do_not_fail(run, text):
    doc = run(text)
    assert not doc.errors
    for a in doc.actors:
        assert 0 <= a.start < a.end <= len(text)


@pytest.mark.parametrize(
    ("text", "lang", "native"),
    [
        ("Yesterday Mr. Pemberton Smythe said so.", "en", "Pemberton Smythe"),
        ("Вчера г-н Пембъртън заяви това.", "bg", "Пембъртън"),
    ],
)
def test_honorifics_make_persons(run, text, lang, native):
    doc = run(text, lang)
    ent = next((e for e in doc.entities if e.native_name == native), None)
    assert ent is not None and ent.type == "PERSON", [(e.native_name, e.type) for e in doc.entities]
