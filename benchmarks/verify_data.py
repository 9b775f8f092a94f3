"""Labelled (claim, passage) pairs for the verifier, made the same way every run.

- DACCORD dev pairs, split by a hash of their source article (`gold_url`) into half A
  (training) and half B (held out): neighbouring premises of one article are near
  duplicates, so a pair-level split would leak.
- Pairs generated from passages (DACCORD premises of one half, and the small bilingual
  fixture passages): the passage with one slot changed — a figure, a date, a place or
  organisation, a currency, a rank, a negation added or removed — is a contradiction;
  a clause of it, or its translation, is support; a passage of another article is
  unrelated.
- Hand-labelled pairs (tests/fixtures/verify/pairs.jsonl).
Every random choice comes from a seeded generator, so the pairs are the same each run.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path

from checker.verify.facts import _french_entities, language
from claims.amounts import find_amounts
from claims.dates import MONTHS, find_dates


def _month_names(lang: str) -> list[str]:
    """Month names in calendar order, from the desk's one month lexicon."""
    first: dict[int, str] = {}
    for name, number in MONTHS[lang].items():
        first.setdefault(number, name)
    return [first[i] for i in range(1, 13)]


_OTHER_MONTH = {"fr": _month_names("fr"), "en": _month_names("en")}


def half(key: str) -> str:
    """'A' or 'B' by a hash of the key (an article's url)."""
    return "A" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 0 else "B"


