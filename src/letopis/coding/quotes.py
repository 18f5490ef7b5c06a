"""quotes: not written yet (the stage passes documents through unchanged)."""

from __future__ import annotations

from letopis.model import Document
from letopis.pipeline import Stage


class QuoteStage(Stage):
    name = "quotes"
    requires = ("entities",)
    assigns = ("quotes",)

    def __call__(self, doc: Document) -> Document:
        return doc
