"""Entities, actors, references, quotes, events, counts, dates, places and tone."""
