"""Output snapshot for speed work: every record of the 1,220 Bulgarian SlavicNER articles as JSONL, plus the
simhash fingerprint of each text, so that an optimisation can be checked to change nothing (diff two runs).

Usage: python bench/snapshot.py OUT.jsonl   (needs ../shared or LETOPIS_SHARED; exits 1 without it)
"""

from __future__ import annotations

import glob
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    from letopis.ingest.readers import read_path
    from letopis.model import encode_json
    from letopis.runners.local import extract_items
    from letopis.store.dedup import simhash

    base = None
    for cand in (os.environ.get("LETOPIS_SHARED"), str(ROOT.parent / "shared")):
        if cand and (Path(cand) / "data").is_dir():
            base = Path(cand)
            break
    if base is None or len(sys.argv) != 2:
        print("usage: snapshot.py OUT.jsonl (needs ../shared)", file=sys.stderr)
        return 1
    files = sorted(glob.glob(str(base / "data/slavicner/raw/*/bg/*.txt")))
    items = [it for f in files for it in read_path(Path(f))]
    lines = []
    for item, rec in zip(items, extract_items(items), strict=True):
        fp, words = simhash(item.text)
        lines.append((item.source, encode_json(rec).decode(), f'{{"simhash": {fp}, "words": {words}}}'))
    lines.sort(key=lambda t: t[0])  # stable: sources are unique file paths
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        for _, rec, fp in lines:
            out.write(rec + "\n" + fp + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