def read_jsonl(path: str | Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def daccord(pairs_path: str | Path, corpus_path: str | Path) -> tuple[list[dict], dict[str, str], dict[str, str]]:
    """Labelled DACCORD pairs {claim, passage, label, half, article}, premise texts by id,
    and each premise's article."""
    corpus = {d["id"]: d for d in read_jsonl(corpus_path)}
    out = []
    for p in read_jsonl(pairs_path):
        premise = corpus[p["gold_ids"][0]]
        out.append(
            {
                "claim": p["query"],
                "passage": premise["text"],
                "passage_id": premise["id"],
                "label": "contradicted" if p["nli_label"] == "contradiction" else "supported",
                "half": half(p["gold_url"]),
                "article": p["gold_url"],
                "source": "daccord",
                "qid": p["qid"],
            }
        )
    texts = {k: v["text"] for k, v in corpus.items()}
    articles = {k: v.get("source", k) for k, v in corpus.items()}
    return out, texts, articles


def _change_number(num: str, rng: random.Random) -> str | None:
    digits = re.search(r"\d+(?:[.,]\d+)?", num)
    if not digits:
        return None
    d = digits.group(0)
    sep = "," if "," in d else "."
    value = float(d.replace(",", "."))
    new = value + rng.choice([1, 2, 3]) if value < 10 else value * rng.choice([0.5, 1.5, 2, 3])
    if "." in d or "," in d:
        text = f"{new:.1f}".replace(".", sep)
    else:
        text = str(round(new))
    if text == d:
        return None
    return num[: digits.start()] + text + num[digits.end() :]


def mutations(text: str, pool: dict[str, list[str]], rng: random.Random) -> list[tuple[str, str]]:
    """(kind, changed text) for each slot of the passage that can be changed; each is a
    contradiction of the passage."""
    lang = language(text)
    out: list[tuple[str, str]] = []
    dates = find_dates(text, lang)
    spans = [(d.start, d.end) for d in dates]
    amounts = [a for a in find_amounts(text, lang, skip=spans) if re.match(r"[\d$€£]", a.text)]
    if amounts:
        a = rng.choice(amounts)
        changed = _change_number(a.text, rng)
        if changed:
            out.append(("figure", text[: a.start] + changed + text[a.end :]))
        money = [a for a in amounts if a.currency in ("USD", "EUR")]
        if money:
            a = money[0]
            swap = {"dollars": "euros", "dollar": "euro", "euros": "dollars", "euro": "dollar", "$": "€", "€": "$"}
            piece = re.sub(r"dollars?|euros?|\$|€", lambda m: swap[m.group(0)], a.text, count=1)
            if piece != a.text:
                out.append(("currency", text[: a.start] + piece + text[a.end :]))
    real = [d for d in dates if d.kind in ("day", "month", "year")]
    if real:
        d = rng.choice(real)
        if d.kind == "day" and d.day:
            new_day = d.day + 2 if d.day < 27 else d.day - 2
            piece = re.sub(r"\b(1er|premier|\d{1,2})\b", str(new_day), d.text, count=1)
            out.append(("date", text[: d.start] + piece + text[d.end :]))
        elif d.kind == "month" and d.month:
            names = _OTHER_MONTH[lang]
            other = names[(d.month - 1 + rng.choice([1, 2, 4, 6])) % 12]
            piece = re.sub(r"[^\W\d_]+", other, d.text, count=1) if not d.text[:1].isdigit() else d.text
            out.append(("date", text[: d.start] + piece + text[d.end :]))
        elif d.year:
            piece = d.text.replace(str(d.year), str(d.year + rng.choice([-2, -1, 1, 3])))
            out.append(("date", text[: d.start] + piece + text[d.end :]))
    if lang == "fr":
        ents = [(t, label, s) for t, label, s in _french_entities(text) if label in ("LOC", "ORG", "PER")]
        if ents:
            t, label, s = rng.choice(ents)
            others = [o for o in pool.get(label, []) if o.lower() != t.lower() and o.lower() not in text.lower()]
            if others:
                kind = "place" if label == "LOC" else "organisation"
                out.append((kind, text[:s] + rng.choice(others) + text[s + len(t) :]))
    neg = _negate(text, lang)
    if neg:
        out.append(("negation", neg))
    m = re.search(r"\b(premier|première|first)\b", text)
    if m:
        other = {"premier": "deuxième", "première": "deuxième", "first": "second"}[m.group(1)]
        out.append(("rank", text[: m.start()] + other + text[m.end() :]))
    return out


_FR_AUX = re.compile(r"\b(est|sont|a|ont|était|étaient|avait|avaient|peut|peuvent|doit|doivent)\s+(?!pas\b)")
_FR_NEG = re.compile(r"\b(?:ne|n['’])\s*(\w+)\s+(?:pas|jamais|plus)\s+")
_EN_AUX = re.compile(r"\b(is|are|was|were|has|have|had|can|will|does|did)\s+(?!not\b)")


def _negate(text: str, lang: str) -> str | None:
    """The text with its first verb negated, or its negation removed."""
    if lang == "fr":
        m = _FR_NEG.search(text)
        if m:
            return text[: m.start()] + m.group(1) + " " + text[m.end() :]
        m = _FR_AUX.search(text)
        if not m:
            return None
        aux = m.group(1)
        neg = ("n'" if aux[0] in "aeéiou" else "ne ") + aux + " pas "
        return text[: m.start()] + neg + text[m.end() :]
    m = re.search(r"\b(does|do|is|are|was|were|has|have)\s+not\s+", text)
    if m:
        return text[: m.start()] + m.group(1) + " " + text[m.end() :]
    m = _EN_AUX.search(text)
    if not m:
        return None
    return text[: m.start()] + m.group(1) + " not " + text[m.end() :]


def clauses(text: str) -> list[str]:
    """Pieces of a passage that say part of what it says (support of the passage)."""
    parts = [p.strip(" ;.") for p in re.split(r"(?<=[.;])\s+|\s;\s", text)]
    return [p + "." for p in parts if len(p.split()) >= 6]


def entity_pool(texts: list[str]) -> dict[str, list[str]]:
    """Names by NER label, to put another place or organisation in a passage."""
    pool: dict[str, list[str]] = {}
    for t in texts:
        if language(t) != "fr":
            continue
        for e, label, _ in _french_entities(t):
            if label in ("LOC", "ORG", "PER") and len(e) > 2:
                pool.setdefault(label, [])
                if e not in pool[label]:
                    pool[label].append(e)
    return pool


def generated(passages: list[dict], *, seed: int, per_passage: int = 2) -> list[dict]:
    """Contradictions, supports and unrelated pairs made from `passages` (dicts with
    'id', 'text', 'article' and optionally 'translation')."""
    rng = random.Random(seed)
    pool = entity_pool([p["text"] for p in passages])
    out = []
    for p in passages:
        muts = mutations(p["text"], pool, rng)
        rng.shuffle(muts)
        for kind, changed in muts[:per_passage]:
            out.append({"claim": changed, "passage": p["text"], "label": "contradicted", "source": f"gen-{kind}"})
            if p.get("translation"):
                out.append(
                    {
                        "claim": changed,
                        "passage": p["translation"],
                        "label": "contradicted",
                        "source": f"gen-{kind}-translation",
                    }
                )
        for piece in clauses(p["text"])[:1]:
            out.append({"claim": piece, "passage": p["text"], "label": "supported", "source": "gen-clause"})
        if p.get("translation"):
            out.append(
                {"claim": p["text"], "passage": p["translation"], "label": "supported", "source": "gen-translation"}
            )
        others = [q for q in passages if q["article"] != p["article"]]
        if others:
            q = rng.choice(others)
            out.append(
                {
                    "claim": (clauses(p["text"]) or [p["text"]])[0],
                    "passage": q["text"],
                    "label": "unrelated",
                    "source": "gen-unrelated",
                }
            )
    return out


def fixture_passages(path: str | Path) -> list[dict]:
    """The bilingual fixture passages, each French one with its English translation."""
    rows = read_jsonl(path)
    by_id = {r["id"]: r for r in rows}
    out = []
    for r in rows:
        base, lang = r["id"].rsplit("-", 1)
        other = by_id.get(f"{base}-{'en' if lang == 'fr' else 'fr'}")
        out.append(
            {
                "id": r["id"],
                "text": r["text"],
                "article": base,
                "translation": other["text"] if other and lang == "fr" else None,
            }
        )
    return out
