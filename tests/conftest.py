"""Shared fixtures: the real embedding model, loaded once for the whole session."""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def embedder():
    """The default model (built once into the user cache folder, then reused)."""
    from checker.embed import load_embedder

    return load_embedder()


@pytest.fixture
def store(tmp_path):
    """A fresh database file, as a user would have one."""
    from checker.store import Store

    s = Store(tmp_path / "desk.db")
    yield s
    s.close()
