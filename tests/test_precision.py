"""The encoder's numeric path (bf16 or float32): chosen per machine with the real
model, falling back to float32, and never mixing the vectors of two paths.

The CPU's capability is injected (a flags set, or a cpuinfo file), never the model:
every check here encodes real texts with the real default model.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from checker.model import precision as encoder_path
from checker.model.encoder import _load_sentence_transformer, default_model_dir, default_model_id, load_embedder
from checker.retrieval.vectors import embed_missing, passage_matrix
from checker.store.corpus_files import make_passage
from checker.store.database import Store

SMALL_CHECK = Path(__file__).parent / "fixtures" / "encoder_check_small.jsonl"
WITH_BF16 = frozenset({"avx2", "avx512f", "avx512_bf16"})
WITHOUT_BF16 = frozenset({"avx2", "avx512f", "avx512_vnni"})


class RealLoader:
    """Loads the real default model in float32, counting loads."""

    def __init__(self) -> None:
        self.loads = 0

    def __call__(self):
        self.loads += 1
        return _load_sentence_transformer(str(default_model_dir()), local_only=True)


@pytest.fixture(autouse=True)
def _no_forced_path(monkeypatch):
    monkeypatch.delenv("FACTCHECK_ENCODER", raising=False)


def test_cpu_flags_are_read_from_cpuinfo(tmp_path):
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16\n\nprocessor\t: 1\n")
    assert encoder_path.has_bf16(encoder_path.cpu_flags(info))
    info.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_vnni\n")
    assert not encoder_path.has_bf16(encoder_path.cpu_flags(info))
    assert encoder_path.cpu_flags(tmp_path / "missing") == frozenset()


def test_a_cpu_without_bf16_runs_float32_without_loading_anything():
    loader = RealLoader()
    choice = encoder_path.choose_path(loader, flags=WITHOUT_BF16, check_set=SMALL_CHECK)
    assert choice.path == "fp32" and not choice.cpu_bf16
    assert loader.loads == 0


@pytest.mark.slow  # loads the model again and runs the precision check
def test_bf16_is_kept_when_the_real_model_passes_the_check():
    loader = RealLoader()
    choice = encoder_path.choose_path(loader, flags=WITH_BF16, check_set=SMALL_CHECK)
    assert choice.path == "bf16", choice.reason
    assert choice.cos_min >= encoder_path.COS_MIN
    assert choice.r5_bf16 >= choice.r5_fp32 - encoder_path.R5_TOLERANCE
    assert choice.check_texts == sum(1 for line in SMALL_CHECK.read_text().splitlines() if line.strip())
    assert loader.loads == 2


@pytest.mark.slow  # loads the model again and runs the precision check
def test_a_failed_check_falls_back_to_float32():
    """A bar the real bf16 vectors cannot reach (a cosine above 1) must refuse bf16."""
    choice = encoder_path.choose_path(RealLoader(), flags=WITH_BF16, check_set=SMALL_CHECK, cos_min=1.01)
    assert choice.path == "fp32"
    assert "refused" in choice.reason and choice.cos_min < 1.01


@pytest.mark.slow  # loads the model again and runs the precision check twice
def test_the_choice_is_saved_once_and_measured_again_on_another_cpu(tmp_path, monkeypatch):
    model_dir = tmp_path / "models" / "e5"
    model_dir.parent.mkdir(parents=True)
    loader = RealLoader()
    first = encoder_path.path_for(model_dir, loader, flags=WITH_BF16, check_set=SMALL_CHECK)
    assert loader.loads == 2 and encoder_path.choice_file(model_dir).is_file()
    again = encoder_path.path_for(model_dir, loader, flags=WITH_BF16, check_set=SMALL_CHECK)
    assert again == first and loader.loads == 2  # read back, not measured again
    moved = encoder_path.path_for(
        model_dir, loader, flags=WITHOUT_BF16, check_set=SMALL_CHECK
    )  # the cache now on an older CPU
    assert moved.path == "fp32" and loader.loads == 2
    saved = json.loads(encoder_path.choice_file(model_dir).read_text())
    assert saved["cpu_bf16"] is False
    monkeypatch.setenv("FACTCHECK_ENCODER", "bf16")
    assert encoder_path.path_for(model_dir, loader, flags=WITHOUT_BF16, check_set=SMALL_CHECK).path == "bf16"


def test_model_ids_differ_per_path():
    assert default_model_id("fp32") != default_model_id("bf16")
    assert default_model_id("fp32").endswith("-q4") and "+bf16" in default_model_id("bf16")
    assert load_embedder(path="fp32").model_id == default_model_id("fp32")
    assert load_embedder(path="bf16").model_id == default_model_id("bf16")


def test_vectors_of_two_paths_are_never_mixed(tmp_path):
    fp32, bf16 = load_embedder(path="fp32"), load_embedder(path="bf16")
    texts = ["Le chômage a baissé à 7,3 % au dernier trimestre.", "Nuclear power supplies 70% of French power."]
    passages = [make_passage(id=f"p{i}", text=t) for i, t in enumerate(texts)]
    store = Store(tmp_path / "paths.db")
    store.upsert_passages("c", passages)
    stored = store.passages(["c"])
    assert embed_missing(store, fp32, stored) == 2
    assert embed_missing(store, bf16, stored) == 2  # the float32 vectors are not reused
    assert embed_missing(store, bf16, stored) == 0
    for embedder in (fp32, bf16):
        mine = passage_matrix(store, embedder, ["c"]).vectors
        np.testing.assert_allclose(mine, embedder.encode_passages(texts), atol=1e-6)
    a, b = (passage_matrix(store, e, ["c"]).vectors for e in (fp32, bf16))
    assert not np.array_equal(a, b) and np.min(np.sum(a * b, axis=1)) > 0.999
    models = {m for (m,) in store.db.execute("SELECT DISTINCT model FROM embeddings")}
    assert models == {fp32.model_id, bf16.model_id}
