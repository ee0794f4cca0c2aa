"""`bulletin train-ner --backend hanlp`: HanLP's char BiLSTM-CRF trained on the NER corpus.

The corpus is exactly the one of the spaCy tagger (`ner_train.build_corpus`: MSRA, CLUENER,
`../shared/dev/train` gold, invented domain sentences; never dev/test), handed to HanLP as
samples of one token per character with BIO tags, characters width-folded and whitespace
mapped to one placeholder as at run time (ner_hanlp.model_chars). HanLP's
`RNNNamedEntityRecognizer` is subclassed only to fix its CRF axis (PITFALLS §7) and to skip
decoding every training batch (a metric nobody reads, half the cost of a step on CPU).
Embeddings are random-init (`embed=INT`): nothing is downloaded.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .ner_data import Example, bio_tags
from .ner_hanlp import load_recognizer_class, model_chars, require_hanlp
from .ner_train import CorpusPlan, build_corpus, default_data_dir, default_gold


@dataclass
class HanlpRecipe:
    """Sizes of the network and the run; every number is part of the recipe."""

    embed: int = 100
    rnn_hidden: int = 200
    drop: float = 0.5
    lr: float = 0.001
    batch_size: int = 32
    epochs: int = 3
    # a random subsample of the corpus (None: all of it), to fit a time budget
    train_limit: int | None = None
    threads: int = 1

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def to_samples(examples: list[Example]) -> list[dict[str, list[str]]]:
    """HanLP tagging samples: one token per character, BIO tags of the spans."""
    out = []
    for text, spans in examples:
        if not text:
            continue
        kept = [(s, e, lab) for s, e, lab in spans
                if 0 <= s < e <= len(text) and text[s:e].strip() == text[s:e]]
        out.append({"token": model_chars(text), "tag": bio_tags(len(text), _first_fit(kept))})
    return out


def _first_fit(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)


def train_hanlp(plan: CorpusPlan, out: Path, recipe: HanlpRecipe | None = None,
                work_dir: Path | None = None) -> dict[str, object]:
    """Build the corpus, train HanLP's BiLSTM-CRF, and put the best epoch's files in `out`."""
    require_hanlp()
    import torch

    recipe = recipe or HanlpRecipe()
    torch.set_num_threads(recipe.threads)
    train, dev = build_corpus(plan)
    if recipe.train_limit is not None and recipe.train_limit < len(train):
        train = random.Random(plan.seed).sample(train, recipe.train_limit)
    own_tmp = work_dir is None
    work = Path(work_dir or tempfile.mkdtemp(prefix="bulletin-hanlp-"))
    started = time.time()
    try:
        recognizer = load_recognizer_class()()
        recognizer.fit(
            to_samples(train), to_samples(dev), str(work / "model"),
            batch_size=recipe.batch_size, epochs=recipe.epochs, embed=recipe.embed,
            rnn_hidden=recipe.rnn_hidden, drop=recipe.drop, lr=recipe.lr,
            tagging_scheme="BIO", devices=-1, seed=plan.seed, patience=recipe.epochs,
        )
        stats: dict[str, object] = {
            **plan.stats, "train_used": len(train), "recipe": recipe.as_dict(),
            "minutes": round((time.time() - started) / 60, 1),
        }
        _replace_model(work / "model", out)
        (out / "corpus_stats.json").write_text(
            json.dumps(stats, indent=1, sort_keys=True), encoding="utf-8")
    finally:
        if own_tmp:
            shutil.rmtree(work, ignore_errors=True)
    return stats


def _replace_model(saved: Path, out: Path) -> None:
    """HanLP's files (config, vocabs, weights) into `out`; MODEL.md there is kept."""
    out.mkdir(parents=True, exist_ok=True)
    for item in out.iterdir():
        if item.name != "MODEL.md":
            shutil.rmtree(item) if item.is_dir() else item.unlink()
    for name in ("config.json", "vocabs.json", "model.pt"):
        shutil.copy2(saved / name, out / name)
    sort_vocabulary(out)


def sort_vocabulary(folder: Path) -> None:
    """Character vocabulary in code-point order, embedding rows permuted to match.

    HanLP numbers characters in the order it first meets them, so the saved vocabulary
    would spell out the beginnings of training sentences (real texts are not ours to ship).
    Same model, same outputs; only the numbering changes. (HanLP's train.log, which
    prints that vocabulary, is not copied for the same reason.)
    """
    import torch

    path = folder / "vocabs.json"
    vocabs = json.loads(path.read_text(encoding="utf-8"))
    tokens: list[str] = vocabs["token"]["idx_to_token"]
    reserved = [i for i, t in enumerate(tokens) if t in ("<pad>", "<unk>")]
    order = reserved + sorted((i for i in range(len(tokens)) if i not in reserved),
                              key=lambda i: tokens[i])
    vocabs["token"]["idx_to_token"] = [tokens[i] for i in order]
    state = torch.load(folder / "model.pt", map_location="cpu")
    state["embed.weight"] = state["embed.weight"][torch.tensor(order)]
    torch.save(state, folder / "model.pt")
    path.write_text(json.dumps(vocabs, ensure_ascii=False, indent=2), encoding="utf-8")


def main(out: Path, data_dir: Path | None, gold: list[Path] | None, seed: int = 0) -> None:
    plan = CorpusPlan.default(data_dir or default_data_dir(), gold or default_gold(), seed)
    stats = train_hanlp(plan, out)
    print(json.dumps(stats, indent=1, sort_keys=True))
