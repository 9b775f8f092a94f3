"""The desk on both engines: the same store and CLI behaviour on a SQLite file and on
a real PostgreSQL server (started by the test session), the server's own refusals
(another program's database, a newer desk's, a read-only command on an empty one),
all-or-nothing writes, concurrent reviewers, full text, pgvector, and `migrate`."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time

import numpy as np
import psycopg
import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.database_url import DatabaseUrl, redact
from checker.errors import StoreError
from checker.settings import PACKAGE_ROOT, SAMPLE_CORPUS
from checker.store.corpus_files import load_corpus_file, make_passage
from checker.store.database import Store
from tests.conftest import ClaimRecord


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _desk(db: str) -> None:
    """An article of three claims and the sample corpus, written through the store."""
    s = Store(db)
    s.save_article(
        text="Texte.",
        title="Titre",
        lang="fr",
        sha256="ef" * 32,
        claims=[ClaimRecord(c, f"claim {c}") for c in ("c1", "c2", "c3")],
    )
    s.upsert_passages("sample", load_corpus_file(SAMPLE_CORPUS), source=str(SAMPLE_CORPUS))
    s.close()


def _verdict_rows(db: str) -> list[tuple]:
    s = Store(db)
    try:
        return [
            tuple(r) for r in s.db.execute("SELECT id, claim_id, verdict, note, reviewer FROM verdicts ORDER BY id")
        ]
    finally:
        s.close()


# ---------------------------------------------------------------- the CLI on both engines


def test_cli_verdict_and_export_on_both_engines(db_url):
    _desk(db_url)
    done = run(
        "verdict",
        "c1",
        "false",
        "--note",
        "Le bureau est dans le 9e",
        "--evidence",
        "F10-fr",
        "--reviewer",
        "ana",
        "--db",
        db_url,
    )
    assert done.exit_code == 0, done.stderr
    assert run("verdict", "c1", "true", "--reviewer", "ben", "--db", db_url).exit_code == 0
    report = run("export", "--format", "json", "--db", db_url)
    assert report.exit_code == 0, report.stderr
    claim = next(c for c in json.loads(report.stdout)["articles"][0]["claims"] if c["id"] == "c1")
    assert claim["disputed"] is True
    csv = run("export", "--format", "csv", "--db", db_url)
    assert "Le bureau est dans le 9e" in csv.stdout


def test_cli_bad_input_changes_nothing_on_both_engines(db_url):
    _desk(db_url)
    assert run("verdict", "c1", "unclear", "--reviewer", "ana", "--db", db_url).exit_code == 0
    before = _verdict_rows(db_url)
    unknown = run("verdict", "c-inconnu", "false", "--db", db_url)
    assert unknown.exit_code == 2 and "no claim with id 'c-inconnu'" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    evidence = run("verdict", "c1", "true", "--evidence", "p-nope", "--db", db_url)
    assert evidence.exit_code == 2 and "evidence: no passage with id 'p-nope'" in evidence.stderr
    nul = run("verdict", "c1", "true", "--note", "a\x00b", "--db", db_url)
    assert nul.exit_code == 2 and "NUL" in nul.stderr
    assert run("export", "--article", "a-inconnu", "--format", "json", "--db", db_url).exit_code == 2
    assert _verdict_rows(db_url) == before


def test_a_write_is_all_or_nothing_on_both_engines(db_url):
    _desk(db_url)
    s = Store(db_url)
    with pytest.raises(RuntimeError), s._write():
        s.db.execute("DELETE FROM passages WHERE corpus = ?", ["sample"])
        s.record_verdict("c2", "true", reviewer="ana")
        raise RuntimeError("the power goes")
    assert s.corpora()[0]["passages"] == 32
    assert s.verdict_history("c2") == []
    s.close()


def test_claim_edits_and_wording_are_stored_and_read_back_on_both_engines(db_url):
    _desk(db_url)
    for text in ("Le bureau, dans le 9e", "Le bureau est dans le 9e"):  # written, then written over
        worded = run("claim-reviewed", "c1", text, "--db", db_url)
        assert worded.exit_code == 0, worded.stderr
    edited = run("claim", "edit", "c1", "claim un, reformulée", "--no-match", "--json", "--db", db_url)
    assert edited.exit_code == 0, edited.stderr
    split = run("claim", "split", "c2", "première part", "seconde part", "--no-match", "--json", "--db", db_url)
    assert split.exit_code == 0, split.stderr
    parts = [c["id"] for c in json.loads(split.stdout)]
    history = run("claim", "history", "c1", "--json", "--db", db_url)
    assert [(r["action"], r["text"]) for r in json.loads(history.stdout)] == [("edit", "claim un, reformulée")]
    s = Store(db_url)
    try:
        assert s.claim_reviewed("c1") == "Le bureau est dans le 9e"
        assert s.claim("c1")["text"] == "claim un, reformulée"
        assert s.withdrawn_claims() == {"c2"}
        assert [e["related"] for e in s.claim_edits(s.claim("c2")["article_id"], "c2")] == [parts]
    finally:
        s.close()


def test_the_read_models_answer_alike_on_both_engines(db_url):
    """Every read other modules ask of the store, on each engine, against what was written."""
    _desk(db_url)
    s = Store(db_url)
    try:
        article = s.articles()[0]["id"]
        sample = s.passages(["sample"])
        s.save_check(
            "c1",
            model="m1",
            corpora=["sample"],
            suggestion="unclear",
            signals=[],
            matches=[{"pk": sample[0]["pk"], "score": 0.5}],
        )
        s.record_verdict("c1", "true", reviewer="ana")
        s.record_verdict("c1", "false", reviewer="ben")
        s.record_verdict("c2", "unclear", reviewer="ana")
        s.record_verdict("c2", "unreviewed", reviewer="ana")
        vector = np.arange(4, dtype=np.float32) / 4
        s.save_vectors("m1", [(sample[0]["sha256"], vector)])

        assert sorted(s.claim_ids(article)) == ["c1", "c2", "c3"]
        assert s.article_claim_ids() == [(article, "Titre", c) for c in ("c1", "c2", "c3")]
        assert s.is_checked(article, "m1") and not s.is_checked(article, "m2")
        assert s.article_models(article) == ("m1",)
        standing = s.standing_verdicts(article)
        assert [(r["claim_id"], r["reviewer"], r["verdict"]) for r in standing] == [
            ("c1", "ana", "true"),
            ("c1", "ben", "false"),
        ]
        assert s.standing_verdicts() == standing
        assert s.claim_standing_verdicts("c1") == standing
        assert len(list(s.verdict_readings(article))) == len(list(s.verdict_readings(None))) == 4
        assert sorted(s.reviewer_latest_verdicts(article, "ana")) == [
            ("c1", "true"),
            ("c2", "unreviewed"),
            ("c3", None),
        ]
        assert sorted(s.latest_verdicts_by_reviewer(article)) == [
            ("c1", "ana", "true"),
            ("c1", "ben", "false"),
            ("c2", "ana", "unreviewed"),
        ]
        assert s.has_given_verdict("c2", "ana") and not s.has_given_verdict("c2", "ben")
        assert s.corpus_stats() == [
            {"corpus": "sample", "model": None, "embedded": len(sample) - 1, "passages": len(sample)},
            {"corpus": "sample", "model": "m1", "embedded": 1, "passages": len(sample)},
        ]
        page = s.passage_page(["sample"], offset=2, limit=3)
        assert [p["pk"] for p in page] == [p["pk"] for p in sample[2:5]]
        count, top, hashes = s.passages_stamp(["sample"])
        assert (count, top, hashes) == (len(sample), sample[-1]["pk"], ",".join(p["sha256"] for p in sample))
        assert s.passage_count() == len(sample)
        assert 0 < s.documents_with_prefix("bureau") <= len(sample)
        assert s.documents_with_prefix("zzzqqq") == 0
        assert [(m, sha, v.tolist()) for m, sha, v in s.all_vectors()] == [("m1", sample[0]["sha256"], vector.tolist())]
    finally:
        s.close()


WORKER = r"""
import sys, time
from pathlib import Path
from checker.store.database import Store
from checker.vocabulary import VERDICTS
db, name, n, ready, go = sys.argv[1:6]
store = Store(db)
Path(ready).touch()
while not Path(go).exists():
    time.sleep(0.001)
