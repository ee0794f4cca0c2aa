"""`pipeline/schema.py` is the one list of labels, event types and roles: every stage imports
it instead of keeping a copy (this test names each user)."""

from __future__ import annotations

import json
from typing import get_args

from pipeline import schema
from pipeline.records.model import SCHEMA_PATH, Entity, Event


def test_schema_is_consistent() -> None:
    assert schema.LABELS[:4] == schema.CORE_LABELS == ("UNIT", "OFFICIAL", "OPERATION", "CASE")
    assert set(schema.EVENT_ROLES) == set(schema.EVENT_TYPES)
    assert "detention_days" in schema.roles_of("PENALTY")
    assert len(schema.ROLES) == len(set(schema.ROLES))


def test_record_models_use_the_schema_vocabulary() -> None:
    assert get_args(Entity.model_fields["label"].annotation) == schema.LABELS
    assert get_args(Event.model_fields["type"].annotation) == schema.EVENT_TYPES
    shipped = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    text = json.dumps(shipped)
    assert all(f'"{label}"' in text for label in schema.LABELS)
    assert all(f'"{etype}"' in text for etype in schema.EVENT_TYPES)


def test_rule_and_event_validation_use_the_schema_vocabulary() -> None:
    from pipeline.entities import rules
    from pipeline.events import spec

    assert rules.LABELS is schema.LABELS
    assert spec.EVENT_ROLES is schema.EVENT_ROLES
    assert spec.Label is schema.Label


def test_evaluator_uses_the_schema_vocabulary() -> None:
    from pipeline.evaluate import metrics

    assert metrics.CORE_LABELS is schema.CORE_LABELS
    assert metrics.SUPPORT_LABELS is schema.SUPPORT_LABELS
    assert metrics.EVENT_TYPES is schema.EVENT_TYPES
