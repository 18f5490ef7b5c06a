"""Sentence boundaries as character offsets.

A boundary is a run of ``.``, ``!``, ``?`` or ``…`` (with closing quotes or brackets after it) followed by
white space and a word that may start a sentence (upper case, a digit, an opening quote or dash), or a blank
line. A full stop does not end a sentence after a known abbreviation of the document's language
(``lang/<code>/abbreviations.txt``: "г.", "т.е.", "проф.", "Mr.") unless a number stands before it ("през
2020 г. Това...", before a function word), after a single capital letter (an initial), or when the next word is in lower case. Empty text gives no sentences.
"""

from __future__ import annotations

import functools
import re

from letopis import resources
from letopis.model import Document, Sentence
from letopis.pipeline import Stage

_BOUNDARY = re.compile(r"[.!?…]+[\"'»“”’)\]]*(?=\s)|\n\s*\n")
_NEXT = re.compile(r"\s+([\"'„“«(\[—–-]?\s*)(\S)")
_PREV_WORD = re.compile(r"(\S+)$")
_NEXT_WORD = re.compile(r"\s+[\"'„“«(]?(\w+)")


@functools.cache
def _abbreviations(lang: str | None) -> frozenset[str]:
    if not lang:
        return frozenset()
    return frozenset(a.lower() for a in resources.lang_words(lang, "abbreviations"))


@functools.cache
def _starters(lang: str | None) -> frozenset[str]:
    """Function words (the language's stop words): after "2020 г." one of these starts a new sentence."""
    if not lang:
        return frozenset()
    return frozenset(w.lower() for w in resources.lang_words(lang, "stopwords"))


def split_sentences(text: str, lang: str | None = None) -> list[Sentence]:
    abbrevs = _abbreviations(lang)
    out: list[Sentence] = []
    start = 0
    n = len(text)
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        mark = m.group()
        if mark[0] == ".":
            prev = _PREV_WORD.search(text, max(0, m.start() - 40), m.start() + 1)
            word = prev.group(1) if prev else ""
            core = word.lstrip("\"'„“«([")
            if core.lower() in abbrevs or (len(core) == 2 and core[0].isupper()):
                # "през 2020 г. Това каза" ends on the abbreviation, "през 2020 г. Лукашенко спечели" does not:
                # only after a number, and only before a function word, does an abbreviation end a sentence.
                before = text[max(0, m.start() - len(core) - 2) : m.start() - len(core) + 1]
                nxt_word = _NEXT_WORD.match(text, end)
                if not any(ch.isdigit() for ch in before) or not nxt_word or (
                    nxt_word.group(1).lower() not in _starters(lang)
                ):
                    continue
        if not mark.startswith("\n"):
            nxt = _NEXT.match(text, end)
            if nxt and nxt.group(2).islower():
                continue
        _push(out, text, start, end)
        start = end
    _push(out, text, start, n)
    return out


def _push(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end))


class SentenceStage(Stage):
    name = "sentences"
    requires = ("text", "language")
    assigns = ("sentences",)

    def __call__(self, doc: Document) -> Document:
        doc.sentences = split_sentences(doc.text, doc.language)
        return doc
