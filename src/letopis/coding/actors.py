"""Actor dictionaries: loading, token matching and transliteration.

Three kinds of data feed the entity and reference stages:

* ``data/countries.tsv``: CAMEO country codes with English names and capitals (language independent).
* ``data/actors.tsv``: people and organisations: ``key``, canonical Latin ``name``, ``type``, ``country``,
  CAMEO ``actor_code``, ``role`` (an English role word such as ``president``), the years the code holds
  (``from``/``to``) and ``gender`` (m/f, for pronouns).
* ``lang/<code>/names.tsv``: surfaces in one language: ``surface``, ``kind`` (country, capital, adjective,
  people, region, actor), ``key`` (a CAMEO country or region code, or an actors.tsv key) and ``base`` (the
  base form when the surface is inflected: "Съединените щати" -> "Съединени щати").
* ``lang/<code>/roles.tsv``: role words: ``words`` (lemma or lemmas), ``kind`` (title: an office one person
  holds; group: a collective; pronoun; of/for/in/det: the small words of "president of X", "envoy for X",
  "protesters in X", "the"; honorific: "г-н", "Mr", which make the name after them a person), ``code`` (CAMEO role such as GOV, MIL, OPP; empty for a word that only carries its country, such as
  "държави") and ``gloss`` (the English role word, compared with actors.tsv ``role``; m/f for pronouns).
  In roles.tsv, ``# rival_endings: ът ят а я`` lists the articles of masculine nouns that a masculine
  pronoun may mean instead of a person ("Той" after "подписа закона" is the law). In names.tsv,
  the header line ``# home: BGR`` names the country that groups with no country in sight fall back to;
  ``# suffixes: 's`` lists endings taken off a token before lookup (English possessives: "China's");
  ``# articles: ият:lemma та: ...`` how the first word of a tagged name loses its article for the base form
  (ending:replacement, or ending:lemma to take the lemma): "Народното събрание" -> "Народно събрание";
  ``# homoglyphs: a=а c=с ...`` maps Latin look-alikes to the script's letters for words that mix scripts.

Matching works on tokens: a surface is split by the same tokenizer as the text and looked up by its
lower-case forms, and (for adjectives, peoples, roles and names of more than one word) by its lemmas too,
so "беларуските" finds "беларуски" and "Европейската комисия" finds "Европейска комисия". A surface that
starts with a capital only matches a capitalised token; a surface in capitals ("US", "WHO", "САЩ") only
matches the same capitals. A row with an unknown kind or key raises DataError naming file and line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from letopis import resources
from letopis.errors import DataError
from letopis.model import Token
from letopis.nlp.lemmas import lemmatizer_for
from letopis.nlp.tokens import tokenize

NAME_KINDS = frozenset({"country", "capital", "adjective", "people", "region", "actor"})
ROLE_KINDS = frozenset({"title", "group", "modgroup", "pronoun", "of", "for", "in", "det", "honorific"})
ENTITY_TYPES = frozenset({"PERSON", "ORGANIZATION", "LOCATION", "COUNTRY"})
# kinds of names that are matched by lemma as well as by form even when they are one word
_LEMMA_KINDS = frozenset({"adjective", "people"})


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    capital: str


@dataclass(frozen=True, slots=True)
class Actor:
    key: str
    name: str
    type: str
    country: str | None
    code: str
    role: str
    start: int | None
    end: int | None
    gender: str

    def code_on(self, year: int | None) -> str:
        """The actor code in ``year``: after the years of the role a person is an elite (ELI) of the country."""
        if (
            year is not None
            and self.end is not None
            and year > self.end
            and self.type == "PERSON"
            and self.country
        ):
            return self.country + "ELI"
        return self.code


@dataclass(frozen=True, slots=True)
class NameEntry:
    kind: str
    key: str
    base: str  # base form in the language
    caps: int  # 0: any case; 1: first token capitalised; 2: exactly as written (acronym)
    first: str  # first word as written, for the caps check


@dataclass(frozen=True, slots=True)
class Role:
    kind: str
    code: str
    gloss: str
    words: str


@dataclass
class Lexicon:
    lang: str
    names: dict[tuple[str, ...], NameEntry] = field(default_factory=dict)
    name_lemmas: dict[tuple[str, ...], NameEntry] = field(default_factory=dict)
    roles: dict[tuple[str, ...], Role] = field(default_factory=dict)
    longest: dict[str, int] = field(default_factory=dict)  # first key word -> longest entry (tokens)
    home: str | None = None
    suffixes: tuple[str, ...] = ()  # endings taken off a token before lookup (English possessive "'s")
    full_names: dict[str, str] = field(default_factory=dict)  # actor key -> its first (full) surface
    homoglyphs: dict[int, str] | None = None  # Latin look-alikes -> the script's letters ("CAЩ" -> "САЩ")
    articles: tuple[tuple[str, str], ...] = ()  # (ending, replacement or "lemma") for base forms of names
    rival_endings: tuple[str, ...] = ()  # articles of masculine nouns that "той" may mean instead of a person
    bare_of: bool = False  # a name right after a role is its owner with no link word ("президент России")
    # match_tokens' caches: lower-case word -> its lookup form where that differs, and the words looked at
    folded: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    checked: set[str] = field(default_factory=set, repr=False, compare=False)


@functools.cache
def countries() -> dict[str, Country]:
    """CAMEO code -> Country from data/countries.tsv."""
    return {
        r["cameo"]: Country(r["cameo"], r["name"], r["capital"]) for r in resources.data_table("countries")
    }


def _year(value: str, path: str, lineno: int) -> int | None:
    if not value:
        return None
    if not value.isdigit():
        raise DataError(f"{path}:{lineno}: year '{value}' is not a number")
    return int(value)


@functools.cache
def actors() -> dict[str, Actor]:
    """key -> Actor from data/actors.tsv. Raises DataError on an unknown type or a duplicate key."""
    table = resources.data_table("actors")
    out: dict[str, Actor] = {}
    for n, r in enumerate(table, 1):
        if r["type"] not in ENTITY_TYPES:
            raise DataError(f"{table.path}: row {n}: unknown type '{r['type']}'")
        if r["key"] in out:
            raise DataError(f"{table.path}: row {n}: duplicate key '{r['key']}'")
        out[r["key"]] = Actor(
            key=r["key"],
            name=r["name"],
            type=r["type"],
            country=r["country"] or None,
            code=r["actor_code"],
            role=r["role"],
            start=_year(r["from"], str(table.path), n),
            end=_year(r["to"], str(table.path), n),
            gender=r.get("gender", ""),
        )
    return out


@functools.cache
def region_codes() -> frozenset[str]:
    return frozenset(
        {"WST", "EUR", "AFR", "ASA", "MEA", "LAM", "BLK", "CAU", "EEU", "CAS", "SAM", "NMR", "SCN"}
    )


def _words(text: str) -> list[Token]:
    return [t for t in tokenize(text, [0], None)]


def _caps(surface: str) -> int:
    letters = [c for c in surface if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return 2
    return 1 if surface[:1].isupper() else 0


def check_key(kind: str, key: str, where: str) -> None:
    if kind == "actor":
        if key not in actors():
            raise DataError(f"{where}: unknown actor key '{key}' (not in data/actors.tsv)")
    elif kind == "region":
        if key not in region_codes():
            raise DataError(f"{where}: unknown region code '{key}'")
    elif key not in countries() and key not in region_codes():
        raise DataError(f"{where}: unknown country code '{key}' (not in data/countries.tsv)")


def _note_length(lex: Lexicon, key: tuple[str, ...]) -> None:
    if lex.longest.get(key[0], 0) < len(key):
        lex.longest[key[0]] = len(key)


@functools.cache
def lexicon(lang: str) -> Lexicon:
    """The actor lexicon of ``lang`` (empty when the language has no names.tsv). Raises DataError on bad rows."""
    lex = Lexicon(lang)
    lemmatize = lemmatizer_for(lang)
    names = resources.lang_table_optional(lang, "names")
    if names is not None:
        lex.home = names.meta.get("home") or None
        lex.suffixes = tuple(names.meta.get("suffixes", "").split())
        glyphs = _pairs_eq(names.meta.get("homoglyphs", ""))
        if glyphs:
            lex.homoglyphs = str.maketrans(dict(glyphs) | {a.upper(): b.upper() for a, b in glyphs})
        pairs = [item.partition(":") for item in names.meta.get("articles", "").split()]
        lex.articles = tuple((ending, repl) for ending, _, repl in pairs if ending)
        for n, r in enumerate(names, 1):
            where = f"{names.path}: row {n}"
            kind, key = r["kind"], r["key"]
            if kind not in NAME_KINDS:
                raise DataError(f"{where}: unknown kind '{kind}'")
            check_key(kind, key, where)
            toks = [t for t in _words(r["surface"]) if t.is_word or t.text not in "'’"]
            if not toks:
                raise DataError(f"{where}: empty surface")
            entry = NameEntry(kind, key, r.get("base") or r["surface"], _caps(r["surface"]), toks[0].text)
            if kind == "actor":
                lex.full_names.setdefault(key, r["surface"])
            forms = tuple(t.lower for t in toks)
            lex.names.setdefault(forms, entry)
            _note_length(lex, forms)
            if kind in _LEMMA_KINDS or len(toks) > 1:
                lemmas = tuple(lemmatize(t.lower) if t.is_word else t.lower for t in toks)
                lex.name_lemmas.setdefault(lemmas, entry)
                _note_length(lex, lemmas)
    roles = resources.lang_table_optional(lang, "roles")
    if roles is not None:
        lex.rival_endings = tuple(roles.meta.get("rival_endings", "").split())
        lex.bare_of = roles.meta.get("bare_of", "") == "yes"
        for n, r in enumerate(roles, 1):
            kind = r["kind"]
            if kind not in ROLE_KINDS:
                raise DataError(f"{roles.path}: row {n}: unknown kind '{kind}'")
            role = Role(kind, r["code"], r["gloss"], r["words"])
            toks = _words(r["words"])
            for role_key in {tuple(t.lower for t in toks), tuple(lemmatize(t.lower) for t in toks)}:
                lex.roles.setdefault(role_key, role)
                _note_length(lex, role_key)
    return lex


def _pairs_eq(value: str) -> list[tuple[str, str]]:
    return [(a, b) for a, _, b in (item.partition("=") for item in value.split()) if a and b]


def _caps_ok(entry: NameEntry, tok: Token, glyphs: dict[int, str] | None = None) -> bool:
    if entry.caps == 0:
        return True
    if entry.caps == 2:
        return tok.text == entry.first or (glyphs is not None and tok.text.translate(glyphs) == entry.first)
    return tok.is_cap


@dataclass(slots=True)
class Match:
    """Tokens [i, j) matched as a name (``entry``) or a role word (``role``)."""

    i: int
    j: int
    entry: NameEntry | None = None
    role: Role | None = None


_FOLD_SIZE = 100_000


def _fold(low: str, lex: Lexicon) -> str:
    """A lower-case word's lookup form: Latin look-alikes replaced in a word mixing scripts ("CAЩ", "Бaйдън"),
    then the language's suffixes taken off, in order (each on what the previous left)."""
    glyphs = lex.homoglyphs
    if glyphs is not None and not low.isascii():
        low = low.translate(glyphs)
    for suffix in lex.suffixes:
        if low.endswith(suffix) and len(low) > len(suffix) + 1:
            low = low[: -len(suffix)]
    return low


