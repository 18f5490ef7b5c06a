"""Store benchmark: prints figures, asserts nothing (`make bench` calls it).

1. Ingest speed against extract speed on the 1,220 Bulgarian SlavicNER articles (needs ../shared; skipped
   without it): the same pipeline object, best of two runs each.
2. A synthetic store of 100,000 events (hand-made records carrying SlavicNER texts, or generated text
   without ../shared): how long it takes to write and how many bytes per event it takes on disk.
3. `letopis events` with filters on that store: open read-only, query, close, as the command does; median
   of 15 runs per filter set, plus the wall time of one whole `letopis events` process.

Usage: python bench/store_bench.py [--events 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from letopis.model import (  # noqa: E402
    ActorRef,
    DocumentRecord,
    Entity,
    Event,
    EventPlace,
    Evidence,
    Mention,
    Quote,
    Tone,
    document_id,
)


def shared() -> Path | None:
    env = os.environ.get("LETOPIS_SHARED")
    for cand in ([Path(env)] if env else []) + [ROOT.parent / "shared", ROOT.parent.parent / "shared"]:
        if (cand / "data").is_dir():
            return cand
    return None


def bg_files() -> list[str]:
    base = shared()
    return sorted(glob.glob(str(base / "data/slavicner/raw/*/bg/*.txt"))) if base else []


def bench_ingest(files: list[str], workdir: Path) -> None:
    from letopis.runners.local import build_pipeline, extract_items, read_items
    from letopis.store.writer import ingest_items

    pipeline = build_pipeline()
    items = list(read_items(files))
    list(extract_items(items[:50], pipeline))  # warm the caches both runs use
    extract_s, ingest_s, extract_cpu, ingest_cpu, main_cpu = [], [], [], [], []
    for run in range(3):
        t, c = time.perf_counter(), time.process_time()
        for _ in extract_items(items, pipeline):
            pass
        extract_s.append(time.perf_counter() - t)
        extract_cpu.append(time.process_time() - c)
        db = workdir / f"ingest{run}.duckdb"
        t, c, m = time.perf_counter(), time.process_time(), time.thread_time()
        stats = ingest_items(items, db, pipeline)
        ingest_s.append(time.perf_counter() - t)
        ingest_cpu.append(time.process_time() - c)  # every thread: the pipeline's, the writer's, DuckDB's
        main_cpu.append(time.thread_time() - m)  # the pipeline's thread only: the critical path
    t = time.perf_counter()
    again = ingest_items(items, workdir / "ingest0.duckdb", pipeline)
    reingest = time.perf_counter() - t
    n = len(items)
    ex, ing = min(extract_s), min(ingest_s)
    print(f"articles                         {n}")
    print(f"extract                          {ex:.2f} s  {1000 * ex / n:.2f} ms/article  {n / ex:.0f} articles/s")
    print(f"ingest                           {ing:.2f} s  {1000 * ing / n:.2f} ms/article  {n / ing:.0f} articles/s")
    print(f"ingest speed / extract speed     {ex / ing:.0%} (best of 3 wall times)")
    print(f"CPU seconds, extract / ingest    {min(extract_cpu):.2f} / {min(ingest_cpu):.2f} = "
          f"{min(extract_cpu) / min(ingest_cpu):.0%} (steadier than wall times on a busy machine)")
    print(f"CPU seconds of the main thread   {min(main_cpu):.2f}: extract / ingest main thread = "
          f"{min(extract_cpu) / min(main_cpu):.0%} (the wall-time ratio when the writer has a core to itself)")
    print(f"stored: {stats.processed} processed, {stats.duplicates} syndicated copies, {stats.failed} failed, "
          f"{stats.skipped} given twice; {stats.events} event mentions")
    print(f"re-ingest of the same files      {reingest:.2f} s ({again.skipped} skipped, {again.documents} stored)")
    size = os.path.getsize(workdir / "ingest0.duckdb")
    print(f"store file                       {size / 1e6:.1f} MB ({size / max(n, 1) / 1000:.1f} KB per article)")


ACTORS = ["BGR", "BGRGOV", "BGROPP", "GRC", "GRCGOV", "SRB", "SRBGOV", "KOS", "ROU", "TUR", "TURGOV", "UKR",
          "UKRGOV", "UKRMIL", "RUS", "RUSGOV", "RUSMIL", "BLR", "BLRGOV", "BLROPP", "USA", "USAGOV", "GBR",
          "GBRGOV", "FRA", "DEU", "DEUGOV", "POL", "EUR", "IGOEU", "IGONAT", "IGOUNO", "CHN", "CHNGOV", "IRN",
          "ISR", "PSE", "MKD", "HUN", "AUT"]
CODES = [("010", 0.0, 1), ("012", -0.4, 1), ("020", 3.0, 1), ("036", 4.0, 1), ("040", 1.0, 1), ("042", 1.9, 1),
         ("043", 2.8, 1), ("046", 7.0, 1), ("051", 3.4, 1), ("057", 8.0, 1), ("061", 6.4, 2), ("070", 7.0, 2),
         ("0841", 7.0, 2), ("100", -5.0, 3), ("111", -2.0, 3), ("112", -2.0, 3), ("120", -4.0, 3),
         ("130", -4.4, 3), ("141", -6.5, 3), ("145", -7.5, 3), ("163", -8.0, 4), ("172", -5.0, 4),
         ("173", -5.0, 4), ("180", -9.0, 4), ("190", -10.0, 4), ("193", -10.0, 4), ("195", -10.0, 4)]
PLACES = [("Sofia", "BGR", 42.7, 23.3), ("Athens", "GRC", 38.0, 23.7), ("Belgrade", "SRB", 44.8, 20.5),
          ("Kyiv", "UKR", 50.5, 30.5), ("Moscow", "RUS", 55.8, 37.6), ("Minsk", "BLR", 53.9, 27.6),
          ("Brussels", "BEL", 50.8, 4.4), ("Washington", "USA", 38.9, -77.0), ("Ankara", "TUR", 39.9, 32.9),
          ("Bucharest", "ROU", 44.4, 26.1), ("Varna", "BGR", 43.2, 27.9), ("Kharkiv", "UKR", 50.0, 36.2)]


def synthetic_records(n_events: int, texts: list[str], per_doc: int = 5):
    rng = random.Random(7)
    n_docs = n_events // per_doc
    for i in range(n_docs):
        base = texts[i % len(texts)]
        text = f"{i}. {base}"  # unique text, so a unique document
        day = 1 + rng.randrange(365)
        date = time.strftime("%Y-%m-%d", time.gmtime((20089 + day) * 86400))  # days in 2025
        ents = []
        for k in range(3):
            code = rng.choice(ACTORS)
            at = min(len(text) - 10, 20 * k + 5)
            ents.append(Entity(f"e{k + 1}", f"Actor {code}", f"Актьор {code}", "ORGANIZATION", code[:3], code,
                               [Mention(at, at + 8, text[at:at + 8], "name")]))
        events = []
        for _ in range(per_doc):
            code, gold, quad = rng.choice(CODES)
            src, tgt = rng.sample(ACTORS, 2)
            place = rng.choice(PLACES) if rng.random() < 0.6 else None
            s = rng.randrange(max(1, len(text) - 200))
            events.append(Event(
                source=ActorRef(src, f"Actor {src}", None), target=ActorRef(tgt, f"Actor {tgt}", None),
                code=code, root_code=code[:2], quad_class=quad, goldstein=gold, plover=None,
                date=date if rng.random() < 0.7 else None, background=rng.random() < 0.1,
                place=EventPlace(*place) if place else None,
                evidence=Evidence(s, s + 150, text[s : s + 150], text[s : s + 6]), rule="bench", confidence=0.7,
            ))
        quotes = [Quote(text[40:120], 40, 120, "e1", "Actor", "каза", True)]
        yield DocumentRecord(
            id=document_id(date, text), source=f"https://outlet{i % 50}.example/{i}", date=date, language="bg",
            entities=ents, quotes=quotes, events=events, counts=[], dates=[], places=[],
            tone=Tone(tone=rng.uniform(-5, 5), word_count=len(text.split())), errors=[], text=text,
        )


def bench_store(n_events: int, workdir: Path) -> Path:
    from letopis.store.writer import ingest_records

    files = bg_files()
    if files:
        texts = [Path(f).read_text(encoding="utf-8") for f in files]
    else:
        rng = random.Random(1)
        words = [f"дума{i}" for i in range(3000)]
        texts = [" ".join(rng.choice(words) for _ in range(350)) for _ in range(1200)]
    db = workdir / "events.duckdb"
    t = time.perf_counter()
    stats = ingest_records(synthetic_records(n_events, texts), db, batch_size=500)
    took = time.perf_counter() - t
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    n_ev, n_m, n_d = con.execute(
        "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM event_mentions), (SELECT count(*) FROM documents)"
    ).fetchone()
    con.close()
    size = os.path.getsize(db)
    print(f"synthetic store                  {n_d} documents, {n_m} event mentions, {n_ev} merged events")
    print(f"written in                       {took:.1f} s ({stats.documents / took:.0f} documents/s)")
    print(f"file                             {size / 1e6:.1f} MB = {size / n_ev:.0f} bytes per event "
          f"(texts stored: {'SlavicNER' if files else 'generated'})")
    return db


FILTERS = {
    "no filter (newest 100)": {},
    "--actor BLR": {"actor": "BLR"},
    "--actor 'actor ukr' (name)": {"actor": "actor ukr"},
    "--source RUSMIL --target UKR": {"source": "RUSMIL", "target": "UKR"},
    "--code 14 --since 2025-06-01": {"code": "14", "since": "2025-06-01"},
    "--root 19 --quad 4 --country UKR": {"root": "19", "quad": (4,), "country": "UKR"},
    "--place kyiv --no-background": {"place": "kyiv", "background": False},
    "--min-sources 2 --until 2025-03-31": {"min_sources": 2, "until": "2025-03-31"},
}


def bench_queries(db: Path) -> None:
    from letopis.store import queries
    from letopis.store.db import reading

    print("letopis events (open, query, close; median of 15):")
    for label, kw in FILTERS.items():
        times = []
        for _ in range(15):
            t = time.perf_counter()
            with reading(db) as con:
                res = queries.events(con, limit=100, **kw)
            times.append(time.perf_counter() - t)
        print(f"  {label:<36} {1000 * statistics.median(times):6.1f} ms  ({len(res.rows)} rows)")
    for label, args in (("dyad UKR RUS --by week", ["dyad", "UKR", "RUS", "--by", "week"]),
                        ("stats", ["stats"])):
        times = []
        for _ in range(5):
            t = time.perf_counter()
            with reading(db) as con:
                if args[0] == "dyad":
                    queries.dyad(con, "UKR", "RUS", by="week")
                else:
                    queries.stats(con, str(db))
            times.append(time.perf_counter() - t)
        print(f"  {label:<36} {1000 * statistics.median(times):6.1f} ms")
    exe = Path(sys.executable).parent / "letopis"
    if exe.exists():
        t = time.perf_counter()
        subprocess.run([str(exe), "events", "--db", str(db), "--actor", "BLR", "--since", "2025-06-01"],
                       check=True, capture_output=True)
        print(f"  whole `letopis events --actor BLR --since ...` process: {1000 * (time.perf_counter() - t):.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--keep", help="Write the stores here and keep them.")
    args = ap.parse_args()
    tmp = None if args.keep else tempfile.TemporaryDirectory()
    workdir = Path(args.keep or tmp.name)  # type: ignore[union-attr]
    workdir.mkdir(parents=True, exist_ok=True)
    files = bg_files()
    print("== ingest vs extract (SlavicNER bg)")
    if files:
        bench_ingest(files, workdir)
    else:
        print("skipped: ../shared is not here")
    print(f"== synthetic store of {args.events} events")
    db = bench_store(args.events, workdir)
    bench_queries(db)
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
