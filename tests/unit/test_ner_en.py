"""English name tagging from word lists (nlp/ner_words.py), through the pipeline and through tag_names."""

from __future__ import annotations

import pytest

from letopis.model import Document
from letopis.nlp.ner import tag_names
from letopis.nlp.ner_words import has_word_data, key_of, tag_by_words
from letopis.runners.local import build_pipeline


@pytest.fixture(scope="module")
def entities_pipe():
    return build_pipeline(language="en", stages=("language", "sentences", "tokens", "entities"))


@pytest.fixture(scope="module")
def tokens_pipe():
    return build_pipeline(language="en", stages=("language", "sentences", "tokens"))


def entity_types(pipe, text: str) -> dict[str, str]:
    """Every name mention's text -> its entity's type."""
    doc = pipe(Document(text, language="en"))
    return {text[m.start : m.end]: e.type for e in doc.entities for m in e.mentions if m.kind == "name"}


def tagged(pipe, text: str) -> list[tuple[str, str]]:
    doc = pipe(Document(text, language="en"))
    return [(text[doc.tokens[i].start : doc.tokens[j - 1].end], t) for i, j, t in tag_names(doc)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "President Barack Obama spoke in Chicago on Monday.",
            {"Barack Obama": "PERSON", "Chicago": "LOCATION"},
        ),
        ("Mr. Smith said the plan would fail.", {"Smith": "PERSON"}),
        ("Benjamin Netanyahu met envoys in Jerusalem.", {"Benjamin Netanyahu": "PERSON"}),
        ("Rockets were fired by Hamas overnight.", {"Hamas": "ORGANIZATION"}),
        ("Yesterday the Senate passed the bill.", {"Senate": "ORGANIZATION"}),
        ("Officials at the Ministry of Defence denied it.", {"Ministry of Defence": "ORGANIZATION"}),
        (
            "Sen. Tim Kaine visited the Justice Department.",
            {"Tim Kaine": "PERSON", "Justice Department": "ORGANIZATION"},
        ),
        ("Fighting went on near Tikrit.", {"Tikrit": "LOCATION"}),
        ("Troops moved along the Mississippi River.", {"Mississippi River": "LOCATION"}),
        ("The Bank of England raised rates.", {"Bank of England": "ORGANIZATION"}),
        (
            "Osama bin Laden was killed in Abbottabad.",
            {"Osama bin Laden": "PERSON", "Abbottabad": "LOCATION"},
        ),
        ("Secretary of State John Kerry flew to Geneva.", {"John Kerry": "PERSON", "Geneva": "LOCATION"}),
        ("Tim Kaine spoke first. Later Kaine left.", {"Tim Kaine": "PERSON", "Kaine": "PERSON"}),
        ("Shares of Goldman Sachs fell.", {"Goldman Sachs": "ORGANIZATION"}),
    ],
)
def test_english_entity_types(entities_pipe, text, expected):
    got = entity_types(entities_pipe, text)
    for name, typ in expected.items():
        assert got.get(name) == typ, got


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The Olympics opened on Monday.", ["Olympics", "The", "Monday"]),
        ("However, the talks failed.", ["However"]),
        ("Officials said nothing. Police arrived later.", ["Officials", "Police"]),
        ("In March the plan was dropped.", ["In", "March"]),
        ("The Moscow-based group and UK-based monitors spoke.", ["Moscow-based", "UK-based"]),
        (
            "Critics of the Affordable Care Act met before Super Tuesday.",
            ["Affordable Care Act", "Super Tuesday"],
        ),
        ("Sanders Says He Is Not Much Of A Socialist", ["Not Much Of A Socialist", "Socialist"]),
        ("Many Republicans and Democrats voted.", ["Republicans", "Democrats"]),
    ],
)
def test_english_non_names(entities_pipe, text, absent):
    got = entity_types(entities_pipe, text)
    for word in absent:
        assert word not in got, got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S. President Joe Biden arrived.", [("U.S", "LOC"), ("Joe Biden", "PER")]),
        (
            "Russian President Vladimir Putin met Gov. Mike Pence.",
            [("Vladimir Putin", "PER"), ("Mike Pence", "PER")],
        ),
        ('"We will win," said Jones.', [("Jones", "PER")]),
        ("Jenkins said police used gas.", [("Jenkins", "PER")]),
        ("Analysts said the talks failed.", []),
        ("Ships sailed into the Gulf of Mexico on Monday.", [("Gulf of Mexico", "LOC")]),
        ("Trump's aide met the Senate.", [("Trump's", "PER"), ("Senate", "ORG")]),
        ("Four people died. We’re sad, Hey said.", []),
        ("Rebels fought in Golan Heights on Saturday.", [("Golan Heights", "LOC")]),
        ("Deputy Secretary of Energy Jeffrey Kupfer left.", [("Jeffrey Kupfer", "PER")]),
        (
            "The attack in San Bernardino shocked the United Mine Workers.",
            [("San Bernardino", "LOC"), ("United Mine Workers", "ORG")],
        ),
        (
            "The Democratic Party met the Council on Foreign Relations.",
            [("Democratic Party", "ORG"), ("Council on Foreign Relations", "ORG")],
        ),
        ("The Syrian Observatory for Human Rights said so.", [("Observatory for Human Rights", "ORG")]),
        ("They met at the FBI in Washington.", [("FBI", "ORG"), ("Washington", "LOC")]),
        ("Former Secretary Hillary Clinton spoke.", [("Hillary Clinton", "PER")]),
    ],
)
def test_tag_names_english(tokens_pipe, text, expected):
    assert tagged(tokens_pipe, text) == expected


def test_word_data_dispatch_and_empty(tokens_pipe):
    assert has_word_data("en")
    assert not has_word_data("xx")  # a language without the lists keeps capital runs
    assert tag_by_words(Document("", language="en"), "en") == []
    assert key_of("U.S. Senate") == "u s senate"
