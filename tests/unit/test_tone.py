"""Tone: GDELT's seven figures from the language's word lists."""

from __future__ import annotations

import pytest

from letopis.model import Document, Tone
from letopis.pipeline import PipelineConfig, load_stage

STAGES = [load_stage(n, PipelineConfig()) for n in ("language", "sentences", "tokens", "tone")]


def tone_of(text: str, lang: str | None) -> Tone:
    doc = Document(text, date="2025-12-18", language=lang)
    for stage in STAGES:
        doc = stage(doc)
    return doc.tone


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # 5 words: "добри" positive (1), "отношения" neutral -> 20 %
        ("Ние искаме добри отношения сега.", "bg", Tone(20.0, 20.0, 0.0, 20.0, 0.0, 20.0, 5)),
        # 4 words: "войната" and "кризата" negative -> 50 %
        ("Войната задълбочи кризата тук.", "bg", Tone(-50.0, 0.0, 50.0, 50.0, 0.0, 0.0, 4)),
        # 6 words: "We" self, "attacked" negative + active, "peace" positive
        (
            "We attacked, then we sought peace.",
            "en",
            Tone(0.0, 16.6667, 16.6667, 33.3333, 16.6667, 33.3333, 6),
        ),
        ("", "bg", Tone()),
    ],
)
def test_tone(text, lang, expected):
    assert tone_of(text, lang) == expected


def test_reflexive_si_and_nasa_are_not_first_person():
    tone = tone_of("НАСА си купи нова ракета.", "bg")
    assert tone.self_group == 0.0 and tone.word_count == 5


def test_us_in_capitals_is_no_pronoun():
    assert tone_of("The US told us so.", "en").self_group == 20.0


def test_language_without_lists_counts_words_only():
    assert tone_of("Dobro jutro svima.", "sl") == Tone(word_count=3)


def test_negative_text_has_negative_tone():
    text = "Опитът на Запада да обърне резултатите е бил неуспешен. Тогава защо ни гледате с недоверие?"
    tone = tone_of(text, "bg")
    assert tone.word_count == 15 and tone.negative > tone.positive and tone.tone < 0
    assert tone.polarity == pytest.approx(tone.positive + tone.negative)
