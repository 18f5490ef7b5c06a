"""Speech frames around quoted spans: which spans are quotations, their verb and speaker slot (the second and
third steps of the quotes stage; the rules, in order, are in docs/quotes.md).

``find_candidates(doc)`` returns ``Candidate``s: a span, the frame found (``after``, ``before``, ``colon``,
``according``, ``sentence``, ``previous`` or ``""``), the verb as written and the speaker slot (the words the
speaker is read from). The words come from ``lang/<code>/quote_verbs.tsv`` through ``lexicon(lang)``; a language
without that file gets quotations by the clause rule only.

Bad input: a document without tokens gets the clause rule only; a malformed data file raises DataError.
"""

from __future__ import annotations

import bisect
import functools
import re

import msgspec

from letopis import resources
from letopis.coding.quote_marks import ALL_CLOSERS, OPENERS, Span, find_spans
from letopis.errors import DataError
from letopis.model import Document, Token

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_SENTENCE_END = frozenset(".!?;")
_AFTER_SEPARATORS = frozenset(",–—-:")
_BEFORE_SEPARATORS = frozenset(",–—-")

MAX_AFTER = 6  # words between the closing mark and the verb ("the former secretary of state said")
MAX_BEFORE = 8  # words between the verb and the colon ("заяви пред журналисти в Минск в сряда:")
SLOT_WORDS = 5  # words of a speaker slot before the verb
SLOT_AFTER = 8  # words after the verb ("каза в парламента министърът по въпросите на Брекзит Дейвид Дейвис")
MAX_GAP = 80  # characters between two quotations that share a frame ('", said the former secretary. "')


class Lexicon(msgspec.Struct, frozen=True):
    verbs: frozenset[str]
    according: dict[str, tuple[tuple[str, ...], ...]]  # first word -> phrases, longest first
    anaphors: dict[str, tuple[tuple[str, ...], ...]]  # "това", "об этом": '„…“. Това заяви X'

    connectors: frozenset[str]
    pronouns: frozenset[str]
    titles: frozenset[str]  # nouns that introduce a name: програмата „…“, the slogan "…"
    participles: frozenset[str]  # "adding", "saying": speech verbs whose speaker is the main clause's subject
    determiners: frozenset[str]  # "the", "a", "his": they open a subject ('"…," the ministry said')


class Candidate(msgspec.Struct):
    """A quotation before it becomes a ``Quote``: its span, the frame found (``after``, ``before``,
    ``according`` or ``""``), the verb token, and the speaker slot as character offsets (-1 when none)."""

    span: Span
    words: int
    frame: str = ""
    verb: str | None = None
    slot_start: int = -1
    slot_end: int = -1
    slot_first: int = -1  # token range [slot_first, slot_last) of the slot
    slot_last: int = -1
    head_from_end: bool = False  # the speaker word is the slot's last word (before the verb), not its first
    k_open: int = -1  # index of the last token before the opening mark
    k_close: int = 0  # index of the first token after the closing mark


@functools.cache
def lexicon(lang: str | None) -> Lexicon:
    """The quote words of ``lang``; an empty lexicon when the language has no ``quote_verbs.tsv``.
    Raises DataError for a malformed file."""
    table = resources.lang_table_optional(lang, "quote_verbs") if lang else None
    return build_lexicon(table if table is not None else [])


