"""Files in, one DataBundle out: loading, the schema and its validator, coverage, the preferred-value rule."""
