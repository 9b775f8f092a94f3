"""The slow loads of a new server process, done in the background with named steps.

Why: the embedding model and the French spaCy pipeline take tens of seconds to load,
and a new database must check the sample article once. Done inside the first page
run, they left a reviewer in front of two spinners for a minute and made the first
check of a pasted article wait for them. Here a thread started once per server
process loads both as soon as the first page is asked for, and the sample is checked
by a second thread per database file; the page shows the steps and their state, and
the desk opens the moment the sample is there (a verdict needs no model).

Order, for the first card on a new database: the French pipeline first (the sample
check needs it), then the sample check, then the model. The check takes its vectors
from the ones shipped with the sample (`checker.review.sample_vectors`) and so needs no model;
the model loads after it rather than beside it, because both are mostly Python work
that would only take turns on one interpreter lock. Without shipped vectors for this
machine's model, the check loads the model itself (once per process either way).

No Streamlit call is made from a thread: the threads only fill `Step` objects, which
the page reads.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from checker.i18n import t

WAITING, RUNNING, DONE, FAILED = "waiting", "running", "done", "failed"
MARKS = {WAITING: "⏳", RUNNING: "⏳", DONE: "✅", FAILED: "⛔"}

WARMUP_TEXT = "OpenAI a ouvert un bureau à Paris en 2024, selon un communiqué publié le 9 octobre."
"""A sentence run through extraction and the model once, so their first real use is
not also their first use (lazy imports, language profiles, the first batch's setup)."""


@dataclass
class Step:
    """One named load; `label` is its message key in the catalogue (checker.i18n), so
    each session reads the step in its own language, whichever thread runs it."""

    label: str
    state: str = WAITING
    began: float | None = None
    seconds: float | None = None
    error: str = ""

    def line(self, now: float | None = None) -> str:
        """'✅ Modèle … — 12.3 s' as the step list shows it."""
        if self.state == DONE and self.seconds is not None:
            tail = f" — {self.seconds:.1f} s"
        elif self.state == RUNNING and self.began is not None:
            tail = f" — {(now or time.monotonic()) - self.began:.0f} s…"
        elif self.state == FAILED:
            tail = f" — {self.error}"
        else:
            tail = ""
        return f"{MARKS[self.state]} {t(self.label)}{tail}"


def _run_step(step: Step, work: Callable[[], object]) -> object:
    step.state, step.began = RUNNING, time.monotonic()
    try:
        result = work()
    except Exception as e:  # noqa: BLE001  (shown on the page; the desk keeps working without it)
        step.state, step.error = FAILED, (str(e).strip().splitlines() or [type(e).__name__])[0]
        return None
    step.state, step.seconds = DONE, time.monotonic() - step.began
    return result


def _load_model() -> object:
    from checker.model.encoder import load_embedder

    embedder = load_embedder()
    embedder.encode_queries([WARMUP_TEXT])
    return embedder


def _load_french() -> object:
    from claims import extract

    return extract(WARMUP_TEXT, lang="auto")


@dataclass
class Warmup:
    """The French pipeline and the model, loaded one after the other in one thread
    (both are mostly Python imports, which a second thread would not speed up); the
    model waits for a sample check that is running, which needs only French."""

    model: Step = field(default_factory=lambda: Step("step.model"))
    french: Step = field(default_factory=lambda: Step("step.french"))
    thread: threading.Thread | None = None

    def start(self) -> Warmup:
        self.thread = threading.Thread(target=self._run, name="factcheck-warmup", daemon=True)
        self.thread.start()
        return self

    def _run(self) -> None:
        _run_step(self.french, _load_french)
        FRENCH_READY.set()
        for job in running_jobs():  # a new database's first card waits for its sample check
            job.wait()
        _run_step(self.model, _load_model)

    @property
    def steps(self) -> list[Step]:
        return [self.french, self.model]

    def done(self) -> bool:
        return all(s.state in (DONE, FAILED) for s in self.steps)


@dataclass
class SampleJob:
    """Checking the sample article into one database file, in its own thread."""

    path: str
    after: threading.Thread | None = None
    """The warm-up thread: its French pipeline is waited for first, so the two never
    load the same thing twice."""
    step: Step = field(default_factory=lambda: Step("step.sample"))
    article_id: str | None = None
    thread: threading.Thread | None = None

    def start(self) -> SampleJob:
        self.thread = threading.Thread(target=self._run, name="factcheck-sample", daemon=True)
        self.thread.start()
        return self

    def _run(self) -> None:
        from checker.model.encoder import load_embedder
        from checker.review.sample_vectors import deferred_embedder, seed_sample_vectors
        from checker.review.steps import ensure_sample
        from checker.store.database import Store

        def work() -> str:
            store = Store(self.path, check_same_thread=False)
            try:
                stand_in = deferred_embedder()
                if stand_in is not None:
                    seed_sample_vectors(store, model_id=stand_in.model_id)
                return ensure_sample(store, stand_in or load_embedder())
            finally:
                store.close()

        if self.after is not None:
            while not FRENCH_READY.wait(0.5) and self.after.is_alive():
                pass
        self.article_id = _run_step(self.step, work)  # type: ignore[assignment]

    def finished(self) -> bool:
        return self.step.state in (DONE, FAILED)

    def wait(self, timeout: float | None = None) -> SampleJob:
        if self.thread is not None:
            self.thread.join(timeout)
        return self


_jobs: dict[str, SampleJob] = {}
_jobs_lock = threading.Lock()

FRENCH_READY = threading.Event()
"""Set once this process has loaded the French pipeline (by the warm-up)."""


def running_jobs() -> list[SampleJob]:
    """The sample checks still running in this process."""
    with _jobs_lock:
        return [j for j in _jobs.values() if not j.finished()]


def sample_job(path: str | Path, *, missing: bool = False, after: threading.Thread | None = None) -> SampleJob:
    """The job checking the sample into `path`: the one running or done for that file,
    or a new one if there is none, the last one failed, or the caller found the
    sample `missing` from the file since (a new database under the same name)."""
    key = str(Path(path).resolve())
    with _jobs_lock:
        job = _jobs.get(key)
        stale = job is not None and job.finished() and (job.step.state == FAILED or missing)
        if job is None or stale:
            job = _jobs[key] = SampleJob(key, after=after).start()
        return job
