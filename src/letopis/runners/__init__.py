"""Runners: the same pipeline over many documents, locally or on Spark."""
