"""Synthetic libraries for the benchmark: valid, realistic, and obviously not real.

Every entry is `synthNNNNN`, its title starts with "Synthetic study NNNNN", and its only
identifier is a URL on example.org (never a DOI or arXiv id that could be mistaken for a
real one). Names and titles carry the LaTeX accents real exports carry (`M{\\"u}ller`,
`{\\'e}`, `\\c{c}`, `{\\o}`, `{\\ss}`), abstracts are about 1,200 characters, and each entry
has 2-5 taxonomy tags, claims, an evidence kind, a summary and an `added` date.
The same seed always gives the same files.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

SEED = 20261124
PER_FILE = 1000

FIRST = ["J{\\\"o}rg", "Ren{\\'e}e", "Fran{\\c{c}}ois", "S{\\o}ren", "Ana", "Zo{\\\"e}", "Bj{\\\"o}rn",
         "Jos{\\'e}", "Mar{\\'\\i}a", "Lukas", "H\\'el\\`ene", "\\AA{}sa", "Priya", "Wei", "Chidi", "Olga",
         "Andr\\'{e}", "Nu{\\~n}o", "Tom{\\'a}{\\v{s}}", "Kai", "Ingrid", "Dmitri", "Ay{\\c{s}}e", "Yuki"]
LAST = ["M{\\\"u}ller", "Garc{\\'\\i}a", "Gro{\\ss}mann", "{\\O}stergaard", "Dvo{\\v{r}}{\\'a}k",
        "Nakamura", "Smith", "Sch\\\"afer", "Lef\\`evre", "Pe{\\~n}a", "Ko{\\c{c}}", "Wang", "Okafor",
        "Ivanova", "Br{\\aa}ten", "{van der Berg}", "{de la Cruz}", "Ericsson", "Novak", "Kowalski",
        "L{\\'o}pez", "Ch{\\'a}vez", "St{\\aa}l", "Rossi"]
WORDS = ("reward model policy agent oversight training evaluation behaviour goal sandbox benchmark "
         "probe monitor gradient objective environment deception shutdown power situational "
         "awareness fine-tuning preference feedback transcript scratchpad trigger backdoor "
         "interpretability feature circuit specification proxy optimisation distribution shift "
         "generalisation honesty sycophancy capability latent planner").split()
ACCENTED = ["na{\\\"\\i}ve", "r{\\'e}gime", "caf{\\'e}", "fa{\\c{c}}ade", "{\\'e}lite", "co{\\\"o}perative",
            "d{\\'e}j{\\`a} vu", "se{\\~n}or", "\\\"uber", "{\\o}re"]
TYPES = [("article", "journal", "Synthetic Journal of Alignment Studies"),
         ("inproceedings", "booktitle", "Proceedings of the Synthetic Workshop on Misalignment"),
         ("misc", "howpublished", "Synthetic preprint server"),
         ("techreport", "institution", "Example Synthetic Institute")]


def _taxonomy(path: Path) -> tuple[list[str], list[str], list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return ([t["id"] for t in data["tags"]], [c["id"] for c in data["claims"]],
            [e["id"] for e in data["evidence"]])


def _sentence(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        out.append(rng.choice(ACCENTED) if rng.random() < 0.04 else rng.choice(WORDS))
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, chars: int) -> str:
    parts: list[str] = []
    size = 0
    while size < chars:
        s = _sentence(rng, rng.randint(8, 16))
        if rng.random() < 0.15:
            s = s[:-1] + f", improving by {rng.randint(2, 60)}\\% on pages {rng.randint(1, 9)}--{rng.randint(10, 99)}."
        parts.append(s)
        size += len(s) + 1
    text = " ".join(parts)
    if len(text) > chars:
        text = text[: text.rfind(" ", 0, chars)]
    return text.rstrip(".,") + "."


def entry(i: int, rng: random.Random, tags: list[str], claims: list[str], kinds: list[str]) -> str:
    key = f"synth{i:05d}"
    kind, venue_field, venue = rng.choice(TYPES)
    authors = " and ".join(f"{rng.choice(LAST)}, {rng.choice(FIRST)}" for _ in range(rng.randint(1, 6)))
    if rng.random() < 0.1:
        authors += " and others"
    title = (f"Synthetic study {i:05d}: {rng.choice(ACCENTED)} {rng.choice(WORDS)} "
             f"{rng.choice(WORDS)} and {{AI}} {rng.choice(WORDS)} {rng.randint(0, 10**6):06d}")
    chosen = rng.sample(tags, rng.randint(2, 5))
    picked = rng.sample(claims, rng.randint(0, 3))
    split = rng.randint(0, len(picked))
    fields = [
        ("author", authors),
        ("title", title),
        ("year", str(rng.randint(2012, 2026))),
        (venue_field, venue),
        ("url", f"https://example.org/synthetic/{key}"),
        ("keywords", ", ".join(chosen)),
    ]
    if picked[:split]:
        fields.append(("supports", ", ".join(picked[:split])))
    if picked[split:]:
        fields.append(("challenges", ", ".join(picked[split:])))
    fields += [
        ("evidence", rng.choice(kinds)),
        ("added", f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
        ("summary", _paragraph(rng, rng.randint(200, 600))),
        ("abstract", _paragraph(rng, 1200)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def write_library(n: int, references: Path, taxonomy: Path, seed: int = SEED) -> list[Path]:
    """Write N synthetic entries into references/synthetic-NN.bib (at most PER_FILE per file)."""
    rng = random.Random(seed)
    tags, claims, kinds = _taxonomy(taxonomy)
    if references.exists():
        shutil.rmtree(references)
    references.mkdir(parents=True)
    shutil.copy(taxonomy, references / "taxonomy.yml")
    paths = []
    for start in range(0, n, PER_FILE):
        path = references / f"synthetic-{start // PER_FILE:02d}.bib"
        text = "% Synthetic benchmark library: not real papers.\n\n" + "\n".join(
            entry(i + 1, rng, tags, claims, kinds) for i in range(start, min(n, start + PER_FILE)))
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
