"""Event coding on hand-built documents: real sentences, tokens and lemmas, actors and dates set by hand."""

from __future__ import annotations

import re

import pytest

from letopis.coding import cameo
from letopis.coding.event_rules import lexicon, parse_pattern
from letopis.coding.events import code_events, is_background, period_end, statement_date
from letopis.errors import DataError
from letopis.model import ActorAnn, DateMention, Document
from letopis.runners.local import build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return {
        lang: build_pipeline(language=lang, stages=("language", "sentences", "tokens"))
        for lang in ("bg", "en")
    }


def make_doc(nlp, lang, text, actors=(), dates=(), date="2025-12-18"):
    doc = nlp[lang](Document(text, date, language=lang))
    anns = []
    for surface, code in actors:
        m = re.search(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text)
        assert m, surface
        anns.append(ActorAnn(m.start(), m.end(), code, surface, None))
    doc.actors = sorted(anns, key=lambda a: a.start)
    doc.dates = []
    for surface, value in dates:
        m = re.search(re.escape(surface), text)
        assert m, surface
        doc.dates.append(DateMention(surface, m.start(), m.end(), value, True))
    return doc


def triples(doc):
    return [
        (e.source.code if e.source else None, e.target.code if e.target else None, e.code)
        for e in code_events(doc)
    ]


