"""Generate a large markdown notes file in the style of notes/iccv2019.md, for benchmarks.

Papers sit under ``##``/``###`` headings and read like the real notes: a rating, for some a bracketed
tl;dr naming techniques from the lexicon (so relations are extracted: "drop-in replacement for
vanilla conv", "better than X", "based on X"), a linked title (an arXiv id for most) and a comment.
Some papers are unrated, struck out or awarded. The output is deterministic for a given seed.

Usage::

    .venv/bin/python bench/gen_notes.py 100000 -o bench/out/notes-100k.md

or from Python: ``write_notes(path, 100_000, seed=0)``.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Iterator

__all__ = ["generate_notes", "write_notes"]

AREAS = (
    "Semantic segmentation", "Object detection", "Instance segmentation", "Text recognition",
    "Generative models", "Style transfer", "Network compression", "Neural architecture search",
    "Self-supervised learning", "Knowledge distillation", "Losses", "Augmentation", "Modules",
    "Video analysis", "Anomaly detection", "Interpretability", "Metric learning", "Clustering",
    "Domain adaptation", "Few-shot learning",
)
SUBTOPICS = (
    "Attention variations", "Conv-replacements", "Make use of boundaries", "GAN Training Stability improvements",
    "Other", "Misc", "Orals", "Posters", "Day 1", "Day 2", "Day 3", "Short notes", "To read", "Honourable mentions",
)
TECHNIQUES = (
    "attention", "self-attention", "dilated convolution", "depthwise convolution", "octave convolution",
    "batch normalization", "spectral normalization", "knowledge distillation", "feature pyramid network",
    "non-local block", "global pooling", "residual connections", "label smoothing", "GAN", "dropout",
    "deformable convolution", "transformer", "U-Net", "triplet loss", "contrastive learning",
)
BASELINES = ("vanilla conv", "MaskRCNN", "uniform downsampling", "spec-norm", "OHEM", "TripletLoss", "Imagenet pretraining")
TEMPLATES = (
    "{a} is a drop-in replacement for {b}",
    "uses {a} and {b}",
    "{a} works better than {base}",
    "faster than {base}, based on {a}",
    "{a} >> {base} (in terms of both stability and final results)",
    "improves {a} with {b}",
    "combines {a} with {b}; SOTA on cityscapes-val",
    "simple {a} trick",
)
SYLLABLES = "ka lo mi nu re sa ti vo ze bra cle dri fro glu pla qui sto tra".split()


def _word(rng: random.Random) -> str:
    # Made-up words: titles name no lexicon concept, so relations come from the tl;dr cues only.
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _title(rng: random.Random, i: int) -> str:
    name = _word(rng).capitalize() + str(i)
    rest = " ".join(_word(rng) for _ in range(rng.randint(4, 9)))
    return f"{name}: {rest.capitalize()}"


def _paper(rng: random.Random, i: int) -> str:
    tldr = rng.choice(TEMPLATES).format(
        a=rng.choice(TECHNIQUES), b=rng.choice(TECHNIQUES), base=rng.choice(BASELINES)
    )
    title = _title(rng, i)
    roll = rng.random()
    if roll < 0.7:
        link = f"https://arxiv.org/abs/{19 + i // 90000:02d}{1 + i % 12:02d}.{i % 90000 + 10000:05d}"
    elif roll < 0.9:
        link = f"http://openaccess.thecvf.com/content_ICCV_2019/papers/{title.split(':')[0]}_paper.pdf"
    else:
        link = None
    rated = rng.random()
    rating = f"[{rng.randint(3, 10)}/10]" if rated < 0.8 else ("[???]" if rated < 0.82 else "")
    if rating and rng.random() < 0.001:
        rating = "[10/10 BEST PAPER ICCV2019]"
    if rating and rng.random() < 0.3:
        head = f"{rating}[{tldr}] "
    else:
        head = f"{rating} " if rating else ""
    text = f"[{title}]({link})" if link else title
    if rng.random() < 0.005:
        return f"- ~~{title}~~"
    comment = ""
    if rng.random() < 0.05:
        comment = " " + rng.choice(TEMPLATES).format(
            a=rng.choice(TECHNIQUES), b=rng.choice(TECHNIQUES), base=rng.choice(BASELINES)
        ).capitalize() + "."
    return f"- {head}{text}{comment}"


def generate_notes(papers: int, seed: int = 0) -> Iterator[str]:
    """Yield the lines of a notes file with ``papers`` paper items (deterministic for ``seed``)."""
    rng = random.Random(seed)
    yield "# generated-notes"
    yield "personal notes, generated for benchmarks"
    yield ""
    per_topic = 40
    written = 0
    section = 0
    while written < papers:
        area = AREAS[section % len(AREAS)] if section % 4 == 0 else f"Session {section}"
        yield f"## {area}"
        yield ""
        for sub in rng.sample(SUBTOPICS, 3):
            yield f"### {sub}"
            yield ""
            for _ in range(min(per_topic, papers - written)):
                yield _paper(rng, written)
                yield ""
                written += 1
            if written >= papers:
                break
        section += 1


def write_notes(path: str | Path, papers: int, seed: int = 0) -> Path:
    """Write a generated notes file of ``papers`` papers to ``path``; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for line in generate_notes(papers, seed):
            f.write(line + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("papers", type=int, help="number of papers to write")
    parser.add_argument("-o", "--output", type=Path, required=True, help="markdown file to write")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_notes(args.output, args.papers, args.seed)


if __name__ == "__main__":
    main()
