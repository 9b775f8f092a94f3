"""The read queries the rest of the desk asks of the store, each a statement or two.

Why here: every SQL statement of the desk lives in the store, so a column renamed or an
engine added is one package to change. These are the reads that answer for a whole
article, claim or corpus at once (a screen redraws on every click: one query per claim
would make each click slow); the rules that interpret the rows (where a claim stands,
which status it shows) stay with the callers. Written once with `?` placeholders, they
run on SQLite and, through `checker.store.postgres_connection`, on PostgreSQL (which
reads FTS5's vocabulary table as its own `passages_vocab`); `PgStore` overrides only
`all_vectors`, since the engines store vectors differently.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import sqlite_utils

from checker.vocabulary import CLEARED


class ReadModels:
    """The read models of `checker.store.database.Store` (mixed into it)."""

    db: sqlite_utils.Database
    _vocabulary_open = False
    """Whether this connection has the FTS5 vocabulary table (`temp`: one per connection)."""

    # ---------------------------------------------------------------- claims and checks

    def claim_ids(self, article_id: str) -> list[str]:
        """The ids of the article's extracted and reviewer-made claims, withdrawn ones included."""
        return [cid for (cid,) in self.db.execute("SELECT id FROM claims WHERE article_id = ?", [article_id])]

    def article_claim_ids(self) -> list[tuple[str, str, str | None]]:
        """(article id, title, claim id) for every claim, articles newest first, claims in
        article order; an article without claims once, with None."""
        return [
            tuple(r)
            for r in self.db.execute(
                "SELECT a.id, a.title, c.id FROM articles a LEFT JOIN claims c ON c.article_id = a.id"
                " ORDER BY a.created_at DESC, c.position"
            )
        ]

    def is_checked(self, article_id: str, model: str) -> bool:
        """Whether any claim of the article has its evidence searched with this model."""
        return bool(
            self.db.execute(
                "SELECT 1 FROM claims c JOIN checks k ON k.claim_id = c.id"
                " WHERE c.article_id = ? AND k.model = ? LIMIT 1",
                [article_id, model],
            ).fetchone()
        )

    def article_models(self, article_id: str) -> tuple[str, ...]:
        """Model ids behind the article's stored suggestions and matches, sorted."""
        rows = self.db.query(
            """
            SELECT k.model FROM checks k JOIN claims c ON c.id = k.claim_id WHERE c.article_id = ?
            UNION
            SELECT m.model FROM matches m JOIN claims c ON c.id = m.claim_id WHERE c.article_id = ?
            ORDER BY 1
            """,
            [article_id, article_id],
        )
        return tuple(r["model"] for r in rows if r["model"])

    # ---------------------------------------------------------------- verdicts

    def standing_verdicts(self, article_id: str | None = None) -> list[dict]:
        """The latest verdict row of every (claim, reviewer), of one article or all, that
        did not clear the claim: 'article_id', 'id', 'claim_id', 'reviewer', 'verdict',
        'note', 'created_at', 'evidence' (still JSON text), by article, claim, reviewer.

        Why two steps: the latest row of each (claim, reviewer) first, then those rows by
        primary key: one pass over the verdicts, whatever their number."""
        latest = "SELECT max(id) AS id FROM verdicts GROUP BY claim_id, reviewer"
        args: list[Any] = []
        if article_id is not None:
            latest = (
                "SELECT max(w.id) AS id FROM verdicts w JOIN claims d ON d.id = w.claim_id"
                " WHERE d.article_id = ? GROUP BY w.claim_id, w.reviewer"
            )
            args.append(article_id)
        sql = f"""
            SELECT c.article_id, v.id, v.claim_id, v.reviewer, v.verdict, v.note, v.created_at, v.evidence
            FROM ({latest}) l JOIN verdicts v ON v.id = l.id JOIN claims c ON c.id = v.claim_id
            WHERE v.verdict != ? ORDER BY c.article_id, v.claim_id, v.reviewer
        """
        return list(self.db.query(sql, [*args, CLEARED]))

    def claim_standing_verdicts(self, claim_id: str) -> list[dict]:
        """One claim's rows of `standing_verdicts`, read through the claim's index."""
        return list(
            self.db.query(
                """
                SELECT c.article_id, v.id, v.claim_id, v.reviewer, v.verdict, v.note, v.created_at, v.evidence
                FROM verdicts v JOIN claims c ON c.id = v.claim_id
                WHERE v.id IN (SELECT max(id) FROM verdicts WHERE claim_id = ? GROUP BY reviewer) AND v.verdict != ?
                ORDER BY v.reviewer
                """,
                [claim_id, CLEARED],
            )
        )

    def verdict_readings(self, article_id: str | None) -> Iterator[tuple]:
        """Every verdict row of the article (of every article with None), history
        included, as (claim id, reviewer, verdict, created_at, id), without notes or
        evidence: the caller keeps the latest per reviewer in one pass."""
        sql = "SELECT v.claim_id, v.reviewer, v.verdict, v.created_at, v.id FROM verdicts v"
        if article_id is not None:
            sql += " JOIN claims c ON c.id = v.claim_id WHERE c.article_id = ?"
        yield from self.db.execute(sql, [] if article_id is None else [article_id])

    def reviewer_latest_verdicts(self, article_id: str, reviewer: str) -> list[tuple[str, str | None]]:
        """(claim id, verdict) for every claim of the article: this reviewer's latest
        verdict row on it (a clearing one included), None where they gave none."""
        return [
            tuple(r)
            for r in self.db.execute(
                """
                SELECT c.id, v.verdict FROM claims c
                LEFT JOIN (
                    SELECT claim_id, max(id) AS id FROM verdicts WHERE reviewer = ? GROUP BY claim_id
                ) l ON l.claim_id = c.id
                LEFT JOIN verdicts v ON v.id = l.id
                WHERE c.article_id = ?
                """,
                [reviewer, article_id],
            ).fetchall()
        ]

    def latest_verdicts_by_reviewer(self, article_id: str) -> list[tuple[str, str, str]]:
        """(claim id, reviewer, verdict) of every reviewer's latest row on the article's
        claims, a clearing one included."""
        return [
            tuple(r)
            for r in self.db.execute(
                """
                SELECT v.claim_id, v.reviewer, v.verdict FROM verdicts v
                JOIN claims c ON c.id = v.claim_id
                WHERE c.article_id = ? AND v.id IN (SELECT max(id) FROM verdicts GROUP BY claim_id, reviewer)
                """,
                [article_id],
            ).fetchall()
        ]

    def has_given_verdict(self, claim_id: str, reviewer: str) -> bool:
        """Whether this reviewer ever gave this claim a verdict (a clearing row is none)."""
        return (
            self.db.execute(
                "SELECT 1 FROM verdicts WHERE claim_id = ? AND reviewer = ? AND verdict != ? LIMIT 1",
                [claim_id, reviewer, CLEARED],
            ).fetchone()
            is not None
        )

    # ---------------------------------------------------------------- passages and vectors

    def corpus_stats(self) -> list[dict]:
        """Per corpus and embedding model: 'corpus', 'model', 'embedded' (its passages
        with a vector of that model) and 'passages'; model None for the passages without
        a vector, first (as SQLite sorts NULL; PostgreSQL is told to)."""
        return list(
            self.db.query(
                """
                SELECT p.corpus, e.model, count(DISTINCT p.pk) AS embedded,
                       (SELECT count(*) FROM passages q WHERE q.corpus = p.corpus) AS passages
                FROM passages p LEFT JOIN embeddings e ON e.sha256 = p.sha256
                GROUP BY p.corpus, e.model ORDER BY p.corpus, e.model NULLS FIRST
                """
            )
        )

    def passage_page(self, corpora: Sequence[str], *, offset: int = 0, limit: int = 50) -> list[dict]:
        """A page of the named corpora's passages in storage order (by pk)."""
        if not corpora:
            return []
        marks = ",".join("?" * len(corpora))
        return list(
            self.db.query(
                f"SELECT pk, id, corpus, title, source, url, date, lang, text FROM passages"
                f" WHERE corpus IN ({marks}) ORDER BY pk LIMIT ? OFFSET ?",
                [*corpora, limit, offset],
            )
        )

    def passages_stamp(self, corpora: Sequence[str]) -> tuple[int, int | None, str | None]:
        """(count, highest pk, their hashes joined) of the corpora's passages: changes
        whenever a passage is added, removed or changes text, so a cache keyed on it is
        never stale."""
        count, top, hashes = self.db.execute(
            f"SELECT count(*), max(pk), group_concat(sha256) FROM (SELECT pk, sha256 FROM passages"
            f" WHERE corpus IN ({','.join('?' * len(corpora))}) ORDER BY pk)",
            list(corpora),
        ).fetchone()
        return int(count), top, hashes

    def passage_count(self) -> int:
        """Every passage of the database, whatever its corpus."""
        return int(self.db.execute("SELECT count(*) FROM passages").fetchone()[0])

    def documents_with_prefix(self, prefix: str) -> int:
        """How many passages hold a word starting with `prefix`, summed over the full-text
        index's vocabulary (a word's documents counted once per word)."""
        if not self._vocabulary_open:
            self.db.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.passages_vocab USING fts5vocab(main, passages_fts, 'row')"
            )
            self._vocabulary_open = True
        return int(
            self.db.execute(
                "SELECT coalesce(sum(doc), 0) FROM temp.passages_vocab WHERE term >= ? AND term < ?",
                [prefix, prefix + "\uffff"],
            ).fetchone()[0]
        )

    def all_vectors(self) -> Iterator[tuple[str, str, np.ndarray]]:
        """Every cached vector as (model, content hash, float32 vector), by model and hash."""
        for row in self.db.query("SELECT model, sha256, vector FROM embeddings ORDER BY model, sha256"):
            yield row["model"], row["sha256"], np.frombuffer(row["vector"], dtype=np.float32)
