"""entities: named entities with CAMEO actor codes, and the generic groups that can act in events.

How a document is read (docs/actors.md says more):

1. Dictionary matches (``letopis.coding.actors``): country names, capitals, adjectives of countries,
   peoples, regions, people and organisations, and role words.
2. Names the dictionary does not know come from ``letopis.nlp.ner.tag_names``; the tokens a dictionary match
   covers are cut out of a tagged span ("Беларус Джон Коул" -> Belarus by the dictionary, "Джон Коул" new).
   A lone capitalised word that opens a sentence, a quote or a clause is dropped unless it is written in
   capitals or appears capitalised inside a clause elsewhere in the document ("Казах" opening a quote is a
   verb, not a name); stop words are never names.
3. Phrases: ``[adjective or country] role [на/of X] [за/for X] [name]``. With a name after it the phrase is
   an apposition ("американският пратеник за Беларус Джон Коул"): the name's entity takes the country and
   role (unless the dictionary knows better) and the phrase becomes a reference mention of it. Without a name,
   a group role ("беларуските власти", "демонстрантите") or a plural title ("американски представители") is a
   generic actor; a singular title ("беларуският президент") is left to the references stage.
4. Groups with no country word take the document's focus country: the country with the most mentions
   (names, capitals, adjectives, peoples, and people or organisations of that country; ties go to the one
   named first), else the language's home country (``# home:`` in names.tsv).

Countries are COUNTRY, capitals LOCATION with the government's code (Минск -> BLRGOV), adjectives and
peoples are actors only, never entity mentions. Entity ids e1, e2... follow the first mention.
A document without tokens gets no entities.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from dataclasses import dataclass, field

from letopis import resources
from letopis.coding.actors import Lexicon, Match, actors, countries, lexicon, match_tokens, transliterate
from letopis.coding.places import gazetteer, place_forms
from letopis.model import ActorAnn, Document, EntityAnn, MentionAnn, Token
from letopis.nlp.ner import tag_names
from letopis.pipeline import Stage

_NER_TYPES = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "LOCATION"}
_OPENERS = frozenset("\"„“«'‘(:—–-")
_QUOTES = frozenset("\"„“”«»'‘’")


@dataclass(slots=True)
class Title:
    """A role phrase not attached to a name: left for the references stage (``doc.meta['titles']``)."""

    start: int
    end: int
    head: int
    code: str
    country: str | None
    gloss: str
    capital: bool = False


@dataclass(slots=True)
class _Ent:
    key: str
    name: str
    native: str
    type: str
    country: str | None
    code: str | None
    source: str
    mentions: list[MentionAnn] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    last: str = ""  # last word of a person's name, for "Коул" after "Джон Коул"


@functools.cache
def _first_names(lang: str) -> frozenset[str]:
    words = resources.lang_words(lang, "ner_first_names") + resources.lang_words(lang, "given_names")
    return frozenset(w.lower() for w in words)


@functools.cache
def _stops(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in resources.lang_words(lang, "stopwords"))


@functools.cache
def _common(lang: str) -> frozenset[str]:
    """Words never a name on their own: stop words, ``not_names`` and the tagger's ``ner_not_names``, and
    weekdays and months of ``date_words.tsv``."""
    words = set(resources.lang_words(lang, "stopwords"))
    words |= set(resources.lang_words(lang, "not_names")) | set(resources.lang_words(lang, "ner_not_names"))
    dates = resources.lang_table_optional(lang, "date_words")
    if dates is not None:
        words |= {r["phrase"] for r in dates if r["kind"] in ("month", "weekday") and " " not in r["phrase"]}
    return frozenset(w.lower() for w in words)


def _year(doc: Document) -> int | None:
    if doc.date and doc.date[:4].isdigit():
        return int(doc.date[:4])
    return None


def _is_plural(tok: Token, lang: str) -> bool:
    if tok.lower == tok.lemma:
        return False
    if lang == "en":
        return tok.lower.endswith("s")
    # "-ата" is left out: it is mostly the feminine singular article ("папата", "министърката")
    return tok.lower.endswith(("и", "ите", "ове", "овете", "ища", "ищата"))


def _clause_start(toks: list[Token], i: int) -> bool:
    return i == 0 or toks[i - 1].sent != toks[i].sent or toks[i - 1].text in _OPENERS


class EntityStage(Stage):
    name = "entities"
    requires = ("tokens",)
    assigns = ("entities", "actors")

    def __call__(self, doc: Document) -> Document:
        doc.entities, doc.actors = [], []
        if not doc.tokens:
            return doc
        lex = lexicon(doc.language or "")
        run_entities(doc, lex)
        return doc


def run_entities(doc: Document, lex: Lexicon) -> None:
    toks = doc.tokens
    lang = lex.lang
    matches = match_tokens(toks, lex)
    named = _tagged(doc, toks, matches, lang)
    # items in token order: dictionary matches and tagged names
    items: list[tuple[int, int, Match | None, str | None]] = [(m.i, m.j, m, None) for m in matches]
    items += [(i, j, None, t) for i, j, t in named]
    items.sort(key=lambda it: it[0])

    year = _year(doc)
    table = actors()
    ents: dict[str, _Ent] = {}
    ner_index: dict[str, str] = {}
    types: dict[str, Counter[str]] = {}  # model entity -> the tagger's types for its mentions
    country_votes: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    # token index -> (entity key) for the name items, so phrases can find the name after a role
    name_at: dict[int, tuple[int, str]] = {}
    name_end: dict[int, str] = {}  # last token of a name -> its entity key

    cmap = countries()

    def lowers_of(a: int, b: int) -> tuple[str, ...]:
        return tuple(t.lower for t in toks[a:b] if t.is_word)

    first_names = _first_names(lang)
    text_of = doc.text

    for i, j, m, ntype in items:
        start, end = toks[i].start, toks[j - 1].end
        ent: _Ent | None = None
        if m is not None:
            e = m.entry
            if e is None:
                continue
            kind = e.kind
            if kind == "adjective" or kind == "people" or kind == "region":
                if e.key in cmap:
                    country_votes[e.key] += 1
                    first_seen.setdefault(e.key, i)
                continue
            key = e.key if kind == "country" else ("capital:" if kind == "capital" else "actor:") + e.key
            have = ents.get(key)
            if have is None:
                if kind == "country":
                    ent = _Ent(key, cmap[e.key].name, e.base, "COUNTRY", e.key, e.key, "dictionary")
                elif kind == "capital":
                    ent = _Ent(
                        key, cmap[e.key].capital, e.base, "LOCATION", e.key, e.key + "GOV", "dictionary"
                    )
                else:
                    a = table[e.key]
                    ent = _Ent(key, a.name, e.base, a.type, a.country, a.code_on(year), "dictionary")
                    if a.role:
                        ent.roles.append(a.role)
            elif len(e.base) > len(have.native):
                have.native = e.base
            country = (have or ent).country  # type: ignore[union-attr]
            if country in cmap:
                country_votes[country] += 1
                first_seen.setdefault(country, i)
        else:
            text = text_of[start:end]
            low = text.lower()
            key = ner_index.get(low) or ""
            last = toks[j - 1].lower
            if not key and j - i == 1:
                for other in ents.values():
                    if other.last == last and other.source == "model":
                        key = other.key  # "Щерев" after "Петър Щерев"
                        break
            if not key:
                key = "ner:" + low
                ner_index[low] = key
            of_country = None
            if ntype and ntype.startswith("ORG:"):
                ntype, of_country = "ORG", ntype[4:]
            have = ents.get(key)
            types.setdefault(key, Counter())[_NER_TYPES.get(ntype or "", "LOCATION")] += 1
            if have is None:
                etype = _NER_TYPES.get(ntype or "", "LOCATION")
                if j - i > 1 and toks[i].lower in first_names:
                    etype = "PERSON"  # a known first name opens it, whatever the tagger said
                native = _base_form(toks, i, j, text, lex) if etype != "PERSON" else text
                latin = native if native.isascii() else transliterate(native, lang)
                ent = _Ent(key, latin, native, etype, None, None, "model", last=last if j - i > 1 else "")
                if etype != "PERSON" and _place_key(lang, lowers_of(i, j)) is not None:
                    ent.type = "LOCATION"  # a place of the gazetteer, whatever the tagger said ("Пловдив")
                if ent.type == "LOCATION":
                    _locate(ent, lowers_of(i, j), lang)
                elif of_country in cmap:
                    ent.country = of_country
            elif len(text) > len(have.native) and have.country is None:
                have.native = _base_form(toks, i, j, text, lex) if have.type != "PERSON" else text
                have.name = have.native if have.native.isascii() else transliterate(have.native, lang)
        if ent is not None:
            ents[key] = have = ent
            if ent.source == "model" and ent.country in cmap:
                country_votes[ent.country] += 1
                first_seen.setdefault(ent.country, i)
        have.mentions.append(MentionAnn(start, end, "name"))  # type: ignore[union-attr]
        name_at[i] = (j, key)
        name_end[j - 1] = key

    _merge_surnames(ents, name_at)
    name_end = {j - 1: key for _i, (j, key) in name_at.items()}  # after the merge: keys may have changed
    for key, votes in types.items():
        if key not in ents:
            continue
        ent = ents[key]
        if len(votes) > 1 and ent.type != "COUNTRY" and not ent.roles and ent.country is None:
            # one type per name: the tagger's most frequent type for it (ties keep the first)
            best = max(votes.values())
            if votes[ent.type] < best:
                ent.type = next(t for t, c in votes.items() if c == best)
    focus = _focus(country_votes, first_seen) or lex.home
    doc.meta["focus_country"] = focus
    titles: list[Title] = []
    groups: list[ActorAnn] = []
    in_phrase: set[int] = set()  # token indexes of names inside an apposition phrase

    in_name = {k for i, j, m, _t in items if m is None for k in range(i, j)}  # tokens of tagged names
    for idx, (i, j, m, _t) in enumerate(items):
        if m is None:
            continue
        if i in in_name:
            # "съд" in "Върховния съд" is part of a name, no group; it gives an unknown organisation its role
            if m.role is not None and m.role.kind in ("group", "title") and m.role.code:
                owner = _owner(items, idx, name_at, ents)
                if owner is not None and owner.type == "ORGANIZATION" and owner.code is None:
                    country = owner.country or focus
                    owner.code = _join(country, m.role.code)
                    owner.country = country if country in countries() else None
            continue
        e, role = m.entry, m.role
        if e is not None and e.kind == "people" and j - i >= 1:
            groups.append(ActorAnn(toks[i].start, toks[j - 1].end, e.key, _name(e.key), None, j - 1))
            continue
        if e is not None and e.kind == "adjective" and not _next_role(items, idx, j):
            # "беларуска територия", "Israeli tank shelling": the country, as PETRARCH codes it
            groups.append(ActorAnn(toks[i].start, toks[j - 1].end, e.key, _name(e.key), None, j - 1))
            continue
        if e is not None and e.kind == "region" and not _next_role(items, idx, j):
            groups.append(ActorAnn(toks[i].start, toks[j - 1].end, e.key, _name(e.key), None, j - 1))
            continue
        if role is None or role.kind not in ("title", "group", "modgroup"):
            continue
        # modifier before the role: adjective, people, region, or a country name directly before it
        country: str | None = None
        first = i
        if idx > 0:
            pi, pj, pm, _ = items[idx - 1]
            if pj == i and pm is not None and pm.entry is not None and pm.entry.kind != "capital":
                pe = pm.entry
                if pe.kind == "actor":
                    country = table[pe.key].code if table[pe.key].type == "ORGANIZATION" else None
                else:
                    country = pe.key
                if country is not None:
                    first = pi
                    in_phrase.add(pi)
        last = j  # exclusive token end of the phrase so far
        k = j
        # "на X" / "of X" gives the country; "за X" / "for X" only extends the span
        while k < len(toks) and toks[k].sent == toks[j - 1].sent:
            link = lex.roles.get((toks[k].lower,))
            if link is None or link.kind not in ("of", "for"):
                break
            q = k + 1
            if q < len(toks):
                det = lex.roles.get((toks[q].lower,))
                if det is not None and det.kind == "det":
                    q += 1
            target = name_at.get(q)
            if target is None:
                if link.kind == "of" and role.kind == "title":
                    # "министърът на културата Марян Бачев": a lower-case complement, then the person
                    r = q
                    while r < len(toks) and r - q < 5 and toks[r].is_word and not toks[r].is_cap:
                        r += 1
                    person_at = name_at.get(r) if r > q and toks[r - 1].sent == toks[q].sent else None
                    if person_at is not None and ents[person_at[1]].type == "PERSON":
                        last = r  # only a person: "кметът на община Пловдив" names a town
                break
            tkey = target[1]
            tent = ents[tkey]
            if link.kind == "of" and role.kind != "title" and tent.type == "ORGANIZATION":
                break  # "гражданите на ЕС" are not the EU; "генералният секретар на НАТО" is NATO's
            if link.kind == "of" and role.kind == "modgroup":
                break  # "от страна на САЩ" is "on the part of", not a country's group
            if link.kind == "of" and country is None and tent.type in ("COUNTRY", "ORGANIZATION", "LOCATION"):
                country = tent.code if tent.type == "ORGANIZATION" else tent.country
            elif link.kind == "of" and tent.type == "PERSON":
                break
            in_phrase.add(q)
            last = k = target[0]
        if role.kind == "modgroup" and country is None:
            continue
        code = _join(country, role.code)
        person = name_at.get(last)
        before = name_end.get(first - 2) if first > 1 and toks[first - 1].text == "," else None
        if (
            person is None
            and before is not None
            and role.kind == "title"
            and not _is_plural(toks[j - 1], lang)
        ):
            # "Марян Бачев, министър на културата, заяви": the title after the name is his
            pent = ents[before]
            if pent.type == "PERSON":
                gloss = role.gloss.split("|")[0]
                if gloss and gloss not in pent.roles:
                    pent.roles.append(gloss)
                if pent.source == "model" and pent.code is None:
                    pent.country = country if country in countries() else focus
                    pent.code = _join(country or pent.country, role.code)
                continue
        if (
            person is not None
            and last not in in_phrase
            and (ents[person[1]].type in ("PERSON", "ORGANIZATION") or ents[person[1]].source == "model")
        ):
            pent = ents[person[1]]
            if pent.source == "model" and role.kind == "title" and role.code != "MED":
                pent.type = "PERSON"  # a name after a person's title is a person, whatever the tagger said
            if pent.source != "dictionary" or not pent.code:
                # a title without a country word: the person is taken to be of the focus country
                pent.country = pent.country or (country if country in countries() else None)
                pent.country = pent.country or (focus if country is None else None)
                pent.code = _join(country or pent.country, role.code)
            gloss = role.gloss.split("|")[0]
            if gloss and gloss not in pent.roles:
                pent.roles.append(gloss)
            span_start, span_end = toks[first].start, toks[last - 1].end
            pent.mentions.append(MentionAnn(span_start, span_end, "reference"))
            groups.append(
                ActorAnn(span_start, toks[person[0] - 1].end, pent.code, pent.name, pent.key, person[0] - 1)
            )
            in_phrase.add(last)
            continue
        plural = _is_plural(toks[j - 1], lang)
        if role.kind == "title" and not plural:
            titles.append(Title(toks[first].start, toks[j - 1].end, j - 1, role.code, country, role.gloss))
            continue
        if country is None:
            country = _place_after(toks, j, lex, name_at, ents) or focus
        code = _join(country, role.code)
        if first > 0 and toks[first - 1].text[0].isdigit():
            first -= 1  # "123 задържани лица": the number belongs to the group
        groups.append(ActorAnn(toks[first].start, toks[last - 1].end, code, _name(code), None, j - 1))

    _finish(doc, ents, groups, name_at, in_phrase, titles)


def _next_role(items: list, idx: int, j: int) -> bool:
    if idx + 1 < len(items):
        ni, _nj, nm, _ = items[idx + 1]
        return (
            ni == j
            and nm is not None
            and nm.role is not None
            and nm.role.kind in ("title", "group", "modgroup")
        )
    return False


def _join(country: str | None, role: str) -> str:
    """Country + role code; an organisation's or group's full code ("IGOUNO", "BGRLEG") stays as it is."""
    if country and (len(country) > 3 or country.endswith(role)):
        return country
    return (country or "") + role


def _name(code: str | None) -> str | None:
    if not code:
        return None
    c = countries().get(code[:3])
    return c.name if c is not None else None


def _focus(votes: Counter[str], first_seen: dict[str, int]) -> str | None:
    if not votes:
        return None
    return min(votes, key=lambda c: (-votes[c], first_seen[c]))


_NAME_KINDS = frozenset({"country", "capital", "actor", "region"})


def _tagged(doc: Document, toks: list[Token], matches: list[Match], lang: str) -> list[tuple[int, int, str]]:
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
    common = _common(lang)
    stops = _stops(lang)
    first_names = _first_names(lang)
    inner: set[str] | None = None  # words written with a capital inside a clause somewhere: those are names
    dropped: set[int] = set()
    out: list[tuple[int, int, str]] = []
    for i0, j, typ in tag_names(doc):
        # cut leading words covered by matches (titles, adjectives, names before names)
        i = i0
        while i < j and (at[i] is not None or not toks[i].is_word):
            m = at[i]
            nxt = m.j if m is not None and m.j > i else i + 1
            if m is not None and m.role is not None and nxt < j and not toks[nxt].is_cap:
                break  # "Министерството на здравеопазването": a role word opening an institution's name
            if typ == "PER" and i == i0 and _is_region(m) and nxt < j and toks[nxt].is_cap:
                dropped.add(id(m))  # "Азия Биби" is a person, not Asia
                for q in range(m.i, m.j):  # type: ignore[union-attr]
                    at[q] = None
                break
            i = nxt
        if (
            i == i0
            and j - i > 1
            and _clause_start(toks, i)
            and toks[i + 1].is_cap
            and (toks[i].lower in common or "-" in toks[i].lower)
            and toks[i].lower not in first_names
        ):
            i += 1  # "По-късно Корбин", "Според Петров": a sentence-opening word is no part of the name
        if i >= j:
            # only role words: a capitalised institution inside a clause is a name the tagger saw ("Сенатът")
            only_roles = all(at[k] is None or at[k].role is not None for k in range(i0, j))  # type: ignore[union-attr]
            if only_roles and typ == "ORG" and toks[i0].is_cap and not _clause_start(toks, i0):
                out.append((i0, j, typ))
            continue
        last = at[j - 1]
        if (
            typ == "ORG"
            and _is_name(last)
            and last.i > i + 1  # type: ignore[union-attr]
            and last.entry.kind in ("country", "capital")  # type: ignore[union-attr]
            and _link_kind(toks[last.i - 1], lang) == "of"  # type: ignore[union-attr]
        ):
            # "Върховния съд на Пакистан": one organisation, of that country
            dropped.add(id(last))
            out.append((i, j, "ORG:" + last.entry.key))  # type: ignore[union-attr]
            continue
        if last is not None and last.entry is not None and last.entry.kind in _NAME_KINDS and last.i > i:
            while i < last.i and _clause_start(toks, i) and toks[i].lower not in first_names:
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
            while k < j and (_is_name(at[k]) or not toks[k].is_word):
                k += 1
            s = k
            while k < j and not _is_name(at[k]) and (toks[k].is_word or (k + 1 < j and toks[k + 1].is_word)):
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
                if _clause_start(toks, s) and not first.text.isupper() and not quoted:
                    if inner is None:
                        inner = {
                            t.lower for q, t in enumerate(toks) if t.is_cap and not _clause_start(toks, q)
                        }
                    if first.lower not in inner:
                        continue
            out.append((s, e, typ))
    if dropped:
        matches[:] = [m for m in matches if id(m) not in dropped]
    return out


def _owner(items: list, idx: int, name_at: dict[int, tuple[int, str]], ents: dict[str, _Ent]) -> _Ent | None:
    """The tagged name whose span holds item ``idx``."""
    i = items[idx][0]
    for ni, nj, nm, _t in items:
        if nm is None and ni <= i < nj and ni in name_at:
            return ents[name_at[ni][1]]
    return None


def _base_form(toks: list[Token], i: int, j: int, text: str, lex: Lexicon) -> str:
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


def _place_after(
    toks: list[Token], j: int, lex: Lexicon, name_at: dict[int, tuple[int, str]], ents: dict[str, _Ent]
) -> str | None:
    """The country of "в X" / "in X" right after a group ("протестиращите в Минск" -> BLR), or None."""
    if j + 1 >= len(toks) or toks[j].sent != toks[j - 1].sent:
        return None
    link = lex.roles.get((toks[j].lower,))
    if link is None or link.kind != "in":
        return None
    target = name_at.get(j + 1)
    if target is None:
        return None
    ent = ents[target[1]]
    return ent.country if ent.type in ("COUNTRY", "LOCATION") else None


def _merge_surnames(ents: dict[str, _Ent], name_at: dict[int, tuple[int, str]]) -> None:
    """A one-word tagged name that is the last word of exactly one longer tagged person ("Мей" before or
    after "Тереза Мей") is that person."""
    by_last: dict[str, list[_Ent]] = {}
    for e in ents.values():
        if e.source == "model" and e.last:
            by_last.setdefault(e.last, []).append(e)
    if not by_last:
        return
    for key, e in list(ents.items()):
        if e.source != "model" or e.last or " " in e.native:
            continue
        owners = by_last.get(e.native.lower(), [])
        if len(owners) != 1 or owners[0] is e:
            continue
        owner = owners[0]
        owner.mentions.extend(e.mentions)
        if owner.type != "PERSON" and e.type == "PERSON":
            owner.type = "PERSON"
        del ents[key]
        for i, (j, k) in list(name_at.items()):
            if k == key:
                name_at[i] = (j, owner.key)


def _is_region(m: Match | None) -> bool:
    if m is None or m.entry is None or m.entry.kind != "actor":
        return False
    a = actors()[m.entry.key]
    return a.type == "LOCATION" and a.country is None


def _link_kind(tok: Token, lang: str) -> str | None:
    role = lexicon(lang).roles.get((tok.lower,))
    return role.kind if role is not None else None


def _is_name(m: Match | None) -> bool:
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


def _locate(ent: _Ent, words: tuple[str, ...], lang: str) -> None:
    """Give a tagged place the country and English name of the places gazetteer (Харков -> Kharkiv, UKR).
    A place that is a country becomes a COUNTRY; a city or region stands for its country (PETRARCH codes
    "Zurich" as CHE). Unknown places stay as they are."""
    key = _place_key(lang, words)
    if key is None:
        return
    info = gazetteer()[0][key]
    if info.country is None:
        return
    ent.name, ent.country = info.name, info.country
    if info.kind == "country":
        ent.type, ent.code = "COUNTRY", info.country
    elif info.name == countries()[info.country].capital:
        ent.code = info.country + "GOV"
    else:
        ent.code = info.country


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


def _place_key(lang: str, words: tuple[str, ...]) -> str | None:
    return _place_index(lang).get(words)


def _contained(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of the sorted spans."""
    k = bisect.bisect_right(spans, (start, 1 << 62)) - 1
    while k >= 0:
        a, b = spans[k]
        if b >= end:
            return True
        k -= 1
        if k >= 0 and spans[k][1] < start:
            break
    return False