CASES = [
    # (name, lang, text, actors, expected (source, target, code) list)
    ("bg svo", "bg", "Беларуските власти арестуваха десетки опозиционери.",
     [("Беларуските власти", "BLRGOV"), ("опозиционери", "BLROPP")], [("BLRGOV", "BLROPP", "173")]),
    ("bg negation", "bg", "Беларуските власти не арестуваха опозиционери.",
     [("Беларуските власти", "BLRGOV"), ("опозиционери", "BLROPP")], []),
    ("bg passive", "bg", "Опозиционерите бяха арестувани от полицията.",
     [("Опозиционерите", "BLROPP"), ("полицията", "BLRCOP")], [("BLRCOP", "BLROPP", "173")]),
    ("bg prep за", "bg", "Русия изрази подкрепа за Сърбия.",
     [("Русия", "RUS"), ("Сърбия", "SRB")], [("RUS", "SRB", "051")]),
    ("bg prep срещу", "bg", "Европейският съюз наложи нови санкции срещу Иран.",
     [("Европейският съюз", "IGOEEC"), ("Иран", "IRN")], [("IGOEEC", "IRN", "163")]),
    ("bg inverted subject", "bg", "Днес протестираха и студентите от София.",
     [("студентите", "BGREDU")], [("BGREDU", "BGRGOV", "141")]),
    ("bg conditional", "bg", "Ако Русия нападне Украйна, Западът ще отговори.",
     [("Русия", "RUS"), ("Украйна", "UKR"), ("Западът", "WST")], []),
    ("bg hedge material", "bg", "Русия би могла да нападне Украйна.", [("Русия", "RUS"), ("Украйна", "UKR")], []),
    ("bg hedge verbal", "bg", "Лукашенко заяви, че отношенията между Минск и Вашингтон биха могли да се подобрят.",
     [("Лукашенко", "BLRGOV"), ("Минск", "BLRGOV"), ("Вашингтон", "USAGOV")], [("BLRGOV", "USAGOV", "013")]),
    ("bg intent", "bg", "Полша иска да изпрати оръжия на Украйна.",
     [("Полша", "POL"), ("Украйна", "UKR")], [("POL", "UKR", "0332")]),
    ("bg accusation in speech", "bg", "„САЩ организираха атака срещу нас“, каза Лукашенко.",
     [("САЩ", "USA"), ("Лукашенко", "BLRGOV")], [("BLRGOV", "USA", "1123")]),
    ("bg release noun", "bg", "Сделката предвижда освобождаването на 52 политически затворници.",
     [("52 политически затворници", "BLROPP")], [("BLRGOV", "BLROPP", "0841")]),
    ("bg no trigger", "bg", "Лукашенко говори с журналисти в Минск.", [("Лукашенко", "BLRGOV")], []),
    ("bg no actor", "bg", "Вчера бяха арестувани десетки хора.", [], []),
    ("en svo", "en", "Russian police arrested two opposition leaders on Monday.",
     [("Russian police", "RUSCOP"), ("opposition leaders", "RUSOPP")], [("RUSCOP", "RUSOPP", "173")]),
    ("en negation", "en", "Israel did not release the prisoners.",
     [("Israel", "ISR"), ("the prisoners", "PSEOPP")], []),
    ("en passive", "en", "The detained civilians were released by Putin himself.",
     [("The detained civilians", "CVL"), ("Putin", "RUSGOV")], [("RUSGOV", "CVL", "0841")]),
    ("en prep on", "en", "The United States imposed sanctions on Iran.",
     [("The United States", "USA"), ("Iran", "IRN")], [("USA", "IRN", "163")]),
    ("en conditional", "en", "If Russia attacks Ukraine, NATO will respond.",
     [("Russia", "RUS"), ("Ukraine", "UKR"), ("NATO", "IGONAT")], []),
    ("en hedge", "en", "Russia could attack Ukraine next year.", [("Russia", "RUS"), ("Ukraine", "UKR")], []),
    ("en intent", "en", "Germany wants to supply arms to Ukraine.",
     [("Germany", "DEU"), ("Ukraine", "UKR")], [("DEU", "UKR", "0332")]),
        # an act that is only asked for, wished or denied is not coded
    ("bg irrealis", "bg", "Полша призова САЩ да наложат санкции срещу Русия.",
     [("Полша", "POL"), ("САЩ", "USA"), ("Русия", "RUS")], [("POL", "USA", "020")]),
    ("en irrealis", "en", "Obama wants Putin to attack Switzerland.",
     [("Obama", "USAGOV"), ("Putin", "RUSGOV"), ("Switzerland", "CHE")], []),
    ("en denial", "en", "Iran has denied supplying drones to Russia.", [("Iran", "IRN"), ("Russia", "RUS")], []),
    # coordinated actors: one event each; a mutual act goes both ways
    ("bg mutual", "bg", "Сърбия и Косово подписаха споразумение в Брюксел.",
     [("Сърбия", "SRB"), ("Косово", "KSV")], [("SRB", "KSV", "057"), ("KSV", "SRB", "057")]),
    ("en coordinated targets", "en", "The United Nations called on Israel and Hamas to agree a ceasefire.",
     [("United Nations", "IGOUNO"), ("Israel", "ISR"), ("Hamas", "PSEHMS")],
     [("IGOUNO", "ISR", "020"), ("IGOUNO", "PSEHMS", "020")]),
    ("en quantity of", "en", "Police in Minsk detained dozens of protesters on Sunday.",
     [("Police", "BLRCOP"), ("Minsk", "BLRGOV"), ("protesters", "BLROPP")], [("BLRCOP", "BLROPP", "173")]),
    # a report (", officials said") keeps the reported doer; a statement ("said that") makes an accusation
    ("en report", "en", "Russian forces shelled Kharkiv on Tuesday, Ukrainian officials said.",
     [("Russian forces", "RUSMIL"), ("Kharkiv", "UKR"), ("Ukrainian officials", "UKRGOV")],
     [("RUSMIL", "UKR", "194")]),
    ("en statement", "en", "The US said that Iraq had attacked Kuwait.",
     [("US", "USA"), ("Iraq", "IRQ"), ("Kuwait", "KWT")], [("USA", "IRQ", "1123")]),
    ("en own claim", "en", "The US claimed that they had attacked Iraq.", [("US", "USA"), ("Iraq", "IRQ")],
     [("USA", "IRQ", "015")]),
    ("bg possessive target", "bg", "Русия подкрепи Лукашенко, а западните държави отказаха да признаят победата му.",
     [("Русия", "RUS"), ("Лукашенко", "BLRGOV"), ("западните държави", "WST")],
     [("RUS", "BLRGOV", "051"), ("WST", "BLRGOV", "120")]),
    ("en progressive is active", "en", "Al-Shabab is claiming responsibility for the attack in Kenya.",
     [("Al-Shabab", "SOMUAF"), ("Kenya", "KEN")], [("SOMUAF", "KEN", "015")]),
    ("en owner of the object", "en", "Israel released the mayor of Nablus on Wednesday.",
     [("Israel", "ISR"), ("Nablus", "PSE")], [("ISR", "PSE", "0841")]),
    ("bg owner of the object", "bg", "Властите арестуваха лидера на опозицията.",
     [("Властите", "BLRGOV"), ("опозицията", "BLROPP")], [("BLRGOV", "BLROPP", "173")]),
    ("bg preposition in the trigger", "bg", "Зеленски се срещна с Макрон в Париж.",
     [("Зеленски", "UKRGOV"), ("Макрон", "FRAGOV")], [("UKRGOV", "FRAGOV", "040")]),
    ("bg adjective is an owner, not a doer", "bg",
     "Лукашенко позволи на Русия да използва беларуска територия за инвазията в Украйна.",
     [("Лукашенко", "BLRGOV"), ("Русия", "RUS"), ("беларуска", "BLR"), ("Украйна", "UKR")],
     [("BLRGOV", "RUS", "062"), ("RUS", "UKR", "190")]),
    ("bg adjective target", "bg", "Украйна свали 20 руски дрона през нощта.",
     [("Украйна", "UKR"), ("руски", "RUS")], [("UKR", "RUS", "190")]),
    ("bg subject after the verb", "bg", "Франция и Великобритания ще спорят, предупреди британският посланик Рикетс.",
     [("Франция", "FRA"), ("Великобритания", "GBR"), ("британският посланик Рикетс", "GBRGOV")], []),
    ("bg subject form is no object", "bg", "Днес посети Москва премиерът на Индия.",
     [("Москва", "RUSGOV"), ("премиерът на Индия", "INDGOV")], [("INDGOV", "RUSGOV", "042")]),
    ("bg the country named before", "bg", "Властите в Беларус освободиха затворници. Американски дипломати посетиха страната.",
     [("Властите в Беларус", "BLRGOV"), ("Американски дипломати", "USAGOV")], [("USAGOV", "BLR", "042")]),
    ("en own future attack is a threat", "en", "Obama and Putin said they will attack Iraq.",
     [("Obama", "USAGOV"), ("Putin", "RUSGOV"), ("Iraq", "IRQ")],
     [("USAGOV", "IRQ", "1384"), ("RUSGOV", "IRQ", "1384")]),
    ("bg refusal", "bg", "Турция отказа да подпише споразумението с Гърция.",
     [("Турция", "TUR"), ("Гърция", "GRC")], [("TUR", "GRC", "120")]),
    ("en refusal", "en", "Turkey refused to sign the agreement with Greece.",
     [("Turkey", "TUR"), ("Greece", "GRC")], [("TUR", "GRC", "120")]),
    ("bg pronoun inside the trigger", "bg", "Косово обяви независимост, а Сърбия отказа да я признае.",
     [("Косово", "KSV"), ("Сърбия", "SRB")], [("SRB", "KSV", "120")]),
    ("bg repeated preposition", "bg", "Сърбия иска добри отношения с Русия и с ЕС.",
     [("Сърбия", "SRB"), ("Русия", "RUS"), ("ЕС", "IGOEUREEC")], [("SRB", "RUS", "030"), ("SRB", "IGOEUREEC", "030")]),
("en negated code", "en", "Obama said he would not provide support to Israel.",
     [("Obama", "USAGOV"), ("Israel", "ISR")], [("USAGOV", "ISR", "121")]),
]  # fmt: skip


