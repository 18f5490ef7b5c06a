"""References: titles and pronouns resolved to person entities, and left alone when unsure."""

from __future__ import annotations

import pytest

from letopis.model import Document
from letopis.runners.local import build_pipeline

STAGES = ("language", "sentences", "tokens", "entities", "references")


@pytest.fixture(scope="module")
def run():
    pipes = {lang: build_pipeline(language=lang, stages=STAGES) for lang in ("bg", "en")}

    def _run(text: str, lang: str = "bg") -> Document:
        return pipes[lang](Document(text, date="2025-12-18", language=lang))

    return _run


def _refs(doc: Document) -> dict[str, list[str]]:
    return {
        e.name: [doc.text[m.start : m.end] for m in e.mentions if m.kind == "reference"] for e in doc.entities
    }


@pytest.mark.parametrize(
    ("text", "lang", "name", "refs"),
    [
        ("Лукашенко говори дълго. Той каза, че е доволен.", "bg", "Alexander Lukashenko", ["Той"]),
        ("Лукашенко говори дълго. Президентът добави още.", "bg", "Alexander Lukashenko", ["Президентът"]),
        (
            "Путин и Лукашенко се срещнаха. По-късно беларуският президент заяви това.",
            "bg",
            "Alexander Lukashenko",
            ["беларуският президент"],
        ),
        (
            "Путин и Лукашенко се срещнаха. По-късно руският президент заяви това.",
            "bg",
            "Vladimir Putin",
            ["руският президент"],
        ),
        ("Мая Санду пристигна в Брюксел. Тя поиска подкрепа.", "bg", "Maia Sandu", ["Тя"]),
        ("Zelensky arrived in Washington. He asked for help.", "en", "Volodymyr Zelensky", ["He"]),
        (
            "Zelensky arrived in Washington. The president asked for help.",
            "en",
            "Volodymyr Zelensky",
            ["president"],
        ),
        (
            "Netanyahu spoke on Monday. Later the Israeli prime minister left.",
            "en",
            "Benjamin Netanyahu",
            ["Israeli prime minister"],
        ),
    ],
)
def test_references_resolve(run, text, lang, name, refs):
    doc = run(text, lang)
    assert _refs(doc)[name] == refs
    act = next(a for a in doc.actors if doc.text[a.start : a.end] == refs[0])
    ent = next(e for e in doc.entities if e.name == name)
    assert (act.entity, act.code) == (ent.id, ent.actor_code)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Путин се срещна с Тръмп. Той каза, че е доволен.", "bg"),  # two men: unsure
        ("Мая Санду пристигна. Той поиска подкрепа.", "bg"),  # gender does not agree
        ("Putin met Trump. He said it went well.", "en"),
        ("It rained all week. He stayed home.", "en"),  # nobody to refer to
        ("Лукашенко подписа закона. Той влиза в сила от януари.", "bg"),  # "той" may be the law
    ],
)
def test_no_reference_when_unsure(run, text, lang):
    doc = run(text, lang)
    assert not any(refs for refs in _refs(doc).values())


def test_title_agrees_with_role(run):
    doc = run("Лукашенко и Джон Коул разговаряха. Пратеникът си тръгна.")
    refs = _refs(doc)
    assert refs["John Coale"] == ["Пратеникът"]
    assert refs["Alexander Lukashenko"] == []


def test_unresolved_title_with_country_is_a_group(run):
    doc = run("Talks went on. The French president was absent.", "en")
    act = next(a for a in doc.actors if doc.text[a.start : a.end] == "French president")
    assert (act.code, act.entity) == ("FRAGOV", None)


def test_title_after_the_name_is_his(run):
    doc = run("Вчера Марян Бачев, министър на културата, откри изложбата. Министърът каза, че е доволен.")
    assert _refs(doc) == {"Maryan Bachev": ["Министърът"]}
    assert doc.entities[0].actor_code == "BGRGOV"
