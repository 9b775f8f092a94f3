"""Scale: storing passages, building the vector index, and top-10 queries at 10k–1M rows.

    python benchmarks/bench_scale.py [--sizes 10000 100000 1000000] [--db /tmp/eval.db]
        [--store-rows 100000] [--hnsw]

Vectors are synthetic (encoding a million passages would take this machine most of a
day), but shaped like the model's: with --db, each synthetic vector is a real cached
passage vector from that database plus Gaussian noise (cosine about 0.9 to its seed),
so the corpus has the model's anisotropy and its clusters; without --db, seeds are
random unit vectors around a shared direction. Queries are other noisy copies of
random seeds, so their true neighbours are known only by exact search.

Prints per size: index build rate (vectors/s), resident memory after the build,
query p50/p95 for one top-10 query at a time, exact and approximate (IVF at several
nprobe), and the IVF recall@10 against exact search. --store-rows also times storing
that many synthetic passages (text, FTS5 index) in a fresh SQLite file, the part of
ingest that is not encoding. --hnsw adds faiss's HNSW graph for comparison.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.ann import ExactIndex, IVFIndex  # noqa: E402

DIM = 384


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def seeds_from_db(path: str, limit: int = 20000) -> np.ndarray:
    con = sqlite3.connect(path)
    rows = con.execute("SELECT vector FROM embeddings WHERE model NOT LIKE '%#query' LIMIT ?", [limit]).fetchall()
    return np.vstack([np.frombuffer(r[0], dtype=np.float32) for r in rows])


def random_seeds(n: int, rng) -> np.ndarray:
    common = rng.normal(size=DIM).astype(np.float32)
    common /= np.linalg.norm(common)
    x = rng.normal(size=(n, DIM)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    x = x + 1.5 * common
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def noisy(seeds: np.ndarray, n: int, rng, sigma: float = 0.5) -> np.ndarray:
    out = np.empty((n, seeds.shape[1]), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        x = seeds[rng.integers(0, len(seeds), m)] + rng.normal(0, sigma / np.sqrt(DIM), (m, DIM)).astype(np.float32)
        out[start : start + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def timed_queries(index, queries: np.ndarray, k: int = 10) -> tuple[np.ndarray, float, float]:
    rows, lat = [], []
    for q in queries:
        t = time.perf_counter()
        r, _ = index.search(q[None, :], k)
        lat.append(time.perf_counter() - t)
        rows.append(r[0])
    lat_ms = np.array(lat) * 1000
    return np.array(rows), float(np.percentile(lat_ms, 50)), float(np.percentile(lat_ms, 95))


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(a) & set(b)) / len(b) for a, b in zip(found, truth)]))


def store_rate(rows: int) -> None:
    """Passages per second into a fresh desk database (text + FTS5), no encoding."""
    from checker.corpus import make_passage
    from checker.store import Store

    rng = np.random.default_rng(1)
    vocab = np.array([f"mot{i}" for i in range(20000)])
    texts = [" ".join(rng.choice(vocab, 25)) for _ in range(rows)]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "scale.db")
        t = time.perf_counter()
        counts = store.upsert_passages("scale", (make_passage(id=str(i), text=x) for i, x in enumerate(texts)))
        took = time.perf_counter() - t
        t = time.perf_counter()
        again = store.upsert_passages("scale", (make_passage(id=str(i), text=x) for i, x in enumerate(texts)))
        took_again = time.perf_counter() - t
        store.close()
    print(
        f"store {rows:,} passages (text + FTS5): {took:.1f}s = {rows / took:,.0f} passages/s;"
        f" the same corpus again: {took_again:.1f}s, {again['unchanged']:,} unchanged, {again['added']} added",
        flush=True,
    )


def real_queries(path: str, vectors: np.ndarray, nprobes) -> None:
    """IVF against exact search on the database's real passage and query vectors."""
    con = sqlite3.connect(path)
    rows = con.execute("SELECT vector FROM embeddings WHERE model LIKE '%#query' LIMIT 500").fetchall()
    queries = np.vstack([np.frombuffer(r[0], dtype=np.float32) for r in rows])
    truth, e50, e95 = timed_queries(ExactIndex(vectors), queries)
    ivf = IVFIndex.build(vectors)
    print(f"\n== real vectors: {len(vectors):,} passages, {len(queries)} real queries; exact p50 {e50:.1f} ms p95 {e95:.1f} ms")
    for nprobe in nprobes:
        ivf.index.nprobe = nprobe
        found, p50, p95 = timed_queries(ivf, queries)
        print(f"IVF ({ivf.index.nlist} lists) nprobe {nprobe:3d}: p50 {p50:.2f} ms  p95 {p95:.2f} ms  recall@10 {recall(found, truth):.4f}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--db", default=None, help="Desk database whose cached vectors seed the synthetic ones.")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--nprobe", type=int, nargs="+", default=[16, 32, 48, 64, 96])
    ap.add_argument("--store-rows", type=int, default=0)
    ap.add_argument("--hnsw", action="store_true")
    ap.add_argument("--mix", type=int, default=0, help="Blend real seeds pairwise into this many new seeds.")
    args = ap.parse_args()

    rng = np.random.default_rng(0)
    seeds = seeds_from_db(args.db) if args.db else random_seeds(20000, rng)
    real = seeds
    if args.mix:
        # Harder: every synthetic vector near its own blend of two real vectors, so
        # near neighbours are not just noisy copies of one seed.
        a, b = rng.integers(0, len(seeds), (2, args.mix))
        mixed = seeds[a] + seeds[b]
        seeds = (mixed / np.linalg.norm(mixed, axis=1, keepdims=True)).astype(np.float32)
    print(f"seeds: {len(seeds)} {'real cached vectors' if args.db else 'random'}; {os.cpu_count()} cores", flush=True)
    if args.store_rows:
        store_rate(args.store_rows)
    if args.db:
        real_queries(args.db, real, args.nprobe)
    for n in args.sizes:
        base = rss_mb()
        vectors = noisy(seeds, n, rng)
        queries = noisy(seeds, args.queries, rng)
        exact = ExactIndex(vectors)
        truth, e50, e95 = timed_queries(exact, queries)
        print(f"\n== {n:,} vectors ({vectors.nbytes / 2**20:.0f} MB as float32)", flush=True)
        print(f"exact: p50 {e50:.1f} ms  p95 {e95:.1f} ms", flush=True)
        t = time.perf_counter()
        ivf = IVFIndex.build(vectors)
        build = time.perf_counter() - t
        print(f"IVF default nprobe {ivf.index.nprobe}", flush=True)
        print(
            f"IVF build ({ivf.index.nlist} lists): {build:.1f}s = {n / build:,.0f} vectors/s;"
            f" RSS {rss_mb():.0f} MB ({rss_mb() - base:.0f} MB for vectors + index)",
            flush=True,
        )
        for nprobe in args.nprobe:
            ivf.index.nprobe = nprobe
            found, p50, p95 = timed_queries(ivf, queries)
            print(f"IVF nprobe {nprobe:3d}: p50 {p50:.2f} ms  p95 {p95:.2f} ms  recall@10 {recall(found, truth):.4f}", flush=True)
        if args.hnsw:
            import faiss

            t = time.perf_counter()
            h = faiss.IndexHNSWFlat(DIM, 32, faiss.METRIC_INNER_PRODUCT)
            h.hnsw.efConstruction = 80
            h.add(vectors)
            hb = time.perf_counter() - t
            for ef in (64, 128):
                h.hnsw.efSearch = ef

                class _H:
                    def search(self, q, k):
                        s, r = h.search(q, k)
                        return r, s

                found, p50, p95 = timed_queries(_H(), queries)
                print(
                    f"HNSW (faiss, M 32) build {hb:.1f}s = {n / hb:,.0f} vectors/s; ef {ef}: p95 {p95:.2f} ms"
                    f" recall@10 {recall(found, truth):.4f}",
                    flush=True,
                )
            del h
        del vectors, exact, ivf


if __name__ == "__main__":
    main()
