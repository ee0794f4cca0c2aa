"""`bulletin score-ner`: strict span P/R/F1 per label of a trained NER model.

Two public yardsticks:
- MSRA test, on MSRA's own labels: the model's UNIT counts as ORG there (MSRA has one ORG
  for public bodies and companies), PERSON as PER.
- CLUENER dev, on our mapped labels (name -> PERSON, address -> LOC, government -> UNIT,
  organization/company -> ORG); types we do not map are neither gold nor scored.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..paths import project_root
from .ner import SpacyCharTagger
from .ner_data import Example, LabelMaps, read_cluener, read_msra


@dataclass(frozen=True)
class LabelScore:
    label: str
    tp: int
    fp: int
    fn: int

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


def span_scores(
    gold: Iterable[set[tuple[int, int, str]]], pred: Iterable[set[tuple[int, int, str]]]
) -> list[LabelScore]:
    """Per label and micro `ALL`, exact offsets and label."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred, strict=True):
        for span in p:
            (tp if span in g else fp)[span[2]] += 1
        for span in g - p:
            fn[span[2]] += 1
    labels = sorted(set(tp) | set(fp) | set(fn))
    rows = [LabelScore(lab, tp[lab], fp[lab], fn[lab]) for lab in labels]
    rows.append(LabelScore("ALL", sum(tp.values()), sum(fp.values()), sum(fn.values())))
    return rows


def load_backend(model_dir: Path, backend: str = "spacy"):
    """A loaded NER backend (ner.py `NerBackend`): `spacy` (models/ner) or `hanlp`."""
    if backend == "hanlp":
        from .ner_hanlp import HanlpTagger

        tagger = HanlpTagger()
    else:
        tagger = SpacyCharTagger()
    tagger.load(model_dir)
    return tagger


def predict(
    model_dir: Path, texts: list[str], backend: str = "spacy"
) -> tuple[list[set[tuple[int, int, str]]], float]:
    """Model spans per text (no threshold), and chars per CPU second of the model alone
    (CPU time, not wall time: the machine is shared)."""
    tagger = load_backend(model_dir, backend)
    started = time.process_time()
    out = []
    for i in range(0, len(texts), 8):
        out.extend({(s, e, lab) for s, e, lab, _ in spans}
                   for spans in tagger.tag_spans(texts[i : i + 8]))
    elapsed = time.process_time() - started
    return out, sum(map(len, texts)) / max(elapsed, 1e-9)


def _relabel(spans: set[tuple[int, int, str]], table: dict[str, str]) -> set[tuple[int, int, str]]:
    return {(s, e, table.get(lab, lab)) for s, e, lab in spans if table.get(lab, lab)}


def score_msra(model_dir: Path, data_dir: Path, maps: LabelMaps,
               backend: str = "spacy") -> tuple[list[LabelScore], float]:
    raw = LabelMaps(maps.model_labels, {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}, {}, {}, [])
    examples: list[Example] = list(read_msra(data_dir / "msra_ner/msra_test_bio", raw))
    pred, speed = predict(model_dir, [t for t, _ in examples], backend)
    table = {"PERSON": "PER", "UNIT": "ORG"}
    gold = [set(spans) for _, spans in examples]
    return span_scores(gold, [_relabel(p, table) for p in pred]), speed


def score_cluener(model_dir: Path, data_dir: Path, maps: LabelMaps,
                  backend: str = "spacy") -> list[LabelScore]:
    examples = list(read_cluener(data_dir / "cluener/dev.json", maps))
    pred, _ = predict(model_dir, [t for t, _ in examples], backend)
    return span_scores([set(s) for _, s in examples], pred)


def render(title: str, rows: list[LabelScore]) -> str:
    lines = [f"{title}", "| label | P | R | F1 | gold |", "|---|---:|---:|---:|---:|"]
    for row in rows:
        lines.append(
            f"| {row.label} | {row.p * 100:.2f} | {row.r * 100:.2f} | {row.f1 * 100:.2f} "
            f"| {row.tp + row.fn} |"
        )
    return "\n".join(lines)


def score_model(model_dir: Path, data_dir: Path, labels_path: Path | None = None,
                backend: str = "spacy") -> str:
    maps = LabelMaps.load(labels_path or project_root() / "configs/ner/labels.yaml")
    msra, speed = score_msra(model_dir, data_dir, maps, backend)
    cluener = score_cluener(model_dir, data_dir, maps, backend)
    size = sum(f.stat().st_size for f in model_dir.rglob("*") if f.is_file())
    return "\n\n".join([
        render("MSRA test (MSRA labels; model UNIT counted as ORG)", msra),
        render("CLUENER dev (mapped to our labels)", cluener),
        f"model: {model_dir}, {size / 1e6:.1f} MB on disk; {speed:,.0f} chars per CPU second "
        "(MSRA test, batches of 8 sentences, decoding included)",
    ])
