"""A readable, plain-text summary of document records for the terminal (``--format table``, ``demo``)."""

from __future__ import annotations

from letopis.model import DocumentRecord


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_record(rec: DocumentRecord) -> str:
    lines: list[str] = []
    add = lines.append
    add(f"== {rec.source}  date {rec.date or '-'}  language {rec.language or '-'}  id {rec.id[:16]}")
    if rec.title:
        add(f"   title: {rec.title}")
    for err in rec.errors:
        add(f"   ! {err}")
    if rec.entities:
        add(f"-- entities ({len(rec.entities)})")
        for e in rec.entities:
            names = sorted({m.text for m in e.mentions if m.kind == "name"})
            refs = sorted({m.text for m in e.mentions if m.kind == "reference"})
            add(f"   {e.id:<4} {e.type:<12} {e.actor_code or '-':<8} {e.name}  ({e.native_name}; "
                f"{len(e.mentions)} mentions: {', '.join(names)}{'; refs: ' + ', '.join(refs) if refs else ''})")
    if rec.events:
        add(f"-- events ({len(rec.events)})")
        for ev in rec.events:
            src = ev.source.code if ev.source and ev.source.code else "-"
            tgt = ev.target.code if ev.target and ev.target.code else "-"
            bg = "background" if ev.background else "news"
            add(f"   {src:<7} -> {tgt:<7} {ev.code:<5} {ev.goldstein:+5.1f} q{ev.quad_class} {ev.date or '-':<10} "
                f"{bg:<10} [{ev.evidence.trigger}] {_short(ev.evidence.text, 70)}  ({ev.rule})")
    if rec.quotes:
        add(f"-- quotes ({len(rec.quotes)})")
        for q in rec.quotes:
            add(f"   {q.speaker_name or '?'} ({q.verb or '-'}): \u201e{_short(q.text, 80)}\u201c")
    if rec.counts:
        add(f"-- counts ({len(rec.counts)})")
        for c in rec.counts:
            add(f"   {c.type:<9} {c.number:>7}{' ~' if c.approximate else '  '} {c.object or ''}")
    if rec.dates:
        add(f"-- dates ({len(rec.dates)})")
        for d in rec.dates:
            add(f"   {d.text!r:<24} -> {d.value}{'  (relative)' if d.relative else ''}")
    if rec.places:
        add(f"-- places ({len(rec.places)})")
        for p in rec.places:
            where = f"{p.lat:.2f},{p.lon:.2f}" if p.lat is not None and p.lon is not None else "-"
            add(f"   {p.name:<20} {p.country or '-':<4} {p.kind:<8} {where}")
    t = rec.tone
    add(f"-- tone {t.tone:+.2f} (positive {t.positive:.2f}, negative {t.negative:.2f}, polarity {t.polarity:.2f}, "
        f"{t.word_count} words)")
    return "\n".join(lines)
