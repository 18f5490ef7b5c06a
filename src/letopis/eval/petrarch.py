"""Event coding scored against PETRARCH-2's English validation records (``PETR2_GSR_validation.xml``).

The file is not well-formed XML, so records are read with patterns: each ``<Sentence ... date= id=
evaluate=>`` starts a record that runs to the next one; its ``<EventCoding eventcode= sourcecode=
targetcode=/>`` children are the gold codings (``noevents="True"``: the sentence has none) and ``<Text>`` is
the sentence.

How it is scored (``evaluate_petrarch``):

* A record is used when it has text and is not marked ``evaluate="false"``; the others are counted as
  skipped. A record with ``noevents`` (or no codings at all) has zero gold events: any event letopis codes
  there is a false positive.
* Each record's text runs through the full pipeline with language ``en`` and the record's date
  (``YYYYMMDD``; a malformed date gives no date).
* An event is reduced to (root, source country, target country): the CAMEO root is the code's first two
  digits; an actor's "country" is the first three letters of its code, ``---`` for a code that names no
  country (``---REB`` in the gold, a role alone such as ``REB`` or no actor in letopis's output). Duplicates
  within a record are counted once, on both sides.
* An output event matches a gold coding of the same record when all three are equal; each gold coding and
  each output event is used at most once. Precision = matched / output events, recall = matched / gold
  codings, F1 their harmonic mean; ``per_root`` gives gold, output and matched counts per root.

Bad input: a missing file raises FileNotFoundError; a record whose pipeline run fails counts its gold codings
as missed (the error is listed in ``errors``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from letopis.coding.event_rules import ROLE_CODES
from letopis.model import Document

_RECORD = re.compile(r"<Sentence\b([^>]*)>(.*?)(?=<Sentence\b|</Sentences>|\Z)", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_CODING = re.compile(r"<EventCoding\b([^>]*)/?>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)


def read_records(xml_path: Path) -> list[dict[str, Any]]:
    """Records as dicts: id, date (YYYY-MM-DD or None), evaluate (bool), text, codings [(code, src, tgt)]."""
    raw = Path(xml_path).read_text(encoding="utf-8")
    out = []
    for m in _RECORD.finditer(raw):
        attrs = dict(_ATTR.findall(m.group(1)))
        body = m.group(2)
        codings = []
        for c in _CODING.finditer(body):
            ca = dict(_ATTR.findall(c.group(1)))
            if "eventcode" in ca:
                codings.append((ca["eventcode"], ca.get("sourcecode", "---"), ca.get("targetcode", "---")))
        t = _TEXT.search(body)
        date = attrs.get("date", "")
        out.append(
            {
                "id": attrs.get("id", ""),
                "date": f"{date[:4]}-{date[4:6]}-{date[6:8]}" if re.fullmatch(r"\d{8}", date) else None,
                "evaluate": attrs.get("evaluate", "true").lower() != "false",
                "text": " ".join(t.group(1).split()) if t else "",
                "codings": codings,
            }
        )
    return out


def actor_country(code: str | None) -> str:
    """First three letters of an actor code; ``---`` when the code names no country."""
    if not code or code.startswith("---") or code[:3] in ROLE_CODES:
        return "---"
    return code[:3]


def evaluate_petrarch(xml_path: Path, pipeline: Any = None) -> dict[str, Any]:
    """Precision, recall and F1 of letopis's English events at CAMEO root level (module docstring)."""
    if pipeline is None:
        from letopis.runners.local import build_pipeline

        pipeline = build_pipeline(language="en")
    tp = n_out = n_gold = 0
    skipped = 0
    per_root: dict[str, dict[str, int]] = {}
    errors: list[str] = []
    details = []
    for rec in read_records(xml_path):
        if not rec["evaluate"] or not rec["text"]:
            skipped += 1
            continue
        gold = {(c[:2], actor_country(s), actor_country(t)) for c, s, t in rec["codings"]}
        doc = pipeline(Document(rec["text"], rec["date"], source=rec["id"], language="en"))
        errors.extend(f"{rec['id']}: {e}" for e in doc.errors)
        out = {
            (
                e.root_code,
                actor_country(e.source.code if e.source else None),
                actor_country(e.target.code if e.target else None),
            )
            for e in doc.events
        }
        hit = gold & out
        tp += len(hit)
        n_out += len(out)
        n_gold += len(gold)
        for key, counts in ((gold, "gold"), (out, "output"), (hit, "matched")):
            for root, _, _ in key:
                per_root.setdefault(root, {"gold": 0, "output": 0, "matched": 0})[counts] += 1
        details.append({"id": rec["id"], "gold": sorted(gold), "output": sorted(out)})
    precision = tp / n_out if n_out else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "records": len(details),
        "skipped": skipped,
        "gold_events": n_gold,
        "output_events": n_out,
        "matched": tp,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "per_root": dict(sorted(per_root.items())),
        "details": details,
        "errors": errors,
    }
