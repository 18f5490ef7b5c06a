"""The store's tables (DuckDB). docs/schema.md explains every column; keep the two in step.

Dates are DATE columns where they are days (publication dates, first/last seen); an event's own date keeps
its written form (``YYYY-MM-DD | YYYY-Www | YYYY-MM | YYYY``) in ``date`` and the days it covers in
``date_start``/``date_end`` so that filters and merging can compare periods of different grain.

Only ``documents.id`` carries an index (its primary key): it is what makes a document impossible to store
twice. The other tables are scanned (DuckDB's zone maps make that fast) and stay small on disk.
"""

from __future__ import annotations

import duckdb

SCHEMA_VERSION = 1

TABLES: dict[str, str] = {
    "meta": """
        key VARCHAR PRIMARY KEY,
        value VARCHAR
    """,
    "documents": """
        id VARCHAR PRIMARY KEY,
        status VARCHAR NOT NULL,
        duplicate_of VARCHAR,
        error VARCHAR,
        source VARCHAR NOT NULL,
        outlet VARCHAR,
        url VARCHAR,
        title VARCHAR,
        date DATE,
        language VARCHAR,
        ingested_at TIMESTAMP NOT NULL,
        fingerprint UBIGINT,
        words INTEGER,
        chars INTEGER,
        tone DOUBLE,
        positive DOUBLE,
        negative DOUBLE,
        polarity DOUBLE,
        activity DOUBLE,
        self_group DOUBLE,
        word_count INTEGER,
        num_entities INTEGER,
        num_events INTEGER,
        num_quotes INTEGER,
        text VARCHAR
    """,
    "events": """
        event_id BIGINT NOT NULL,
        date VARCHAR,
        date_start DATE,
        date_end DATE,
        source_code VARCHAR,
        source_name VARCHAR,
        source_entity BIGINT,
        target_code VARCHAR,
        target_name VARCHAR,
        target_entity BIGINT,
        code VARCHAR NOT NULL,
        root_code VARCHAR NOT NULL,
        quad_class TINYINT,
        goldstein DOUBLE,
        plover VARCHAR,
        background BOOLEAN,
        place_name VARCHAR,
        place_country VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        num_mentions INTEGER,
        num_articles INTEGER,
        num_sources INTEGER,
        first_seen DATE,
        last_seen DATE,
        confidence DOUBLE,
        avg_tone DOUBLE,
        first_document VARCHAR
    """,
    "event_mentions": """
        mention_id BIGINT NOT NULL,
        event_id BIGINT NOT NULL,
        document_id VARCHAR NOT NULL,
        article_id VARCHAR NOT NULL,
        position INTEGER,
        source_code VARCHAR,
        source_name VARCHAR,
        source_entity BIGINT,
        target_code VARCHAR,
        target_name VARCHAR,
        target_entity BIGINT,
        code VARCHAR NOT NULL,
        root_code VARCHAR NOT NULL,
        quad_class TINYINT,
        goldstein DOUBLE,
        plover VARCHAR,
        date VARCHAR,
        date_start DATE,
        date_end DATE,
        background BOOLEAN,
        place_name VARCHAR,
        place_country VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        evidence_start INTEGER,
        evidence_end INTEGER,
        evidence_text VARCHAR,
        trigger VARCHAR,
        rule VARCHAR,
        confidence DOUBLE
    """,
    "entities": """
        entity_id BIGINT NOT NULL,
        name VARCHAR NOT NULL,
        native_name VARCHAR,
        type VARCHAR NOT NULL,
        country VARCHAR,
        actor_code VARCHAR,
        num_documents INTEGER,
        num_mentions INTEGER,
        first_seen DATE,
        last_seen DATE
    """,
    "mentions": """
        document_id VARCHAR NOT NULL,
        entity_id BIGINT NOT NULL,
        local_id VARCHAR,
        start INTEGER,
        "end" INTEGER,
        text VARCHAR,
        kind VARCHAR
    """,
    "quotes": """
        document_id VARCHAR NOT NULL,
        position INTEGER,
        text VARCHAR,
        start INTEGER,
        "end" INTEGER,
        speaker_entity BIGINT,
        speaker_name VARCHAR,
        verb VARCHAR,
        direct BOOLEAN
    """,
    "counts": """
        document_id VARCHAR NOT NULL,
        type VARCHAR,
        number BIGINT,
        approximate BOOLEAN,
        object VARCHAR,
        start INTEGER,
        "end" INTEGER
    """,
    "dates": """
        document_id VARCHAR NOT NULL,
        text VARCHAR,
        start INTEGER,
        "end" INTEGER,
        value VARCHAR,
        relative BOOLEAN
    """,
    "places": """
        document_id VARCHAR NOT NULL,
        name VARCHAR,
        country VARCHAR,
        kind VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        geonames_id BIGINT,
        start INTEGER,
        "end" INTEGER,
        text VARCHAR
    """,
}

VIEWS: dict[str, str] = {
    # Documents that failed (status 'failed', with their reason) and processed documents that carry an error
    # (a stage failed, or the input was read with a warning).
    "errors": """
        SELECT id AS document_id, source, status, error, ingested_at
        FROM documents WHERE error IS NOT NULL
    """,
}

# Tables holding one document's rows, for checks that every document has all its children.
CHILD_TABLES = ("event_mentions", "mentions", "quotes", "counts", "dates", "places")


def create(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables and views when the file has none, in one transaction, and record the schema
    version. Raises StoreError when the file was made by a newer letopis (an unknown schema version)."""
    from letopis.errors import StoreError

    # Checking first matters: a CREATE ... IF NOT EXISTS is a catalog write costing ~10 ms even when the
    # table exists, and the writer opens the file once per batch. A store with its version row has them all.
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.CatalogException:
        row = None
    if row is not None:
        if int(row[0]) > SCHEMA_VERSION:
            raise StoreError(f"the store has schema version {row[0]}; this letopis knows up to {SCHEMA_VERSION}")
        return
    have = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
    have |= {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    missing = [t for t in TABLES if t not in have]
    missing_views = [v for v in VIEWS if v not in have]
    if missing or missing_views:
        con.execute("BEGIN TRANSACTION")
        for name in missing:
            con.execute(f"CREATE TABLE {name} ({TABLES[name]})")
        for name in missing_views:
            con.execute(f"CREATE VIEW {name} AS {VIEWS[name]}")
        if "meta" in missing:
            con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        con.execute("COMMIT")


def columns(table: str) -> list[tuple[str, str]]:
    """(name, type) of each column of one of our tables, in order."""
    out = []
    for line in TABLES[table].strip().splitlines():
        name, typ = line.strip().rstrip(",").split()[:2]
        out.append((name.strip('"'), typ))
    return out
