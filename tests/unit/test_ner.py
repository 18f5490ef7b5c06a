from __future__ import annotations

import pytest

from letopis.model import Document
from letopis.nlp.ner import decode_bio, tag_names
from letopis.runners.local import build_pipeline


@pytest.fixture(scope="module")
def tokens_pipe():
    return build_pipeline(language="bg", stages=("language", "sentences", "tokens"))


def names(pipe, text: str, lang: str = "bg") -> list[tuple[str, str]]:
    doc = pipe(Document(text, language=lang))
    return [(text[doc.tokens[i].start : doc.tokens[j - 1].end], t) for i, j, t in tag_names(doc)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Вчера Доналд Тръмп посети Тексас.", [("Доналд Тръмп", "PER"), ("Тексас", "LOC")]),
        ("Според Джо Байдън изборите в САЩ бяха честни.", [("Джо Байдън", "PER"), ("САЩ", "LOC")]),
        ("Премиерът Бойко Борисов говори в София.", [("Бойко Борисов", "PER"), ("София", "LOC")]),
        ("Министър Ангела Меркел пристигна в Берлин.", [("Ангела Меркел", "PER"), ("Берлин", "LOC")]),
        (
            "Решението взе Европейската комисия в Брюксел.",
            [("Европейската комисия", "ORG"), ("Брюксел", "LOC")],
        ),
        ("Говорителят на Белия дом не коментира.", [("Белия дом", "LOC")]),
        (
            "Председателят на Европейската комисия Жан-Клод Юнкер дойде.",
            [("Европейската комисия", "ORG"), ("Жан-Клод Юнкер", "PER")],
        ),
        ("Преговорите между Великобритания и ЕС продължават.", [("Великобритания", "LOC"), ("ЕС", "ORG")]),
        ("Договорът с Pfizer беше подписан, съобщи БТА.", [("Pfizer", "ORG"), ("БТА", "ORG")]),
        ("Камарата на представителите гласува закона.", [("Камарата на представителите", "ORG")]),
        ("Джо Байдън спечели. Байдън благодари на избирателите.", [("Джо Байдън", "PER"), ("Байдън", "PER")]),
        ("Делото е в Съда на ЕС от март.", [("Съда на ЕС", "ORG")]),
        ("Шефката на комисията Урсула фон дер Лайен замина.", [("Урсула фон дер Лайен", "PER")]),
        ("Мерките обяви Националния оперативен щаб вчера.", [("Националния оперативен щаб", "ORG")]),
        ("Новината съобщи АФП в петък.", [("АФП", "ORG")]),
        ("Самолетът на „Уизеър“ кацна.", [("Уизеър", "ORG")]),
        ("Тереза Мей говори. Ако Мей загуби, ще има избори.", [("Тереза Мей", "PER"), ("Мей", "PER")]),
        ("Той иска достъп до Единния пазар без мита.", []),
        ("Днес времето ще бъде слънчево и топло.", []),
        ("Вчера беше топло, а днес вали.", []),
        ("АКО ВИДИТЕ НЕЩО ЛЮБОПИТНО, ПИШЕТЕ НИ. ВСИЧКИ ПРАВА ЗАПАЗЕНИ.", []),
        ("", []),
    ],
)
def test_bulgarian_sentences(tokens_pipe, text, expected):
    assert names(tokens_pipe, text) == expected


def test_language_without_model_tags_capital_runs(tokens_pipe):
    pipe = build_pipeline(language="xx", stages=("language", "sentences", "tokens"))
    assert names(pipe, "Dnes Jan Novak prisel.", lang="xx") == [("Jan Novak", "LOC")]


@pytest.mark.parametrize(
    ("labels", "spans"),
    [
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["I-ORG", "I-ORG"], [(0, 2, "ORG")]),
        (["B-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "LOC")]),
        (["B-PER", "B-PER"], [(0, 1, "PER"), (1, 2, "PER")]),
        ([], []),
    ],
)
def test_decode_bio(labels, spans):
    assert decode_bio(labels) == spans
