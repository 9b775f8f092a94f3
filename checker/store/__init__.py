"""The store: the desk's SQLite file (every SQL statement, schema and migrations), corpus files read into passages, and the files the desk writes atomically."""
