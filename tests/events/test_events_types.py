"""One invented sentence per event type, with exact events, arguments and values."""

from __future__ import annotations

from typing import Any


def _args(event: dict[str, Any]) -> list[tuple[str, str, Any]]:
    return [(a["role"], a["text"], a["value"]) for a in event["arguments"]]


def _only(events: list[dict[str, Any]], etype: str) -> dict[str, Any]:
    found = [e for e in events if e["type"] == etype]
    assert len(found) == 1, events
    return found[0]


def test_one_trigger_gives_solve_and_detain(run):
    text = "今年以来，县公安局打处涉毒案件15起23人。"
    events = run(text, [("今年以来", "DATE"), ("县公安局", "UNIT"), ("涉毒案件", "CASE")])
    assert [e["type"] for e in events] == ["DETAIN_SUSPECTS", "SOLVE_CASES"]
    solve = _only(events, "SOLVE_CASES")
    assert solve["trigger"] == {"start": 9, "end": 11, "text": "打处"}
    assert _args(solve) == [
        ("period", "今年以来", "2023"), ("agent", "县公安局", "县公安局"),
        ("case", "涉毒案件", "涉毒案件"), ("count", "15起", 15),
    ]
    detain = _only(events, "DETAIN_SUSPECTS")
    assert ("count", "23人", 23) in _args(detain)
    assert all(a["role"] != "case" for a in detain["arguments"])
    for ev in events:
        for a in ev["arguments"]:
            assert text[a["start"]:a["end"]] == a["text"]


def test_list_of_results_gives_one_event_each(run):
    events = run("县公安局开展雷霆行动，捣毁赌博窝点7个，抓获犯罪嫌疑人30余名。",
                 [("县公安局", "UNIT"), ("雷霆行动", "OPERATION")])
    dismantle = _only(events, "DISMANTLE_GROUPS")
    assert _args(dismantle) == [
        ("agent", "县公安局", "县公安局"), ("operation", "雷霆行动", "雷霆行动"),
        ("target", "赌博窝点", "赌博窝点"), ("count", "7个", 7),
    ]
    detain = _only(events, "DETAIN_SUSPECTS")
    assert ("suspect", "犯罪嫌疑人", "犯罪嫌疑人") in _args(detain)
    assert ("count", "30余名", {"n": 30, "approx": "over"}) in _args(detain)


def test_penalty_merges_detention_and_fine(run):
    events = run("6月3日，县公安局依法给予李某行政拘留十日并罚款500元的处罚。",
                 [("6月3日", "DATE"), ("县公安局", "UNIT"), ("李某", "PERSON")],
                 attrs={"李某": {"role": "suspect"}})
    assert len(events) == 1
    ev = events[0]
    assert ev["type"] == "PENALTY" and ev["trigger"]["text"] == "行政拘留"
    assert _args(ev) == [
        ("date", "6月3日", "2023-06-03"), ("agent", "县公安局", "县公安局"),
        ("offender", "李某", "李某"), ("detention_days", "十日", 10), ("fine", "500元", 500),
    ]


def test_recover_losses(run):
    ev = _only(run("县公安局为群众挽回损失36万元。", [("县公安局", "UNIT")]), "RECOVER_LOSSES")
    assert _args(ev) == [
        ("agent", "县公安局", "县公安局"), ("beneficiary", "群众", "群众"),
        ("amount", "36万元", 360000),
    ]


def test_agent_falls_back_to_report_unit(run):
    text = "县公安局召开会议。县公安局部署工作。全年共侦破电诈案件40起。"
    events = run(text, [("县公安局", "UNIT"), ("电诈案件", "CASE")])
    ev = _only(events, "SOLVE_CASES")
    assert ("agent", "县公安局", "县公安局") in _args(ev)
    assert ("count", "40起", 40) in _args(ev)


def test_honor_award(run):
    ev = _only(run("城东派出所荣获集体二等功。",
                   [("城东派出所", "UNIT"), ("集体二等功", "HONOR")]), "HONOR_AWARD")
    assert _args(ev) == [("recipient", "城东派出所", "城东派出所"), ("honor", "集体二等功", "集体二等功")]


def test_endorsement(run):
    ev = _only(run("该经验做法得到王明副市长批示肯定。", [("王明", "OFFICIAL")]), "ENDORSEMENT")
    assert ev["trigger"]["text"] == "批示肯定"
    assert _args(ev) == [("subject", "该经验做法", "该经验做法"), ("endorser", "王明", "王明")]


def test_endorsement_with_two_officials_is_one_event(run):
    events = run("此项做法得到赵一书记、钱二主任批示肯定。",
                 [("赵一", "OFFICIAL"), ("钱二", "OFFICIAL")])
    ev = _only(events, "ENDORSEMENT")
    assert [a["text"] for a in ev["arguments"] if a["role"] == "endorser"] == ["赵一", "钱二"]


def test_security_task(run):
    ev = _only(run("县公安局圆满完成了马拉松赛事安保任务。",
                   [("县公安局", "UNIT"), ("马拉松赛事", "OCCASION")]), "SECURITY_TASK")
    assert _args(ev) == [
        ("agent", "县公安局", "县公安局"), ("outcome", "圆满完成", "圆满完成"),
        ("occasion", "马拉松赛事", "马拉松赛事"),
    ]


def test_rescue(run):
    ev = _only(run("民警张伟从河中救起落水儿童。", [("张伟", "PERSON")],
                   attrs={"张伟": {"role": "officer"}}), "RESCUE")
    assert _args(ev) == [
        ("rescuer", "张伟", "张伟"), ("place", "河中", "河中"), ("rescued", "落水儿童", "落水儿童"),
    ]
