"""Names the tagger found, reconciled with the dictionary matches, and the word lists that judge them.

``reconcile_tagged`` takes ``letopis.nlp.ner.tag_names`` spans and the dictionary matches of a document and
returns the tagged spans that are names of their own (editing the matches where a tagged name is longer:
"Ню Мексико" is no Mexico, "Джоузеф Байдън" is Joe Biden). The rules are listed in its docstring and in
docs/actors.md. ``base_form`` gives the base form of a tagged name ("Върховния съд" -> "Върховен съд") and
``place_key`` looks a tagged place up in the places gazetteer. Word lists are read once per language; a
language without them gets empty lists.
"""

from __future__ import annotations

import functools

from letopis import resources
from letopis.coding.actors import Lexicon, Match, actors, lexicon
from letopis.coding.places import place_forms
from letopis.model import Document, Token
from letopis.nlp.ner import tag_names

_OPENERS = frozenset("\"„“«'‘(:—–-")
_QUOTES = frozenset("\"„“”«»'‘’")
_NAME_KINDS = frozenset({"country", "capital", "actor", "region"})


@functools.cache
def given_names(lang: str) -> frozenset[str]:
    words = resources.lang_words(lang, "ner_first_names") + resources.lang_words(lang, "given_names")
    return frozenset(w.lower() for w in words)


@functools.cache
def stop_words(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in resources.lang_words(lang, "stopwords"))


@functools.cache
def not_names(lang: str) -> frozenset[str]:
    """Words never a name on their own: stop words, ``not_names`` and the tagger's ``ner_not_names``, and
    weekdays and months of ``date_words.tsv``."""
    words = set(resources.lang_words(lang, "stopwords"))
    words |= set(resources.lang_words(lang, "not_names")) | set(resources.lang_words(lang, "ner_not_names"))
    dates = resources.lang_table_optional(lang, "date_words")
    if dates is not None:
        words |= {r["phrase"] for r in dates if r["kind"] in ("month", "weekday") and " " not in r["phrase"]}
    return frozenset(w.lower() for w in words)


def clause_start(toks: list[Token], i: int) -> bool:
    return i == 0 or toks[i - 1].sent != toks[i].sent or toks[i - 1].text in _OPENERS


def reconcile_tagged(
    doc: Document, toks: list[Token], matches: list[Match], lang: str
) -> list[tuple[int, int, str]]:
    """Tagged name spans reconciled with the dictionary matches (``matches`` is edited in place).

    * Leading words a dictionary match covers (a title, an adjective, or a name standing before another name:
      "Беларус Джон Коул") are cut off the span.
    * Capitalised words before a dictionary name that ends the span make a longer name: "Ню Мексико" is not
      Mexico. For a known person, a first name that agrees ("Джоузеф Байдън" for "Джо Байдън") extends the
      dictionary match; otherwise the tagged name wins and the dictionary match is dropped.
    * Other dictionary names inside split the span; role words inside it do not ("Върховния съд").
    * Every piece must start with a capital, a digit or a Latin letter; a lone capitalised word that opens a
      sentence, a quote or a clause is dropped unless it also appears capitalised inside a clause elsewhere
      ("Казах" opening a quote is a verb); stop words are never names.
    """
    n = len(toks)
    at: list[Match | None] = [None] * n
    for m in matches:
        for k in range(m.i, m.j):
            at[k] = m
    common = not_names(lang)
    stops = stop_words(lang)
    first_names = given_names(lang)
    inner: set[str] | None = None  # words written with a capital inside a clause somewhere: those are names
    dropped: set[int] = set()
    out: list[tuple[int, int, str]] = []
    for i0, j, typ in tag_names(doc):
        # cut leading words covered by matches (titles, adjectives, names before names)
        i = i0
        while i < j and (at[i] is not None or not toks[i].is_word):
            hit = at[i]
            nxt = hit.j if hit is not None and hit.j > i else i + 1
            if hit is not None and hit.role is not None and nxt < j and not toks[nxt].is_cap:
                break  # "Министерството на здравеопазването": a role word opening an institution's name
            if typ == "PER" and i == i0 and _is_region(hit) and nxt < j and toks[nxt].is_cap:
                dropped.add(id(hit))  # "Азия Биби" is a person, not Asia
                for q in range(hit.i, hit.j):  # type: ignore[union-attr]
                    at[q] = None
                break
            i = nxt
        if (
            i == i0
            and j - i > 1
            and clause_start(toks, i)
            and toks[i + 1].is_cap
            and (toks[i].lower in common or "-" in toks[i].lower)
            and toks[i].lower not in first_names
        ):
            i += 1  # "По-късно Корбин", "Според Петров": a sentence-opening word is no part of the name
        if i >= j:
            # only role words: a capitalised institution inside a clause is a name the tagger saw ("Сенатът")
            only_roles = all(at[k] is None or at[k].role is not None for k in range(i0, j))  # type: ignore[union-attr]
            if only_roles and typ == "ORG" and toks[i0].is_cap and not clause_start(toks, i0):
                out.append((i0, j, typ))
            continue
        last = at[j - 1]
        if (
            typ == "ORG"
            and is_name(last)
            and last.i > i + 1  # type: ignore[union-attr]
            and last.entry.kind in ("country", "capital")  # type: ignore[union-attr]
            and _link_kind(toks[last.i - 1], lang) == "of"  # type: ignore[union-attr]
        ):
            # "Върховния съд на Пакистан": one organisation, of that country
            dropped.add(id(last))
            out.append((i, j, "ORG:" + last.entry.key))  # type: ignore[union-attr]
            continue
        if last is not None and last.entry is not None and last.entry.kind in _NAME_KINDS and last.i > i:
            while i < last.i and clause_start(toks, i) and toks[i].lower not in first_names:
                i += 1  # "Вчера Джоузеф Байдън": a sentence-opening word before a name is not part of it
            prefix = [t for t in toks[i : last.i] if t.is_word]
            if prefix and all(
                t.is_cap and at[k] is None for k, t in enumerate(toks[i : last.i], i) if t.is_word
            ):
                if _same_person(last, prefix[0], lang):
                    last.i = i
                    continue
                dropped.add(id(last))
                out.append((i, j, typ))
                continue
        k = i
        while k < j:
            while k < j and (is_name(at[k]) or not toks[k].is_word):
                k += 1
            s = k
            while k < j and not is_name(at[k]) and (toks[k].is_word or (k + 1 < j and toks[k + 1].is_word)):
                k += 1
            e = k  # the scan goes on from k; e only trims this piece
            while e > s and (not toks[e - 1].is_word or toks[e - 1].lower in stops):
                e -= 1  # no trailing punctuation or small words ("Върховния съд на" before a cut name)
            if s >= e:
                continue
            first = toks[s]
            if not (first.is_cap or first.text[0].isdigit() or first.text.isascii()):
                continue
            if e - s == 1:
                if first.lower in common or len(first.text) < 2 or first.text.isdigit():
                    continue
                quoted = (
                    toks[s - 1].text in _QUOTES and e < len(toks) and toks[e].text in _QUOTES if s else False
                )
                if clause_start(toks, s) and not first.text.isupper() and not quoted:
                    if inner is None:
                        inner = {
                            t.lower for q, t in enumerate(toks) if t.is_cap and not clause_start(toks, q)
                        }
                    if first.lower not in inner:
                        continue
            out.append((s, e, typ))
    if dropped:
        matches[:] = [m for m in matches if id(m) not in dropped]
    return out


