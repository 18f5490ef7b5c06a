from __future__ import annotations

import pytest

from letopis.model import Document
from letopis.nlp.langid import identify
from letopis.nlp.sentences import split_sentences
from letopis.nlp.tokens import tokenize


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Беларуският президент Александър Лукашенко заяви, че отношенията между Минск и Вашингтон биха могли да се подобрят.", "bg"),
        ("Президент Беларуси Александр Лукашенко заявил, что отношения между Минском и Вашингтоном могут улучшиться.", "ru"),
        ("Президент Білорусі Олександр Лукашенко заявив, що відносини між Мінськом і Вашингтоном можуть покращитися.", "uk"),
        ("Претседателот на Белорусија изјави дека односите меѓу Минск и Вашингтон може да се подобрат.", "mk"),
        ("Председник Белорусије је изјавио да би се односи између Минска и Вашингтона могли побољшати.", "sr"),
        ("The president of Belarus said that relations between Minsk and Washington could improve.", "en"),
        ("Der Präsident von Belarus sagte, dass sich die Beziehungen zwischen Minsk und Washington verbessern könnten.", "de"),
        ("Le président du Bélarus a déclaré que les relations entre Minsk et Washington pourraient s'améliorer.", "fr"),
        ("El presidente de Bielorrusia dijo que las relaciones entre Minsk y Washington podrían mejorar.", "es"),
        ("Běloruský prezident řekl, že vztahy mezi Minskem a Washingtonem by se mohly zlepšit.", "cs"),
        ("Prezydent Białorusi powiedział, że stosunki między Mińskiem a Waszyngtonem mogą się poprawić.", "pl"),
        ("Beloruski predsednik je dejal, da bi se odnosi med Minskom in Washingtonom lahko izboljšali.", "sl"),
    ],
)
def test_identify(text, lang):
    assert identify(text) == lang


def test_identify_no_words():
    assert identify("123 456 !!!") is None


@pytest.mark.parametrize(
    "text, n",
    [
        ("Изборите през 2020 г. бяха спорни. Протестите продължиха.", 2),
        ("През 2020 г. Лукашенко спечели. Това каза той.", 2),
        ("Протестите бяха през 2020 г. Това каза той.", 2),
        ("Проф. Иванов каза това. Д-р Петров не отговори.", 2),
        ("Дж. Байдън и т.е. още хора дойдоха.", 1),
        ("Mr. Smith went to Washington. He met Dr. Jones there.", 2),
        ("Първи абзац\n\nВтори абзац", 2),
        ("", 0),
    ],
)
def test_sentences(text, n):
    assert len(split_sentences(text, "bg" if any("а" <= c <= "я" for c in text.lower()) else "en")) == n


def test_tokens_offsets_and_lemmas():
    text = "Беларуските власти арестуваха 1 200 демонстранти."
    toks = tokenize(text, [0], "bg")
    assert [t.text for t in toks] == ["Беларуските", "власти", "арестуваха", "1 200", "демонстранти", "."]
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert toks[0].lemma == "беларуски" and toks[0].is_cap and not toks[-1].is_word


def test_document_id_stable():
    assert Document("x", "2025-01-01").id == Document("x", "2025-01-01").id != Document("x", None).id


def test_decomposed_letters_and_soft_hyphens_fold_but_offsets_hold():
    text = "Ки\u0306ев и Бела\u00adрус"
    toks = tokenize(text, [0], "bg")
    assert [t.lower for t in toks] == ["кйев", "и", "беларус"]
    assert all(text[t.start : t.end] == t.text for t in toks)
