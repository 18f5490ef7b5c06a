"""``make bench``: letopis's speed and memory, printed as figures (never asserted).

1. Start-up: a fresh ``letopis extract`` process on the seed article (wall time, one process: imports, data
   loading, pipeline build, one document).
2. Extraction: the 1,220 Bulgarian SlavicNER articles in one process (``../shared`` needed): articles/s after
   start-up, ms/article per stage, peak resident memory.
3. The store benchmark (bench/store_bench.py), when present.

Timings on shared machines are noisy: compare figures from the same run as ratios.
"""

from __future__ import annotations

import glob
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def startup() -> None:
    seed = ROOT / "src" / "letopis" / "demo" / "000_995f112fad036f26.txt"
    exe = Path(sys.executable).parent / "letopis"
    times = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([str(exe), "extract", str(seed)], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    print(f"start-up (fresh process, seed article): best {min(times):.2f} s of 3 runs")


def extraction(shared: Path) -> None:
    from letopis.ingest.readers import read_path
    from letopis.pipeline import Pipeline, PipelineConfig
    from letopis.runners.local import document_from_item

    files = sorted(glob.glob(str(shared / "data/slavicner/raw/*/bg/*.txt")))
    if not files:
        print("extraction: no SlavicNER Bulgarian articles found; skipped")
        return
    items = [it for f in files for it in read_path(Path(f))]
    t = time.perf_counter()
    pipe = Pipeline.from_config(PipelineConfig())
    pipe(document_from_item(items[0]))  # first document loads lazily-built resources
    print(f"pipeline build + first document in this process: {time.perf_counter() - t:.2f} s")
    n = len(items)
    chars = sum(len(it.text) for it in items)
    # Pass 1 starts with empty word caches (lemmas, name-tagger windows); pass 2 runs with them filled, as a
    # long-running ingest does after its first thousand articles. Both are printed.
    for label in ("first pass (cold word caches)", "second pass (warm word caches)"):
        per_stage = {s.name: 0.0 for s in pipe.stages}
        t0 = time.perf_counter()
        for item in items:
            doc = document_from_item(item)
            for stage in pipe.stages:
                ts = time.perf_counter()
                doc = stage(doc)
                per_stage[stage.name] += time.perf_counter() - ts
        elapsed = time.perf_counter() - t0
        print(f"extraction, {label}: {n} articles ({chars / n:.0f} chars each) in {elapsed:.2f} s = "
              f"{n / elapsed:.0f} articles/s ({1000 * elapsed / n:.2f} ms/article)")
        print("  " + ", ".join(f"{name} {1000 * secs / n:.3f}" for name, secs in per_stage.items()) + " (ms/article)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {rss:.0f} MB")


def main() -> None:
    startup()
    shared = None
    for cand in (os.environ.get("LETOPIS_SHARED"), str(ROOT.parent / "shared")):
        if cand and (Path(cand) / "data").is_dir():
            shared = Path(cand)
            break
    if shared is None:
        print("../shared not found: extraction benchmark skipped")
    else:
        extraction(shared)
    store_bench = ROOT / "bench" / "store_bench.py"
    if store_bench.is_file():
        subprocess.run([sys.executable, str(store_bench)], check=False)


if __name__ == "__main__":
    main()
