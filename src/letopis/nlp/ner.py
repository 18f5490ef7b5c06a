"""Name tagging: spans of tokens that are names of people, organisations and places.

``tag_names(doc)`` returns (first token, end token exclusive, type) with type PER, ORG or LOC over
``doc.tokens``. A language with a CRF model (``lang/<code>/ner.crfsuite``, trained by tools/train_ner.py)
is tagged by it, then by the news rules of ``letopis.nlp.ner_rules``. The model runs only on short windows
around words that could start a name (a capital that does not merely open the sentence with an ordinary
word, an all-capital word), which saves most of the cost; the labels of a window are cached by its words.
A language without a model is tagged from its word lists by ``letopis.nlp.ner_words`` when it has them
(English); otherwise it gets runs of capitalised words that do not open a sentence, typed LOC. A document
without tokens gives no spans.

Token features are computed once per distinct word and cached (news repeats its words); the per-position
part is only the neighbours' ready-made lists and the sentence-start flags. The same ``sentence_features``
feeds training, so model and tagger cannot drift apart. Both caches are bounded.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from letopis import resources
from letopis.model import Document
from letopis.nlp.ner_rules import known_words, lexicon, refine, solo_names
from letopis.nlp.ner_words import has_word_data, tag_by_words

_OPEN_QUOTES = frozenset("„“\"«‘'")
# context the model sees around a capitalised word: names run to the right ("Камарата на представителите")
_LEFT = 1
_RIGHT = 2
_CACHE_SIZE = 50_000
_WORDS_SIZE = 50_000


def _shape(word: str) -> str:
    """Compressed shape: X upper, x lower, d digit, L/l Latin upper/lower, other characters as they are."""
    out = []
    prev = ""
    for ch in word:
        if ch.isdigit():
            c = "d"
        elif ch.isalpha():
            latin = ch < "ɏ"
            c = ("L" if latin else "X") if ch.isupper() else ("l" if latin else "x")
        else:
            c = ch
        if c != prev:
            out.append(c)
            prev = c
    return "".join(out)


class Featuriser:
    """Per-word features for one language, cached. ``words`` keeps, per word form, its own features and
    the ones it lends to the tokens before and after it."""

    def __init__(self, lang: str) -> None:
        lex = lexicon(lang)
        self.known = known_words(lang)
        self.first_names = lex["first_names"]
        self.roles = lex["roles"]
        self.org_heads = lex["org_heads"]
        self.loc_heads = lex["loc_heads"]
        self.words: dict[str, tuple[list[str], list[str], list[str], str, str, bool, bool]] = {}
        self.windows: dict[tuple, list[str]] = {}  # tag_names' cache of labels per window

    def word(self, w: str) -> tuple[list[str], list[str], list[str], str, str, bool, bool]:
        hit = self.words.get(w)
        if hit is not None:
            return hit
        lo = w.lower()
        shape = _shape(w)
        cap = w[:1].isupper()
        flags = []
        if self.known(lo):
            flags.append("common")
        if lo in self.first_names:
            flags.append("fname")
        if lo in self.roles:
            flags.append("role")
        if lo in self.org_heads:
            flags.append("orgh")
        if lo in self.loc_heads:
            flags.append("loch")
        if cap:
            flags.append("cap")
        if len(w) > 1 and w.isupper():
            flags.append("allcap")
        own = ["b", "w=" + lo, "s3=" + lo[-3:], "s4=" + lo[-4:], "sh=" + shape]
        own += flags
        short = ["w=" + lo] + flags
        prev = ["-1:" + f for f in short]
        nxt = ["+1:" + f for f in short]
        known = "common" in flags
        hit = (own, prev, nxt, "-2:w=" + lo, "+2:w=" + lo, cap, known)
        if len(self.words) >= _WORDS_SIZE:
            # bounded memory over a long run (about 1.5 KB a word); refilling costs less than a miss
            self.words.clear()
        self.words[w] = hit
        return hit

    def sentence_features(self, words: Sequence[str], lo: int = 0, hi: int | None = None) -> list[list[str]]:
        """Features of tokens ``lo`` to ``hi`` (exclusive; default all) of one sentence (its word strings)."""
        n = len(words)
        hi = n if hi is None else hi
        word = self.word
        infos = [word(w) for w in words[max(0, lo - 2) : hi + 2]]
        base = max(0, lo - 2)
        # the first word token opens the sentence, also behind an opening quote or dash
        first = 0
        while first < n and not words[first][:1].isalnum():
            first += 1
        out = []
        for i in range(lo, hi):
            info = infos[i - base]
            f = list(info[0])
            if i > 0:
                f += infos[i - 1 - base][1]
                if i > 1:
                    f.append(infos[i - 2 - base][3])
            else:
                f.append("BOS")
            if i + 1 < n:
                f += infos[i + 1 - base][2]
                if i + 2 < n:
                    f.append(infos[i + 2 - base][4])
            else:
                f.append("EOS")
            if i == first:
                f.append("first")
                if info[5]:
                    f.append("first_cap_known" if info[6] else "first_cap_unknown")
            elif i > 0 and words[i - 1] in _OPEN_QUOTES:
                f.append("after_quote")
            out.append(f)
        return out


@functools.cache
def featuriser(lang: str) -> Featuriser:
    return Featuriser(lang)


@functools.cache
def _tagger(lang: str):  # -> pycrfsuite.Tagger | None
    path = resources.LANG_ROOT / lang / "ner.crfsuite"
    if not path.is_file():
        return None
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def decode_bio(labels: Sequence[str], offset: int = 0) -> list[tuple[int, int, str]]:
    """BIO labels to (start, end exclusive, type) spans. A stray I- starts a span; a type change ends one."""
    spans: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, lab in enumerate(labels):
        new = lab[2:] if lab != "O" else ""
        if typ and (not new or lab.startswith("B-") or new != typ):
            spans.append((offset + start, offset + i, typ))
            typ = ""
        if new and not typ:
            start, typ = i, new
    if typ:
        spans.append((offset + start, offset + len(labels), typ))
    return spans


def tag_names(doc: Document) -> list[tuple[int, int, str]]:
    lang = doc.language or ""
    tagger = _tagger(lang) if lang else None
    if tagger is None:
        # no model: the language's word lists (nlp/ner_words.py) when it has them, else capital runs
        return tag_by_words(doc, lang) if lang and has_word_data(lang) else _capital_runs(doc)
    feats = featuriser(lang)
    known = feats.known
    solo = solo_names(lang)
    cache = feats.windows
    toks = doc.tokens
    spans: list[tuple[int, int, str]] = []
    n = len(toks)
    # only capitalised words can open a window: walk them, sentence by sentence, instead of every token
    caps = [k for k, t in enumerate(toks) if t.is_cap and t.is_word]
    sents = [t.sent for t in toks]
    ordered = sents == sorted(sents)  # always so for the tokenizer's output; hand-made tokens may differ
    c, nc = 0, len(caps)
    while c < nc:
        # one sentence [i, j) (a run of tokens with one sentence index); the model sees only windows around
        # words that could be names
        k0 = caps[c]
        sent = toks[k0].sent
        if ordered:
            i, j = bisect_left(sents, sent, 0, k0), bisect_right(sents, sent, k0)
        else:
            i, j = k0, k0 + 1
            while i > 0 and sents[i - 1] == sent:
                i -= 1
            while j < n and sents[j] == sent:
                j += 1
        first = i  # the sentence's first word token
        while not toks[first].is_word:
            first += 1
        windows: list[list[int]] = []
        while c < nc and caps[c] < j:
            k = caps[c]
            c += 1
            t = toks[k]
            if k != first or (len(t.text) > 1 and t.text.isupper()) or not known(t.lower):
                if (
                    t.lower in solo
                    and (k == i or not toks[k - 1].is_cap)
                    and (k + 1 == j or not toks[k + 1].is_cap)
                ):
                    # a known one-word name standing alone ("САЩ", "Германия"): the rules add it
                    continue
                lo, hi = max(i, k - _LEFT), min(j, k + 1 + _RIGHT)
                if windows and lo <= windows[-1][1]:
                    windows[-1][1] = hi
                else:
                    windows.append([lo, hi])
        if windows:
            words = [t.text for t in toks[i:j]]
            m = len(words)
            opener = 0
            while opener < m and not words[opener][:1].isalnum():
                opener += 1
            for lo, hi in windows:
                lo, hi = lo - i, hi - i
                # the labels depend only on the words two either side and where the sentence starts and
                # ends: news repeats such windows ("каза Доналд Тръмп"), so they are cached
                a, b = max(0, lo - 2), min(m, hi + 2)
                key = (tuple(words[a:b]), lo - a, b - hi, opener - lo if lo <= opener < hi else -1)
                labels = cache.get(key)
                if labels is None:
                    labels = tagger.tag(feats.sentence_features(words, lo, hi))
                    if len(cache) >= _CACHE_SIZE:
                        cache.clear()
                    cache[key] = labels
                spans.extend(decode_bio(labels, lo + i))
    return refine(doc, spans, lang)


def _capital_runs(doc: Document) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    toks = doc.tokens
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if t.is_cap and t.is_word and not (i == 0 or toks[i - 1].sent != t.sent):
            j = i + 1
            while j < n and toks[j].is_cap and toks[j].is_word and toks[j].sent == t.sent:
                j += 1
            spans.append((i, j, "LOC"))
            i = j
        else:
            i += 1
    return spans
