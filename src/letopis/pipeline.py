"""The pipeline: small named stages over one document, built from a config.

A stage is a callable ``Document -> Document`` with a ``name``, the annotations it ``requires`` and the ones it
``assigns`` (names of ``Document`` fields such as ``tokens`` or ``entities``). Stages are listed in one explicit
table, ``STAGES``, as import paths so that building a pipeline imports only what it uses. A pipeline is rebuilt
from its ``PipelineConfig`` wherever it runs (the local runner, a Spark worker); it is never pickled.

``Pipeline.__call__`` runs every stage on a document. A stage that raises does not lose the document: the
error is appended to ``doc.errors`` (stage name and message) and later stages still run on what is there.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any, ClassVar

import msgspec

from letopis.errors import PipelineError
from letopis.model import Document

log = logging.getLogger(__name__)

# Fields a new Document starts with: a stage may require these without an earlier stage assigning them.
GIVEN = ("text", "date", "source", "id", "title")

# name -> "module:factory". The factory takes (config: PipelineConfig) and returns a Stage.
STAGES: dict[str, str] = {
    "language": "letopis.nlp.langid:LanguageStage",
    "sentences": "letopis.nlp.sentences:SentenceStage",
    "tokens": "letopis.nlp.tokens:TokenStage",
    "entities": "letopis.coding.entities:EntityStage",
    "references": "letopis.coding.references:ReferenceStage",
    "dates": "letopis.coding.dates:DateStage",
    "counts": "letopis.coding.counts:CountStage",
    "quotes": "letopis.coding.quotes:QuoteStage",
    "places": "letopis.coding.places:PlaceStage",
    "events": "letopis.coding.events:EventStage",
    "tone": "letopis.coding.tone:ToneStage",
}

DEFAULT_STAGES = (
    "language",
    "sentences",
    "tokens",
    "entities",
    "references",
    "dates",
    "counts",
    "quotes",
    "places",
    "events",
    "tone",
)


class PipelineConfig(msgspec.Struct, frozen=True):
    """All a worker needs to build the same pipeline: plain data, safe to ship as JSON."""

    stages: tuple[str, ...] = DEFAULT_STAGES
    language: str | None = None  # force this language instead of identifying it
    options: dict[str, Any] = {}


class Stage:
    """Base for stages. Subclasses set ``name``, ``requires``, ``assigns`` and implement ``__call__``."""

    name: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def __init__(self, config: PipelineConfig) -> None:
        self.config = config

    def __call__(self, doc: Document) -> Document:  # pragma: no cover - abstract
        raise NotImplementedError


def load_stage(name: str, config: PipelineConfig) -> Stage:
    """Build one registered stage. Raises PipelineError for an unknown name or a broken registration."""
    target = STAGES.get(name)
    if target is None:
        raise PipelineError(f"unknown stage '{name}'; known stages: {', '.join(STAGES)}")
    module_name, _, attr = target.partition(":")
    module = importlib.import_module(module_name)
    factory: Callable[[PipelineConfig], Stage] = getattr(module, attr)
    stage = factory(config)
    if stage.name != name:
        raise PipelineError(f"stage registered as '{name}' calls itself '{stage.name}'")
    return stage


class Pipeline:
    def __init__(self, stages: list[Stage], config: PipelineConfig) -> None:
        self.stages = stages
        self.config = config
        check_order(stages)

    @classmethod
    def from_config(cls, config: PipelineConfig | None = None) -> Pipeline:
        config = config or PipelineConfig()
        return cls([load_stage(name, config) for name in config.stages], config)

    def __call__(self, doc: Document) -> Document:
        if self.config.language and not doc.language:
            doc.language = self.config.language
        for stage in self.stages:
            try:
                doc = stage(doc)
            except Exception as exc:  # a stage bug must not lose the document or stop the batch
                log.debug("stage %s failed on %s", stage.name, doc.source, exc_info=True)
                doc.errors.append(f"stage {stage.name} failed: {type(exc).__name__}: {exc}")
        return doc


def check_order(stages: list[Stage]) -> None:
    """Raise PipelineError when a stage requires something no earlier stage assigns."""
    available = set(GIVEN)
    for stage in stages:
        missing = [r for r in stage.requires if r not in available]
        if missing:
            raise PipelineError(
                f"stage '{stage.name}' requires {', '.join(missing)}, which no earlier stage assigns; "
                f"order so far: {', '.join(s.name for s in stages[: stages.index(stage)]) or '(none)'}"
            )
        available.update(stage.assigns)
