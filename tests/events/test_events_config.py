"""The events config folder: every shipped file loads; broken files fail with a clear error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.events import EVENT_ROLES, EventsConfigError, load_specs
from pipeline.events.component import EventExtractor, default_events_dir


def test_shipped_config_covers_every_type():
    _, specs = load_specs(default_events_dir())
    assert sorted(s.type for s in specs) == sorted(EVENT_ROLES)


def _copy(tmp_path: Path) -> Path:
    dst = tmp_path / "events"
    shutil.copytree(default_events_dir(), dst)
    return dst


def test_unknown_key_names_file_and_key(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "rescue.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    with pytest.raises(EventsConfigError) as err:
        EventExtractor("events").initialize(events_dir=str(folder))
    assert "rescue.yaml" in str(err.value) and "colour" in str(err.value)


def test_unknown_role_is_rejected(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "penalty.yaml"
    text = path.read_text(encoding="utf-8").replace("  offender:\n", "  culprit:\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EventsConfigError, match=r"penalty\.yaml.*culprit"):
        load_specs(folder)


def test_unknown_label_is_rejected(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "honor_award.yaml"
    text = path.read_text(encoding="utf-8").replace("labels: [HONOR]", "labels: [MEDAL]", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EventsConfigError, match=r"honor_award\.yaml.*roles\.honor"):
        load_specs(folder)


def test_bad_regex_is_rejected(tmp_path):
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "endorsement.yaml").write_text(
        "type: ENDORSEMENT\ntriggers: [{words: [点赞]}]\n"
        "roles:\n  subject: [{source: pattern, regex: '(?P<arg>[unclosed'}]\n",
        encoding="utf-8",
    )
    with pytest.raises(EventsConfigError, match=r"endorsement\.yaml"):
        load_specs(folder)


def _one_spec(folder: Path, body: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "detain_suspects.yaml").write_text(body, encoding="utf-8")


@pytest.mark.parametrize(
    ("source", "key"),
    [
        ("{source: entity, labels: [UNIT], regex: '(?P<arg>x)'}", "regex"),
        ("{source: pattern, regex: '(?P<arg>x)', labels: [UNIT]}", "labels"),
        ("{source: quantity, kinds: [count], until_role: count}", "until_role"),
        ("{source: trigger_map, map: {抓获: x}, scope: after}", "scope"),
        ("{source: report, labels: [UNIT], kinds: [count]}", "kinds"),
    ],
)
def test_key_foreign_to_its_source_kind_fails_at_load(tmp_path, source, key):
    """Role sources are a discriminated union: a key of another kind is an error."""
    folder = tmp_path / "events"
    _one_spec(folder, f"type: DETAIN_SUSPECTS\ntriggers: [{{words: [抓获]}}]\n"
                      f"roles:\n  agent: [{source}]\n")
    with pytest.raises(EventsConfigError) as err:
        load_specs(folder)
    assert "detain_suspects.yaml" in str(err.value) and key in str(err.value)


def test_unknown_source_kind_fails(tmp_path):
    folder = tmp_path / "events"
    _one_spec(folder, "type: DETAIN_SUSPECTS\ntriggers: [{words: [抓获]}]\n"
                      "roles:\n  agent: [{source: guess}]\n")
    with pytest.raises(EventsConfigError, match=r"detain_suspects\.yaml"):
        load_specs(folder)


def _reverse_roles(text: str) -> str:
    """The same spec with its roles written in reverse order."""
    head, roles = text.split("\nroles:\n", 1)
    blocks: list[list[str]] = []
    for line in roles.splitlines():
        if line.startswith("  ") and not line.startswith("   ") and line.strip().endswith(":"):
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
    return head + "\nroles:\n" + "\n".join(ln for b in reversed(blocks) for ln in b) + "\n"


def test_output_does_not_depend_on_role_order(tmp_path, run):
    """`suspect` reads `count` (until_role): written first, it must still be filled."""
    folder = _copy(tmp_path)
    for name in ("detain_suspects.yaml", "solve_cases.yaml", "stat_change.yaml"):
        path = folder / name
        path.write_text(_reverse_roles(path.read_text(encoding="utf-8")), encoding="utf-8")
    import spacy

    from pipeline.docext import ReportContext

    text = "今年以来，县公安局破获盗窃案件12起、诈骗案件5起，抓获犯罪嫌疑人30名，发案数同比下降8%。"
    ents = [("今年以来", "DATE"), ("县公安局", "UNIT")]
    shipped = run(text, ents)
    comp = EventExtractor("events")
    comp.initialize(events_dir=str(folder))
    nlp = spacy.blank("zh")
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(text.index(s), text.index(s) + len(s), label=lb) for s, lb in ents]
    doc._.entity_meta = {(text.index(s), text.index(s) + len(s)): {"norm": s, "attrs": {}}
                         for s, _ in ents}
    doc._.report = ReportContext(year=2023)
    assert comp(doc)._.events == shipped
    assert any(a["role"] == "suspect" for e in shipped for a in e["arguments"])


def test_events_and_arguments_record_their_rule(run):
    events = run("县公安局抓获犯罪嫌疑人12人。", [("县公安局", "UNIT")])
    ev = next(e for e in events if e["type"] == "DETAIN_SUSPECTS")
    assert ev["rule"] == "detain_suspects:triggers[0]:抓获"
    rules = {a["role"]: a["rule"] for a in ev["arguments"]}
    assert rules["agent"] == "detain_suspects:agent[0]"
    assert rules["count"].startswith("detain_suspects:count[")
    assert rules["suspect"].startswith("detain_suspects:suspect[")


def test_component_needs_initialize():
    import spacy

    from pipeline.values.component import NotInitializedError

    with pytest.raises(NotInitializedError):
        EventExtractor("events")(spacy.blank("zh").make_doc("抓获1人。"))
