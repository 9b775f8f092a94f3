"""The sample's vectors, shipped beside it, so a new database opens without the model.

Why: on a new database the desk checks the shipped sample article before it opens,
and that check used to load the embedding model (the slowest load of a new server)
only to encode 32 passages and 22 claims whose vectors are the same on every
machine running that model. `data/sample/vectors.npz` holds them, each row under
the model id it was made with (the id names the model's source, build and numeric
path, `checker.model.encoder.default_model_id`) and the content hash of its text, exactly
as the vector cache stores them (`checker.retrieval.vectors`). A row is copied into a
database only under the id of the model this machine runs, and read back only for a
text with that very hash (the key is the text's content), so a changed sample,
another model or another numeric path encodes afresh instead of using a wrong vector.

`DeferredEmbedder` stands in for the model during that check: it answers from the
cache and loads the real model only if a text is missing from it.

Rebuild the file after changing the sample or the model:
    HF_HUB_OFFLINE=1 python -m checker.review.sample_vectors
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from checker.model.encoder import Embedder, default_model_id, load_embedder
from checker.settings import SAMPLE_DIR
from checker.store.database import Store

VECTORS_FILE = SAMPLE_DIR / "vectors.npz"
QUERY_SUFFIX = "#query"
"""Query vectors are cached under the model id plus this (as `checker.retrieval.vectors` does)."""
PATHS = ("fp32", "bf16")
"""The numeric paths a machine may run the default model on; the file holds both."""


def _read(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(model keys, hashes, vectors) of the file; empty arrays when it is missing or
    unreadable (the check then encodes with the model, as before)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            return data["models"], data["hashes"], data["vectors"]
    except (OSError, KeyError, ValueError):
        return np.array([], dtype=str), np.array([], dtype=str), np.zeros((0, 0), dtype=np.float32)


def seed_sample_vectors(store: Store, *, model_id: str | None = None, path: Path = VECTORS_FILE) -> int:
    """Copy into `store` the shipped vectors made with `model_id` (default: the model
    this machine runs) that the store lacks; returns how many rows were copied. Each
    row is keyed by its text's content hash, so it is only ever read back for that
    very text; a row that is not finite and of unit length is left out."""
    model_id = model_id or default_model_id()
    models, hashes, vectors = _read(path)
    copied = 0
    for key in (model_id, model_id + QUERY_SUFFIX):
        rows = [i for i in range(len(models)) if models[i] == key]
        have = store.vectors(key, [str(hashes[i]) for i in rows])
        fresh = [(str(hashes[i]), vectors[i].astype(np.float32)) for i in rows if str(hashes[i]) not in have]
        fresh = [(h, v) for h, v in fresh if np.all(np.isfinite(v)) and abs(float(np.linalg.norm(v)) - 1.0) < 1e-3]
        if fresh:
            store.save_vectors(key, fresh)
            copied += len(fresh)
    return copied


class DeferredEmbedder(Embedder):
    """The default model's id and width without the model: encodes nothing itself,
    and loads the real model (once per process, `load_embedder`) only when asked to
    encode, i.e. when a text is missing from the vector cache."""

    def __init__(self, model_id: str, dim: int) -> None:  # no model to load: nothing of Embedder.__init__
        self.model_id = model_id
        self.path = "bf16" if "+bf16" in model_id else "fp32"
        self.dim = dim
        self.loaded = False

    def _encode(
        self, texts: Sequence[str], *, task: str, batch_size: int = 32, show_progress: bool = False
    ) -> np.ndarray:
        real = load_embedder()
        self.loaded = True
        if real.model_id != self.model_id:
            raise RuntimeError(f"model {real.model_id} loaded where {self.model_id} was expected")
        if task == "query":
            return real.encode_queries(texts, batch_size=batch_size)
        return real.encode_passages(texts, batch_size=batch_size, show_progress=show_progress)


def deferred_embedder(path: Path = VECTORS_FILE) -> DeferredEmbedder | None:
    """A stand-in for the default model when the file has vectors of its id (their
    width is the model's), else None (then load the model)."""
    model_id = default_model_id()
    models, _, vectors = _read(path)
    if not any(m == model_id for m in models) or vectors.ndim != 2 or not vectors.shape[1]:
        return None
    return DeferredEmbedder(model_id, int(vectors.shape[1]))


def build(path: Path = VECTORS_FILE) -> None:
    """Check the sample with the default model on each numeric path into a scratch
    database and write every vector that check cached to `path`."""
    from checker.review.steps import ensure_sample

    models: list[str] = []
    hashes: list[str] = []
    rows: list[np.ndarray] = []
    for numeric in PATHS:
        with tempfile.TemporaryDirectory() as folder:
            store = Store(Path(folder) / "sample.db")
            embedder = load_embedder(path=numeric)
            ensure_sample(store, embedder)
            for model, sha, vector in store.all_vectors():
                if model in (embedder.model_id, embedder.model_id + QUERY_SUFFIX):
                    models.append(model)
                    hashes.append(sha)
                    rows.append(vector)
            store.close()
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, models=np.array(models), hashes=np.array(hashes), vectors=np.vstack(rows))
    tmp.replace(path)
    print(f"{path}: {len(rows)} vectors for {', '.join(sorted(set(models)))}", file=sys.stderr)


if __name__ == "__main__":
    build()
