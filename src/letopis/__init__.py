"""letopis: reads the news and writes the chronicle of what happened in it."""

__version__ = "0.1.0"
