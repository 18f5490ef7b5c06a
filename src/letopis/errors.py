"""Exceptions letopis raises. Readers and stages turn them into a document's ``errors``; the batch goes on."""


class LetopisError(Exception):
    """Base of every letopis error."""


class DataError(LetopisError):
    """A shipped data file is missing or malformed (the message names file and line)."""


class ReadError(LetopisError):
    """An input could not be read as a document (empty, binary, undecodable, not JSON...)."""


class PipelineError(LetopisError):
    """A pipeline was configured wrongly: an unknown stage, or a stage whose requirements no earlier stage assigns."""


class StoreError(LetopisError):
    """The store could not be opened or written (for example, another process holds its lock)."""
