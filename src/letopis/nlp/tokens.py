"""Tokens and lemmas.

Tokens are words (letters and digits, with inner hyphens and apostrophes), numbers ("1 000", "3,5") and single punctuation marks, each with its character offsets. Lemmas come
from the language's lemmatiser (``letopis.nlp.lemmas``), lower-cased; a language without one gets the
lower-cased word.
"""

from __future__ import annotations

import bisect
import re

from letopis.model import Document, Token
from letopis.nlp.lemmas import lemmatizer_for
from letopis.pipeline import Stage

_TOKEN = re.compile(
    r"\d+(?:[.,\u00a0 ]\d{3})+(?![\d])|\d+(?:[.,]\d+)?"  # numbers: 1 000, 1,234, 3.5
    r"|[^\W_]+(?:[-'’][^\W_]+)*"  # words, with inner hyphen or apostrophe
    r"|\S",
)


def tokenize(text: str, sentence_starts: list[int], lang: str | None) -> list[Token]:
    lemmatize = lemmatizer_for(lang)
    tokens: list[Token] = []
    append = tokens.append
    for m in _TOKEN.finditer(text):
        word = m.group()
        start = m.start()
        sent = bisect.bisect_right(sentence_starts, start) - 1
        first = word[0]
        is_word = first.isalnum()
        lower = word.lower()
        append(
            Token(
                start=start,
                end=m.end(),
                text=word,
                lower=lower,
                lemma=lemmatize(lower) if is_word and not first.isdigit() else lower,
                sent=max(sent, 0),
                is_word=is_word,
                is_cap=first.isupper(),
            )
        )
    return tokens


class TokenStage(Stage):
    name = "tokens"
    requires = ("text", "language", "sentences")
    assigns = ("tokens",)

    def __call__(self, doc: Document) -> Document:
        doc.tokens = tokenize(doc.text, [s.start for s in doc.sentences], doc.language)
        return doc
