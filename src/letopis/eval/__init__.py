"""Scoring letopis against gold sets."""
