"""Train the Bulgarian name tagger (src/letopis/lang/bg/ner.crfsuite) on WikiANN bg.

    .venv/bin/python tools/train_ner.py [--data ../shared/data/wikiann_bg] [--iterations 100]

Reads every ``*.tsv`` in the data folder (XTREME PAN-X format: ``bg:token<TAB>IOB2 tag``, blank line between
sentences) and trains a CRF with ``letopis.nlp.ner.Featuriser`` features. SlavicNER is never read here: it is research-only and
serves to score the result (``letopis.eval.slavicner``). The run is deterministic for the same data.
A missing data folder or a malformed line raises SystemExit with the file and line.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pycrfsuite

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from letopis.nlp.ner import Featuriser  # noqa: E402

LANG_DIR = ROOT / "src" / "letopis" / "lang" / "bg"


def read_panx(path: Path) -> list[tuple[list[str], list[str]]]:
    sents: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip():
                if words:
                    sents.append((words, tags))
                words, tags = [], []
                continue
            tok, sep, tag = line.rpartition("\t")
            if not sep or not tok.startswith("bg:"):
                raise SystemExit(f"{path}:{lineno}: expected 'bg:token<TAB>tag'")
            words.append(tok[3:])
            tags.append(tag)
    if words:
        sents.append((words, tags))
    return sents


def clean(sents: list[tuple[list[str], list[str]]]) -> list[tuple[list[str], list[str]]]:
    """Drop sentences whose names take in brackets or quote marks ("Руско-турска война ( 1676 – 1681 )"):
    WikiANN's anchors keep them, news names (and SlavicNER's gold) do not."""
    out = []
    for words, tags in sents:
        if any(t != "O" and not w[:1].isalnum() and w not in "-.&" for w, t in zip(words, tags, strict=True)):
            continue
        out.append((words, tags))
    return out


def opening_capitals(sents: list[tuple[list[str], list[str]]]) -> list[tuple[list[str], list[str]]]:
    """Copies of the sentences that open with a lower-case word, with that word capitalised as a news
    sentence writes it: WikiANN's fragments seldom show an ordinary capitalised word that is no name."""
    out = []
    for words, tags in sents:
        if words[0][:1].isalpha() and words[0][:1].islower() and tags[0] == "O":
            out.append(([words[0][:1].upper() + words[0][1:]] + words[1:], tags))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "wikiann_bg")
    ap.add_argument("--out", type=Path, default=LANG_DIR / "ner.crfsuite")
    ap.add_argument("--iterations", type=int, default=100)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    args = ap.parse_args()

    files = sorted(args.data.glob("*.tsv"))
    if not files:
        raise SystemExit(f"{args.data}: no *.tsv files")
    sents = [s for f in files for s in read_panx(f)]
    print(f"{len(sents)} sentences from {', '.join(f.name for f in files)}")
    sents = clean(sents)
    print(f"{len(sents)} sentences kept")
    sents += opening_capitals(sents)
    print(f"{len(sents)} sentences with the news-like copies")

    feats = Featuriser("bg")
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in sents:
        trainer.append(feats.sentence_features(words), tags)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.possible_transitions": True,
        }
    )
    t0 = time.time()
    trainer.train(str(args.out))
    print(f"trained in {time.time() - t0:.0f} s -> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
