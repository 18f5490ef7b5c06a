"""Shared fixtures. Gold data live in ../shared (next to the checkout); tests that need them skip without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SEED_TXT = GOLDEN / "000_995f112fad036f26.txt"
SEED_GOLD = GOLDEN / "000_995f112fad036f26.gold.json"


def _shared() -> Path | None:
    env = os.environ.get("LETOPIS_SHARED")
    for cand in ([Path(env)] if env else []) + [ROOT.parent / "shared", ROOT.parent.parent / "shared"]:
        if (cand / "data").is_dir():
            return cand
    return None


SHARED = _shared()


@pytest.fixture(scope="session")
def shared() -> Path:
    if SHARED is None:
        pytest.skip("../shared (gold data) is not here")
    return SHARED


@pytest.fixture(scope="session")
def pipeline():
    from letopis.runners.local import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def seed_record(pipeline):
    from letopis.ingest.readers import read_path
    from letopis.runners.local import extract_items

    return next(extract_items(read_path(SEED_TXT), pipeline, with_text=True))
