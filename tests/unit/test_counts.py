"""Counts: typed numbers of people from the trigger that governs them; years and ordinals are never counts."""

from __future__ import annotations

import pytest

from letopis.coding.counts import digit_value
from letopis.model import Document
from letopis.pipeline import PipelineConfig, load_stage

STAGES = [load_stage(n, PipelineConfig()) for n in ("language", "sentences", "tokens", "dates", "counts")]


def counts_of(text: str, lang: str) -> list[tuple[str, int, bool, str | None, str]]:
    doc = Document(text, date="2025-12-18", language=lang)
    for stage in STAGES:
        doc = stage(doc)
    return [(c.type, c.number, c.approximate, c.object, doc.text[c.start : c.end]) for c in doc.counts]


def test_seed_counts_exact_surfaces():
    text = (
        "В отговор на протестите беларуските власти арестуваха хиляди демонстранти. Пратеникът миналата седмица "
        "е съдействал за постигането на споразумение за освобождаването на 123 задържани лица."
    )
    assert counts_of(text, "bg") == [
        ("ARREST", 1000, True, "демонстранти", "хиляди демонстранти"),
        ("RELEASE", 123, False, "задържани лица", "123 задържани лица"),
    ]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("При атаката бяха убити двама войници.", "bg", [("KILL", 2, False, "войници", "двама войници")]),
        ("Трима полицаи са ранени.", "bg", [("WOUND", 3, False, "полицаи", "Трима полицаи")]),
        ("Полицията задържа 1 200 души.", "bg", [("ARREST", 1200, False, "души", "1 200 души")]),
        (
            "Евакуирани са 3,5 хиляди жители.",
            "bg",
            [("EVACUATE", 3500, False, "жители", "3,5 хиляди жители")],
        ),
        (
            "Десетки хиляди протестиращи излязоха.",
            "bg",
            [("PROTEST", 10000, True, "протестиращи", "Десетки хиляди протестиращи")],
        ),
        ("Стотици хора загинаха.", "bg", [("KILL", 100, True, "хора", "Стотици хора")]),
        ("Около 50 души са ранени.", "bg", [("WOUND", 50, True, "души", "50 души")]),
        (
            "Милиони бежанци напуснаха страната.",
            "bg",
            [("DISPLACE", 1000000, True, "бежанци", "Милиони бежанци")],
        ),
        ("Отменени са 20 полета.", "bg", [("CANCEL", 20, False, "полета", "20 полета")]),
        (
            "Русия и Украйна размениха по 150 военнопленници.",
            "bg",
            [("RELEASE", 150, False, "военнопленници", "150 военнопленници")],
        ),
        (
            "The attack left 3 dead and 12 wounded.",
            "en",
            [("KILL", 3, False, "dead", "3 dead"), ("WOUND", 12, False, "wounded", "12 wounded")],
        ),
        (
            "Повече от 1,806 млн. души са починали.",
            "bg",
            [("KILL", 1806000, True, "души", "1,806 млн. души")],
        ),
        (
            "Над сто и четиресет хиляди са засегнати.",
            "bg",
            [("AFFECT", 140000, True, None, "сто и четиресет хиляди")],
        ),
        ("Арестуван е един човек.", "bg", [("ARREST", 1, False, "човек", "един човек")]),
        (
            "Police arrested 1,200 protesters.",
            "en",
            [("ARREST", 1200, False, "protesters", "1,200 protesters")],
        ),
        ("At least 12 people were killed.", "en", [("KILL", 12, True, "people", "12 people")]),
        ("Two dozen soldiers were wounded.", "en", [("WOUND", 24, False, "soldiers", "Two dozen soldiers")]),
        (
            "Hundreds of thousands of people were evacuated.",
            "en",
            [("EVACUATE", 100000, True, "people", "Hundreds of thousands of people")],
        ),
        (
            "Thousands of demonstrators marched.",
            "en",
            [("PROTEST", 1000, True, "demonstrators", "Thousands of demonstrators")],
        ),
        (
            "The release of 123 detainees was agreed.",
            "en",
            [("RELEASE", 123, False, "detainees", "123 detainees")],
        ),
    ],
)
def test_counts(text, lang, expected):
    assert counts_of(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("В результате обстрела погибли 12 человек.", "ru", [("KILL", 12, False, "человек", "12 человек")]),
        (
            "Полиция задержала около 200 демонстрантов.",
            "ru",
            [("ARREST", 200, True, "демонстрантов", "200 демонстрантов")],
        ),
        ("Это случилось в 2020 году.", "ru", []),
        ("Закон EU Bill 2018 аннулирует закон.", "ru", []),
        ("Пилоты начали забастовку с 4:01 мск.", "ru", []),
        ("На митинге в Пакистане 7 человек погибли.", "ru", [("KILL", 7, False, "человек", "7 человек")]),
        ("Унаслідок обстрілу загинули 12 людей.", "uk", [("KILL", 12, False, "людей", "12 людей")]),
        ("Звільнено 123 заручників.", "uk", [("RELEASE", 123, False, "заручників", "123 заручників")]),
    ],
)
def test_counts_ru_uk(text, lang, expected):
    assert counts_of(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Бразилия (близо 194 хил. починали от почти 7,620 млн. заразени).",
            "bg",
            [
                ("KILL", 194000, True, "починали", "194 хил. починали"),
                ("AFFECT", 7620000, True, "заразени", "7,620 млн. заразени"),
            ],
        ),
        (
            "Стотици хиляди хора подписаха петиция за освобождаването ѝ.",
            "bg",
            [],
        ),
    ],
)
def test_each_count_keeps_its_own_trigger(text, lang, expected):
    assert counts_of(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Протестите през 2020 г. бяха масови.", "bg"),  # a year is no count
        ("Арестите от 2020 г. продължават.", "bg"),
        ("Лукашенко спечели шести мандат.", "bg"),  # an ordinal is no count
        ("На 10-ия ден бяха арестувани хора.", "bg"),
        ("Задържаните са 20 % от протестиращите.", "bg"),  # a measure is no count
        ("Един от задържаните беше освободен.", "bg"),
        ("Изтребител F-16 беше свален.", "bg"),
        ("He was arrested in 2020.", "en"),
        ("He won a sixth term.", "en"),
        ("The 5th protest was peaceful.", "en"),
        ("Трима министри подадоха оставка.", "bg"),  # a number without a trigger
        ("Те смятат, че член 50 е отменим.", "bg"),  # a label
        ("Починал е мъж на 55 г. с пневмония.", "bg"),  # an age
        ("Хоспитализираните са с 40 на сто повече.", "bg"),  # a share
        ("Задържани в зоната до 2 ч. сутринта.", "bg"),  # a time
        ("Той ще освободи страната от един доминиран от Германия съюз.", "bg"),
        ("18:06 100 000 протестираха в Лондон.", "bg"),  # a clock time glued to a number
        ("Over 80 million Americans have cast ballots.", "en"),
    ],
)
def test_not_counts(text, lang):
    assert counts_of(text, lang) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("123", 123.0),
        ("1 200", 1200.0),
        ("1,200", 1200.0),
        ("1.200", 1200.0),
        ("3,5", 3.5),
        ("3.5", 3.5),
        ("x", None),
    ],
)
def test_digit_value(text, value):
    assert digit_value(text) == value
