"""references: not written yet (the stage passes documents through unchanged)."""

from __future__ import annotations

from letopis.model import Document
from letopis.pipeline import Stage


class ReferenceStage(Stage):
    name = "references"
    requires = ("entities",)
    assigns = ("entities", "actors",)

    def __call__(self, doc: Document) -> Document:
        return doc
