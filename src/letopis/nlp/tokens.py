"""Tokens and lemmas.

Tokens are words (letters and digits, with inner hyphens and apostrophes; combining accents and soft
hyphens stay inside the word), numbers ("1 000", "3,5") and single punctuation marks, each with its character offsets. Lemmas come
from the language's lemmatiser (``letopis.nlp.lemmas``), lower-cased; a language without one gets the
lower-cased word.
"""

from __future__ import annotations

import re
import unicodedata

from letopis.model import Document, Token
from letopis.nlp.lemmas import lemmatizer_for
from letopis.pipeline import Stage

_TOKEN = re.compile(
    r"\d+(?:[.,\u00a0 ]\d{3})+(?![\d])|\d+(?:[.,]\d+)?"  # numbers: 1 000, 1,234, 3.5
    r"|[^\W_](?:[^\W_]|[\u0300-\u036f\u00ad])*(?:[-'’][^\W_](?:[^\W_]|[\u0300-\u036f\u00ad])*)*"  # words
    r"|\S",
)


def _fold(word: str) -> str:
    """The matching key of a word: lower case, composed (NFC), without soft hyphens, ’ as '. The text itself is
    never changed, so offsets stay valid; only the keys that lexicons are matched against are folded."""
    word = unicodedata.normalize("NFC", word.replace("\u00ad", "")).replace("’", "'")
    return word.lower()


# word as written -> (matching key, lemma), per language. News repeats its words, so most tokens are a single
# dict lookup; the cache is emptied when it grows past _KEY_CACHE_MAX words (about 40 MB).
_KEY_CACHE: dict[str | None, dict[str, tuple[str, str]]] = {}
_KEY_CACHE_MAX = 200_000


def tokenize(text: str, sentence_starts: list[int], lang: str | None) -> list[Token]:
    keys = _KEY_CACHE.get(lang)
    if keys is None or len(keys) > _KEY_CACHE_MAX:
        keys = _KEY_CACHE[lang] = {}
    lemmatize = lemmatizer_for(lang)
    tokens: list[Token] = []
    append = tokens.append
    # sentence index by walking the sorted sentence starts alongside the tokens (no search per token)
    bounds = sentence_starts[1:] + [len(text) + 1]
    sent, next_start = 0, bounds[0] if sentence_starts else len(text) + 1
    for m in _TOKEN.finditer(text):
        word = m.group()
        start = m.start()
        while start >= next_start:
            sent += 1
            next_start = bounds[sent] if sent < len(bounds) else len(text) + 1
        first = word[0]
        if first.isalpha():
            key = keys.get(word)
            if key is None:
                lower = word.lower() if word.isascii() else _fold(word)
                key = keys[word] = (lower, lemmatize(lower))
            append(Token(start, m.end(), word, key[0], key[1], sent, True, first.isupper()))
        else:
            lower = word.lower()
            append(Token(start, m.end(), word, lower, lower, sent, first.isalnum(), False))
    return tokens


class TokenStage(Stage):
    name = "tokens"
    requires = ("text", "language", "sentences")
    assigns = ("tokens",)

    def __call__(self, doc: Document) -> Document:
        doc.tokens = tokenize(doc.text, [s.start for s in doc.sentences], doc.language)
        return doc
