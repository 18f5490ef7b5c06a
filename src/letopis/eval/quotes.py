"""Scoring the quotes stage on PolNeAR (English news, attribution relations; ``shared/data/polnear``).

PolNeAR marks every attribution (direct and indirect speech, beliefs) with Source, Cue and Content spans. Direct
quotations are a subset, so the figures are defined this way:

* gold direct quotation: an attribution whose Content holds double quote marks (" “ ”) and whose quoted part
  (first mark to last) covers at least half of the Content ("mostly verbatim"). Contents with a short quoted
  phrase inside a paraphrase are counted apart ("partial") and are not in the recall denominator.
* detection precision: an output quotation is right when at least half of its characters lie inside the
  Content of some gold attribution (direct or not); otherwise it is a false positive (a title, a scare quote).
* detection recall: a gold direct quotation is found when an output quotation overlaps its Content.
* speaker: of the output quotations matched to an attribution that has a Source, the share whose speaker slot
  (the words beside the speech verb, or after "according to") overlaps the gold Source span. This scores
  where the speaker is read from, not the entity resolution (English has no entity stage to resolve with).
* cue: of the same quotations, the share whose speech verb lies inside the gold Cue span.

Only one annotator's file is used per article (the first in name order). The ``test`` split is never used
by default: develop on ``train``, report ``dev``.

``evaluate_quotes(shared)`` returns the figures as a dict. A missing PolNeAR folder raises FileNotFoundError;
an unreadable annotation line is skipped.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from letopis.coding.quotes import Candidate, find_candidates
from letopis.model import Document
from letopis.pipeline import Pipeline, PipelineConfig

_DOUBLE = frozenset('"“”')

Ranges = list[tuple[int, int]]


def read_ann(path: Path) -> list[dict[str, Ranges]]:
    """Attributions of one brat ``.ann`` file: dicts with ``content``, ``cue`` and ``source`` ranges."""
    spans: dict[str, tuple[str, Ranges]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            kind, _, offsets = parts[1].partition(" ")
            try:
                ranges = [(int(a), int(b)) for a, b in (piece.split() for piece in offsets.split(";"))]
            except ValueError:
                continue
            spans[parts[0]] = (kind, ranges)
        elif parts[0].startswith("E"):
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    out = []
    for rel in relations:
        att: dict[str, Ranges] = {}
        for role in ("Content", "Cue", "Source"):
            ref = rel.get(role)
            if ref in spans:
                att[role.lower()] = spans[ref][1]
        if "content" in att:
            out.append(att)
    return out


def _overlap(a: tuple[int, int], ranges: Ranges) -> int:
    return sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in ranges)


def quoted_share(text: str, content: Ranges) -> float:
    """Share of the Content between its first and last double quote mark (0 with fewer than two marks)."""
    marks = [i for s, e in content for i in range(s, e) if text[i] in _DOUBLE]
    total = sum(e - s for s, e in content)
    if len(marks) < 2 or not total:
        return 0.0
    return (marks[-1] - marks[0] + 1) / total


def _articles(root: Path, split: str) -> list[tuple[Path, Path]]:
    text_dir, ann_dir = root / split / "text", root / split / "attributions"
    if not text_dir.is_dir():
        raise FileNotFoundError(f"{text_dir}: PolNeAR split not found")
    pairs = []
    for txt in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(f"{txt.stem}_*.ann"))
        if anns:
            pairs.append((txt, anns[0]))
    return pairs


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, float]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def evaluate_quotes(shared: Path, split: str = "dev", limit: int | None = None) -> dict[str, Any]:
    """Quote detection and speaker figures on PolNeAR ``split`` (see the module docstring)."""
    root = shared / "data" / "polnear" / "data"
    pipe = Pipeline.from_config(PipelineConfig(stages=("language", "sentences", "tokens"), language="en"))
    n_pred = tp_pred = n_direct = found_direct = n_partial = found_partial = 0
    with_source = speaker_ok = cue_ok = framed = 0
    seconds = 0.0
    articles = _articles(root, split)[:limit]
    for txt, ann in articles:
        text = txt.read_text(encoding="utf-8")
        gold = read_ann(ann)
        doc = pipe(Document(text, language="en"))
        t0 = time.perf_counter()
        cands = find_candidates(doc)
        seconds += time.perf_counter() - t0
        hit_gold: set[int] = set()
        for c in cands:
            n_pred += 1
            span = (c.span.start, c.span.end)
            best, best_overlap = None, 0
            for gi, g in enumerate(gold):
                ov = _overlap(span, g["content"])
                if ov > best_overlap:
                    best, best_overlap = gi, ov
            for gi, g in enumerate(gold):
                if _overlap(span, g["content"]):
                    hit_gold.add(gi)
            if best is None or best_overlap * 2 < span[1] - span[0]:
                continue
            tp_pred += 1
            framed += c.frame != ""
            g = gold[best]
            if "source" in g:
                with_source += 1
                speaker_ok += _speaker_right(c, g["source"])
                cue_ok += _cue_right(doc, c, g.get("cue", []))
        for gi, g in enumerate(gold):
            share = quoted_share(text, g["content"])
            if share >= 0.5:
                n_direct += 1
                found_direct += gi in hit_gold
            elif share > 0:
                n_partial += 1
                found_partial += gi in hit_gold
    detection = _prf(tp_pred, n_pred, found_direct, n_direct)
    return {
        "dataset": f"PolNeAR {split} (English), first annotator per article",
        "articles": len(articles),
        "predicted": n_pred,
        "gold_direct": n_direct,
        "detection": detection,
        "partial_quotes_found": round(found_partial / n_partial, 4) if n_partial else 0.0,
        "gold_partial": n_partial,
        "speaker_slot_accuracy": round(speaker_ok / with_source, 4) if with_source else 0.0,
        "cue_accuracy": round(cue_ok / with_source, 4) if with_source else 0.0,
        "framed_share": round(framed / tp_pred, 4) if tp_pred else 0.0,
        "ms_per_article": round(1000 * seconds / len(articles), 4) if articles else 0.0,
    }


def _speaker_right(c: Candidate, source: Ranges) -> bool:
    return c.slot_start >= 0 and _overlap((c.slot_start, c.slot_end), source) > 0


def _cue_right(doc: Document, c: Candidate, cue: Ranges) -> bool:
    if c.verb is None:
        return False
    return any(s <= t.start < e and t.text == c.verb for s, e in cue for t in doc.tokens if s <= t.start < e)