def match_tokens(tokens: list[Token], lex: Lexicon) -> list[Match]:
    """Longest dictionary matches, left to right, not overlapping. Names win over role words of equal length."""
    out: list[Match] = []
    n = len(tokens)
    longest = lex.longest
    names, name_lemmas, roles = lex.names, lex.name_lemmas, lex.roles
    # A word's lookup form (homoglyphs folded, suffixes cut) depends on its lower-case form only: the forms
    # that differ are cached in lex.folded, the words already checked in lex.checked. Most texts have no
    # such word, and then the token's own forms serve as they are.
    lowers = [t.lower for t in tokens]
    lemmas = [t.lemma for t in tokens]
    glyphs = lex.homoglyphs
    if glyphs is not None or lex.suffixes:
        checked, fold = lex.checked, lex.folded
        new = set(lowers).difference(checked)
        if new:
            if len(checked) >= _FOLD_SIZE:
                checked.clear()
                fold.clear()
                new = set(lowers)
            for low in new:
                folded = _fold(low, lex)
                if folded != low:
                    fold[low] = folded
            checked.update(new)
        if fold and not fold.keys().isdisjoint(lowers):
            for k, low in enumerate(lowers):
                form = fold.get(low)
                if form is not None:
                    lowers[k] = lemmas[k] = form  # a changed form is looked up as the lemma too
    # only tokens that start some entry are looked at (about one in six in news text)
    starts = [i for i in range(n) if lowers[i] in longest or lemmas[i] in longest]
    after = 0  # first token not yet covered by a match
    for i in starts:
        if i < after:
            continue
        tok = tokens[i]
        span = max(longest.get(lowers[i], 0), longest.get(lemmas[i], 0))
        sent = tok.sent
        for k in range(min(span, n - i), 0, -1):
            if tokens[i + k - 1].sent != sent:
                continue
            forms = tuple(lowers[i : i + k])
            entry = names.get(forms)
            if entry is None or not _caps_ok(entry, tok, glyphs):
                entry = name_lemmas.get(tuple(lemmas[i : i + k]))
                if entry is not None and not _caps_ok(entry, tok, glyphs):
                    entry = None
            if entry is not None:
                out.append(Match(i, i + k, entry=entry))
                after = i + k
                break
            role = roles.get(tuple(lemmas[i : i + k])) or roles.get(forms)
            if role is not None:
                out.append(Match(i, i + k, role=role))
                after = i + k
                break
    return out


