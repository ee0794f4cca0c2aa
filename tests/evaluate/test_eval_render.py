"""Rendering: the plain-text tables and the headline block at the very end."""

from __future__ import annotations

import json

from eval_hand_example import gold_records, pred_records
from rich.console import Console

from pipeline.evaluate import evaluate_records, format_text, render_tables


def test_format_text_has_tables_and_headline_last() -> None:
    result = evaluate_records(gold_records(), pred_records())
    text = format_text(result)
    assert "\x1b[" not in text  # no colour codes
    for title in (
        "Entities (strict / lenient / mention-set) per label",
        "Triggers per event type",
        "Arguments per event type",
        "Core labels micro",
        "All labels micro",
    ):
        assert title in text
    tail = text.rstrip("\n").splitlines()[-7:]
    assert tail[0] == "== Summary =="
    assert "matched 2" in tail[1] and "missing (gold only) 1" in tail[1] and "extra (pred only) 1" in tail[1]
    assert "strict F1 0.3750" in tail[2] and "mention-set F1 0.5333" in tail[2]
    assert tail[3].startswith("all entities") and "strict F1 0.3333" in tail[3]
    assert "F1 0.6667" in tail[4] and tail[4].startswith("triggers")
    assert "F1 0.6400" in tail[5] and "strict-value F1 0.4800" in tail[5]
    assert tail[6].startswith("event sets")
    assert "trigger set F1 0.5455" in tail[6] and "argument set F1 0.5600" in tail[6]


def test_trigger_table_has_set_columns() -> None:
    text = format_text(evaluate_records(gold_records(), pred_records()), width=160)
    row = next(line for line in text.splitlines() if line.strip().startswith("SOLVE_CASES"))
    # offsets P R F1 tp fp fn support, then set P R F1 and gold set size
    assert row.split()[1:] == [
        "0.5000", "0.6667", "0.5714", "2", "2", "1", "3",
        "0.6667", "0.6667", "0.6667", "3",
    ]


def test_entity_rows_carry_numbers() -> None:
    text = format_text(evaluate_records(gold_records(), pred_records()))
    unit_row = next(line for line in text.splitlines() if line.strip().startswith("UNIT"))
    # strict P R F1, lenient P R F1, set P R F1, gold mentions, gold set
    assert unit_row.split()[1:] == [
        "0.5000", "0.6667", "0.5714", "0.5000", "0.6667", "0.5714",
        "0.6667", "0.6667", "0.6667", "3", "3",
    ]


def test_render_tables_prints_with_rich_console() -> None:
    console = Console(record=True, width=140, color_system=None)
    console.print(render_tables(evaluate_records(gold_records(), pred_records())))
    assert "Arguments per event type" in console.export_text()


def test_to_dict_is_json_ready_and_key_order_stable() -> None:
    d = evaluate_records(gold_records(), pred_records()).to_dict()
    assert list(d) == [
        "reports", "entities", "triggers", "arguments", "arguments_strict_value",
        "trigger_sets", "argument_sets", "warnings", "notes", "headline",
    ]
    assert list(d["entities"]) == ["strict", "lenient", "mention_set"]
    assert json.loads(json.dumps(d)) == d
