"""ClaimReview's `claimReviewed`: the short summary of the claim a search engine shows.

Google asks for fewer than 75 characters, so the desk proposes the claim's own text
cut at a word boundary, and the reviewer can write a better summary. A summary the
reviewer writes is never cut (cutting their words would publish something they did
not write): one that is too long is refused with its length.
"""

from __future__ import annotations

from checker.errors import InputError
from checker.escaping import refuse_nul

CLAIM_REVIEWED_LIMIT = 75
"""claimReviewed must stay under this many characters (Google's fact-check guidance)."""


def check_claim_reviewed(text: str) -> str:
    """The reviewer's summary on one line; InputError when it is 75 characters or more."""
    refuse_nul(text, "claimReviewed")
    flat = " ".join(str(text).split())
    if len(flat) >= CLAIM_REVIEWED_LIMIT:
        raise InputError(
            f"claimReviewed: {len(flat)} characters; ClaimReview asks for fewer than {CLAIM_REVIEWED_LIMIT}"
            " (shorten it: the desk does not cut a reviewer's words)"
        )
    return flat
