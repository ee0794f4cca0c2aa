"""Scores of the hand-made example in eval_hand_example.py, derived by hand.

Reports: r1, r2 matched; r3 only in gold (all its items are misses); r4 only in pred (all its
items are false alarms).

ENTITIES (per label: tp/fp/fn)
  UNIT   gold: r1 河东区公安分局, r2 城南派出所, r3 市公安局                  = 3
         pred: r1 河东区公安分局 x2 (duplicate), r2 城南派出所, r4 某某局     = 4
    strict : r1 tp1 fp1 (dup) | r2 tp1 | r3 fn1 | r4 fp1        -> 2/2/1  P .5   R .6667 F1 4/7
    lenient: same pairs                                          -> 2/2/1
    set    : r1 {河东区公安分局} both -> tp1 (dup collapses) | r2 tp1 | r3 fn1 | r4 fp1
                                                                 -> 2/1/1  P=R=F1 2/3
  OPERATION gold r1 清源行动, r2 净网; pred r1 清源, r2 “净网” (quotes in span, no norm)
    strict : no equal offsets                                    -> 0/2/2  all 0
    lenient: both overlap                                        -> 2/0/0  all 1
    set    : r1 清源 != 清源行动 -> fp1 fn1 | r2 norm(“净网”) = 净网 -> tp1
                                                                 -> 1/1/1  all .5
  CASE   gold r1 诈骗案件, r3 命案; pred r1 诈骗案件, r4 盗窃案件  -> 1/1/1 in all modes, .5
  OFFICIAL gold r1 李明, pred none (it predicted PERSON)          -> 0/0/1, P undefined -> 0
  PERSON pred r1 李明 -> 0/1/0;  LOC pred r2 城南 -> 0/1/0

  Core micro (UNIT+OPERATION+CASE+OFFICIAL)
    strict : tp 2+0+1+0=3  fp 2+2+1+0=5  fn 1+2+1+1=5   P 3/8 R 3/8 F1 .375
    lenient: tp 2+2+1+0=5  fp 2+0+1+0=3  fn 1+0+1+1=3   P=R=F1 5/8 = .625
    set    : tp 2+1+1+0=4  fp 1+1+1+0=3  fn 1+1+1+1=4   P 4/7 .5714  R .5  F1 8/15 .5333
  All micro (+ PERSON 0/1/0, LOC 0/1/0)
    strict : 3/7/5   P .3   R .375  F1 2*.3*.375/.675 = 1/3
    lenient: 5/5/3   P .5   R .625  F1 5/9 = .5556
    set    : 4/5/4   P 4/9  R .5    F1 8/17 = .4706

TRIGGERS (same type, overlapping, one-to-one)
  SOLVE_CASES gold r1 破获, r2 查处, r3 破获 (3); pred r1 破获 x2, r2 查处, r4 查处 (4)
      -> r1 tp1 fp1 | r2 tp1 | r3 fn1 | r4 fp1 = 2/2/1  P .5 R .6667 F1 .5714
  DETAIN_SUSPECTS gold 抓获, pred 抓获嫌疑人 (overlap)           -> 1/0/0
  ENDORSEMENT gold 表示肯定, pred none                          -> 0/0/1
  PENALTY gold 罚款, pred 罚款                                   -> 1/0/0
  micro: tp 4  fp 2  fn 2   P=R=F1 4/6 = .6667

ARGUMENTS (lenient value reading)
  SOLVE_CASES
    r1 gold agent, operation, case, count=12; pred agent (TP, same span), operation 清源
       (TP, overlaps 清源行动), count 12.0 in the *second* SOLVE_CASES event (TP: numeric,
       any event of the type); case missing (FN)                  -> 3/0/1
    r2 gold agent, count=5; pred agent TP, count {"n":5,"unit":"起"} TP (n equal) -> 2/0/0
    r3 gold agent, case, count                                     -> 0/0/3
    r4 pred agent, case                                            -> 0/2/0
    total 5/2/4   P 5/7 .7143  R 5/9 .5556  F1 10/16 .625
  DETAIN_SUSPECTS gold count {"n":40,"approx":"over"}, suspect; pred count {"n":40} (TP: approx
       ignored), suspect TP                                        -> 2/0/0  all 1
  ENDORSEMENT gold endorser, no pred                              -> 0/0/1
  PENALTY gold agent (2nd 城南派出所), fine 2000; pred agent at the 1st occurrence (no overlap,
       equal string -> TP); fine 200 over the same span (numbers differ -> FP + FN) -> 1/1/1
  micro: tp 5+2+0+1=8  fp 2+0+0+1=3  fn 4+0+1+1=6   P 8/11 .7273  R 8/14 .5714  F1 16/25 .64

ARGUMENTS, strict-value variant (whole dicts must be equal)
  SOLVE_CASES: r2 count {"n":5,"unit":"起"} vs 5 no longer matches -> 4/3/5  F1 8/16 .5
  DETAIN_SUSPECTS: {"n":40} vs {"n":40,"approx":"over"} fails      -> 1/1/1  F1 .5
  ENDORSEMENT 0/0/1; PENALTY 1/1/1
  micro: tp 6  fp 5  fn 8   P 6/11 .5455  R 6/14 .4286  F1 12/25 .48
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval_hand_example import gold_records, pred_records

from pipeline.evaluate import EvalResult, evaluate_files, evaluate_records


def cell(tp: int, fp: int, fn: int, p: float, r: float, f1: float) -> dict[str, float | int]:
    return {"precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn, "support": tp + fn}


@pytest.fixture(scope="module")
def result() -> dict:
    return evaluate_records(gold_records(), pred_records()).to_dict()


def test_reports(result: dict) -> None:
    assert result["reports"] == {
        "matched": 2, "missing": 1, "extra": 1, "missing_ids": ["r3"], "extra_ids": ["r4"],
    }
    assert result["warnings"]["count"] == 0


def test_entities_strict(result: dict) -> None:
    strict = result["entities"]["strict"]
    assert strict["per_label"] == {
        "UNIT": cell(2, 2, 1, 0.5, 0.6667, 0.5714),
        "OFFICIAL": cell(0, 0, 1, 0.0, 0.0, 0.0),
        "OPERATION": cell(0, 2, 2, 0.0, 0.0, 0.0),
        "CASE": cell(1, 1, 1, 0.5, 0.5, 0.5),
        "PERSON": cell(0, 1, 0, 0.0, 0.0, 0.0),
        "LOC": cell(0, 1, 0, 0.0, 0.0, 0.0),
    }
    assert list(strict["per_label"]) == ["UNIT", "OFFICIAL", "OPERATION", "CASE", "PERSON", "LOC"]
    assert strict["micro_core"] == cell(3, 5, 5, 0.375, 0.375, 0.375)
    assert strict["micro_all"] == cell(3, 7, 5, 0.3, 0.375, 0.3333)


def test_entities_lenient(result: dict) -> None:
    lenient = result["entities"]["lenient"]
    assert lenient["per_label"]["UNIT"] == cell(2, 2, 1, 0.5, 0.6667, 0.5714)
    assert lenient["per_label"]["OPERATION"] == cell(2, 0, 0, 1.0, 1.0, 1.0)
    assert lenient["per_label"]["CASE"] == cell(1, 1, 1, 0.5, 0.5, 0.5)
    assert lenient["micro_core"] == cell(5, 3, 3, 0.625, 0.625, 0.625)
    assert lenient["micro_all"] == cell(5, 5, 3, 0.5, 0.625, 0.5556)


def test_entities_mention_set(result: dict) -> None:
    ms = result["entities"]["mention_set"]
    assert ms["per_label"]["UNIT"] == cell(2, 1, 1, 0.6667, 0.6667, 0.6667)
    assert ms["per_label"]["OPERATION"] == cell(1, 1, 1, 0.5, 0.5, 0.5)
    assert ms["per_label"]["OFFICIAL"] == cell(0, 0, 1, 0.0, 0.0, 0.0)
    assert ms["micro_core"] == cell(4, 3, 4, 0.5714, 0.5, 0.5333)
    assert ms["micro_all"] == cell(4, 5, 4, 0.4444, 0.5, 0.4706)


def test_triggers(result: dict) -> None:
    trig = result["triggers"]
    assert trig["per_type"] == {
        "SOLVE_CASES": cell(2, 2, 1, 0.5, 0.6667, 0.5714),
        "DETAIN_SUSPECTS": cell(1, 0, 0, 1.0, 1.0, 1.0),
        "PENALTY": cell(1, 0, 0, 1.0, 1.0, 1.0),
        "ENDORSEMENT": cell(0, 0, 1, 0.0, 0.0, 0.0),
    }
    assert list(trig["per_type"]) == ["SOLVE_CASES", "DETAIN_SUSPECTS", "PENALTY", "ENDORSEMENT"]
    assert trig["micro"] == cell(4, 2, 2, 0.6667, 0.6667, 0.6667)


def _without_roles(per_type: dict) -> dict:
    return {t: {k: v for k, v in c.items() if k != "roles"} for t, c in per_type.items()}


def test_arguments(result: dict) -> None:
    args = result["arguments"]
    assert _without_roles(args["per_type"]) == {
        "SOLVE_CASES": cell(5, 2, 4, 0.7143, 0.5556, 0.625),
        "DETAIN_SUSPECTS": cell(2, 0, 0, 1.0, 1.0, 1.0),
        "PENALTY": cell(1, 1, 1, 0.5, 0.5, 0.5),
        "ENDORSEMENT": cell(0, 0, 1, 0.0, 0.0, 0.0),
    }
    assert args["micro"] == cell(8, 3, 6, 0.7273, 0.5714, 0.64)
    solve_roles = args["per_type"]["SOLVE_CASES"]["roles"]
    # count: gold 12 (r1), 5 (r2), 1 (r3); pred 12.0, {"n": 5} -> 2/0/1
    assert solve_roles["count"] == cell(2, 0, 1, 1.0, 0.6667, 0.8)
    # case: gold 诈骗案件 (r1), 命案 (r3); pred 盗窃案件 (r4 only) -> 0/1/2
    assert solve_roles["case"] == cell(0, 1, 2, 0.0, 0.0, 0.0)
    assert list(solve_roles) == ["agent", "case", "count", "operation"]
    assert args["per_type"]["PENALTY"]["roles"]["fine"] == cell(0, 1, 1, 0.0, 0.0, 0.0)
    assert args["per_type"]["PENALTY"]["roles"]["agent"] == cell(1, 0, 0, 1.0, 1.0, 1.0)


def test_arguments_strict_value(result: dict) -> None:
    args = result["arguments_strict_value"]
    assert _without_roles(args["per_type"]) == {
        "SOLVE_CASES": cell(4, 3, 5, 0.5714, 0.4444, 0.5),
        "DETAIN_SUSPECTS": cell(1, 1, 1, 0.5, 0.5, 0.5),
        "PENALTY": cell(1, 1, 1, 0.5, 0.5, 0.5),
        "ENDORSEMENT": cell(0, 0, 1, 0.0, 0.0, 0.0),
    }
    assert args["micro"] == cell(6, 5, 8, 0.5455, 0.4286, 0.48)


# SET FIGURES (SCHEMA §6: per report, offsets ignored)
#   triggers (type, text): r1 gold {S破获, D抓获, E表示肯定}, pred {S破获 (x2 collapses),
#     D抓获嫌疑人} -> tp1 fp1 fn2 | r2 {S查处, P罚款} both -> tp2 | r3 fn1 | r4 fp1
#     micro 3/2/3  P .6  R .5  F1 6/11 .5455
#   arguments (type, role, value): r1 gold 7 (agent, 清源行动, 诈骗案件, 12, 40, 嫌疑人, 李明),
#     pred 5 (agent, 清源, 12.0 -> 12, {"n":40} -> 40, 嫌疑人) -> tp4 fp1 fn3
#     r2 gold 4, pred 4; fine 200 != 2000 -> tp3 fp1 fn1 | r3 fn3 | r4 fp2
#     micro 7/4/7  P .6364  R .5  F1 14/25 .56
def test_trigger_sets(result: dict) -> None:
    sets = result["trigger_sets"]
    assert sets["per_type"]["SOLVE_CASES"] == cell(2, 1, 1, 0.6667, 0.6667, 0.6667)
    assert sets["per_type"]["DETAIN_SUSPECTS"] == cell(0, 1, 1, 0.0, 0.0, 0.0)
    assert sets["per_type"]["PENALTY"] == cell(1, 0, 0, 1.0, 1.0, 1.0)
    assert sets["micro"] == cell(3, 2, 3, 0.6, 0.5, 0.5455)


def test_argument_sets(result: dict) -> None:
    sets = result["argument_sets"]
    assert sets["micro"] == cell(7, 4, 7, 0.6364, 0.5, 0.56)
    solve = sets["per_type"]["SOLVE_CASES"]
    # count: gold {12 (r1), 5 (r2), 1 (r3)}, pred {12.0, {"n": 5}} -> 2/0/1
    assert solve["roles"]["count"] == cell(2, 0, 1, 1.0, 0.6667, 0.8)
    assert sets["per_type"]["PENALTY"]["roles"]["fine"] == cell(0, 1, 1, 0.0, 0.0, 0.0)


def test_headline(result: dict) -> None:
    assert result["headline"] == {
        "core_strict_f1": 0.375,
        "core_lenient_f1": 0.625,
        "core_mention_set_f1": 0.5333,
        "all_strict_f1": 0.3333,
        "all_lenient_f1": 0.5556,
        "all_mention_set_f1": 0.4706,
        "trigger_f1": 0.6667,
        "argument_f1": 0.64,
        "argument_strict_value_f1": 0.48,
        "trigger_set_f1": 0.5455,
        "argument_set_f1": 0.56,
    }


def test_files_give_the_same_result(tmp_path: Path, result: dict) -> None:
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    for path, records in ((gold, gold_records()), (pred, pred_records())):
        path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
        )
    assert evaluate_files(gold, pred).to_dict() == result


def test_pure_function_does_not_modify_inputs() -> None:
    gold, pred = gold_records(), pred_records()
    evaluate_records(gold, pred)
    assert gold == gold_records() and pred == pred_records()


def test_report_order_does_not_matter(result: dict) -> None:
    shuffled: EvalResult = evaluate_records(gold_records()[::-1], pred_records()[::-1])
    assert shuffled.to_dict() == result
