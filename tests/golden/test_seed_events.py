"""The seed article through the whole pipeline: its events against the gold coding (shared/GOLD_FORMAT.md)."""

from __future__ import annotations

import json

import pytest

from letopis.eval.gold import score_gold
from tests.conftest import SEED_GOLD


@pytest.fixture(scope="module")
def scores(seed_record):
    return score_gold(seed_record, json.loads(SEED_GOLD.read_text(encoding="utf-8")))["events"]


def test_core_events_found(scores):
    assert scores["found_core"] >= 11, scores["missed_ids"]


def test_event_precision(scores):
    assert scores["precision"] >= 0.7, scores["false_positives"]


def test_background_marked(scores):
    assert scores["background_wrong"] == []


@pytest.mark.parametrize("root", ["17", "19"])
def test_no_fresh_coercion_or_fighting(seed_record, root):
    # not_expected: "any event with root 19 (fight) or 17 (coerce) dated 2025-12-18 or marked background=false"
    bad = [
        e for e in seed_record.events if e.root_code == root and (e.date == "2025-12-18" or not e.background)
    ]
    assert bad == []


def test_every_event_is_complete(seed_record):
    text = seed_record.text
    for ev in seed_record.events:
        assert ev.source is not None and ev.source.code
        assert text[ev.evidence.start : ev.evidence.end] == ev.evidence.text
        assert ev.evidence.trigger
        assert ev.rule.startswith("bg/verbs.tsv:")
        assert ev.date
        assert 0 < ev.confidence <= 1


@pytest.mark.parametrize(
    "trigger,date,background",
    [
        ("инвазията", "2022", True),
        ("арестуваха", "2020", True),
        ("отношенията подобрят", "2025-12-17", False),
    ],
)
def test_event_dates(seed_record, trigger, date, background):
    hits = [e for e in seed_record.events if e.evidence.trigger == trigger]
    assert hits and all((e.date, e.background) == (date, background) for e in hits)
