"""tone: not written yet (the stage passes documents through unchanged)."""

from __future__ import annotations

from letopis.model import Document
from letopis.pipeline import Stage


class ToneStage(Stage):
    name = "tone"
    requires = ("tokens",)
    assigns = ("tone",)

    def __call__(self, doc: Document) -> Document:
        return doc