def base_form(toks: list[Token], i: int, j: int, text: str, lex: Lexicon) -> str:
    """The base form of a tagged name of two or more words: its first word without its article, by the
    ``# articles:`` rules of names.tsv ("Върховния съд" -> "Върховен съд", "Народното събрание" ->
    "Народно събрание"). One-word names and words the lemmatiser does not recognise stay as written."""
    if j - i < 2 or not lex.articles:
        return text
    first = toks[i]
    low, lemma = first.lower, first.lemma
    if lemma == low or lemma[:3] != low[:3]:
        return text
    for ending, repl in lex.articles:
        if low.endswith(ending) and len(low) > len(ending) + 2:
            base = lemma if repl == "lemma" else low[: -len(ending)] + repl
            if first.text[:1].isupper():
                base = base[:1].upper() + base[1:]
            return base + text[first.end - first.start :]
    return text


def _is_region(m: Match | None) -> bool:
    if m is None or m.entry is None or m.entry.kind != "actor":
        return False
    a = actors()[m.entry.key]
    return a.type == "LOCATION" and a.country is None


def _link_kind(tok: Token, lang: str) -> str | None:
    role = lexicon(lang).roles.get((tok.lower,))
    return role.kind if role is not None else None


def is_name(m: Match | None) -> bool:
    return m is not None and m.entry is not None and m.entry.kind in _NAME_KINDS


def _same_person(m: Match, first: Token, lang: str) -> bool:
    """Whether ``first`` (the word before a known person's surname) is that person's first name or a form
    of it ("Джоузеф" for "Джо"); only for people of the dictionary."""
    e = m.entry
    if e is None or e.kind != "actor" or actors()[e.key].type != "PERSON":
        return False
    known = lexicon(lang).full_names.get(e.key, "").split()
    if len(known) < 2:
        return False
    given = known[0].lower()
    word = first.lower
    return word.startswith(given) or given.startswith(word)


@functools.cache
def _place_index(lang: str) -> dict[tuple[str, ...], str]:
    forms = place_forms(lang)
    if forms is None:
        return {}
    out: dict[tuple[str, ...], str] = {}
    for entries in forms.by_first.values():
        for words, key, _cased in entries:
            out.setdefault(tuple(w.lower() for w in words if w[:1].isalnum()), key)
    return out


def place_key(lang: str, words: tuple[str, ...]) -> str | None:
    return _place_index(lang).get(words)
