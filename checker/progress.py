"""How far a long piece of work has got, said the way the desk speaks: counts, rate,
time left, in one language (French by default, English for a session that chose it).

Why its own module: the first check of an article and a corpus import both take long
enough that a bar without numbers looks frozen; both say "n/N, x/s, reste ~t s" the same
way. The clock is injectable so tests never depend on how busy the machine is.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from checker.i18n import t

Clock = Callable[[], float]


def duration_text(seconds: float) -> str:
    """A time left as a reader takes it in: '~8 s', '~3 min', '~1 h 05'."""
    seconds = max(0.0, seconds)
    if seconds < 90:
        return f"~{max(1, math.ceil(seconds))} s"
    minutes = math.ceil(seconds / 60)
    if minutes < 90:
        return f"~{minutes} min"
    return f"~{minutes // 60} h {minutes % 60:02d}"


def _decimal(value: float, wording: str = "fr") -> str:
    """French decimals: 2,5; English ones: 2.5."""
    shown = f"{value:.1f}" if value < 100 else f"{value:.0f}"
    return shown.replace(".", ",") if wording == "fr" else shown


class Meter:
    """Counts of one piece of work against its total, timed from `started` (default:
    the meter's creation).

    `text(done)` reads, for example, "Vecteurs : 512/1500 passages · 6,2/s · reste ~3 min"
    (in `wording`, 'fr' or 'en': "Embedding: 512/1500 passages · 6.2/s · ~3 min left");
    before anything is done it gives the counts alone, since no rate can be told yet.
    """

    def __init__(
        self,
        total: int,
        *,
        label: str,
        unit: str,
        clock: Clock = time.monotonic,
        started: float | None = None,
        wording: str = "fr",
    ) -> None:
        self.wording = wording
        self.total = max(0, int(total))
        self.label = label
        self.unit = unit
        self.clock = clock
        self.started = clock() if started is None else started

    def text(self, done: int) -> str:
        done = min(max(0, int(done)), self.total)
        colon = " :" if self.wording == "fr" else ":"
        out = f"{self.label}{colon} {done}/{self.total} {self.unit}"
        elapsed = self.clock() - self.started
        if done and elapsed > 0:
            rate = done / elapsed
            left = t("progress.left", self.wording, left=duration_text((self.total - done) / rate))
            out += f" · {_decimal(rate, self.wording)}/s · {left}"
        return out

    def fraction(self, done: int) -> float:
        """Share done, in [0, 1] (1 for an empty total: nothing is left)."""
        return 1.0 if self.total == 0 else min(1.0, max(0, done) / self.total)
