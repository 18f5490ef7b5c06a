"""Readers: files, JSONL, HTML, feeds and WARC to documents."""
