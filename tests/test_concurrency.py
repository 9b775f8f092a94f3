"""Two reviewers' processes saving verdicts on the same database at the same moment:
every verdict is kept and each claim's history stays one unbroken chain."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from checker.settings import PACKAGE_ROOT
from checker.store.database import Store
from tests.conftest import ClaimRecord

PER_PROCESS = 500
CLAIMS = [f"c{i:02d}" for i in range(20)]

WORKER = r"""
import sys, time
from pathlib import Path
from checker.store.database import Store
from checker.vocabulary import VERDICTS
db, name, reviewer, n, ready, go = sys.argv[1:7]
store = Store(db)
claims = [f"c{i:02d}" for i in range(20)]
Path(ready).touch()
while not Path(go).exists():
    time.sleep(0.001)
for i in range(int(n)):
    store.record_verdict(claims[i % len(claims)], VERDICTS[i % 3], note=f"{name} {i}", reviewer=reviewer)
store.close()
"""


@pytest.mark.slow  # two real desk processes
def test_two_processes_write_500_verdicts_each(tmp_path):
    db = tmp_path / "desk.db"
    s = Store(db)
    s.save_article(text="x" * 50, title="t", lang="fr", sha256="cd" * 32, claims=[ClaimRecord(c, c) for c in CLAIMS])
    s.close()
    go = tmp_path / "go"
    procs = []
    for name in ("A", "B"):
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WORKER,
                    str(db),
                    name,
                    "desk",
                    str(PER_PROCESS),
                    str(tmp_path / f"ready{name}"),
                    str(go),
                ],
                cwd=PACKAGE_ROOT,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready{n}").exists() for n in "AB"):
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs), [p.stderr.read() for p in procs]
        time.sleep(0.01)
    go.touch()  # both start writing together
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err

    s = Store(db)
    assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = list(s.db.query("SELECT id, claim_id, verdict, note, reviewer, supersedes FROM verdicts ORDER BY id"))
    assert len(rows) == 2 * PER_PROCESS
    notes = [r["note"] for r in rows]
    assert sorted(notes) == sorted(f"{n} {i}" for n in "AB" for i in range(PER_PROCESS))
    # Whether the two runs interleave row by row is up to the scheduler and SQLite's busy
    # handler (one writer may hold the lock for a whole burst while the other waits); what
    # must hold whatever the interleaving is checked here and below.
    # each process's own verdicts are in its own order
    for name in "AB":
        mine = [int(n.split()[1]) for n in notes if n.startswith(name)]
        assert mine == list(range(PER_PROCESS))
    # history: for each claim, every verdict supersedes exactly the one before it
    for claim in CLAIMS:
        chain = [r for r in rows if r["claim_id"] == claim]
        assert chain[0]["supersedes"] is None
        assert [r["supersedes"] for r in chain[1:]] == [r["id"] for r in chain[:-1]]
        assert s.current_verdict(claim)["id"] == chain[-1]["id"]
    s.close()
