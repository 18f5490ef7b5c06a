"""SlavicNER floors (docs/ner.md). A floor is only lowered on purpose, in the same commit, with why."""

from __future__ import annotations

import pytest

from letopis.eval.slavicner import Tally, evaluate_slavicner, normalise

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


# ru and uk through the pipeline (word-list tagger and their language folders; docs/actors.md "Russian and
# Ukrainian"): measured 0.695 and 0.779 typed F1 on the single_out_topic test part.
OTHER_FLOORS = [("ru", 0.67), ("uk", 0.75)]


@pytest.mark.shared
@pytest.mark.parametrize(("lang", "floor"), OTHER_FLOORS)
def test_ru_uk_single_out_topic_floor(shared, lang, floor):
    got = evaluate_slavicner(shared, languages=(lang,))[lang]["single_out_topic"]
    assert got["docs"] > 0 and got["typed"]["f1"] >= floor, got["typed"]


@pytest.mark.shared
def test_other_languages_run(shared):
    res = evaluate_slavicner(shared, languages=("cs",), part="test")
    assert res["cs"]["single_out_topic"]["docs"] > 0 and res["cs"]["single_out_topic"]["gold"] > 0


# Scoring rules on hand-built documents (no shared data needed).
TEXT = "Тръмп и Белия дом в САЩ, Covid-19."


@pytest.mark.parametrize(
    ("gold", "pred", "typed_tp", "untyped_tp", "predicted"),
    [
        # exact span and type
        ([(0, 5, "PER")], [(0, 5, "PER")], 1, 1, 1),
        # right span, wrong type: counts untyped only
        ([(0, 5, "PER")], [(0, 5, "LOC")], 0, 1, 1),
        # a prediction overlapping a gold EVT is ignored, and the EVT is no gold
        ([(25, 33, "EVT")], [(25, 30, "ORG")], 0, 0, 0),
        # a boundary error is wrong both ways
        ([(8, 17, "LOC")], [(8, 13, "LOC")], 0, 0, 1),
        # the same span predicted twice counts once
        ([(20, 23, "LOC")], [(20, 23, "LOC"), (20, 23, "LOC")], 1, 1, 1),
    ],
)
def test_span_scoring(gold, pred, typed_tp, untyped_tp, predicted):
    tally = Tally()
    tally.add(TEXT, gold, pred)
    res = tally.result()
    assert (res["typed"]["tp"], res["untyped"]["tp"], res["predicted"]) == (typed_tp, untyped_tp, predicted)


def test_relaxed_counts_distinct_names_per_document():
    text = 'Тръмп каза, че Тръмп ще спечели. „САЩ“ и "САЩ".'
    gold = [(0, 5, "PER"), (15, 20, "PER"), (34, 37, "LOC"), (42, 45, "LOC")]
    tally = Tally()
    tally.add(text, gold, [(15, 20, "PER")])
    relaxed = tally.result()["relaxed"]
    assert (relaxed["gold"], relaxed["predicted"], relaxed["tp"]) == (2, 1, 1)


@pytest.mark.parametrize(("surface", "key"), [("„Райънеър“", '"райънеър"'), ("Белия  дом", "белия дом")])
def test_normalise(surface, key):
    assert normalise(surface) == key
