"""Files the desk writes (exports, the approximate index, the model folder) under a
full disk, a missing folder and a read-only folder: exit 2 with the path and the cause,
no traceback, and the good file that was there stays byte-for-byte as it was.

A full disk and a read-only folder are real: small tmpfs mounts (this needs root, as
on the CI machine; elsewhere those cases are skipped, the missing folder is not).
"""

from __future__ import annotations

import contextlib
import json
import logging
import subprocess
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.retrieval.vector_index import build_index
from checker.store.atomic_write import FileWriteError, write_text
from checker.store.corpus_files import make_passage
from checker.store.database import Store


def run(*args, env=None):
    return CliRunner(env=env).invoke(cli, [str(a) for a in args], catch_exceptions=False)


@contextlib.contextmanager
def tmpfs(folder: Path, *, size: str = "64k", read_only: bool = False):
    """A real small file system at `folder` (full after `size`), optionally read-only."""
    folder.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if read_only else "")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path) -> None:
    """Take every free byte of the file system at `folder`."""
    with contextlib.suppress(OSError), (folder / "remplissage").open("wb", buffering=0) as f:
        while True:
            f.write(b"\0" * 4096)


@pytest.fixture
def desk(tmp_path) -> Path:
    path = tmp_path / "desk.db"
    s = Store(path)
    s.upsert_passages("ref", [make_passage(id="p1", text="Un passage " * 200)])
    s.close()
    return path


def assert_refused(result, *needles):
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Traceback" not in result.stderr and result.stdout == ""
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


def test_export_into_a_missing_folder_names_it(desk, tmp_path):
    out = tmp_path / "absent" / "rapport.md"
    assert_refused(
        run("export", "--format", "markdown", "-o", out, "--db", desk),
        f"{out}: cannot be written",
        f"the folder {out.parent} does not exist",
    )
    assert not out.parent.exists()


def test_export_on_a_full_disk_keeps_the_good_report(desk, tmp_path):
    with tmpfs(tmp_path / "plein", size="64k") as folder:
        out = folder / "rapport.html"
        good = "<p>le bon rapport</p>\n" * 20
        out.write_text(good, encoding="utf-8")
        fill(folder)
        result = run("export", "--format", "html", "-o", out, "--db", desk)
        assert_refused(result, f"{out}: cannot be written", "the disk is full", "nothing was changed")
        assert out.read_text(encoding="utf-8") == good
        assert sorted(p.name for p in folder.iterdir()) == ["rapport.html", "remplissage"]  # no temporary left


def test_export_into_a_read_only_folder_keeps_the_old_file(desk, tmp_path):
    folder = tmp_path / "lecture"
    folder.mkdir()
    with tmpfs(folder, read_only=True):
        out = folder / "rapport.json"
        assert_refused(
            run("export", "--format", "json", "-o", out, "--db", desk),
            f"{out}: cannot be written",
            "is read-only or not writable",
        )


def test_export_replaces_the_old_report_whole(desk, tmp_path):
    out = tmp_path / "rapport.json"
    out.write_text("ancien", encoding="utf-8")
    assert run("export", "--format", "json", "-o", out, "--db", desk).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["counts"]["total"] == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".rapport")] == []


def test_the_helper_keeps_the_old_file_when_the_write_fails(tmp_path):
    with tmpfs(tmp_path / "plein", size="16k") as folder:
        target = folder / "index.bin"
        target.write_text("bon", encoding="utf-8")
        fill(folder)
        with pytest.raises(FileWriteError, match="the disk is full"):
            write_text(target, "x" * 100_000)
        assert target.read_text(encoding="utf-8") == "bon"


def _vectors(n: int = 3000, dim: int = 16) -> np.ndarray:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


@pytest.mark.parametrize("fault", ["read-only", "full"])
def test_an_index_folder_that_cannot_be_written_means_exact_search_said_once(tmp_path, caplog, fault):
    """faiss's RuntimeError no longer reaches search: the index is not used (search is
    exact, the vectors stay in the matrix) and a warning says why, once."""
    ann = tmp_path / ".ann"
    with tmpfs(ann, size="8k", read_only=fault == "read-only"):
        if fault == "full":
            fill(ann)
        with caplog.at_level(logging.WARNING, logger="checker.retrieval.vector_index"):
            for _ in range(2):
                assert build_index(_vectors(), cache_dir=tmp_path, key="k", min_rows=100) is None
        warnings = [r.getMessage() for r in caplog.records if r.name == "checker.retrieval.vector_index"]
        assert len(warnings) == 1, warnings
        assert str(ann) in warnings[0] and "searching exactly" in warnings[0]


def test_search_through_a_read_only_index_folder_works(tmp_path, embedder, caplog):
    """The whole command: search with the approximate index switched on for a tiny
    corpus, its folder read-only: exit 0, results, and the reason on stderr."""
    db = tmp_path / "desk.db"
    corpus = Path(__file__).resolve().parent.parent / "data" / "sample" / "corpus.jsonl"
    assert run("ingest", corpus, "--db", db).exit_code == 0
    with tmpfs(tmp_path / ".ann", read_only=True):
        result = CliRunner(env={"FACTCHECK_ANN_MIN_ROWS": "5"}).invoke(
            cli,
            ["search", "OpenAI ouvre un bureau à Paris", "--corpus", "corpus", "--db", str(db), "--json"],
            catch_exceptions=False,
        )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["matches"]
    said = [
        r.getMessage() for r in caplog.records if r.name == "checker.retrieval.vector_index"
    ]  # stderr in a real process
    assert len(said) == 1 and "read-only" in said[0] and "searching exactly" in said[0]


def test_the_model_folder_in_a_read_only_cache_is_named_not_a_traceback(tmp_path):
    """The model folder is built in a temporary folder next to it and renamed; a cache
    folder that cannot take it is named with its cause (before the model is read)."""
    from checker.model.build import build_model

    cache = tmp_path / "cache"
    cache.mkdir()
    with tmpfs(cache, read_only=True):
        with pytest.raises(
            FileWriteError, match=r"multilingual-e5-small: cannot be written \(the folder .* is read-only"
        ):
            build_model(cache / "multilingual-e5-small", source=tmp_path / "jamais-lu.bin", quiet=True)
