from __future__ import annotations

import pytest

from letopis.errors import PipelineError
from letopis.model import Document
from letopis.pipeline import Pipeline, PipelineConfig, Stage, check_order, load_stage


def test_unknown_stage_is_named():
    with pytest.raises(PipelineError, match="unknown stage 'nope'"):
        load_stage("nope", PipelineConfig())


def test_order_is_checked():
    with pytest.raises(PipelineError, match="requires .*tokens"):
        Pipeline.from_config(PipelineConfig(stages=("language", "entities")))


def test_stage_failure_is_recorded_and_run_goes_on():
    class Boom(Stage):
        name = "boom"
        assigns = ("x",)

        def __call__(self, doc):
            raise ValueError("bad")

    class After(Stage):
        name = "after"

        def __call__(self, doc):
            doc.meta["after"] = True
            return doc

    stages = [Boom(PipelineConfig()), After(PipelineConfig())]
    check_order(stages)
    doc = Pipeline(stages, PipelineConfig())(Document("text"))
    assert doc.errors == ["stage boom failed: ValueError: bad"] and doc.meta["after"]
