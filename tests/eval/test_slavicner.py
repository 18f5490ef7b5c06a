"""SlavicNER floors (docs/ner.md). A floor is only lowered on purpose, in the same commit, with why."""

from __future__ import annotations

import pytest

from letopis.eval.slavicner import evaluate_slavicner

# bg, single_out_topic, test part (151 us_election_2020 articles). Measured with the figures in docs/ner.md.
FLOORS = [
    # (scorer, score, floor): pipeline = entity name mentions of the output records; tagger = tag_names alone
    ("pipeline", "typed", 0.84),
    ("pipeline", "untyped", 0.87),
    ("tagger", "typed", 0.82),
    ("tagger", "untyped", 0.86),
    ("tagger", "relaxed", 0.79),
]


@pytest.fixture(scope="module")
def results(shared):
    return {
        "pipeline": evaluate_slavicner(shared)["bg"]["single_out_topic"],
        "tagger": evaluate_slavicner(shared, tagger_only=True)["bg"]["single_out_topic"],
    }


@pytest.mark.shared
@pytest.mark.parametrize(("scorer", "score", "floor"), FLOORS)
def test_bg_single_out_topic_floor(results, scorer, score, floor):
    got = results[scorer]
    assert got["docs"] == 151
    assert got[score]["f1"] >= floor, got[score]


@pytest.mark.shared
def test_other_languages_run(shared):
    res = evaluate_slavicner(shared, languages=("cs",), part="test")
    assert res["cs"]["single_out_topic"]["docs"] > 0 and res["cs"]["single_out_topic"]["gold"] > 0
