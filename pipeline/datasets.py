"""Records and gold files as Hugging Face `datasets.Dataset`s, and character BIO for training.

`load_records(path)` / `load_gold(path)` read our JSONL into a Dataset with declared
features (so an empty file, or a column that is null everywhere, still has its types).
An argument's `value` has mixed types, which Arrow cannot hold in one column: it is kept
as JSON text in `value_json`; entity `attrs` likewise in `attrs_json`. `to_bio` turns one
report into character-level BIO tags (one tag per code point, the unit our offsets count).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import datasets
from datasets import ClassLabel, Features, List, Value

from .events.spec import EVENT_ROLES
from .records.model import Entity

ENTITY_LABELS: tuple[str, ...] = get_args(Entity.model_fields["label"].annotation)
EVENT_TYPES: tuple[str, ...] = tuple(EVENT_ROLES)

_STR, _INT = Value("string"), Value("int32")

FEATURES = Features({
    "id": _STR,
    "file": _STR,
    "title": _STR,
    "text": _STR,
    "date": _STR,  # a report date when the pipeline writes one, else null
    "published": _STR,  # the sidecar's publication date when known
    "entities": List({
        "label": _STR, "start": _INT, "end": _INT, "text": _STR, "norm": _STR,
        "attrs_json": _STR, "rule": _STR, "score": Value("float32"),
    }),
    "events": List({
        "type": _STR, "trigger_start": _INT, "trigger_end": _INT, "trigger_text": _STR,
        "arguments": List({
            "role": _STR, "start": _INT, "end": _INT, "text": _STR, "value_json": _STR,
        }),
    }),
})


def bio_tag_names(labels: tuple[str, ...] = ENTITY_LABELS) -> list[str]:
    return ["O"] + [f"{p}-{label}" for label in labels for p in ("B", "I")]


def load_records(path: str | Path) -> datasets.Dataset:
    """Pipeline output (`bulletin extract`) as a Dataset with `FEATURES`."""
    examples = [to_example(r) for r in _read_jsonl(Path(path))]
    if not examples:  # from_list cannot see columns in an empty list
        return datasets.Dataset.from_dict({name: [] for name in FEATURES}, features=FEATURES)
    return datasets.Dataset.from_list(examples, features=FEATURES)


def load_gold(path: str | Path) -> datasets.Dataset:
    """A gold file (SCHEMA §5; no rule/score/source) as a Dataset with the same features."""
    return load_records(path)


def to_example(record: dict[str, Any]) -> dict[str, Any]:
    source = record.get("source") or {}
    return {
        "id": record["id"],
        "file": record.get("file"),
        "title": record.get("title", ""),
        "text": record["text"],
        "date": _text_or_none(record.get("date")),
        "published": _text_or_none(source.get("published")),
        "entities": [
            {"label": e["label"], "start": e["start"], "end": e["end"], "text": e["text"],
             "norm": e.get("norm", e["text"]),
             "attrs_json": json.dumps(e.get("attrs") or {}, ensure_ascii=False, sort_keys=True),
             "rule": e.get("rule"), "score": e.get("score")}
            for e in record.get("entities") or []
        ],
        "events": [
            {"type": ev["type"], "trigger_start": ev["trigger"]["start"],
             "trigger_end": ev["trigger"]["end"], "trigger_text": ev["trigger"]["text"],
             "arguments": [
                 {"role": a["role"], "start": a["start"], "end": a["end"], "text": a["text"],
                  "value_json": json.dumps(a.get("value"), ensure_ascii=False)}
                 for a in ev.get("arguments") or []
             ]}
            for ev in record.get("events") or []
        ],
    }


def to_bio(example: dict[str, Any], labels: tuple[str, ...] | None = None) -> list[str]:
    """One BIO tag per character of `text` (a Dataset row or a record).

    Entities are placed longest first (then leftmost); one that overlaps an entity already
    placed is left out, since BIO cannot nest. `labels` keeps only those labels.
    """
    text = example["text"]
    tags = ["O"] * len(text)
    spans = [(e["start"], e["end"], e["label"]) for e in example.get("entities") or []
             if labels is None or e["label"] in labels]
    for start, end, label in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if start >= end or end > len(text) or any(t != "O" for t in tags[start:end]):
            continue
        tags[start:end] = [f"B-{label}"] + [f"I-{label}"] * (end - start - 1)
    return tags


def with_bio(
    dataset: datasets.Dataset, labels: tuple[str, ...] = ENTITY_LABELS
) -> datasets.Dataset:
    """Adds `chars` and `ner_tags` (a ClassLabel sequence over `bio_tag_names(labels)`)."""
    names = bio_tag_names(labels)
    features = dataset.features.copy()
    features["chars"] = List(_STR)
    features["ner_tags"] = List(ClassLabel(names=names))
    index = {name: i for i, name in enumerate(names)}
    return dataset.map(
        lambda ex: {"chars": list(ex["text"]),
                    "ner_tags": [index[t] for t in to_bio(ex, labels)]},
        features=features,
    )


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
