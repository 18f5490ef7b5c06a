"""tone: GDELT's seven tone figures (GKG V1.5TONE) from word lists of the document's language.

* ``word_count``: word tokens (letters or digits; punctuation is not counted).
* ``positive`` / ``negative``: per cent of word tokens whose lemma (or lower-case form) is in
  ``lang/<code>/sentiment_positive.txt`` / ``sentiment_negative.txt``.
* ``tone`` = positive - negative (-100..+100; news is usually within -10..+10).
* ``polarity`` = positive + negative: the per cent of words that carry tone at all.
* ``activity``: per cent of words listed as ``active`` in ``lang/<code>/tone_words.tsv`` (words of action).
* ``self_group``: per cent of words listed as ``self`` there (first-person pronouns: "аз", "ние", "we").

List entries are matched as written and through the language's lemmatiser, so a list may hold either lemmas or
forms; pronouns are matched only as written. No negation handling ("не е добре" counts "добре" as positive), as in GDELT. A language without lists
gets zeros for everything but the word count; a document without words gets all zeros. Figures are rounded to
four decimals.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from letopis import resources
from letopis.errors import DataError
from letopis.model import Document, Tone
from letopis.nlp.lemmas import lemmatizer_for
from letopis.pipeline import Stage

POSITIVE, NEGATIVE, ACTIVE, SELF = 1, 2, 4, 8


@dataclass(frozen=True)
class ToneWords:
    flags: dict[str, int]  # lower-case form or lemma -> bit set of POSITIVE, NEGATIVE, ACTIVE, SELF


@functools.cache
def tone_words(lang: str | None) -> ToneWords:
    """The tone lexicon of ``lang`` (empty when it has none). Raises DataError on an unknown kind."""
    flags: dict[str, int] = {}
    if not lang:
        return ToneWords(flags)
    lemma = lemmatizer_for(lang)

    def add(word: str, bit: int) -> None:
        word = word.lower()
        # pronouns are listed form by form: a lemmatiser maps "нас" to "наса", which NASA would then match
        for form in {word} if bit == SELF else {word, lemma(word)}:
            flags[form] = flags.get(form, 0) | bit

    for word in resources.lang_words(lang, "sentiment_positive"):
        add(word, POSITIVE)
    for word in resources.lang_words(lang, "sentiment_negative"):
        add(word, NEGATIVE)
    table = resources.lang_table_optional(lang, "tone_words")
    for row in table if table is not None else ():
        kind = row["kind"]
        if kind not in ("active", "self"):
            raise DataError(f"{resources.LANG_ROOT / lang / 'tone_words.tsv'}: unknown kind '{kind}' for '{row['word']}'")
        add(row["word"], ACTIVE if kind == "active" else SELF)
    # a form listed both ways (a lemma shared by a good and a bad word) says nothing
    for form, bits in flags.items():
        if bits & POSITIVE and bits & NEGATIVE:
            flags[form] = bits & ~(POSITIVE | NEGATIVE)
    return ToneWords(flags)


def measure_tone(doc: Document) -> Tone:
    flags = tone_words(doc.language).flags
    words = pos = neg = act = own = 0
    get = flags.get
    for tok in doc.tokens:
        if not tok.is_word:
            continue
        words += 1
        bits = get(tok.lower) or (get(tok.lemma, 0) & ~SELF)
        if bits:
            if bits & POSITIVE:
                pos += 1
            elif bits & NEGATIVE:
                neg += 1
            if bits & ACTIVE:
                act += 1
            if bits & SELF and not (tok.text.isupper() and len(tok.text) > 1):
                own += 1  # "US" is a country, not "us"
    if words == 0:
        return Tone()
    scale = 100.0 / words
    p, n = pos * scale, neg * scale
    return Tone(
        tone=round(p - n, 4),
        positive=round(p, 4),
        negative=round(n, 4),
        polarity=round(p + n, 4),
        activity=round(act * scale, 4),
        self_group=round(own * scale, 4),
        word_count=words,
    )


class ToneStage(Stage):
    name = "tone"
    requires = ("tokens",)
    assigns = ("tone",)

    def __call__(self, doc: Document) -> Document:
        doc.tone = measure_tone(doc)
        return doc
