"""counts: not written yet (the stage passes documents through unchanged)."""

from __future__ import annotations

from letopis.model import Document
from letopis.pipeline import Stage


class CountStage(Stage):
    name = "counts"
    requires = ("tokens",)
    assigns = ("counts",)

    def __call__(self, doc: Document) -> Document:
        return doc
