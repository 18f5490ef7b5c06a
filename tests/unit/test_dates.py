"""Dates: absolute and relative expressions resolved against the article's date (2025-12-18, a Thursday)."""

from __future__ import annotations

import pytest

from letopis.coding.dates import DateStage, weekday_date
from letopis.model import Document
from letopis.pipeline import PipelineConfig, load_stage

STAGES = [load_stage(n, PipelineConfig()) for n in ("language", "sentences", "tokens")] + [
    DateStage(PipelineConfig())
]
DATE = "2025-12-18"


def dates_of(text: str, lang: str, date: str | None = DATE) -> list[tuple[str, str, bool]]:
    doc = Document(text, date=date, language=lang)
    for stage in STAGES:
        doc = stage(doc)
    for d in doc.dates:
        assert doc.text[d.start : d.end] == d.text
    return [(d.text, d.value, d.relative) for d in doc.dates]


SEED = (
    "Резултатите от президентските избори в Беларус през 2020 г. е бил неуспешен. Това каза Лукашенко в "
    "интервю за американската медия Newsmax, публикувано в сряда. Инвазията в Украйна през 2022 г. Пратеникът "
    "миналата седмица е съдействал за освобождаването на 123 задържани лица."
)


def test_seed_dates_exact_surfaces_and_values():
    assert dates_of(SEED, "bg") == [
        ("2020 г.", "2020", False),
        ("в сряда", "2025-12-17", True),
        ("2022 г.", "2022", False),
        ("миналата седмица", "2025-W50", True),
    ]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Той дойде вчера.", "bg", [("вчера", "2025-12-17", True)]),
        ("Той дойде днес.", "bg", [("днес", "2025-12-18", True)]),
        ("Той дойде онзи ден.", "bg", [("онзи ден", "2025-12-16", True)]),
        ("Взривът беше снощи.", "bg", [("снощи", "2025-12-17", True)]),
        ("Протестът беше миналия уикенд.", "bg", [("миналия уикенд", "2025-W50", True)]),
        ("The blast was last night.", "en", [("last night", "2025-12-17", True)]),
        ("They marched over the weekend.", "en", [("over the weekend", "2025-W50", True)]),
        ("Срещата беше миналия месец.", "bg", [("миналия месец", "2025-11", True)]),
        ("Срещата беше миналата година.", "bg", [("миналата година", "2024", True)]),
        ("Това стана преди два дни.", "bg", [("преди два дни", "2025-12-16", True)]),
        ("Това стана преди три седмици.", "bg", [("преди три седмици", "2025-W48", True)]),
        ("Това стана преди месец.", "bg", [("преди месец", "2025-11", True)]),
        ("Срещата ще бъде на 5 декември.", "bg", [("5 декември", "2025-12-05", True)]),
        ("Срещата беше на 5.12.2025 в София.", "bg", [("5.12.2025", "2025-12-05", False)]),
        ("Изборите бяха през декември 2024 г.", "bg", [("декември 2024 г.", "2024-12", False)]),
        ("Протестите бяха в началото на 2022 г.", "bg", [("в началото на 2022 г.", "2022", False)]),
        ("На 3 януари 2020 г. той замина.", "bg", [("3 януари 2020 г.", "2020-01-03", False)]),
        ("Той ще пристигне в понеделник.", "bg", [("в понеделник", "2025-12-22", True)]),
        ("Срещата беше в четвъртък.", "bg", [("в четвъртък", "2025-12-18", True)]),
        ("Срещата беше миналата сряда.", "bg", [("миналата сряда", "2025-12-17", True)]),
        ("Пристигна на 31 февруари 2024 г.", "bg", []),
        ("Срещата е на 22 и 23 март.", "bg", [("22", "2026-03-22", True), ("23 март", "2026-03-23", True)]),
        ("Talks on 3-4 June 2024.", "en", [("3", "2024-06-03", False), ("4 June 2024", "2024-06-04", False)]),
        ("He spoke on Wednesday.", "en", [("on Wednesday", "2025-12-17", True)]),
        ("He spoke last week.", "en", [("last week", "2025-W50", True)]),
        ("He spoke yesterday.", "en", [("yesterday", "2025-12-17", True)]),
        ("The vote was in 2020, he said.", "en", [("2020", "2020", False)]),
        ("The vote was on December 5.", "en", [("December 5", "2025-12-05", True)]),
        ("The vote was on 5 December 2025.", "en", [("5 December 2025", "2025-12-05", False)]),
        ("The vote was last month.", "en", [("last month", "2025-11", True)]),
        ("The vote was three weeks ago.", "en", [("three weeks ago", "2025-W48", True)]),
        ("He will speak next Monday.", "en", [("next Monday", "2025-12-22", True)]),
        ("They may march in May 2024.", "en", [("May 2024", "2024-05", False)]),
        ("В среду он заявил это.", "ru", [("В среду", "2025-12-17", True)]),
        ("Это было на прошлой неделе.", "ru", [("на прошлой неделе", "2025-W50", True)]),
        ("Это было в 2020 году.", "ru", [("2020 году", "2020", False)]),
        ("Это было в начале 2022 года.", "ru", [("в начале 2022 года", "2022", False)]),
        ("Это было два дня назад.", "ru", [("два дня назад", "2025-12-16", True)]),
        ("Це було 5 грудня 2024 р. у Києві.", "uk", [("5 грудня 2024 р.", "2024-12-05", False)]),
        ("Це було минулого тижня.", "uk", [("минулого тижня", "2025-W50", True)]),
        ("У п'ятницю він приїхав.", "uk", [("У п'ятницю", "2025-12-12", True)]),
    ],
)
def test_dates(text, lang, expected):
    assert dates_of(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Полицията задържа 2020 души.", "bg"),  # a number before a noun is no year
        ("Той спечели шести мандат.", "bg"),
        ("Това стана преди дни.", "bg"),  # vague: no number
        ("Бяха арестувани 123 задържани лица.", "bg"),
        ("They may march to the square.", "en"),
        ("Some 2020 people marched.", "en"),
    ],
)
def test_not_dates(text, lang):
    assert dates_of(text, lang) == []


def test_without_article_date_only_absolute_dates_are_emitted():
    assert dates_of("Вчера, в сряда, както и през 2020 г.", "bg", date=None) == [("2020 г.", "2020", False)]


@pytest.mark.parametrize(
    ("weekday", "direction", "expected"),
    [
        (3, "past", "2025-12-17"),
        (4, "past", "2025-12-18"),
        (4, "before", "2025-12-11"),
        (4, "future", "2025-12-18"),
        (4, "after", "2025-12-25"),
        (1, "future", "2025-12-22"),
        (5, "past", "2025-12-12"),
    ],
)
def test_weekday_rule(weekday, direction, expected):
    import datetime as dt

    assert weekday_date(dt.date(2025, 12, 18), weekday, direction).isoformat() == expected


def test_seed_article_dates_and_counts_match_gold(seed_record):
    import json

    from tests.conftest import SEED_GOLD

    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    assert {(d.text, d.value) for d in seed_record.dates} == {
        (d["surface"], d["value"]) for d in gold["dates"]
    }
    assert {
        (c.type, c.number, c.approximate, seed_record.text[c.start : c.end]) for c in seed_record.counts
    } == {(c["type"], c["number"], c["approximate"], c["surface"]) for c in gold["counts"]}
