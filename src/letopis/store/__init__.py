"""The DuckDB event store: schema, writes, queries and exports."""