@dataclass(frozen=True, slots=True)
class Translit:
    letters: dict[str, str]
    initial: dict[str, str]  # first letter of a word -> its spelling there
    final: tuple[tuple[str, str], ...]  # word endings -> their spelling


def _pairs(value: str) -> list[tuple[str, str]]:
    return [(a, b) for a, _, b in (item.partition("=") for item in value.split()) if a]


@functools.cache
def translit_table(lang: str) -> Translit | None:
    """``lang/<code>/translit.tsv`` (cyrillic letter -> Latin), or None when the language has none."""
    table = resources.lang_table_optional(lang, "translit") if lang else None
    if table is None:
        return None
    return Translit(
        {r["cyrillic"].lower(): r["latin"] for r in table},
        dict(_pairs(table.meta.get("word_initial", ""))),
        tuple(_pairs(table.meta.get("word_final", ""))),
    )


_WORD = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=65536)
def transliterate(text: str, lang: str = "bg") -> str:
    """Latin form of ``text`` by the official transliteration of ``lang`` (``lang/<code>/translit.tsv``;
    Bulgarian: Закон за транслитерацията, София -> Sofia). Letters the table does not know pass unchanged; a
    language without a table gets ``text`` back. Capitals stay capitals (Щ -> Sht, ЩИТ -> SHTIT)."""
    table = translit_table(lang)
    if table is None:
        return text
    return _WORD.sub(lambda m: _word(m.group(), table), text)


def _word(word: str, table: Translit) -> str:
    low = word.lower()
    upper = len(word) > 1 and word.isupper()
    tail = ""
    for ending, final_latin in table.final:
        if low.endswith(ending) and len(low) > len(ending):
            word, low, tail = word[: -len(ending)], low[: -len(ending)], final_latin
            if upper:
                tail = tail.upper()
            break
    out: list[str] = []
    for idx, ch in enumerate(word):
        lch = low[idx]
        latin = table.initial.get(lch) if idx == 0 else None
        if latin is None:
            latin = table.letters.get(lch, ch if lch == ch else lch)
        if ch != lch:
            latin = latin.upper() if upper else latin.capitalize()
        out.append(latin)
    return "".join(out) + tail
