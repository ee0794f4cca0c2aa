"""Predicted records against gold, for the review page (`bulletin review --gold`).

A reviewer sees at once which marks the gold lacks (false alarms) and which gold items the
pipeline missed. Items match on label and offsets when the two texts are equal, else on
label and norm (the evaluator's mention-set reading, SCHEMA §6); events on type and trigger
offsets, else type and trigger text. `bulletin evaluate` gives the scores; this only shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Comparison:
    by_offsets: bool
    entity_ok: tuple[bool, ...]  # per predicted entity: also in gold
    event_ok: tuple[bool, ...]  # per predicted event
    missed_entities: tuple[dict[str, Any], ...]  # gold entities not predicted
    missed_events: tuple[dict[str, Any], ...]


def compare(pred: dict[str, Any], gold: dict[str, Any]) -> Comparison:
    by_offsets = pred.get("text") == gold.get("text")
    entity_key: Callable[[dict[str, Any]], tuple] = (
        (lambda e: (e["label"], e["start"], e["end"])) if by_offsets
        else (lambda e: (e["label"], e.get("norm") or e["text"]))
    )
    event_key: Callable[[dict[str, Any]], tuple] = (
        (lambda e: (e["type"], e["trigger"]["start"], e["trigger"]["end"])) if by_offsets
        else (lambda e: (e["type"], e["trigger"]["text"]))
    )
    pred_entities, gold_entities = pred.get("entities") or [], gold.get("entities") or []
    pred_events, gold_events = pred.get("events") or [], gold.get("events") or []
    gold_e = {entity_key(e) for e in gold_entities}
    pred_e = {entity_key(e) for e in pred_entities}
    gold_v = {event_key(e) for e in gold_events}
    pred_v = {event_key(e) for e in pred_events}
    return Comparison(
        by_offsets=by_offsets,
        entity_ok=tuple(entity_key(e) in gold_e for e in pred_entities),
        event_ok=tuple(event_key(e) in gold_v for e in pred_events),
        missed_entities=tuple(e for e in gold_entities if entity_key(e) not in pred_e),
        missed_events=tuple(e for e in gold_events if event_key(e) not in pred_v),
    )