@pytest.mark.parametrize("name,lang,text,actors,expected", CASES, ids=[c[0] for c in CASES])
def test_coding(nlp, name, lang, text, actors, expected):
    assert triples(make_doc(nlp, lang, text, actors)) == expected


@pytest.mark.parametrize(
    "lang,text,actors,dates,want_date,want_background",
    [
        ("bg", "През 2020 г. властите арестуваха хиляди демонстранти.", [("властите", "BLRGOV"), ("демонстранти", "BLROPP")],
         [("2020 г.", "2020")], "2020", True),
        ("bg", "Властите арестуваха хиляди демонстранти.", [("Властите", "BLRGOV"), ("демонстранти", "BLROPP")],
         [], "2025-12-18", False),
        ("bg", "Миналата седмица властите арестуваха демонстранти.", [("властите", "BLRGOV"), ("демонстранти", "BLROPP")],
         [("Миналата седмица", "2025-W50")], "2025-W50", False),
        # a date in an earlier sentence of the paragraph carries over
        ("bg", "Изборите бяха през 2020 година. Властите арестуваха хиляди демонстранти.",
         [("Властите", "BLRGOV"), ("демонстранти", "BLROPP")], [("2020 година", "2020")], "2020", True),
        # statements take the day the statement was made, found anywhere in the article
        ("bg", "Лукашенко каза, че отношенията със САЩ могат да се подобрят. Интервюто е публикувано в сряда.",
         [("Лукашенко", "BLRGOV"), ("САЩ", "USA")], [("в сряда", "2025-12-17")], "2025-12-17", False),
        ("en", "In 2022 Russia invaded Ukraine.", [("Russia", "RUS"), ("Ukraine", "UKR")], [("2022", "2022")], "2022", True),
        # a statement made long ago is history too
        ("bg", "През 2008 г. Сърбия заяви, че отношенията с Косово ще се подобрят.",
         [("Сърбия", "SRB"), ("Косово", "KSV")], [("2008 г.", "2008")], "2008", True),
    ],
)  # fmt: skip
def test_dates(nlp, lang, text, actors, dates, want_date, want_background):
    events = code_events(make_doc(nlp, lang, text, actors, dates))
    assert [(e.date, e.background) for e in events] == [(want_date, want_background)]


