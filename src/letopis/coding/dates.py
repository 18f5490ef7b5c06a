"""dates: not written yet (the stage passes documents through unchanged)."""

from __future__ import annotations

from letopis.model import Document
from letopis.pipeline import Stage


class DateStage(Stage):
    name = "dates"
    requires = ("tokens",)
    assigns = ("dates",)

    def __call__(self, doc: Document) -> Document:
        return doc
