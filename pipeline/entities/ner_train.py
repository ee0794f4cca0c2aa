"""`bulletin train-ner`: build the NER corpus and train the char-level spaCy model.

Corpus (all rebuilt here, deterministic for a given seed and data files):
- MSRA NER train (PER/LOC/ORG), minus its last `dev_msra` sentences kept for model choice;
- CLUENER train (name/address/government/organization/company mapped, others O);
- our gold from `../shared/dev/train` (never dev/test), cut into sentences, upsampled;
- invented domain sentences from `configs/ner/domain.yaml` (pseudonyms, officers,
  officials with titles, unit chains, places, companies).
Dev (only for picking the best checkpoint): the MSRA tail plus a separately seeded
generated set. Scores on MSRA test and CLUENER dev come from `bulletin score-ner`.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from spacy.vocab import Vocab

from ..paths import project_root
from .ner_data import (
    DomainSpec,
    Example,
    LabelMaps,
    generate_domain,
    read_cluener,
    read_gold,
    read_msra,
    to_docbin,
)


@dataclass
class CorpusPlan:
    """What goes into the training corpus; every number is part of the recipe."""

    data_dir: Path
    gold_files: list[Path]
    labels_path: Path
    domain_path: Path
    divisions_path: Path
    seed: int = 0
    gold_upsample: int = 8
    domain_sentences: int = 8000
    dev_msra: int = 500
    dev_domain: int = 300
    # MSRA is general news: 16,000 of its 45,000 sentences keep a run within ~40 minutes
    # on a shared CPU and leave room for the domain data, which matters most here.
    msra_limit: int | None = 16500
    cluener_limit: int | None = None
    stats: dict[str, int] = field(default_factory=dict)

    @classmethod
    def default(cls, data_dir: Path, gold_files: list[Path], seed: int = 0) -> CorpusPlan:
        root = project_root()
        return cls(
            data_dir=data_dir,
            gold_files=gold_files,
            labels_path=root / "configs/ner/labels.yaml",
            domain_path=root / "configs/ner/domain.yaml",
            divisions_path=root / "configs/lexicons/admin_divisions.tsv",
            seed=seed,
        )


def guard_gold_files(files: list[Path]) -> None:
    """Refuse a gold file from a test set: dev/test is for measuring only."""
    for path in files:
        if "test" in path.resolve().parts[-3:-1] or path.parent.name == "test":
            raise ValueError(f"{path}: test gold must never be trained on")


def build_corpus(plan: CorpusPlan) -> tuple[list[Example], list[Example]]:
    guard_gold_files(plan.gold_files)
    maps = LabelMaps.load(plan.labels_path)
    msra = list(read_msra(plan.data_dir / "msra_ner/msra_train_bio", maps, plan.msra_limit))
    cut = max(len(msra) - plan.dev_msra, 0)
    msra_train, msra_dev = msra[:cut], msra[cut:]
    cluener = list(read_cluener(plan.data_dir / "cluener/train.json", maps))
    if plan.cluener_limit is not None:
        cluener = cluener[: plan.cluener_limit]
    gold: list[Example] = []
    for path in plan.gold_files:
        gold.extend(read_gold(path, maps))
    spec = DomainSpec.load(plan.domain_path, plan.divisions_path)
    domain = generate_domain(spec, plan.domain_sentences, plan.seed)
    domain_dev = generate_domain(spec, plan.dev_domain, plan.seed + 1000)
    train = msra_train + cluener + gold * plan.gold_upsample + domain
    random.Random(plan.seed).shuffle(train)
    plan.stats = {
        "msra_train": len(msra_train), "cluener_train": len(cluener), "gold_pieces": len(gold),
        "gold_upsample": plan.gold_upsample, "domain": len(domain), "train_total": len(train),
        "train_chars": sum(len(t) for t, _ in train), "dev_msra": len(msra_dev),
        "dev_domain": len(domain_dev),
    }
    return train, msra_dev + domain_dev


def write_corpus(plan: CorpusPlan, out_dir: Path) -> tuple[Path, Path]:
    train, dev = build_corpus(plan)
    out_dir.mkdir(parents=True, exist_ok=True)
    vocab = Vocab()
    train_path, dev_path = out_dir / "train.spacy", out_dir / "dev.spacy"
    to_docbin(vocab, train).to_disk(train_path)
    to_docbin(vocab, dev).to_disk(dev_path)
    (out_dir / "stats.json").write_text(json.dumps(plan.stats, indent=1), encoding="utf-8")
    return train_path, dev_path


def train_model(
    plan: CorpusPlan,
    out: Path,
    config_path: Path | None = None,
    overrides: dict[str, object] | None = None,
    work_dir: Path | None = None,
) -> dict[str, int]:
    """Build the corpus, train, and copy the best checkpoint to `out` (a spaCy pipeline)."""
    from spacy.cli.train import train as spacy_train

    config_path = config_path or project_root() / "configs/ner/train.cfg"
    own_tmp = work_dir is None
    work = Path(work_dir or tempfile.mkdtemp(prefix="bulletin-ner-"))
    try:
        train_path, dev_path = write_corpus(plan, work / "corpus")
        settings = {
            "paths.train": str(train_path),
            "paths.dev": str(dev_path),
            "system.seed": plan.seed,
            **(overrides or {}),
        }
        spacy_train(config_path, work / "output", overrides=settings)
        _replace_model(work / "output" / "model-best", out)
        (out / "corpus_stats.json").write_text(
            json.dumps(plan.stats, indent=1, sort_keys=True), encoding="utf-8"
        )
    finally:
        if own_tmp:
            shutil.rmtree(work, ignore_errors=True)
    return plan.stats


def _replace_model(best: Path, out: Path) -> None:
    """Put the checkpoint's files in `out`, keeping the hand-written MODEL.md there."""
    out.mkdir(parents=True, exist_ok=True)
    for item in out.iterdir():
        if item.name == "MODEL.md":
            continue
        shutil.rmtree(item) if item.is_dir() else item.unlink()
    shutil.copytree(best, out, dirs_exist_ok=True)


def default_data_dir() -> Path:
    return project_root().parent / "shared" / "data"


def default_gold() -> list[Path]:
    return [project_root().parent / "shared" / "dev" / "train" / "gold.jsonl"]


def main(out: Path, data_dir: Path | None, gold: list[Path] | None, seed: int = 0) -> None:
    plan = CorpusPlan.default(data_dir or default_data_dir(), gold or default_gold(), seed)
    stats = train_model(plan, out)
    print(json.dumps(stats, indent=1, sort_keys=True))
