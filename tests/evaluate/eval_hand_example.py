"""A small gold/pred pair whose scores are computed by hand in test_hand_example.py.

Sentences are invented for the test. Offsets are found with `at()` so the data stay readable;
every count that the tests assert is derived by hand in comments there, not by this code.

Reports: r1 and r2 in both files, r3 only in gold (missing), r4 only in pred (extra).
"""

from __future__ import annotations

from typing import Any

T1 = "河东区公安分局开展清源行动,破获诈骗案件12起,抓获嫌疑人40余名,李明局长表示肯定。"
T2 = "“净网”专项行动中,城南派出所查处案件5起,城南派出所罚款2000元。"
T3 = "市公安局破获命案1起。"
T4 = "某某局查处盗窃案件。"


def at(text: str, surface: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of `surface` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return start, start + len(surface)


def ent(text: str, label: str, surface: str, nth: int = 0, norm: str | None = None) -> dict[str, Any]:
    s, e = at(text, surface, nth)
    out: dict[str, Any] = {"label": label, "start": s, "end": e, "text": surface}
    if norm is not None:
        out["norm"] = norm
    return out


def arg(text: str, role: str, surface: str, value: Any, nth: int = 0) -> dict[str, Any]:
    s, e = at(text, surface, nth)
    return {"role": role, "start": s, "end": e, "text": surface, "value": value}


def event(text: str, etype: str, trigger: str, args: list[dict[str, Any]]) -> dict[str, Any]:
    s, e = at(text, trigger)
    return {"type": etype, "trigger": {"start": s, "end": e, "text": trigger}, "arguments": args}


def gold_records() -> list[dict[str, Any]]:
    return [
        {
            "id": "r1",
            "text": T1,
            "entities": [
                ent(T1, "UNIT", "河东区公安分局", norm="河东区公安分局"),
                ent(T1, "OPERATION", "清源行动", norm="清源行动"),
                ent(T1, "CASE", "诈骗案件", norm="诈骗案件"),
                ent(T1, "OFFICIAL", "李明", norm="李明"),
            ],
            "events": [
                event(T1, "SOLVE_CASES", "破获", [
                    arg(T1, "agent", "河东区公安分局", "河东区公安分局"),
                    arg(T1, "operation", "清源行动", "清源行动"),
                    arg(T1, "case", "诈骗案件", "诈骗案件"),
                    arg(T1, "count", "12起", 12),
                ]),
                event(T1, "DETAIN_SUSPECTS", "抓获", [
                    arg(T1, "count", "40余名", {"n": 40, "approx": "over"}),
                    arg(T1, "suspect", "嫌疑人", "嫌疑人"),
                ]),
                event(T1, "ENDORSEMENT", "表示肯定", [arg(T1, "endorser", "李明", "李明")]),
            ],
        },
        {
            "id": "r2",
            "text": T2,
            "entities": [
                ent(T2, "OPERATION", "净网", norm="净网"),
                ent(T2, "UNIT", "城南派出所", norm="城南派出所"),
            ],
            "events": [
                event(T2, "SOLVE_CASES", "查处", [
                    arg(T2, "agent", "城南派出所", "城南派出所"),
                    arg(T2, "count", "5起", 5),
                ]),
                event(T2, "PENALTY", "罚款", [
                    arg(T2, "agent", "城南派出所", "城南派出所", nth=1),
                    arg(T2, "fine", "2000元", 2000),
                ]),
            ],
        },
        {
            "id": "r3",
            "text": T3,
            "entities": [
                ent(T3, "UNIT", "市公安局", norm="市公安局"),
                ent(T3, "CASE", "命案", norm="命案"),
            ],
            "events": [
                event(T3, "SOLVE_CASES", "破获", [
                    arg(T3, "agent", "市公安局", "市公安局"),
                    arg(T3, "case", "命案", "命案"),
                    arg(T3, "count", "1起", 1),
                ]),
            ],
        },
    ]


def pred_records() -> list[dict[str, Any]]:
    return [
        {
            "id": "r1",
            "text": T1,
            "entities": [
                ent(T1, "UNIT", "河东区公安分局", norm="河东区公安分局"),
                ent(T1, "UNIT", "河东区公安分局", norm="河东区公安分局"),  # duplicate
                ent(T1, "OPERATION", "清源", norm="清源"),  # overlaps gold 清源行动
                ent(T1, "CASE", "诈骗案件", norm="诈骗案件"),
                ent(T1, "PERSON", "李明", norm="李明"),  # gold says OFFICIAL
            ],
            "events": [
                event(T1, "SOLVE_CASES", "破获", [
                    arg(T1, "agent", "河东区公安分局", "河东区公安分局"),
                    arg(T1, "operation", "清源", "清源"),
                ]),
                # The same trigger again, carrying the count (DuEE: any event of the type).
                event(T1, "SOLVE_CASES", "破获", [arg(T1, "count", "12起", 12.0)]),
                event(T1, "DETAIN_SUSPECTS", "抓获嫌疑人", [
                    arg(T1, "count", "40余名", {"n": 40}),
                    arg(T1, "suspect", "嫌疑人", "嫌疑人"),
                ]),
            ],
        },
        {
            "id": "r2",
            "text": T2,
            "entities": [
                # Span includes the quote marks and there is no `norm`: the derived norm
                # strips the quotes, so mention-set matches although strict does not.
                {"label": "OPERATION", "start": 0, "end": 4, "text": "“净网”"},
                ent(T2, "UNIT", "城南派出所", norm="城南派出所"),
                ent(T2, "LOC", "城南", norm="城南"),
            ],
            "events": [
                event(T2, "SOLVE_CASES", "查处", [
                    arg(T2, "agent", "城南派出所", "城南派出所"),
                    arg(T2, "count", "5起", {"n": 5, "unit": "起"}),
                ]),
                event(T2, "PENALTY", "罚款", [
                    # first occurrence: no overlap with gold, but the same string
                    arg(T2, "agent", "城南派出所", "城南派出所", nth=0),
                    # overlapping span but a different number: the values decide -> no match
                    arg(T2, "fine", "2000元", 200),
                ]),
            ],
        },
        {
            "id": "r4",
            "text": T4,
            "entities": [
                ent(T4, "UNIT", "某某局", norm="某某局"),
                ent(T4, "CASE", "盗窃案件", norm="盗窃案件"),
            ],
            "events": [
                event(T4, "SOLVE_CASES", "查处", [
                    arg(T4, "agent", "某某局", "某某局"),
                    arg(T4, "case", "盗窃案件", "盗窃案件"),
                ]),
            ],
        },
    ]