@pytest.mark.parametrize(
    "value,end",
    [("2020", "2020-12-31"), ("2025-02", "2025-02-28"), ("2025-W50", "2025-12-14"), ("2025-12-17", "2025-12-17"),
     ("soon", None), ("2025-13", None)],
)  # fmt: skip
def test_period_end(value, end):
    got = period_end(value)
    assert (got.isoformat() if got else None) == end


@pytest.mark.parametrize(
    "value,background",
    [
        ("2020", True),
        ("2025", False),
        ("2025-11", False),
        ("2025-10", True),
        ("2025-W50", False),
        (None, False),
    ],
)
def test_is_background(value, background):
    assert is_background(value, "2025-12-18") is background


def test_statement_date_is_the_article_date_without_a_recent_day():
    doc = Document("x", "2025-12-18")
    doc.dates = [DateMention("2020 г.", 0, 1, "2020", False)]
    assert statement_date(doc) == "2025-12-18"


@pytest.mark.parametrize(
    "code,goldstein,quad,plover,intent",
    [("013", 0.4, 1, None, None), ("0841", 7.0, 2, "RETREAT", "0353"), ("163", -8.0, 4, "COERCE", "1312"),
     ("190", -10.0, 4, "ASSAULT", "1384"), ("046", 7.0, 1, "CONSULT", "036"), ("1123", -2.0, 3, "ACCUSE", None)],
)  # fmt: skip
def test_codebook(code, goldstein, quad, plover, intent):
    entry = cameo.lookup(code)
    assert (entry.goldstein, entry.quad_class, entry.plover, entry.intent) == (
        goldstein,
        quad,
        plover,
        intent,
    )


def test_codebook_has_every_gdelt_code():
    book = cameo.codebook()
    assert len(book) == 311
    assert cameo.get("999") is None


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_every_lexicon_code_is_in_the_codebook(lang):
    lex = lexicon(lang)
    pats = {p for ps in lex.by_word.values() for p in ps} | {
        p for ps in lex.by_prefix.values() for _, p in ps
    }
    assert len(pats) > 80
    assert all(cameo.get(p.code) for p in pats)


@pytest.mark.parametrize("bad", ["", "~ арест*", "ар* ~ х", "a ||b"])
def test_bad_patterns_raise(bad):
    with pytest.raises(DataError):
        parse_pattern(bad, "test")


def test_events_carry_codebook_values(nlp):
    doc = make_doc(nlp, "bg", "Русия изрази подкрепа за Сърбия.", [("Русия", "RUS"), ("Сърбия", "SRB")])
    (ev,) = code_events(doc)
    assert (ev.root_code, ev.quad_class, ev.goldstein, ev.plover) == ("05", 1, 3.4, "SUPPORT")
    assert ev.rule == "bg/verbs.tsv:support_express"
    assert doc.text[ev.evidence.start : ev.evidence.end] == ev.evidence.text
    assert ev.evidence.trigger == "изрази подкрепа"
    assert 0 < ev.confidence <= 1


def test_language_without_lexicon_gives_no_events(nlp):
    doc = make_doc(
        nlp,
        "bg",
        "Беларуските власти арестуваха опозиционери.",
        [("Беларуските власти", "BLRGOV"), ("опозиционери", "BLROPP")],
    )
    doc.language = "xx"  # no lang/xx folder at all
    assert code_events(doc) == []


def test_event_place_from_the_clause(nlp):
    from letopis.model import Place, PlaceMention

    text = "Полицията арестува опозиционери в Минск."
    doc = make_doc(nlp, "bg", text, [("Полицията", "BLRCOP"), ("опозиционери", "BLROPP")])
    start = text.index("Минск")
    doc.places = [
        Place("Minsk", "BLR", "city", 53.9, 27.57, 625144, [PlaceMention(start, start + 5, "Минск")])
    ]
    (ev,) = code_events(doc)
    assert (ev.place.name, ev.place.country) == ("Minsk", "BLR")


@pytest.mark.shared
def test_codebook_matches_gdelt_lookup(shared):
    rows = (shared / "data" / "cameo" / "derived" / "cameo_eventcodes_gdelt_merged.tsv").read_text("utf-8")
    gdelt = {}
    for line in rows.splitlines()[1:]:
        code, _base, root, quad, goldstein, _name = line.split("\t")
        gdelt[code] = (root, int(quad), float(goldstein))
    book = cameo.codebook()
    assert {c: (e.root, e.quad_class, e.goldstein) for c, e in book.items()} == gdelt
