"""One review read into an immutable report, and the export formats built from it."""
