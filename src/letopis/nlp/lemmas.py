"""Lemmatisers per language, all offline.

Bulgarian uses lemmagen3's Bulgarian model (a dictionary-trained rule lemmatiser that also handles unknown
words), English, Russian and Ukrainian use simplemma's dictionaries. Before either, ``lang/<code>/lemmas.tsv``
(form -> lemma) corrects known mistakes ("запада" is the West, not "западам"). Languages without a
lemmatiser get the lower-cased word. Lemmas are cached per process (news repeats its words).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from letopis import resources

_SIMPLEMMA = {"en", "ru", "uk", "mk", "sr", "cs", "pl", "sl", "de", "fr", "es"}


def _identity(word: str) -> str:
    return word


@functools.cache
def lemmatizer_for(lang: str | None) -> Callable[[str], str]:
    """A function lower-case word -> lower-case lemma for ``lang``."""
    if not lang:
        return _identity
    table = resources.lang_table_optional(lang, "lemmas")
    overrides = {r["form"].lower(): r["lemma"].lower() for r in table} if table else {}
    base: Callable[[str], str]
    if lang == "bg":
        from lemmagen3 import Lemmatizer

        lem = Lemmatizer("bg")
        base = lem.lemmatize
    elif lang in _SIMPLEMMA:
        import simplemma

        def base(word: str, _lang: str = lang) -> str:
            return simplemma.lemmatize(word, lang=_lang).lower()

    else:
        base = _identity

    @functools.lru_cache(maxsize=200_000)
    def lemmatize(word: str) -> str:
        hit = overrides.get(word)
        if hit is not None:
            return hit
        return base(word).lower()

    return lemmatize
