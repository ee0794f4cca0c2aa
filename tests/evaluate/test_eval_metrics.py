"""Identity, empty predictions, zero division, matching order and value comparison."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval_hand_example import gold_records

from pipeline.evaluate import Counts, evaluate_records
from pipeline.evaluate.matching import (
    greedy_match,
    overlap_key,
    strip_text,
    values_equal_lenient,
    values_equal_strict,
)

SEEDS_GOLD = Path("/work/shared/gold/seeds.jsonl")


def _all_f1(d: dict) -> list[float]:
    """Every P/R/F1 number in a to_dict() result."""
    found: list[float] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("precision", "recall", "f1") or k.endswith("_f1"):
                    found.append(v)
                else:
                    walk(v)

    walk(d)
    return found


def test_identical_records_score_one_everywhere() -> None:
    d = evaluate_records(gold_records(), gold_records()).to_dict()
    values = _all_f1(d)
    assert len(values) > 50
    assert set(values) == {1.0}
    assert d["reports"] == {"matched": 3, "missing": 0, "extra": 0, "missing_ids": [], "extra_ids": []}


def test_seed_gold_against_itself_if_present() -> None:
    # Not copied into the repo; skipped where the shared gold is absent.
    if not SEEDS_GOLD.exists():
        pytest.skip(f"{SEEDS_GOLD} not present")
    records = [json.loads(line) for line in SEEDS_GOLD.read_text(encoding="utf-8").splitlines() if line]
    d = evaluate_records(records, records).to_dict()
    assert set(_all_f1(d)) == {1.0}
    assert d["warnings"]["count"] == 0


def test_empty_predictions_give_zero_recall() -> None:
    # gold has 4 + 2 + 2 = 8 entities, 3 + 2 + 1 = 6 events, 7 + 4 + 3 = 14 arguments
    d = evaluate_records(gold_records(), []).to_dict()
    assert d["reports"]["missing"] == 3 and d["reports"]["matched"] == 0
    assert d["entities"]["strict"]["micro_all"] == {
        "precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 8, "support": 8,
    }
    assert d["triggers"]["micro"]["fn"] == 6 and d["triggers"]["micro"]["recall"] == 0.0
    assert d["arguments"]["micro"]["fn"] == 14 and d["arguments"]["micro"]["recall"] == 0.0
    assert set(d["headline"].values()) == {0.0}


def test_empty_gold_counts_false_alarms() -> None:
    d = evaluate_records([], gold_records()).to_dict()
    assert d["reports"]["extra"] == 3
    assert d["entities"]["lenient"]["micro_all"]["fp"] == 8
    assert d["entities"]["lenient"]["micro_all"]["precision"] == 0.0


def test_zero_division() -> None:
    c = Counts()
    assert (c.precision, c.recall, c.f1) == (0.0, 0.0, 0.0)
    c = Counts(tp=0, fp=3, fn=0)
    assert c.to_dict() == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 3, "fn": 0, "support": 0}


def test_greedy_prefers_bigger_overlap_then_earlier_position() -> None:
    gold = [(0, 4), (3, 8)]
    pred = [(2, 6), (0, 3)]
    # pairs: g0-p0 overlap 2, g0-p1 overlap 3, g1-p0 overlap 3. Ties at 3 go to the earlier gold
    # start: g0-p1 first, then g1-p0; g0-p0 is then blocked.
    assert greedy_match(gold, pred, overlap_key) == [(0, 1), (1, 0)]
    # one pred overlapping two golds matches only one of them
    assert greedy_match([(0, 2), (2, 4)], [(1, 3)], overlap_key) == [(0, 0)]


def test_lenient_is_one_to_one() -> None:
    text = "甲乙丙丁戊己"
    gold = [{"id": "x", "text": text, "entities": [
        {"label": "LOC", "start": 0, "end": 2}, {"label": "LOC", "start": 2, "end": 4},
    ]}]
    pred = [{"id": "x", "text": text, "entities": [{"label": "LOC", "start": 1, "end": 3}]}]
    cell = evaluate_records(gold, pred).to_dict()["entities"]["lenient"]["per_label"]["LOC"]
    assert (cell["tp"], cell["fp"], cell["fn"]) == (1, 0, 1)


def test_strip_text_removes_spaces_and_quotes() -> None:
    assert strip_text(" “净 网”「行动」『x』'y'\"z\" ") == "净网行动xyz"


def test_value_readings() -> None:
    assert values_equal_lenient(12, 12.0)
    assert values_equal_lenient(320000000, 3.2 * 1e8)  # float arithmetic on money
    assert values_equal_lenient(7990000, 7.99 * 1e6)
    assert not values_equal_lenient(2000, 200)
    assert values_equal_lenient({"n": 60, "approx": "over"}, {"n": 60})
    assert values_equal_lenient({"n": 24000, "unit": "套"}, 24000)
    assert not values_equal_lenient({"n": 60}, {"n": 61})
    assert not values_equal_lenient(True, 1)
    assert values_equal_strict({"n": 60, "approx": "over"}, {"approx": "over", "n": 60.0})
    assert not values_equal_strict({"n": 60, "approx": "over"}, {"n": 60, "approx": "about"})
    assert not values_equal_strict({"n": 5}, 5)


def test_number_versus_string_value_falls_back_to_span() -> None:
    text = "罚款2000元"
    gold = [{"id": "x", "text": text, "events": [{"type": "PENALTY", "trigger": {"start": 0, "end": 2},
             "arguments": [{"role": "fine", "start": 2, "end": 7, "text": "2000元", "value": 2000}]}]}]
    pred = [{"id": "x", "text": text, "events": [{"type": "PENALTY", "trigger": {"start": 0, "end": 2},
             "arguments": [{"role": "fine", "start": 2, "end": 6, "text": "2000", "value": "2000"}]}]}]
    d = evaluate_records(gold, pred).to_dict()
    assert d["arguments"]["micro"]["tp"] == 1
    # a different role never matches
    pred[0]["events"][0]["arguments"][0]["role"] = "offense"
    d = evaluate_records(gold, pred).to_dict()
    assert (d["arguments"]["micro"]["tp"], d["arguments"]["micro"]["fp"]) == (0, 1)
