"""Direct quotations and their speakers, on documents built by hand (entities made in the test)."""

from __future__ import annotations

import pytest

from letopis.coding.quotes import QuoteStage, build_lexicon, find_candidates, find_spans, lexicon
from letopis.errors import DataError
from letopis.model import ActorAnn, Document, EntityAnn, MentionAnn
from letopis.pipeline import PipelineConfig
from letopis.resources import languages, read_table
from letopis.runners.local import build_pipeline

_NLP = {}


def _annotate(
    text: str, lang: str, people: dict[str, list[str]] | None = None, refs: dict[str, list[str]] | None = None
):
    """Run language-free NLP stages, then add PERSON entities: ``people`` maps a canonical name to the
    surfaces that name it; ``refs`` maps it to reference words (``той``, ``he``) that the references stage
    would resolve to it. Every occurrence of a surface becomes a mention."""
    if lang not in _NLP:
        _NLP[lang] = build_pipeline(language=lang, stages=("language", "sentences", "tokens"))
    doc = _NLP[lang](Document(text))
    for n, (name, surfaces) in enumerate((people or {}).items(), 1):
        mentions = []
        for kind, words in (("name", surfaces), ("reference", (refs or {}).get(name, []))):
            for w in words:
                i = text.find(w)
                while i >= 0:
                    mentions.append(MentionAnn(i, i + len(w), kind))
                    i = text.find(w, i + 1)
        doc.entities.append(
            EntityAnn(id=f"e{n}", name=name, native_name=surfaces[0], type="PERSON", mentions=mentions)
        )
        doc.actors.extend(ActorAnn(m.start, m.end, "BLRGOV", name, f"e{n}") for m in mentions)
    return QuoteStage(PipelineConfig())(doc)


LUKA = {"Alexander Lukashenko": ["Лукашенко"]}
TRUMP = {"Donald Trump": ["Trump"]}


@pytest.mark.parametrize(
    "text, quoted",
    [
        ("Лукашенко заяви: „Ние сме прагматици и ще се разберем“.", "Ние сме прагматици и ще се разберем"),
        ('Лукашенко заяви: "Ние сме прагматици и ще се разберем".', "Ние сме прагматици и ще се разберем"),
        ("Лукашенко заяви: «Ние сме прагматици и ще се разберем».", "Ние сме прагматици и ще се разберем"),
        ("Лукашенко заяви: “Ние сме прагматици и ще се разберем”.", "Ние сме прагматици и ще се разберем"),
        ("Лукашенко заяви: 'Ние сме прагматици и ще се разберем'.", "Ние сме прагматици и ще се разберем"),
        ("Лукашенко заяви: ‘Ние сме прагматици и ще се разберем’.", "Ние сме прагматици и ще се разберем"),
        ("Лукашенко заяви: „Ние сме прагматици и ще се разберем”.", "Ние сме прагматици и ще се разберем"),
        ("Лукашенко заяви: „ Ние сме прагматици “.", "Ние сме прагматици"),
    ],
)
def test_each_quote_mark_style(text: str, quoted: str) -> None:
    doc = _annotate(text, "bg", LUKA)
    assert [(q.text, q.speaker_name, q.verb) for q in doc.quotes] == [
        (quoted, "Alexander Lukashenko", "заяви")
    ]
    q = doc.quotes[0]
    assert text[q.start : q.end] == q.text


