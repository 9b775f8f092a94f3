"""A PostgreSQL database named by URL where the desk otherwise takes a file path.

Why a `str` subclass and not a plain string: every entry point passes the database
around as a path (`--db`, `$FACTCHECK_DB`, `settings.default_db_path`) and the code
around the store asks it for `.name`, `.exists()`, `.resolve()` and `.parent` (the
approximate index is cached next to the file). A `pathlib.Path` would also fold the
URL's `//` into `/`. `DatabaseUrl` answers those questions for a server, and its text
(what a message prints) has the password taken out; the full URL is `.dsn`.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Self

SCHEMES = ("postgresql://", "postgres://")

_PASSWORD = re.compile(r"^(postgres(?:ql)?://[^:/@?#]*):[^@/?#]*@")
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE)


def is_database_url(value: object) -> bool:
    """Whether a --db / $FACTCHECK_DB value names a PostgreSQL server, not a file."""
    return isinstance(value, str) and value.strip().lower().startswith(SCHEMES)


def redact(url: str) -> str:
    """The URL with any password replaced by `***`, fit for a message or a log."""
    url = _PASSWORD.sub(lambda m: m.group(1) + ":***@" if m.group(0).count(":") > 1 else m.group(0), url)
    return _QUERY_PASSWORD.sub(lambda m: m.group(1) + "***", url)


class DatabaseUrl(str):
    """A `postgresql://…` URL that behaves like the desk's database path.

    Its string value is the redacted URL (so an f-string never prints a password);
    `dsn` is what is handed to the driver."""

    dsn: str

    def __new__(cls, url: str) -> Self:
        obj = super().__new__(cls, redact(url.strip()))
        obj.dsn = url.strip()
        return obj

    @property
    def name(self) -> str:
        """What the app shows as the database's name: the redacted URL."""
        return str(self)

    def exists(self) -> bool:
        """A server is not checked here: connecting says whether it is there."""
        return True

    def is_dir(self) -> bool:
        return False

    def resolve(self) -> DatabaseUrl:
        return self

    @property
    def parent(self) -> Path:
        """Where files that sit next to a desk file are kept for this server's desk
        (the approximate index): a folder per URL in the desk's cache."""
        cache = Path(os.environ.get("FACTCHECK_CACHE", Path.home() / ".cache" / "factcheck"))
        return cache / "servers" / hashlib.sha256(self.dsn.encode("utf-8")).hexdigest()[:16]


def as_location(value: str | os.PathLike[str]) -> Path | DatabaseUrl:
    """A --db / $FACTCHECK_DB value as the store takes it: a URL stays a URL."""
    if isinstance(value, DatabaseUrl):
        return value
    if is_database_url(value):
        return DatabaseUrl(str(value))
    return Path(value)
