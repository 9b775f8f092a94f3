"""Ingest speed against plain sentence-transformers, and retrieval on both encoder paths.

    HF_HUB_OFFLINE=1 python benchmarks/bench_ingest.py --corpus CORPUS.jsonl [--passages 600]
        [--eval DIR ...] [--max-passages 2000] [--max-queries 400] [--db EVAL.db]

Speed, in one run on the same texts (the first --passages lines of --corpus):
- plain: float32 sentence-transformers ``encode_document`` on the default model,
  batch 32, model already loaded (encoding only);
- desk: ``python -m checker ingest`` in a new process on a new database, whole process
  timed, minus the same command's start-up (a one-passage ingest: imports, model load,
  one encoding), on the machine's encoder path (bf16 where chosen) and, with
  --fp32-desk, forced to float32 too (what the pipeline alone gives).
Retrieval: for each --eval folder (corpus.jsonl, pairs.jsonl: the dev sets), dense and
hybrid R@5 on float32 and on bf16, on at most --max-queries pairs and --max-passages
passages (every gold passage of the kept pairs, then the others in file order; say so
when bounded). Vectors are cached in --db (a temporary file by default), keyed by
model id, so a second run reuses them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def desk_ingest_seconds(corpus: Path, db: Path, *, path: str | None) -> float:
    env = dict(os.environ)
    if path:
        env["FACTCHECK_ENCODER"] = path
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "checker", "ingest", str(corpus), "--corpus", "bench", "--db", str(db)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - started


def speed(corpus_rows: list[dict], work: Path, *, fp32_desk: bool) -> None:
    from checker.model.encoder import load_embedder

    texts = [r["text"] for r in corpus_rows]
    corpus = work / "speed.jsonl"
    write_jsonl(corpus, [{"id": f"s{i}", "text": t} for i, t in enumerate(texts)])
    one = work / "one.jsonl"
    write_jsonl(one, [{"id": "one", "text": "Le chômage a baissé à 7,3 % au dernier trimestre."}])

    plain = load_embedder(path="fp32")._model  # the sentence-transformers model itself, float32
    plain.encode_document(texts[:32], batch_size=32)  # warm-up
    started = time.perf_counter()
    plain.encode_document(texts, batch_size=32, convert_to_numpy=True, normalize_embeddings=True)
    plain_rate = len(texts) / (time.perf_counter() - started)
    print(f"plain sentence-transformers float32, {len(texts)} passages: {plain_rate:.1f} passages/s", flush=True)

    paths = [None, "fp32"] if fp32_desk else [None]
    for path in paths:
        label = "desk (this machine's path)" if path is None else f"desk forced to {path}"
        startup = desk_ingest_seconds(one, work / f"startup-{path}.db", path=path)
        whole = desk_ingest_seconds(corpus, work / f"ingest-{path}.db", path=path)
        rate = len(texts) / max(whole - startup, 1e-9)
        print(
            f"{label}: whole process {whole:.1f} s, start-up {startup:.1f} s -> {rate:.1f} passages/s"
            f" = x{rate / plain_rate:.2f} plain",
            flush=True,
        )


def bounded(folder: Path, max_passages: int, max_queries: int) -> tuple[list[dict], list[dict], bool]:
    corpus, pairs = read_jsonl(folder / "corpus.jsonl"), read_jsonl(folder / "pairs.jsonl")
    cut = len(pairs) > max_queries or len(corpus) > max_passages
    pairs = pairs[:max_queries]
    keep = list(dict.fromkeys(g for p in pairs for g in p["gold_ids"]))
    known = {d["id"] for d in corpus}
    keep = [k for k in keep if k in known]
    for d in corpus:
        if len(keep) >= max(max_passages, len(keep)):
            break
        if d["id"] not in keep:
            keep.append(d["id"])
    chosen = set(keep)
    return [d for d in corpus if d["id"] in chosen], pairs, cut


def retrieval(folders: list[Path], db: Path, work: Path, max_passages: int, max_queries: int) -> None:
    from checker.model.encoder import load_embedder
    from checker.retrieval.evaluation import evaluate_retrieval
    from checker.review.steps import ingest_corpus_files
    from checker.store.database import Store

    store = Store(db)
    embedders = {p: load_embedder(path=p) for p in ("fp32", "bf16")}
    print("\nretrieval R@5 (dense / hybrid), float32 vs bf16:", flush=True)
    for folder in folders:
        corpus, pairs, cut = bounded(folder, max_passages, max_queries)
        name = "bench-" + folder.name
        path = work / f"{folder.name}.jsonl"
        write_jsonl(path, corpus)
        line = []
        for label, embedder in embedders.items():
            started = time.perf_counter()
            ingest_corpus_files(store, embedder, [path], corpus=name)
            figures = evaluate_retrieval(store, embedder, pairs, [name], methods=["dense", "hybrid"])
            r5 = {f["method"]: f["R@5"] for f in figures}
            line.append(f"{label} {r5['dense']:.3f} / {r5['hybrid']:.3f} ({time.perf_counter() - started:.0f} s)")
        bound = f", bounded to {len(corpus)} passages and {len(pairs)} queries" if cut else ""
        print(f"{folder.name} ({len(corpus)} passages, {len(pairs)} queries{bound}): " + "; ".join(line), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True, help="JSONL with 'text' (the speed test's passages)")
    ap.add_argument("--passages", type=int, default=600)
    ap.add_argument("--fp32-desk", action="store_true", help="also time the desk forced to float32")
    ap.add_argument("--eval", type=Path, nargs="*", default=[], help="dev set folders for R@5")
    ap.add_argument("--max-passages", type=int, default=2000)
    ap.add_argument("--max-queries", type=int, default=400)
    ap.add_argument("--db", type=Path, default=None, help="database caching the retrieval vectors")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        work = Path(tmp)
        print(f"{os.cpu_count()} cores (shared: timings on a busy machine vary)", flush=True)
        speed(read_jsonl(args.corpus)[: args.passages], work, fp32_desk=args.fp32_desk)
        if args.eval:
            retrieval(args.eval, args.db or work / "eval.db", work, args.max_passages, args.max_queries)


if __name__ == "__main__":
    main()
