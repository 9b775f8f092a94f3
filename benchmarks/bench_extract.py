"""Extraction speed and quality.

    python benchmarks/bench_extract.py --article ARTICLE [--gold CLAIMS_GOLD.jsonl]
        [--ct2025 DIR] [--limit N] [--words 10000]

Prints:
- the cold (pipeline load included) and warm extraction times of ARTICLE;
- the warm time of a synthetic article of about --words words, built from varied
  sentences (companies, people, places, figures, dates; appositions, relative clauses,
  coordinations, pronouns, quotes, opinions) by a seeded generator, so its claim
  count means something;
- with --gold, the recall on the gold claims computed as the scoring tool does (a gold
  claim is found when one flagged claim contains all its must_include strings, case
  and accents ignored) and the non-claims flagged;
- with --ct2025 DIR (the CheckThat! 2025 claim-normalisation folder: pairs.jsonl with
  posts as "query" and "gold_ids", corpus.jsonl with the fact-checker's claim), how
  close the extracted claims come to the claim a fact-checker wrote for each post.
  For each post, the best ROUGE-L F1 (LCS of lower-cased, accent-free word tokens)
  and best token F1 over the flagged claims (all claims when none is flagged); a post
  is a hit when that best ROUGE-L F1 is >= 0.30. Printed beside a lead baseline (the
  first 25 words of the post), which tells what a trivial extractor gets, and beside
  the first flagged claim alone (no choice among candidates, like the baseline).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
import unicodedata
from collections import Counter
from pathlib import Path

from claims import ArticleError, extract, read_article

HIT = 0.30


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.replace("\u2019", "'").lower())
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).split())


def recall(gold_path: Path, claims: list[dict]) -> tuple[int, int, int, int]:
    gold = [json.loads(l) for l in gold_path.read_text(encoding="utf-8").splitlines() if l.strip()]
    flagged = [norm(c["text"]) for c in claims if c["checkworthy"]]
    pos = [g for g in gold if g.get("checkworthy", True)]
    neg = [g for g in gold if not g.get("checkworthy", True)]

    def covered(g):
        keys = [norm(k) for k in g["must_include"]]
        return any(all(k in t for k in keys) for t in flagged)

    return sum(map(covered, pos)), len(pos), sum(map(covered, neg)), len(neg)


def timed(text: str, **kw):
    t = time.perf_counter()
    art = extract(text, **kw)
    return time.perf_counter() - t, art


# --- synthetic article --------------------------------------------------------------

COMPANIES = [
    "Veltrane",
    "Norvix",
    "Quorabel",
    "Atelium",
    "Brisane",
    "Kalmor",
    "Soleva",
    "Tendrix",
    "Vorelia",
    "Maristo",
    "Polyxène",
    "Cobalys",
]
PEOPLE = [
    "Claire Fontaine",
    "Marc Delorme",
    "Inès Carvalho",
    "Paul Meyer",
    "Sofia Rinaldi",
    "Hugo Lambert",
    "Nadia Benali",
    "Louis Perrin",
]
ROLES = ["la directrice générale", "le président", "le fondateur", "la porte-parole", "le directeur financier"]
CITIES = [
    "Lyon",
    "Lille",
    "Nantes",
    "Bordeaux",
    "Marseille",
    "Toulouse",
    "Madrid",
    "Berlin",
    "Milan",
    "Lisbonne",
    "Varsovie",
    "Genève",
    "Bruxelles",
    "Montréal",
]
NOUNS = ["un bureau", "une usine", "un centre de recherche", "un entrepôt", "un laboratoire"]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "septembre", "octobre", "novembre"]
SECTORS = [
    "la logistique",
    "les batteries",
    "la cybersécurité",
    "les semi-conducteurs",
    "la santé numérique",
    "l'énergie solaire",
]


def _sentences(r: random.Random) -> list[str]:
    c, c2 = r.sample(COMPANIES, 2)
    p = r.choice(PEOPLE)
    a, b, d = r.sample(CITIES, 3)
    n = r.randint(2, 950)
    y = r.choice([2021, 2022, 2023, 2024, 2025])
    amt = (
        f"{r.randint(1, 9)},{r.randint(1, 9)} {r.choice(['millions', 'milliards'])} "
        f"{r.choice(['d’euros', 'de dollars'])}"
    )
    forms = [
        f"Le groupe {c} a ouvert {r.choice(NOUNS)} à {a} et {b} en {y}.",
        (
            f"{c}, le spécialiste de {r.choice(SECTORS)}, a annoncé le {r.choice(DAYS)} "
            f"{r.randint(1, 28)} {r.choice(MONTHS)} une levée de {amt}."
        ),
        f"Elle emploie désormais {n} salariés à {a}, {b} et {d}.",
        (f"{p}, {r.choice(ROLES)} de {c}, a déclaré que l’entreprise « vise la rentabilité d’ici la fin {y} »."),
        f"La société, qui a racheté {c2} en {y}, compte près de {n} clients en Europe.",
        f"Cette nouvelle usine, située à {a}, doit produire {n} 000 unités par an.",
        f"Selon {p}, le chiffre d’affaires a progressé de {r.randint(2, 40)} % sur un an.",
        f"{c} et {c2} disposent déjà d’un siège à {a}.",
        (f"Ces deux sociétés ont signé un accord de {amt} le {r.randint(1, 28)} {r.choice(MONTHS)} {y}."),
        f"Je pense que {c} devrait mieux communiquer avec ses clients.",
        "La start-up souhaite conquérir de nouveaux marchés.",
        f"{c2} prévoit de s’installer à {d} vers la mi-{r.choice(MONTHS)}.",
        f"Il a également souligné l’importance de {a} pour la stratégie du groupe.",
        (f"{c} a vendu {n} véhicules électriques en {y}, soit {r.randint(2, 30)} % de plus qu’en {y - 1}."),
    ]
    r.shuffle(forms)
    return forms[: r.randint(4, 6)]


def synthetic_article(words: int, *, seed: int = 7) -> str:
    """About ``words`` words of varied French news paragraphs, with headings."""
    r = random.Random(seed)
    parts, count = [], 0
    while count < words:
        if r.random() < 0.2:
            heading = f"{r.choice(COMPANIES)} mise sur {r.choice(SECTORS)}"
            parts.append(heading)
            count += len(heading.split())
        para = " ".join(_sentences(r))
        parts.append(para)
        count += len(para.split())
    return "\n".join(parts)


# --- CheckThat! 2025 claim normalisation ----------------------------------------------


def tokens(s: str) -> list[str]:
    return re.findall(r"\w+", norm(s))


def rouge_l(cand: list[str], ref: list[str]) -> float:
    if not cand or not ref:
        return 0.0
    prev = [0] * (len(ref) + 1)
    for x in cand:
        cur = [0]
        for j, y in enumerate(ref):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    lcs = prev[-1]
    if not lcs:
        return 0.0
    p, r = lcs / len(cand), lcs / len(ref)
    return 2 * p * r / (p + r)


def token_f1(cand: list[str], ref: list[str]) -> float:
    common = sum((Counter(cand) & Counter(ref)).values())
    if not common:
        return 0.0
    p, r = common / len(cand), common / len(ref)
    return 2 * p * r / (p + r)


def ct2025(folder: Path, *, limit: int | None) -> None:
    corpus = {}
    for line in (folder / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            corpus[d["id"]] = d["text"]
    pairs = [json.loads(l) for l in (folder / "pairs.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    if limit:
        pairs = pairs[:limit]
    ours_r, ours_f, lead_r, lead_f, n_claims, failed = [], [], [], [], 0, Counter()
    first_r, first_f = [], []
    t0 = time.perf_counter()
    for pair in pairs:
        ref = tokens(corpus[pair["gold_ids"][0]])
        post = pair["query"]
        lead = tokens(" ".join(post.split()[:25]))
        lead_r.append(rouge_l(lead, ref))
        lead_f.append(token_f1(lead, ref))
        try:
            art = extract(post, lang="auto")
            cands = [c.text for c in art.claims if c.checkworthy] or [c.text for c in art.claims]
        except ArticleError as e:
            failed[type(e).__name__] += 1
            cands = []
        n_claims += len(cands)
        toks = [tokens(c) for c in cands]
        ours_r.append(max((rouge_l(t, ref) for t in toks), default=0.0))
        ours_f.append(max((token_f1(t, ref) for t in toks), default=0.0))
        first_r.append(rouge_l(toks[0], ref) if toks else 0.0)
        first_f.append(token_f1(toks[0], ref) if toks else 0.0)
    dt = time.perf_counter() - t0
    n = len(pairs)

    def line(name, rs, fs):
        hit = sum(x >= HIT for x in rs)
        print(
            f"  {name:<22} hit@ROUGE-L>={HIT:.2f} {hit / n:.3f} ({hit}/{n})  "
            f"mean best ROUGE-L {sum(rs) / n:.3f}  mean best token-F1 {sum(fs) / n:.3f}"
        )

    print(
        f"ct2025 claim normalisation ({folder.name}, {n} posts, {dt:.1f} s, "
        f"{n_claims / max(1, n):.1f} candidate claims per post"
        + (f", not analysed: {dict(failed)}" if failed else "")
        + ")"
    )
    line("best extracted claim", ours_r, ours_f)
    line("first flagged claim", first_r, first_f)
    line("lead-25-words baseline", lead_r, lead_f)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--article", required=True, type=Path)
    ap.add_argument("--gold", type=Path)
    ap.add_argument("--ct2025", type=Path, help="the ct2025_task2_claimnorm_fr folder")
    ap.add_argument("--limit", type=int, help="only the first N ct2025 posts")
    ap.add_argument("--words", type=int, default=10_000)
    args = ap.parse_args()

    text = read_article(args.article)
    cold, art = timed(text)
    warm = min(timed(text)[0] for _ in range(3))
    print(
        f"seed article: {len(text.split())} words, {len(art.claims)} claims "
        f"({sum(c.checkworthy for c in art.claims)} flagged)"
    )
    print(f"extract cold {cold:.2f} s (pipeline load included), warm {warm:.3f} s (best of 3)")

    big = synthetic_article(args.words)
    big_t, big_art = timed(big, lang="fr")
    n_words = len(big.split())
    distinct = len({c.text for c in big_art.claims})
    print(
        f"synthetic article: {n_words} words, {len(big.splitlines())} paragraphs, "
        f"{len(big_art.claims)} claims ({distinct} distinct, "
        f"{sum(c.checkworthy for c in big_art.claims)} flagged), extract {big_t:.2f} s "
        f"({n_words / big_t:.0f} words/s)"
    )

    if args.gold:
        found, n, flagged_neg, n_neg = recall(args.gold, art.to_json()["claims"])
        print(f"seed recall {found / max(1, n):.3f} ({found}/{n}), non-claims flagged {flagged_neg}/{n_neg}")

    if args.ct2025:
        ct2025(args.ct2025, limit=args.limit)


if __name__ == "__main__":
    main()
