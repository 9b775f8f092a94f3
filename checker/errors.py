"""Exceptions a user can cause, kept apart from bugs.

The CLI and the UI turn these into a one-line message (exit code 2 on the CLI) and
never a traceback: each names the file, line and field the user has to fix.
"""

from __future__ import annotations


class CheckerError(Exception):
    """A problem with the user's input or setup, explained in the message."""


class CorpusFormatError(CheckerError):
    """A reference corpus file that cannot be read as passages."""


class StoreError(CheckerError):
    """The database file cannot be used (not a database, read-only, locked)."""


class NotFoundError(CheckerError):
    """An article, claim or passage id that the database does not hold."""


class InputError(CheckerError):
    """Any other bad argument (an unknown verdict, an empty query)."""