def _by_first_word(phrases: set[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    return {
        first: tuple(sorted((p for p in phrases if p[0] == first), key=len, reverse=True))
        for first in {p[0] for p in phrases}
    }


def build_lexicon(rows: list[dict[str, str]]) -> Lexicon:
    """A Lexicon from ``quote_verbs.tsv`` rows. Raises DataError naming the file for an unknown kind."""
    kinds = ("verb", "participle", "connector", "pronoun", "title", "determiner")
    words: dict[str, set[str]] = {kind: set() for kind in kinds}
    phrases: dict[str, set[tuple[str, ...]]] = {"according": set(), "anaphor": set()}
    for row in rows:
        phrase, kind = row["phrase"].lower(), row["kind"]
        if kind in phrases:
            phrases[kind].add(tuple(phrase.split()))
        elif kind in words:
            words[kind].add(phrase)
        else:
            where = getattr(rows, "path", "quote_verbs")
            raise DataError(
                f"{where}: unknown kind '{kind}' for '{phrase}' (according, anaphor, {', '.join(kinds)})"
            )
    return Lexicon(
        frozenset(words["verb"] | words["participle"]),
        _by_first_word(phrases["according"]),
        _by_first_word(phrases["anaphor"]),
        frozenset(words["connector"]),
        frozenset(words["pronoun"]),
        frozenset(words["title"]),
        frozenset(words["participle"]),
        frozenset(words["determiner"]),
    )


def _match_according(tokens: list[Token], k: int, lex: Lexicon, anaphor: bool = False) -> int:
    """Length in tokens of the "according" (or anaphor) phrase starting at token ``k``, 0 when none."""
    table = lex.anaphors if anaphor else lex.according
    for phrase in table.get(tokens[k].lower, ()) if k < len(tokens) else ():
        if k + len(phrase) <= len(tokens) and all(tokens[k + i].lower == w for i, w in enumerate(phrase)):
            return len(phrase)
    return 0


def _slot_forward(tokens: list[Token], k: int, stop: int, lex: Lexicon) -> tuple[int, int]:
    """Token range [k, j) of the words from ``k`` up to punctuation, a mark or ``stop`` (SLOT_AFTER words at
    most); a pronoun is a slot of its own ("по думите му не е нужно" -> "му")."""
    if k < min(stop, len(tokens)) and tokens[k].lower in lex.pronouns:
        return k, k + 1
    j = k
    while (
        j < min(stop, len(tokens), k + SLOT_AFTER)
        and _in_name(tokens, j)
        and tokens[j].lower not in lex.connectors
    ):
        j += 1
    return k, j


def _in_name(tokens: list[Token], i: int) -> bool:
    """A word, or the full stop of a short title or initial inside a name ("Mr. Gray", "Sen. Ron Johnson")."""
    t = tokens[i]
    if t.is_word:
        return True
    return (
        t.text == "."
        and 0 < i < len(tokens) - 1
        and tokens[i - 1].is_cap
        and len(tokens[i - 1].text) <= 4
        and tokens[i + 1].is_cap
        and tokens[i - 1].end == t.start
    )


def _closing_paren(tokens: list[Token], k: int) -> int:
    """Index of the ")" closing the "(" at ``k`` within eight tokens, -1 when there is none."""
    for i in range(k + 1, min(k + 9, len(tokens))):
        if tokens[i].text == ")":
            return i
    return -1


def _subject_before(tokens: list[Token], v: int, first: int) -> tuple[int, int]:
    """The words before the verb at ``v`` (back to ``first``), or, when a comma stands right before it, the
    words before the apposition it closes ('Mr. Frum, a former speechwriter for George W. Bush, wrote'), or
    those before a parenthesis ('Sen. Chuck Schumer (D-N.Y.) said')."""
    if v > first and tokens[v - 1].text == ")":
        for i in range(v - 2, max(first, v - 10) - 1, -1):
            if tokens[i].text == "(":
                return _slot_backward(tokens, i, first)
    before = _slot_backward(tokens, v, first)
    if before[0] == before[1] and v > first and tokens[v - 1].text == ",":
        for c in range(v - 2, max(first, v - 14) - 1, -1):
            if tokens[c].text == ",":
                return _slot_backward(tokens, c, first)
    return before


def _slot_backward(tokens: list[Token], k: int, stop: int) -> tuple[int, int]:
    """Token range [i, k) of the words before ``k``, back to punctuation or ``stop`` (SLOT_WORDS at most)."""
    i = k
    while i > max(stop, k - SLOT_WORDS) and _in_name(tokens, i - 1):
        i -= 1
    return i, k


def _set_slot(cand: Candidate, tokens: list[Token], rng: tuple[int, int], from_end: bool) -> None:
    i, j = rng
    if j > i:
        cand.slot_start, cand.slot_end = tokens[i].start, tokens[j - 1].end
        cand.slot_first, cand.slot_last, cand.head_from_end = i, j, from_end


def _frame_after(cand: Candidate, text: str, tokens: list[Token], lex: Lexicon) -> bool:
    """``"…", каза той`` / ``"…," he said`` / ``"…", said X`` / ``"…", according to X``."""
    span = cand.span
    if span.close < 0:
        return False
    j = cand.k_close
    last = text[span.start : span.end].rstrip(" \"'’‘”“»")  # '…,’” he noted': a nested quote ends first
    has_sep = bool(last) and last[-1] in ",?!…–—"
    for _ in range(2):  # '", - сказал он' puts a comma and a dash
        if j < len(tokens) and tokens[j].text in _AFTER_SEPARATORS:
            has_sep = True
            j += 1
    if not has_sep:
        return _frame_anaphor(cand, tokens, lex)
    taken = _match_according(tokens, j, lex)
    if taken and _holds_clause(text[span.start : span.end], cand.words):
        cand.frame = "according"
        _set_slot(cand, tokens, _slot_forward(tokens, j + taken, len(tokens), lex), False)
        return True
    k = j
    comma = -1  # '"…," Tina Tchen, Mrs. Obama's chief of staff, said': a name, then an apposition in commas
    while k < len(tokens) and k - j <= (MAX_AFTER if comma < 0 else MAX_AFTER + 8):
        if tokens[k].text == "(" and k > j:  # '"…," Sen. Chuck Schumer (D-N.Y.) said'
            shut = _closing_paren(tokens, k)
            if shut < 0:
                return False
            comma = k if comma < 0 else comma
            k = shut + 1
            continue
        if not _in_name(tokens, k):
            if tokens[k].text != "," or k == j or not tokens[j].is_cap:
                return False
            comma = k if comma < 0 else comma
        elif tokens[k].lower in lex.verbs and tokens[k].lower not in lex.participles:
            cand.frame, cand.verb = "after", tokens[k].text
            after = _slot_forward(tokens, k + 1, len(tokens), lex)
            subject = (j, comma if comma >= 0 else k)
            if k > j and (after[0] == after[1] or _names_someone(tokens, *subject, lex)):
                _set_slot(cand, tokens, subject, True)  # '"…," the president said' / '"…," Trump told'
            else:  # '"…", каза той' / '"…", said X' / '"…", - с поклоном сказал швейцар'
                _set_slot(cand, tokens, after, False)
            return True
        k += 1
    return False


def _frame_anaphor(cand: Candidate, tokens: list[Token], lex: Lexicon) -> bool:
    """'„…“. Това заяви министърът X' / '«…». Об этом заявил X': the next sentence opens with an anaphor and a
    speech verb; the speaker follows the verb."""
    if cand.words < 4:
        return False  # '„Северен поток“. Това каза…': a name, however framed
    j = cand.k_close
    if j < len(tokens) and tokens[j].text == ".":
        j += 1
    taken = _match_according(tokens, j, lex, anaphor=True)
    v = j + taken
    if (
        not taken
        or v >= len(tokens)
        or tokens[v].lower not in lex.verbs
        or tokens[v].lower in lex.participles
    ):
        return False
    cand.frame, cand.verb = "after", tokens[v].text
    _set_slot(cand, tokens, _slot_forward(tokens, v + 1, len(tokens), lex), False)
    return True


def _names_someone(tokens: list[Token], i: int, j: int, lex: Lexicon) -> bool:
    """Whether tokens [i, j) hold a capitalised word, a pronoun or a determiner: a subject ("the ministry"),
    not an adverbial ("с поклоном")."""
    return any(t.is_cap or t.lower in lex.pronouns or t.lower in lex.determiners for t in tokens[i:j])


def _frame_before(cand: Candidate, tokens: list[Token], lex: Lexicon) -> bool:
    """``X заяви: „…“`` / ``X said "…"`` / ``X said that "…"`` / ``каза, че „…“``."""
    k = cand.k_open
    colon = False
    if k >= 0 and tokens[k].text == ":":
        colon = True
        k -= 1
    else:
        if k >= 0 and tokens[k].lower in lex.connectors:
            k -= 1
        if k >= 0 and tokens[k].text in _BEFORE_SEPARATORS:
            k -= 1
    reach = MAX_BEFORE if colon else 0
    v = k
    while v >= 0 and k - v <= reach and tokens[v].is_word:
        if tokens[v].lower in lex.verbs:
            break
        v -= 1
    if v < 0 or k - v > reach or not tokens[v].is_word or tokens[v].lower not in lex.verbs:
        if colon and k >= 0:  # 'Trump: "…"' (a label, as in headlines): the speaker is all that precedes
            first = _sentence_start(tokens, k)
            label = _slot_backward(tokens, k + 1, first)
            if 0 < label[1] - label[0] <= 4 and label[0] == first:
                cand.frame = "colon"
                _set_slot(cand, tokens, label, True)
                return True
            if cand.words >= 4:  # 'Фараж отвърна през смях: "…"': a colon before a clause introduces speech
                cand.frame = "colon"
                _set_slot(cand, tokens, (first, min(k + 1, first + SLOT_AFTER)), False)
                return True
        return False
    if cand.words <= 3 and not colon:
        return False  # 'съобщи "Комерсант"', 'каза, че "Северен поток" …': a name, not words spoken
    cand.frame, cand.verb = "before", tokens[v].text
    first = _sentence_start(tokens, v)
    before = _subject_before(tokens, v, first)
    if before[1] > before[0]:
        _set_slot(cand, tokens, before, True)
    else:  # 'Каза Лукашенко: „…“' / 'заяви той пред журналисти:'
        _set_slot(cand, tokens, _slot_forward(tokens, v + 1, k + 1, lex), False)
    return True


def _sentence_start(tokens: list[Token], k: int) -> int:
    sent = tokens[k].sent
    while k > 0 and tokens[k - 1].sent == sent and tokens[k - 1].text not in _SENTENCE_END:
        k -= 1
    return k


def _frame_according(cand: Candidate, tokens: list[Token], lex: Lexicon) -> bool:
    """ "По думите му … „…“": an according phrase earlier in the quote's sentence names the speaker."""
    if not lex.according:
        return False
    k = cand.k_open
    if k < 0 or tokens[k].text in _SENTENCE_END:
        return False
    first = _sentence_start(tokens, k)
    for i in range(first, k + 1):
        taken = _match_according(tokens, i, lex)
        if taken:
            cand.frame = "according"
            _set_slot(cand, tokens, _slot_forward(tokens, i + taken, k + 1, lex), False)
            return True
    return False


def _frame_sentence(cand: Candidate, tokens: list[Token], lex: Lexicon) -> bool:
    """'Лукашенко заяви, че … „…“' / 'Wheeler added that, based on …, Curiel "…"': the nearest speech verb
    earlier in the quote's sentence whose clause names a speaker before it (a participle such as "adding" with
    nothing before it hands on to the verb before it)."""
    k = cand.k_open
    if k < 0 or tokens[k].text in _SENTENCE_END:
        return False
    first = _sentence_start(tokens, k)
    fallback = -1
    for v in range(k, first - 1, -1):
        if tokens[v].text in ALL_CLOSERS:
            break  # another quotation's frame lies before this
        if not tokens[v].is_word or tokens[v].lower not in lex.verbs:
            continue
        before = _subject_before(tokens, v, first)
        if before[1] > before[0]:
            cand.frame, cand.verb = "sentence", tokens[v].text
            _set_slot(cand, tokens, before, True)
            return True
        if fallback < 0:
            fallback = v
    if fallback < 0:
        return False
    cand.frame, cand.verb = "sentence", tokens[fallback].text
    _set_slot(cand, tokens, _slot_forward(tokens, fallback + 1, k + 1, lex), False)
    return True


def _frame_previous(cand: Candidate, text: str, tokens: list[Token], lex: Lexicon) -> bool:
    """A quotation that opens a sentence, after a sentence of the same paragraph that names a speaker with a
    speech verb and quotes nothing ('Trump, a businessman, said on Monday. "…"')."""
    k = cand.k_open
    if k < 0 or tokens[k].text not in _SENTENCE_END or "\n" in text[tokens[k].end : cand.span.open]:
        return False
    first = _sentence_start(tokens, k - 1) if k else 0
    for v in range(k - 1, first - 1, -1):
        if tokens[v].text in ALL_CLOSERS or tokens[v].text in OPENERS:
            return False
        if tokens[v].is_word and tokens[v].lower in lex.verbs:
            before = _subject_before(tokens, v, first)
            after = _slot_forward(tokens, v + 1, k, lex)
            if before[1] > before[0]:
                _set_slot(cand, tokens, before, True)
            elif after[1] > after[0]:
                _set_slot(cand, tokens, after, False)
            else:
                continue
            cand.frame, cand.verb = "previous", tokens[v].text
            return True
    return False


def _holds_clause(text: str, words: int) -> bool:
    """Without a verb frame a span is a quotation only when it holds a clause (see the module docstring)."""
    if words >= 4:
        return not all(w[0].isupper() or w[0].isdigit() for w in _WORD.findall(text))
    if words >= 2 and text.rstrip("\"'»“”’)").endswith((".", "!", "?", "…")):
        return not all(w[0].isupper() or w[0].isdigit() for w in _WORD.findall(text))
    return False


def _after_title_word(tokens: list[Token], k: int, lex: Lexicon) -> bool:
    """True when one of the two words before the opening mark introduces a name ("програмата си „Америка на
    първо място“", 'the slogan "…"'), or the quotation opens with a capitalised one ("„Закона за авторското
    право“")."""
    first = k + 1
    while first < min(k + 4, len(tokens)) and not tokens[first].is_word:
        first += 1  # past the opening mark (one or two tokens)
    if first < len(tokens) and tokens[first].is_cap:
        if tokens[first].lower in lex.titles or tokens[first].lemma in lex.titles:
            return True
    for i in (k, k - 1):
        if i < 0 or not tokens[i].is_word:
            return False
        if tokens[i].lower in lex.titles or tokens[i].lemma in lex.titles:
            return True
    return False


class _Starts:
    """Token start offsets as a sequence for ``bisect``, without building a list per document."""

    __slots__ = ("tokens",)

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens

    def __len__(self) -> int:
        return len(self.tokens)

    def __getitem__(self, i: int) -> int:
        return self.tokens[i].start


def find_candidates(doc: Document) -> list[Candidate]:
    """The quotations of ``doc`` with their frames and speaker slots (speakers not yet resolved).
    Needs ``doc.tokens`` for frames; without tokens only the clause rule applies."""
    spans = find_spans(doc.text)
    if not spans:
        return []
    lex = lexicon(doc.language)
    tokens = doc.tokens
    starts = _Starts(tokens)
    text = doc.text
    out: list[Candidate] = []
    for span in spans:
        inner = text[span.start : span.end]
        cand = Candidate(span=span, words=len(_WORD.findall(inner)))
        if cand.words == 0:
            continue
        if tokens:
            cand.k_open = bisect.bisect_left(starts, span.open) - 1
            cand.k_close = bisect.bisect_left(starts, span.close, cand.k_open + 1) if span.close >= 0 else 0
        if tokens and (_frame_after(cand, text, tokens, lex) or _frame_before(cand, tokens, lex)):
            out.append(cand)
            continue
        if not _holds_clause(inner, cand.words) and span.chain < 0:
            continue
        if tokens and _after_title_word(tokens, cand.k_open, lex):
            continue
        if tokens and not _frame_according(cand, tokens, lex):
            _frame_sentence(cand, tokens, lex)
        out.append(cand)
    _share_frames(out, text)
    if tokens:
        for cand in out:
            if cand.slot_start < 0:
                _frame_previous(cand, text, tokens, lex)
    return out


def _share_frames(cands: list[Candidate], text: str) -> None:
    """Quotations without a speaker slot take frame and slot from a neighbour: the parts of one
    multi-paragraph quotation from the part that has one; a quotation from the one just before it in the same
    paragraph when only its frame stands between ('"…," Trump said. "…"'), or from the one right after it
    ('"…." "…," he said.')."""
    framed: dict[int, Candidate] = {}
    for c in cands:
        if c.span.chain >= 0 and c.slot_start >= 0 and c.span.chain not in framed:
            framed[c.span.chain] = c
    for i, c in enumerate(cands):
        if c.slot_start >= 0:
            continue
        src = framed.get(c.span.chain) if c.span.chain >= 0 else None
        if src is None and i and cands[i - 1].slot_start >= 0 and cands[i - 1].span.close >= 0:
            gap = text[cands[i - 1].span.close : c.span.open]
            if "\n" not in gap and len(gap) <= MAX_GAP:
                src = cands[i - 1]
        if src is None and i + 1 < len(cands) and cands[i + 1].frame == "after" and c.span.close >= 0:
            if not text[c.span.close : cands[i + 1].span.open].strip():
                src = cands[i + 1]
        if src is not None:
            if not c.frame:
                c.frame, c.verb = src.frame, src.verb
            c.slot_start, c.slot_end = src.slot_start, src.slot_end
            c.slot_first, c.slot_last, c.head_from_end = src.slot_first, src.slot_last, src.head_from_end
