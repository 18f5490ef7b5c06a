"""CLI commands for the watch face: thin wrappers over the library."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    """Add this module's commands to the `letopis` group."""
