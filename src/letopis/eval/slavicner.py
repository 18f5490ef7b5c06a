"""Name tagging scored against SlavicNER (consolidated BSNLP 2017-2023 gold), read from ``shared/``.

SlavicNER is research-only: it is read here to score, never to train or to build shipped data.

``evaluate_slavicner`` runs the letopis pipeline (stages up to ``entities``) on each raw text of a split and
takes every entity mention of kind ``name`` from the output record, typed PERSON -> PER, ORGANIZATION ->
ORG, LOCATION and COUNTRY -> LOC. ``tagger_only=True`` scores ``letopis.nlp.ner.tag_names`` alone instead.

Scores (see docs/ner.md):

* typed span: exact (start, end, type) with type among PER/ORG/LOC. Gold EVT and PRO mentions are left out
  of the gold, and a prediction that overlaps a gold EVT/PRO span is ignored (neither right nor wrong).
* untyped span: the same with (start, end) only.
* relaxed document-level (BSNLP style): per document, the set of distinct (normalised surface, type) found
  against the gold set; counts are summed over documents.

A missing split file or raw file raises FileNotFoundError; a malformed gold line raises ValueError naming
the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from letopis.model import Document, to_record

KEPT = ("PER", "ORG", "LOC")
IGNORED = ("EVT", "PRO")
ENTITY_TYPES = {"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC", "COUNTRY": "LOC"}
DEFAULT_STAGES = ("language", "sentences", "tokens", "entities")

Span = tuple[int, int, str]
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({c: '"' for c in "„“”«»‘’‚'"})


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    tp: int = 0

    def add(self, gold: set, pred: set) -> None:
        self.gold += len(gold)
        self.predicted += len(pred)
        self.tp += len(gold & pred)

    def scores(self) -> dict[str, float | int]:
        p = self.tp / self.predicted if self.predicted else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "tp": self.tp,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
        }


@dataclass
class Tally:
    docs: int = 0
    typed: Counts = field(default_factory=Counts)
    untyped: Counts = field(default_factory=Counts)
    relaxed: Counts = field(default_factory=Counts)
    per_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in KEPT})

    def add(self, text: str, gold: list[Span], pred: Iterable[Span]) -> None:
        """Score one document. ``gold`` holds every gold mention (EVT/PRO too); ``pred`` PER/ORG/LOC spans."""
        self.docs += 1
        kept = {g for g in gold if g[2] in KEPT}
        blocked = [(s, e) for s, e, t in gold if t in IGNORED]
        preds = {p for p in pred if p[2] in KEPT and not _overlaps(p, blocked)}
        self.typed.add(kept, preds)
        self.untyped.add({(s, e) for s, e, _ in kept}, {(s, e) for s, e, _ in preds})
        self.relaxed.add(
            {(normalise(text[s:e]), t) for s, e, t in kept}, {(normalise(text[s:e]), t) for s, e, t in preds}
        )
        for t, c in self.per_type.items():
            c.add({g for g in kept if g[2] == t}, {p for p in preds if p[2] == t})

    def result(self) -> dict:
        typed = self.typed.scores()
        return {
            "docs": self.docs,
            **typed,
            "typed": typed,
            "untyped": self.untyped.scores(),
            "relaxed": self.relaxed.scores(),
            "per_type": {t: c.scores() for t, c in self.per_type.items()},
        }


def _overlaps(span: Span, blocked: list[tuple[int, int]]) -> bool:
    s, e = span[0], span[1]
    return any(s < be and bs < e for bs, be in blocked)


def normalise(surface: str) -> str:
    """Lower case, one kind of quote, single spaces: how a surface form is compared document-level."""
    return _SPACE.sub(" ", surface.translate(_QUOTES)).strip().lower()


def read_text(path: Path) -> str:
    # newline="" keeps the characters the gold offsets count (no CRLF translation)
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def read_gold(path: Path) -> list[Span]:
    """One SlavicNER .tsv: start, end, surface, lemma, type, id per line. Raises ValueError on a bad line."""
    spans: list[Span] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line:
                continue
            parts = line.split("\t")
            if len(parts) < 5 or not parts[0].isdigit() or not parts[1].isdigit():
                raise ValueError(f"{path}:{lineno}: not a SlavicNER mention line")
            spans.append((int(parts[0]), int(parts[1]), parts[4]))
    return spans


def split_docs(root: Path, lang: str, split: str, part: str) -> list[tuple[Path, Path]]:
    """(raw path, gold path) of one language in one split part, in the split file's order."""
    listing = root / f"SPLIT_{split}_{part}.txt"
    pairs = []
    for line in listing.read_text(encoding="utf-8").splitlines():
        rel = line.strip()
        if not rel or f"/{lang}/" not in rel:
            continue
        raw = root / rel
        gold = root / ("ner" + rel[len("raw") :]).removesuffix(".txt")
        pairs.append((raw, gold.with_name(gold.name + ".tsv")))
    return pairs


def pipeline_tagger(lang: str, stages: tuple[str, ...] | None) -> Callable[[str], list[Span]]:
    """Text -> name spans taken from the pipeline's output record."""
    from letopis.runners.local import build_pipeline

    pipe = build_pipeline(language=lang, stages=stages or DEFAULT_STAGES)

    def tag(text: str) -> list[Span]:
        record = to_record(pipe(Document(text, language=lang)))
        return [
            (m.start, m.end, ENTITY_TYPES[e.type])
            for e in record.entities
            if e.type in ENTITY_TYPES
            for m in e.mentions
            if m.kind == "name"
        ]

    return tag


def names_tagger(lang: str) -> Callable[[str], list[Span]]:
    """Text -> spans of ``tag_names`` alone (sentences and tokens from the pipeline)."""
    from letopis.nlp.ner import tag_names
    from letopis.runners.local import build_pipeline

    pipe = build_pipeline(language=lang, stages=("language", "sentences", "tokens"))

    def tag(text: str) -> list[Span]:
        doc = pipe(Document(text, language=lang))
        toks = doc.tokens
        return [(toks[i].start, toks[j - 1].end, t) for i, j, t in tag_names(doc)]

    return tag


def evaluate_slavicner(
    shared: Path,
    languages: tuple[str, ...] = ("bg",),
    split: str = "single_out_topic",
    part: str = "test",
    stages: tuple[str, ...] | None = None,
    tagger_only: bool = False,
) -> dict:
    """Scores per language: ``{lang: {split: {docs, gold, predicted, tp, precision, recall, f1, typed,
    untyped, relaxed, per_type}}}``. ``shared`` is the shared folder (holding data/slavicner) or the
    slavicner folder itself. ``split`` is single_out_topic or cross-topic; ``part`` train or test."""
    root = Path(shared)
    if (root / "data" / "slavicner").is_dir():
        root = root / "data" / "slavicner"
    out: dict = {}
    for lang in languages:
        tag = names_tagger(lang) if tagger_only else pipeline_tagger(lang, stages)
        tally = Tally()
        for raw, gold in split_docs(root, lang, split, part):
            text = read_text(raw)
            tally.add(text, read_gold(gold), tag(text))
        out[lang] = {split: tally.result()}
    return out