for i in range(int(n)):
    store.record_verdict(("c1", "c2", "c3")[i % 3], VERDICTS[i % 3], note=f"{name} {i}", reviewer="desk")
store.close()
"""


def test_two_processes_keep_every_verdict_and_one_chain_on_both_engines(db_url, tmp_path):
    _desk(db_url)
    per_process = 60
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, db_url, name, str(per_process), str(tmp_path / f"ready{name}"), str(go)],
            cwd=PACKAGE_ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in "AB"
    ]
    while not all((tmp_path / f"ready{n}").exists() for n in "AB"):
        assert all(p.poll() is None for p in procs), [p.stderr.read() for p in procs if p.stderr]
        time.sleep(0.01)  # polling for the workers' files, no timing asserted
    go.touch()
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    s = Store(db_url)
    rows = list(s.db.query("SELECT id, claim_id, note, supersedes FROM verdicts ORDER BY id"))
    assert sorted(r["note"] for r in rows) == sorted(f"{n} {i}" for n in "AB" for i in range(per_process))
    for claim in ("c1", "c2", "c3"):
        chain = [r for r in rows if r["claim_id"] == claim]
        assert chain[0]["supersedes"] is None
        assert [r["supersedes"] for r in chain[1:]] == [r["id"] for r in chain[:-1]]
    s.close()


# ---------------------------------------------------------------- the server's own guarantees


def _tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            )
        }


def test_another_programs_database_is_refused_and_left_alone(pg_url):
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE users (name TEXT)")
        conn.execute("INSERT INTO users VALUES ('x')")
    with pytest.raises(StoreError, match="another program .*tables: users.*nothing was written"):
        Store(pg_url)
    assert _tables(pg_url) == {"users"}
    result = run("export", "--format", "json", "--db", pg_url)
    assert result.exit_code == 2 and "another program" in result.stderr and "Traceback" not in result.stderr


def test_a_newer_desks_database_is_refused(pg_url):
    Store(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE desk_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match=r"newer version of the desk \(schema 99; this one reads up to 1\)"):
        Store(pg_url)


def test_a_reading_command_creates_nothing_in_an_empty_database(pg_url):
    result = run("export", "--format", "json", "--db", pg_url)
    assert result.exit_code == 2 and "holds no desk yet; nothing was created" in result.stderr
    assert _tables(pg_url) == set()


def test_a_server_that_cannot_be_reached_is_one_line_and_hides_the_password(pg_url):
    url = pg_url.replace("postgresql://postgres:", "postgresql://postgres:s3cret") + "_absent"
    result = run("export", "--format", "json", "--db", url)
    assert result.exit_code == 2 and "cannot connect to the PostgreSQL server" in result.stderr
    assert "s3cret" not in result.stderr and "Traceback" not in result.stderr
    assert redact("postgresql://ana:pw@db.example/desk") == "postgresql://ana:***@db.example/desk"
    assert str(DatabaseUrl("postgresql://ana:pw@db.example/desk?password=pw")).count("pw") == 0


def test_verdicts_are_append_only_on_the_server(pg_url):
    _desk(pg_url)
    s = Store(pg_url)
    s.record_verdict("c1", "true", reviewer="ana")
    for statement in ("UPDATE verdicts SET verdict = 'false'", "DELETE FROM verdicts", "TRUNCATE verdicts CASCADE"):
        with pytest.raises(psycopg.Error, match="append-only"):
            s.db.execute(statement)
    assert [v["verdict"] for v in s.verdict_history("c1")] == ["true"]
    s.close()


@pytest.mark.parametrize(
    "table, statements",
    [
        ("verdicts", ["UPDATE verdicts SET verdict = 'false'", "DELETE FROM verdicts"]),
        ("claim_edits", ["UPDATE claim_edits SET text = 'x'", "DELETE FROM claim_edits"]),
    ],
)
def test_append_only_tables_refuse_a_raw_update_or_delete_on_both_engines(db_url, engine, table, statements):
    from checker.store.claim_edits import edit_claim

    _desk(db_url)
    s = Store(db_url)
    s.record_verdict("c1", "true", reviewer="ana")
    edit_claim(s, "c1", "claim c1, précisée", reviewer="ana")
    before = [tuple(r) for r in s.db.execute(f"SELECT * FROM {table} ORDER BY id")]
    assert before
    refused = (sqlite3.Error, psycopg.Error)
    for statement in statements + (["TRUNCATE " + table + " CASCADE"] if engine == "postgresql" else []):
        with pytest.raises(refused, match="append-only"):
            s.db.execute(statement)
    assert [tuple(r) for r in s.db.execute(f"SELECT * FROM {table} ORDER BY id")] == before
    s.close()


def test_a_desk_from_before_a_trigger_gets_it_when_opened(pg_url):
    from checker.store.claim_edits import edit_claim

    _desk(pg_url)
    s = Store(pg_url)
    edit_claim(s, "c1", "claim c1, précisée", reviewer="ana")
    s.db.execute("DROP TRIGGER claim_edits_append_only_delete ON claim_edits")
    s.close()
    s = Store(pg_url)
    with pytest.raises(psycopg.Error, match="claim edits are append-only"):
        s.db.execute("DELETE FROM claim_edits")
    s.close()


def test_lexical_search_ignores_accents_on_both_engines(db_url):
    from checker.retrieval.search import fts_query

    s = Store(db_url)
    s.upsert_passages(
        "ref",
        [
            make_passage(id="us", text="Les États-Unis ont signé l'accord à Genève."),
            make_passage(id="elysee", text="Le president a parle a l'Elysee."),
            make_passage(id="autre", text="Rien à voir."),
        ],
    )
    pks = {p["id"]: p["pk"] for p in s.passages(["ref"])}
    assert [pk for pk, _ in s.lexical_search(fts_query("Etats-Unis"), ["ref"])] == [pks["us"]]
    assert [pk for pk, _ in s.lexical_search(fts_query("Élysée"), ["ref"])] == [pks["elysee"]]
    assert [pk for pk, _ in s.lexical_search(fts_query("geneve"), ["ref"])] == [pks["us"]]
    s.close()


def test_a_server_desk_from_before_accent_folding_is_brought_up_to_date(pg_url):
    from checker.retrieval.search import fts_query

    s = Store(pg_url)
    s.upsert_passages("ref", [make_passage(id="us", text="Les États-Unis ont signé l'accord.")])
    raw = s.db.conn.raw
    for statement in (  # the full text of a desk created before accents were folded
        "DROP MATERIALIZED VIEW passages_vocab",
        "DROP INDEX passages_search",
        (
            "CREATE INDEX passages_search ON passages USING gin ((to_tsvector('french', coalesce(title, '') || ' '"
            " || text) || to_tsvector('english', coalesce(title, '') || ' ' || text)))"
        ),
        "DELETE FROM desk_meta WHERE key = 'server_layout'",
    ):
        raw.execute(statement)
    s.close()
    s = Store(pg_url)
    assert [p for p, _ in s.lexical_search(fts_query("Etats-Unis"), ["ref"])] == [s.passages(["ref"])[0]["pk"]]
    index = s.db.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'passages_search'").fetchone()[0]
    assert "desk_fold" in index
    assert s.db.execute("SELECT count(*) FROM passages_vocab WHERE term LIKE 'etat%'").fetchone()[0] >= 1
    s.close()


def test_full_text_uses_french_and_english_stemming_on_the_server(pg_url):
    s = Store(pg_url)
    s.upsert_passages(
        "ref",
        [
            make_passage(id="fr", text="OpenAI ouvre des bureaux à Paris."),
            make_passage(id="en", text="The company opened two offices in London."),
            make_passage(id="autre", text="Rien à voir."),
        ],
    )
    pks = {p["id"]: p["pk"] for p in s.passages(["ref"])}
    assert [pk for pk, _ in s.lexical_search('"bureau"', ["ref"])] == [pks["fr"]]
    assert [pk for pk, _ in s.lexical_search('"office" OR "zzz"', ["ref"])] == [pks["en"]]
    assert s.lexical_search('"bureau"', ["other"]) == []
    assert s.lexical_search('"OR" OR "\'&|!"', ["ref"]) == []  # operators are searched as words: no error
    # the word counts the lexical weights read follow every import and removal
    vocabulary = "SELECT coalesce(sum(doc), 0) FROM temp.passages_vocab WHERE term >= ? AND term < ?"
    # ('bureaux' is counted as the French stem and as the English word, as FTS5 counts
    # every indexed word that starts with the stem)
    before = s.db.execute(vocabulary, ["bureau", "bureau\uffff"]).fetchone()[0]
    assert before >= 1
    s.upsert_passages("ref", [make_passage(id="fr2", text="Le bureau de Lyon.")])
    assert s.db.execute(vocabulary, ["bureau", "bureau\uffff"]).fetchone()[0] > before
    s.remove_passages(["fr", "fr2"], corpus="ref")
    assert s.db.execute(vocabulary, ["bureau", "bureau\uffff"]).fetchone()[0] == 0
    s.close()


def test_hnsw_search_finds_what_an_exact_search_finds(pg_url):
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((600, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    s = Store(pg_url)
    s.save_vectors("m", [(f"h{i}", v) for i, v in enumerate(vectors)])
    assert np.array_equal(s.vectors("m", ["h5"])["h5"], vectors[5])  # float32 kept exactly
    hits = 0
    for q in rng.standard_normal((20, 32)).astype(np.float32):
        truth = {f"h{i}" for i in np.argsort(-(vectors @ (q / np.linalg.norm(q))))[:10]}
        exact = s.nearest_vectors("m", q, k=10, exact=True)
        assert {h for h, _ in exact} == truth
        hits += len(truth & {h for h, _ in s.nearest_vectors("m", q, k=10)})
    assert hits / 200 >= 0.9
    s.close()


# ---------------------------------------------------------------- migrate


def test_migrate_copies_the_sample_desk_with_its_history(tmp_path, pg_url, embedder):
    from checker.review.steps import ensure_sample

    db = str(tmp_path / "desk.db")
    s = Store(db)
    article_id = ensure_sample(s, embedder)
    claims = [c["id"] for c in s.claims(article_id)]
    s.record_verdict(claims[0], "false", note="Le 9e", evidence=["F10-fr"], reviewer="ana")
    s.record_verdict(claims[0], "true", reviewer="ben")
    s.record_verdict(claims[1], "unclear", reviewer="ana")
    s.undo_last_verdict(claims[1], reviewer="ana")
    s.save_draft(claims[2], "à revoir", reviewer="ana")
    before = {c: s.verdict_history(c) for c in claims}
    counts = {t: s.db[t].count for t in ("articles", "claims", "passages", "embeddings", "matches", "verdicts")}
    s.close()

    result = run("migrate", "--db", db, "--to", pg_url, "--json")
    assert result.exit_code == 0, result.stderr
    tables = json.loads(result.stdout)["tables"]
    assert {t: tables[t]["rows"] for t in counts} == counts
    t = Store(pg_url)
    assert {c: t.verdict_history(c) for c in claims} == before
    assert t.draft(claims[2], reviewer="ana") == "à revoir"
    assert t.matches(claims[0]) == Store(db).matches(claims[0])
    # the server's keys go on after the copied ones
    assert t.record_verdict(claims[3], "true", reviewer="ana")["id"] == counts["verdicts"] + 1
    t.close()

    again = run("migrate", "--db", db, "--to", pg_url)
    assert again.exit_code == 2 and "already holds a desk" in again.stderr and "nothing was copied" in again.stderr
    assert run("migrate", "--db", db, "--to", str(tmp_path / "x.db")).exit_code == 2


# ---------------------------------------------------------------- the app on both engines


def test_the_review_page_records_a_verdict_on_both_engines(db_url, embedder, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from checker.review.steps import ensure_sample

    s = Store(db_url)
    ensure_sample(s, embedder)
    s.close()
    monkeypatch.setenv("FACTCHECK_DB", db_url)
    at = AppTest.from_file(str(PACKAGE_ROOT / "app.py"), default_timeout=600).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    picks = [b for b in at.button if (b.key or "").startswith("pick:")]
    claim_id = picks[1].key.removeprefix("pick:")
    at.button(key=f"pick:{claim_id}").click().run()
    at.text_input(key="reviewer").input("Camille")
    at.toggle(key="auto_advance").set_value(False)
    at.text_area(key=f"note:{claim_id}").input("Ouvert en 2023.")
    at.button(key=f"verdict:{claim_id}:false").click().run()
    assert not at.exception, [e.value for e in at.exception]
    s = Store(db_url)
    current = s.current_verdict(claim_id)
    assert (current["verdict"], current["note"], current["reviewer"]) == ("false", "Ouvert en 2023.", "Camille")
    s.close()
    at.run()
    assert at.button(key=f"pick:{claim_id}").label.startswith("🔴")


def test_a_verdict_does_not_wait_for_an_import_but_waits_for_its_claim(pg_url):
    _desk(pg_url)
    importer, reviewer = Store(pg_url), Store(pg_url, timeout=1)
    with importer._write():  # an import's transaction, still open
        importer.upsert_passages("autre", [make_passage(id="n1", text="Un passage importé.")])
        assert reviewer.record_verdict("c1", "true", reviewer="ana")["verdict"] == "true"
    with importer._claim_writes("c1"), importer._write():  # another verdict on c1, not yet committed
        importer.db.execute("SELECT 1")
        with pytest.raises(StoreError, match="locked by another program for more than 1 s"):
            reviewer.record_verdict("c1", "false", reviewer="ana")
        assert reviewer.record_verdict("c2", "false", reviewer="ana")["verdict"] == "false"
    assert [v["verdict"] for v in reviewer.verdict_history("c1")] == ["true"]
    importer.close(), reviewer.close()