@pytest.mark.parametrize(
    "lang, text, quoted, verb, people, refs",
    [
        (
            "bg",
            'Лукашенко коментира. "Можем ли да работим заедно? Да, можем", каза той.',
            "Можем ли да работим заедно? Да, можем",
            "каза",
            LUKA,
            {"Alexander Lukashenko": ["той"]},
        ),
        (
            "bg",
            "„Не искаме конфликт с никого“, подчерта Лукашенко пред журналисти.",
            "Не искаме конфликт с никого",
            "подчерта",
            LUKA,
            None,
        ),
        ("bg", "Лукашенко отбеляза пред журналисти в Минск: „Ще видим“.", "Ще видим", "отбеляза", LUKA, None),
        ("bg", "„Ще видим“, попита Лукашенко.", "Ще видим", "попита", LUKA, None),
        (
            "bg",
            "Лукашенко каза, че „отношенията ще се подобрят много скоро“.",
            "отношенията ще се подобрят много скоро",
            "каза",
            LUKA,
            None,
        ),
        (
            "en",
            '"We are going to win so much," he said.',
            "We are going to win so much,",
            "said",
            TRUMP,
            {"Donald Trump": ["he"]},
        ),
        (
            "en",
            'Trump said: "We are going to win so much."',
            "We are going to win so much.",
            "said",
            TRUMP,
            None,
        ),
        ("en", '"We are going to win", said Trump on Monday.', "We are going to win", "said", TRUMP, None),
        ("en", '"We will win," Trump told reporters.', "We will win,", "told", TRUMP, None),
        (
            "en",
            'Trump said that "the system is rigged against us".',
            "the system is rigged against us",
            "said",
            TRUMP,
            None,
        ),
        ("en", '"No," Trump said.', "No,", "said", TRUMP, None),
        (
            "en",
            "\"It's just long and tiring,\" Tina Tchen, Mrs. Obama's chief of staff, said.",
            "It's just long and tiring,",
            "said",
            {"Tina Tchen": ["Tina Tchen"]},
            None,
        ),
        (
            "en",
            'Mr. Frum, a former speechwriter for George W. Bush, wrote: "The big question is whether he can cope."',
            "The big question is whether he can cope.",
            "wrote",
            {"David Frum": ["Frum"]},
            None,
        ),
        (
            "en",
            "\"She said on the trail, 'I refuse to use the phrase,'\" Bolton noted.",
            "She said on the trail, 'I refuse to use the phrase,'",
            "noted",
            {"John Bolton": ["Bolton"]},
            None,
        ),
        (
            "en",
            '"They have nothing to worry about," Sen. Chuck Schumer (D-N.Y.) said Tuesday.',
            "They have nothing to worry about,",
            "said",
            {"Chuck Schumer": ["Chuck Schumer"]},
            None,
        ),
        (
            "en",
            'Ryan said,"Look, these images have no place in a campaign."',
            "Look, these images have no place in a campaign.",
            "said",
            {"Paul Ryan": ["Ryan"]},
            None,
        ),
        (
            "en",
            '"It is over," the president said in a statement.',
            "It is over,",
            "said",
            {"Barack Obama": ["the president"]},
            None,
        ),
        (
            "ru",
            "«Мы не отступим ни на шаг», - сказал Путин.",
            "Мы не отступим ни на шаг",
            "сказал",
            {"Vladimir Putin": ["Путин"]},
            None,
        ),
        (
            "ru",
            "«Мы не отступим», - с улыбкой заявил Путин журналистам.",
            "Мы не отступим",
            "заявил",
            {"Vladimir Putin": ["Путин"]},
            None,
        ),
        (
            "cs",
            "„Žil jsem v ústraní a ten mikrosvět mi vyhovoval,“ řekl Hons.",
            "Žil jsem v ústraní a ten mikrosvět mi vyhovoval,",
            "řekl",
            {"Jiří Hons": ["Hons"]},
            None,
        ),
    ],
)
def test_verb_before_and_after(lang, text, quoted, verb, people, refs) -> None:
    doc = _annotate(text, lang, people, refs)
    name = next(iter(people))
    assert [(q.text, q.speaker_name, q.verb, q.direct) for q in doc.quotes] == [(quoted, name, verb, True)]


def test_participle_after_a_quote_hands_on_to_the_main_verb() -> None:
    text = 'Cruz said on Monday, adding that it is why Trump "relentlessly attacks us and ignores the facts".'
    doc = _annotate(text, "en", {"Ted Cruz": ["Cruz"], "Donald Trump": ["Trump"]})
    assert [(q.verb, q.speaker_name) for q in doc.quotes] == [("said", "Ted Cruz")]


def test_colon_before_a_clause_without_a_verb() -> None:
    text = (
        'Коул попита за Блеър. Лукашенко се засмя на въпроса: "Ако пишех филм на ужасите, щях да го покажа".'
    )
    doc = _annotate(text, "bg", {"John Coale": ["Коул"], "Alexander Lukashenko": ["Лукашенко"]})
    assert [(q.verb, q.speaker_name) for q in doc.quotes] == [(None, "Alexander Lukashenko")]