def _finish(
    doc: Document,
    ents: dict[str, _Ent],
    groups: list[ActorAnn],
    name_at: dict[int, tuple[int, str]],
    in_phrase: set[int],
    titles: list[Title],
) -> None:
    order = sorted(ents.values(), key=lambda e: min(m.start for m in e.mentions))
    ids = {e.key: f"e{n}" for n, e in enumerate(order, 1)}
    doc.entities = [
        EntityAnn(
            id=ids[e.key],
            name=e.name,
            native_name=e.native,
            type=e.type,
            country=e.country,
            actor_code=e.code,
            mentions=sorted(e.mentions, key=lambda m: m.start),
            roles=e.roles,
            source=e.source,
        )
        for e in order
    ]
    toks = doc.tokens
    acts: list[ActorAnn] = []
    for g in groups:
        if g.entity is not None:
            g.entity = ids[g.entity]
        acts.append(g)
    inside = {a.head for a in acts}  # a name that heads a phrase or group is already its actor
    starts = sorted((a.start, a.end) for a in acts)
    for i, (j, key) in name_at.items():
        s, e = toks[i].start, toks[j - 1].end
        if i in in_phrase or (j - 1) in inside or _contained(starts, s, e):
            continue
        ent = ents[key]
        acts.append(ActorAnn(s, e, ent.code, ent.name, ids[key], j - 1))
    acts.sort(key=lambda a: (a.start, -a.end))
    doc.actors = acts
    doc.meta["titles"] = titles
