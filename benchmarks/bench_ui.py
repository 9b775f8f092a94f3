"""How quick the review desk feels with a large queue, and on its first start.

    python benchmarks/bench_ui.py [--claims 1000] [--articles 1] [--repeats 15] [--starts 3]
        [--browser [--floor] [--first-use] [--compare-fragment]] [--db PATH]

Builds a database holding the sample article (checked with the real model, which must
already be built) plus `--claims` synthetic claims spread over `--articles` articles,
each with five stored matches, then measures:

- verdict click → updated screen: Streamlit's AppTest clicks a verdict button on the
  largest article and reruns the page (the whole server-side work of a click, the
  auto-advance to the next claim included);
- app start → first claim shown: a fresh Python process runs the app once with AppTest
  (imports, database, page) until the claim card is drawn;
- with `--browser`: the same in Chromium against `streamlit run` — process start to
  the first claim card visible, and a verdict key to the next claim's card painted
  (timed in the page, from the keydown event to the frames after the new card);
- with `--browser --compare-fragment`: the same key with the card and the keyboard in
  an `st.fragment` (a key reruns only them), against the whole page rerun the desk
  does, in the same run;
- with `--browser --first-use`: a new server on an EMPTY database → the first usable
  card (verdict keys ready; the model, spaCy and the sample check run in the
  background meanwhile), and, in a new server once its step list says ready, the
  first check of a pasted article.

Targets: a verdict key under 300 ms (median; p90 printed too) on 1,000 claims, a
start under 5 s, a new database → first usable card under 20 s, a first check under
5 s after the warm-up. Every figure depends on the machine: say how busy it was.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

APP = str(ROOT / "app.py")
CARD_FRAGMENT_ENV = "FACTCHECK_CARD_FRAGMENT"  # checker/ui/pages/review.py: the card in an st.fragment


@dataclass
class SyntheticClaim:
    id: str
    text: str
    start: int
    end: int
    sentence: str
    score: float
    checkworthy: bool
    reasons: list = field(default_factory=list)
    features: dict = field(default_factory=dict)


def build_db(path: Path, *, claims: int, articles: int) -> list[str]:
    """The sample checked for real, then synthetic articles; returns their ids, largest first."""
    from checker.model.encoder import load_embedder
    from checker.review.steps import ensure_sample
    from checker.store.database import Store

    store = Store(path)
    ensure_sample(store, load_embedder())
    pks = [r["pk"] for r in store.db.query("SELECT pk FROM passages ORDER BY pk LIMIT 5")]
    ids = []
    per_article = [claims // articles + (1 if i < claims % articles else 0) for i in range(articles)]
    for a, count in enumerate(per_article):
        sentences = [
            f"La ville numéro {a}-{i} a reçu {i * 7 % 997} millions d'euros en {2000 + i % 25}." for i in range(count)
        ]
        text = " ".join(sentences)
        made, pos = [], 0
        for i, s in enumerate(sentences):
            start = text.index(s, pos)
            pos = start + len(s)
            made.append(
                SyntheticClaim(
                    id=hashlib.sha256(f"{a}:{i}".encode()).hexdigest()[:16],
                    text=s,
                    start=start,
                    end=pos,
                    sentence=s,
                    score=(i * 37 % 100) / 100,
                    checkworthy=i % 4 != 0,
                    reasons=["number"],
                    features={"amounts": [{"text": "x", "value": i, "unit": "EUR"}]},
                )
            )
        article_id = store.save_article(
            text=text,
            title=f"Synthétique {a}",
            lang="fr",
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            claims=made,
        )
        for c in made:
            store.save_check(
                c.id,
                model="bench",
                corpora=["sample"],
                suggestion="related",
                signals=["synthetic"],
                matches=[{"pk": pk, "score": 0.5, "dense": 0.5, "lexical": 1.0} for pk in pks],
            )
        ids.append(article_id)
    store.close()
    return ids


def time_clicks(db: Path, article_id: str, repeats: int) -> list[float]:
    """Seconds per verdict click (AppTest), each one on the claim shown, which then
    moves on to the next unjudged claim."""
    from streamlit.testing.v1 import AppTest

    os.environ["FACTCHECK_DB"] = str(db)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["article"] = article_id
    at.run()
    at.text_input(key="reviewer").input("bench").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Synthétique 0", at.title[0].value
    from checker import vocabulary
    from checker.store.database import Store

    store = Store(db)
    words = vocabulary.of(store.scale)  # the desk's own scale: a new database is on fr-six
    store.close()
    times = []
    for i in range(repeats):
        claim_id = next(b.key or "" for b in at.button if (b.key or "").startswith("undo:")).removeprefix("undo:")
        verdict = words.verdicts[i % len(words.verdicts)]
        began = time.perf_counter()
        at.button(key=f"verdict:{claim_id}:{verdict}").click().run()
        times.append(time.perf_counter() - began)
        assert not at.exception
        assert at.button(key=f"pick:{claim_id}").label.startswith(words.icons[verdict])
    return times


def time_new_sessions(db: Path, repeats: int) -> list[float]:
    """Seconds from a new session on a warm process (modules loaded) to its first claim
    card: what a reviewer waits for when opening the desk on a running server."""
    from streamlit.testing.v1 import AppTest

    os.environ["FACTCHECK_DB"] = str(db)
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        at = AppTest.from_file(APP, default_timeout=120).run()
        times.append(time.perf_counter() - began)
        assert any((b.key or "").startswith("undo:") for b in at.button), "no claim card"
    return times


START_SCRIPT = """
import time
began = time.perf_counter()
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({app!r}, default_timeout=120).run()
assert not at.exception, [e.value for e in at.exception]
assert any((b.key or "").startswith("undo:") for b in at.button), "no claim card"
print(time.perf_counter() - began)
"""


def time_start(db: Path) -> float:
    """Seconds from a new interpreter to the first claim card (interpreter start excluded)."""
    out = subprocess.run(
        [sys.executable, "-c", START_SCRIPT.format(app=APP)],
        env={**os.environ, "FACTCHECK_DB": str(db)},
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return float(out.stdout.strip().splitlines()[-1])


WATCH_SCRIPT = """(claim) => {
  // In-page clock: from the keydown to the first frame painted after the page shows a
  // card other than `claim` (the verdict saved, the next claim drawn). Playwright's
  // own expect() polls, which adds up to its polling interval; printed beside this.
  window.__keyAt = null; window.__paintedAt = null;
  window.addEventListener('keydown', () => { window.__keyAt = performance.now(); }, {capture: true, once: true});
  const moved = () => {
    const cards = Array.from(document.querySelectorAll('[class*="st-key-card-"]'))
      .filter((c) => !c.closest('[data-stale="true"]'));
    return cards.length === 1 && !cards[0].className.includes('st-key-card-' + claim + ' ')
      && !cards[0].className.endsWith('st-key-card-' + claim);
  };
  const observer = new MutationObserver(() => {
    if (window.__keyAt !== null && moved()) {
      observer.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => { window.__paintedAt = performance.now(); }));
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
}"""

SHOWN = """() => {
  const cards = Array.from(document.querySelectorAll('[class*="st-key-card-"]'))
    .filter((c) => !c.closest('[data-stale="true"]'));
  return cards.length === 1 ? /st-key-card-(\\S+)/.exec(cards[0].className)[1] : null;
}"""


def sign_in(page, name: str) -> None:
    field = page.locator(".st-key-reviewer input")
    field.fill(name)
    field.press("Enter")
    page.get_by_text("Indiquez votre nom dans la barre").wait_for(state="detached", timeout=120_000)
    page.wait_for_function("() => document.documentElement.dataset.deskKeys === 'ready'", timeout=120_000)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")


def wait_ready(page, began: float, *, limit: float = 600) -> float:
    """Reload until the sidebar says the background loads are done; seconds since `began`."""
    from playwright.sync_api import expect

    while not page.get_by_text("Prêt :").count():
        if time.perf_counter() - began > limit:
            raise RuntimeError("the warm-up never said ready")
        page.wait_for_timeout(1000)
        page.reload(timeout=120_000)  # a busy machine answers slowly while the model loads
        expect(page.locator('[class*="st-key-card-"]').first).to_be_visible(timeout=120_000)
    return time.perf_counter() - began


def start_server(db: Path, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            APP,
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env={**os.environ, "FACTCHECK_DB": str(db), **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return server, port


def goto_when_up(page, url: str, began: float) -> None:
    while True:
        try:
            page.goto(url)
            return
        except Exception:
            if time.perf_counter() - began > 120:
                raise
            time.sleep(0.1)


@contextlib.contextmanager
def opened_page(db: Path, env: dict[str, str] | None = None) -> Iterator[tuple[Any, Any, int, float]]:
    """A new `streamlit run` on a free port and a Chromium page that has loaded it;
    yields (browser, page, port, the perf_counter time the server was started), and
    stops both afterwards."""
    from playwright.sync_api import sync_playwright

    began = time.perf_counter()
    server, port = start_server(db, env)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            goto_when_up(page, f"http://127.0.0.1:{port}/", began)
            yield browser, page, port, began
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextlib.contextmanager
def served_page(db: Path, env: dict[str, str] | None = None) -> Iterator[tuple[Any, Any, int, float]]:
    """A new `streamlit run` on a free port and a Chromium page showing its first
    claim card; yields (browser, page, port, seconds from the server's start to that
    card), and stops both afterwards."""
    from playwright.sync_api import expect

    with opened_page(db, env) as (browser, page, port, began):
        expect(page.locator('[class*="st-key-card-"]').first).to_be_visible(timeout=120_000)
        yield browser, page, port, time.perf_counter() - began


def time_first_use(folder: Path) -> tuple[float, float, float]:
    """(new server on an empty database → first usable card, new server → its step
    list says ready, then the first check of a pasted article) in seconds."""
    from playwright.sync_api import expect

    empty = folder / "empty.db"
    with opened_page(empty) as (_, page, _, began):
        expect(page.locator('[class*="st-key-card-"]').first).to_be_visible(timeout=600_000)
        page.wait_for_function("() => document.documentElement.dataset.deskKeys === 'ready'", timeout=120_000)
        first_card = time.perf_counter() - began

    # the sample is there now: a new server, its loads in the background
    with opened_page(empty) as (_, page, _, began):
        warm = wait_ready(page, began)
        page.get_by_text("Nouvel article").click()
        page.locator(".st-key-new_text textarea").fill(
            "Le port du Havre a traité 3 millions de conteneurs en 2023, selon son directeur. "
            "OpenAI a ouvert un bureau à Paris en 2024."
        )
        page.locator(".st-key-new_text textarea").press("Control+Enter")
        page.wait_for_timeout(500)
        t0 = time.perf_counter()
        page.locator(".st-key-check button").click()
        expect(page.get_by_text("Article vérifié")).to_be_visible(timeout=300_000)
        check = time.perf_counter() - t0
    return first_card, warm, check


def time_server_start(db: Path) -> float:
    """Seconds from `streamlit run` to the first claim card visible in a new Chromium."""
    with served_page(db) as (_, _, _, seconds):
        return seconds


def time_browser(
    db: Path,
    article_id: str,
    repeats: int,
    *,
    title: str | None = "Synthétique 0",
    after_warmup: bool = False,
    env: dict[str, str] | None = None,
) -> tuple[float, float, list[float], list[float]]:
    """(server start → first card, new session → first card, key → next card painted
    per press, key → next card seen by Playwright per press) on the article `article_id`."""
    from playwright.sync_api import expect

    with served_page(db, env) as (browser, page, port, start_seconds):
        fresh = browser.new_page(viewport={"width": 1500, "height": 1100})
        t0 = time.perf_counter()
        fresh.goto(f"http://127.0.0.1:{port}/")
        expect(fresh.locator('[class*="st-key-card-"]').first).to_be_visible(timeout=120_000)
        second_seconds = time.perf_counter() - t0
        fresh.close()

        page.goto(f"http://127.0.0.1:{port}/?article={article_id}")
        if title:
            expect(page.get_by_role("heading", name=title)).to_be_visible(timeout=120_000)
        else:
            page.wait_for_timeout(2000)
        expect(page.locator('[class*="st-key-card-"]').first).to_be_visible(timeout=120_000)
        if after_warmup:
            # the model loading in the background shares the process: time the keys once it is done
            wait_ready(page, time.perf_counter())
        sign_in(page, "bench")
        clicks, polled = [], []
        for i in range(repeats):
            expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=60_000)
            page.wait_for_function(SHOWN, timeout=60_000)
            page.wait_for_timeout(300)
            claim_id = page.evaluate(SHOWN)
            page.evaluate(WATCH_SCRIPT, claim_id)
            t0 = time.perf_counter()
            page.keyboard.press(("v", "f")[i % 2])
            page.wait_for_function(
                f"(c) => {{ const s = ({SHOWN})(); return s && s !== c; }}", arg=claim_id, timeout=60_000, polling=10
            )
            polled.append(time.perf_counter() - t0)
            page.wait_for_function("() => window.__paintedAt !== null", timeout=60_000)
            clicks.append(page.evaluate("() => (window.__paintedAt - window.__keyAt) / 1000"))
    return start_seconds, second_seconds, clicks, polled


def summary(name: str, values: list[float], target: float) -> str:
    values = sorted(values)
    p90 = values[min(len(values) - 1, round(0.9 * (len(values) - 1)))]
    median = statistics.median(values)
    return (
        f"{name}: median {median * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms, min {values[0] * 1000:.0f} ms "
        f"over {len(values)} (target < {target * 1000:.0f} ms: {'ok' if median < target else 'MISSED'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--browser", action="store_true", help="also time a real server in Chromium")
    parser.add_argument(
        "--floor", action="store_true", help="with --browser, also time a verdict key on the small sample article"
    )
    parser.add_argument(
        "--first-use",
        action="store_true",
        help="with --browser, also time a new database's first card and a new server's first check",
    )
    parser.add_argument(
        "--compare-fragment",
        action="store_true",
        help="with --browser, also time the key with the card in an st.fragment (a key reruns the card only)",
    )
    parser.add_argument("--db", type=Path, help="database to build (default: a temporary file)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    db = args.db or folder / "bench.db"
    try:
        t0 = time.perf_counter()
        ids = build_db(db, claims=args.claims, articles=args.articles)
        print(
            f"database: {args.claims} synthetic claims in {args.articles} article(s) + the sample "
            f"({time.perf_counter() - t0:.1f} s to build)",
            flush=True,
        )
        clicks = time_clicks(db, ids[0], args.repeats)
        print(
            summary(
                f"verdict click → next claim drawn (AppTest, {args.claims // args.articles} claims in the article)",
                clicks[1:],
                0.300,
            ),
            flush=True,
        )
        print(
            summary("new session → first claim (AppTest, running process)", time_new_sessions(db, 5), 5.0), flush=True
        )
        starts = [time_start(db) for _ in range(args.starts)]
        print(summary("app start → first claim (AppTest, new process)", starts, 5.0), flush=True)
        if args.browser:
            start, second, keys, polled = time_browser(db, ids[0], args.repeats)
            starts = [start] + [time_server_start(db) for _ in range(args.starts - 1)]
            print(summary("server start → first claim card visible (Chromium, new server each time)", starts, 5.0))
            print(f"new browser session on the running server → first claim card visible: {second:.2f} s")
            print(
                summary(
                    "verdict key → next claim's card painted (Chromium, in-page clock; "
                    "the model still loading in the background)",
                    keys[1:],
                    0.300,
                )
            )
            print(summary("verdict key → next claim's card seen by Playwright (10 ms polling)", polled[1:], 0.300))
            _, _, keys, _ = time_browser(db, ids[0], args.repeats, after_warmup=True)
            print(
                summary(
                    "verdict key → next claim's card painted (Chromium, in-page clock, after the warm-up)",
                    keys[1:],
                    0.300,
                ),
                flush=True,
            )
            if args.compare_fragment:
                _, _, fragment, _ = time_browser(
                    db, ids[0], args.repeats, after_warmup=True, env={CARD_FRAGMENT_ENV: "1"}
                )
                print(
                    summary(
                        "the same key with the card and keyboard in an st.fragment (the rest of the page "
                        "is not redrawn)",
                        fragment[1:],
                        0.300,
                    ),
                    flush=True,
                )
                print(
                    f"fragment / full rerun, medians: "
                    f"{statistics.median(fragment[1:]) / statistics.median(keys[1:]):.2f}",
                    flush=True,
                )
            if args.floor:
                from checker.store.database import Store

                store = Store(db)
                sample = next(a for a in store.articles() if a["id"] not in ids)
                store.close()
                _, _, keys, _ = time_browser(db, sample["id"], args.repeats, title=None)
                print(
                    summary(
                        f"for comparison, the same key on the sample article ({sample['claims']} claims)",
                        keys[1:],
                        0.300,
                    )
                )
            if args.first_use:
                first_card, warm, check = time_first_use(folder)
                print(
                    f"empty database → first usable card (new server; model, spaCy and the sample check "
                    f"in the background): {first_card:.1f} s (target < 20 s: {'ok' if first_card < 20 else 'MISSED'})"
                )
                print(
                    f"new server → its step list says ready: {warm:.1f} s; then the first check of a pasted "
                    f"article: {check:.2f} s (target < 5 s: {'ok' if check < 5 else 'MISSED'})",
                    flush=True,
                )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