def test_sentence_verb_after_an_apposition() -> None:
    text = 'In July, Sammy Aaron, vice chairman of G-III, told Forbes that Trump is "very involved in the design".'
    doc = _annotate(text, "en", {"Sammy Aaron": ["Sammy Aaron"], "Donald Trump": ["Trump"]})
    assert [(q.verb, q.speaker_name) for q in doc.quotes] == [("told", "Sammy Aaron")]


def test_next_quote_in_the_paragraph_shares_the_frame() -> None:
    text = 'Clinton spoke first. "Is that all there is?" Trump said. "We need a new President, and fast!"'
    doc = _annotate(text, "en", {"Hillary Clinton": ["Clinton"], "Donald Trump": ["Trump"]})
    assert [(q.verb, q.speaker_name) for q in doc.quotes] == [
        ("said", "Donald Trump"),
        ("said", "Donald Trump"),
    ]


def test_next_sentence_this_said() -> None:
    text = "Коул дойде. „Министрите дадоха ясен мандат на комисията за прехода“. Това заяви днес Лукашенко в Минск."
    doc = _annotate(text, "bg", {"Alexander Lukashenko": ["Лукашенко"], "John Coale": ["Коул"]})
    assert [(q.verb, q.speaker_name) for q in doc.quotes] == [("заяви", "Alexander Lukashenko")]
    # a short name followed by "Това каза" stays a name
    assert _annotate("Газопроводът „Северен поток“. Това каза Лукашенко.", "bg", LUKA).quotes == []


def _with_place(text: str, place: str, lang: str = "bg"):
    doc = _annotate(text, lang, {"Thomas Hofer": ["Томас Хофер"], "Sebastian Kurz": ["Курц"]})
    i = text.index(place)
    doc.entities.append(
        EntityAnn("p1", "Vienna", place, "LOCATION", mentions=[MentionAnn(i, i + len(place))])
    )
    return QuoteStage(PipelineConfig())(doc)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a person later in the slot beats a place inside an adverbial
        (
            "Курц говори. „Това беше много умела политическа комуникация“, коментира базираният във Виена анализатор Томас Хофер.",
            "Thomas Hofer",
        ),
        # a place as the first word after the verb speaks for itself
        ("Курц говори. „Ние сме против тази мярка и ще я спрем“, заяви Виена пред журналисти.", "Vienna"),
    ],
)
def test_person_in_the_slot_beats_a_place(text: str, expected: str) -> None:
    assert [q.speaker_name for q in _with_place(text, "Виена").quotes] == [expected]


def test_according_after_a_short_name_is_no_frame() -> None:
    text = "Правителството няма да отмени т.нар. „Коледна ваканция“, според която гражданите почиват."
    assert _annotate(text, "bg", LUKA).quotes == []


def test_generic_actor_speaks_without_an_entity() -> None:
    text = "Лукашенко говори. „Искаме свободни избори и честно преброяване“, заявиха демонстрантите в Минск."
    doc = _annotate(text, "bg", LUKA)
    i = text.index("демонстрантите")
    for _ in range(2):  # the same span twice, with no entity: nothing compares None with a name
        doc.actors.append(ActorAnn(i, i + len("демонстрантите"), "BLROPP", "Belarusian opposition", None))
    doc = QuoteStage(PipelineConfig())(doc)
    assert [(q.speaker, q.speaker_name) for q in doc.quotes] == [(None, "Belarusian opposition")]


def test_reference_mention_beats_nearer_person() -> None:
    """'…, каза той' takes the entity whose mention covers 'той', not the PERSON named last."""
    text = "Лукашенко говори за Коул. „Той е добър човек и ще дойде пак“, каза той."
    people = {"Alexander Lukashenko": ["Лукашенко"], "John Coale": ["Коул"]}
    i = text.rindex("той")
    doc = _annotate(text, "bg", people)
    doc.entities[0].mentions.append(MentionAnn(i, i + 3, "reference"))
    doc = QuoteStage(PipelineConfig())(doc)
    assert [q.speaker_name for q in doc.quotes] == ["Alexander Lukashenko"]
    assert doc.quotes[0].speaker == "e1"


