"""The review desk: corpus, model, retrieval, suggestion, store, reports, UI and CLI
(`claims/` turns an article into claims; this package does everything after).

`__version__` is the one place the version is written: `pyproject.toml` reads it, and
`python -m checker --version` / `factcheck --version` print it.
"""

__version__ = "0.1.0"