@pytest.mark.parametrize(
    "text, expected",
    [
        # an unresolved pronoun: the nearest PERSON before the quote, same paragraph
        (
            "Коул дойде. Лукашенко го прие. „Ние сме прагматици и ще се разберем“, каза той.",
            "Alexander Lukashenko",
        ),
        # ... or the previous paragraph
        (
            "Лукашенко говори дълго.\n\n„Ние сме прагматици и ще се разберем“, каза той.",
            "Alexander Lukashenko",
        ),
        # two paragraphs back is too far
        ("Лукашенко говори.\n\nВали дъжд.\n\n„Ние сме прагматици и ще се разберем“, каза той.", None),
        # no verb at all: "по думите му" and the referent
        (
            "Лукашенко говори. По думите му това е основа за „спокоен разговор и движение напред“.",
            "Alexander Lukashenko",
        ),
    ],
)
def test_fallback_speaker(text: str, expected: str | None) -> None:
    doc = _annotate(text, "bg", {"Alexander Lukashenko": ["Лукашенко"], "John Coale": ["Коул"]})
    assert [q.speaker_name for q in doc.quotes] == [expected]


def test_according_phrase_has_no_verb() -> None:
    doc = _annotate("По думите му това е основа за „спокоен разговор и движение напред“.", "bg", LUKA)
    assert [(q.text, q.verb) for q in doc.quotes] == [("спокоен разговор и движение напред", None)]
    doc = _annotate('"Taxes will go down for everyone," according to Trump.', "en", TRUMP)
    assert [(q.speaker_name, q.verb) for q in doc.quotes] == [("Donald Trump", None)]


def test_multi_sentence_quote() -> None:
    text = (
        'Лукашенко говори. "Казах на вашите колеги: трябва да знаете как да признавате поражението. '
        'Ако една голяма страна е загубила, това е отправна точка", каза той.'
    )
    doc = _annotate(text, "bg", LUKA)
    assert len(doc.quotes) == 1
    q = doc.quotes[0]
    assert q.text.startswith("Казах на вашите колеги") and q.text.endswith("това е отправна точка")
    assert (q.verb, q.speaker_name) == ("каза", "Alexander Lukashenko")


def test_quote_over_paragraphs_shares_its_speaker() -> None:
    text = (
        'Trump spoke at length.\n\n"We are going to build the wall and it will be beautiful.\n\n'
        '"And Mexico is going to pay for it," he said.'
    )
    doc = _annotate(text, "en", TRUMP, {"Donald Trump": ["he"]})
    assert [(q.text[:10], q.verb, q.speaker_name) for q in doc.quotes] == [
        ("We are goi", "said", "Donald Trump"),
        ("And Mexico", "said", "Donald Trump"),
    ]


def test_nested_quotes_stay_inside() -> None:
    text = "\"He told me 'never again' and then he left the room,\" Trump said."
    doc = _annotate(text, "en", TRUMP)
    assert [q.text for q in doc.quotes] == ["He told me 'never again' and then he left the room,"]
    text = "Лукашенко заяви: „Медията «Newsmax» ме попита за изборите“."
    assert [q.text for q in _annotate(text, "bg", LUKA).quotes] == ["Медията «Newsmax» ме попита за изборите"]


@pytest.mark.parametrize(
    "text",
    [
        "Trump's campaign didn't comment on the voters' choice, and O'Brien wasn't there.",
        "Rock 'n' roll isn't dead, the '90s aren't back and Clinton's aides don't care.",
        "Д'Артанян и О'Нийл не казаха нищо.",
    ],
)
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert _annotate(text, "en", TRUMP).quotes == []
    # no pair of marks opens or closes next to an apostrophe inside a word
    assert not any(text[s.open - 1 : s.open].isalpha() for s in find_spans(text))


def test_apostrophes_inside_a_quote() -> None:
    doc = _annotate("\"It's the economy and we won't stop,\" Trump said.", "en", TRUMP)
    assert [q.text for q in doc.quotes] == ["It's the economy and we won't stop,"]


@pytest.mark.parametrize(
    "lang, text",
    [
        ("bg", 'Това каза Лукашенко в интервю за американската медия "Newsmax", публикувано в сряда.'),
        ("bg", "Лукашенко заяви, че „Северен поток“ е руски проект и че спорът продължава."),
        ("bg", 'Лукашенко каза, че "Северен поток 2" ще бъде завършен.'),
        ("bg", "Газопроводът „Северен поток 2“ заяви сериозни амбиции според Лукашенко."),
        ("en", 'Trump gave an interview to "Fox and Friends" on Monday and said nothing new.'),
        ("en", 'The "Make America Great Again" hats sold out, Trump said.'),
        ("en", 'Trump called the deal a "disaster" and the press "very dishonest".'),
        # a media name right after a speech verb names the source, it is not words spoken
        ("bg", 'Посланикът призова ЕС да спре проекта, съобщи "Комерсант".'),
        ("bg", "Лондон е против, пише „Гардиън“ на първа страница."),
        # a name that opens with a word that introduces names
        ("bg", 'Текстовете са под закрила на "Закона за авторското право и сродните му права".'),
        # a name of four words or more after a word that introduces names
        ("bg", "Тръмп ще представи програмата си „Америка на първо място“ в Давос."),
        ("bg", "Тръмп ще представи програмата „Америка на първо място“ в Давос."),
        ("en", 'Trump pushed his campaign slogan "Make America great again" in Ohio.'),
    ],
)
def test_short_quoted_names_are_not_quotes(lang: str, text: str) -> None:
    people = LUKA if lang == "bg" else TRUMP
    assert _annotate(text, lang, people).quotes == []


@pytest.mark.parametrize(
    "text, inner",
    [
        (
            'He voted "yes" to "the deal we made with them last year" and left.',
            ["the deal we made with them last year"],
        ),
        ('Trump: "Crooked Hillary must go to jail now."', ["Crooked Hillary must go to jail now."]),
        (
            'A 6\'2" man said "we all want a better deal for the workers".',
            ["we all want a better deal for the workers"],
        ),
        ('Stray „ mark and " here, then nothing else at all.', []),
        # marks spaced off from the words they enclose, as often typed in Bulgarian news
        (
            'Барние призова за " ясно и работещо решение за Ирландия ", което да бъде включено.',
            ["ясно и работещо решение за Ирландия"],
        ),
        (
            '"Нужно е по-малко законодателство ", категоричен бе Фокс. " Европа на държавите" е кредото.',
            ["Нужно е по-малко законодателство"],
        ),
        # mixed marks: a straight opening mark closed by a typographic one
        (
            '"Хората чакат да бъде отворена границата“, увери консулът.',
            ["Хората чакат да бъде отворена границата"],
        ),
    ],
)
def test_straight_quotes_open_and_close_by_position(text: str, inner: list[str]) -> None:
    assert [q.text for q in _annotate(text, "en", TRUMP).quotes] == inner


def test_language_without_lexicon_uses_the_clause_rule() -> None:
    doc = _annotate(
        'Merkel sagte: "Wir schaffen das, und zwar sehr bald." Dann „Nord Stream“.',
        "de",
        {"Angela Merkel": ["Merkel"]},
    )
    assert [(q.text, q.verb, q.speaker_name) for q in doc.quotes] == [
        ("Wir schaffen das, und zwar sehr bald.", None, "Angela Merkel")
    ]


def test_empty_and_markless_text() -> None:
    assert _annotate("", "bg").quotes == []
    assert _annotate("Няма кавички тук.", "bg").quotes == []
    assert find_candidates(Document("„незатворена кавичка без край")) == []


@pytest.mark.parametrize("lang", [lang for lang in languages() if lexicon(lang).verbs])
def test_lexicons_load(lang: str) -> None:
    lex = lexicon(lang)
    assert lex.verbs and lex.pronouns
    assert all(len(p) >= 1 for p in lex.according)


def test_bad_kind_names_file(tmp_path) -> None:
    path = tmp_path / "quote_verbs.tsv"
    path.write_text(
        "# source: test\n# licence: MIT\nphrase*\tkind*\tnote\nказа\tverb\nнещо\tnoun\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"quote_verbs.tsv: unknown kind 'noun'"):
        build_lexicon(read_table(path))


def test_random_marks_never_break_offsets() -> None:
    """Stray, doubled and mixed marks in any order: no error, and every quote's text is its span."""
    import random

    rng = random.Random(0)
    alphabet = "ab „“”«»‘’‚\"'`\n.,:–"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        for q in _annotate(text, "en").quotes:
            assert text[q.start : q.end] == q.text and q.text == q.text.strip() and q.text
