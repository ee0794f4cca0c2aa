"""The derived table of rule needs (pipeline/entities/needs_table.py): fresh, equal to the
analysis, used only for unchanged rules of the same analysis code, and not provenance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.configfile import recording
from pipeline.entities import needs_table
from pipeline.entities.rules import RuleError, load_rules
from pipeline.paths import project_root

RULES = project_root() / "configs" / "entities"


def test_the_table_of_the_project_rules_is_up_to_date() -> None:
    stored = json.loads((RULES / needs_table.FILE_NAME).read_text(encoding="utf-8"))
    assert stored == needs_table.derive(RULES), (
        "configs/entities/prefilter_needs.json is stale (rules, lexicons or prefilter.py "
        "changed): python -m pipeline.entities.needs_table derive configs/entities"
    )


def test_needs_from_the_table_equal_the_analysis() -> None:
    with_table = load_rules(RULES)
    analysed = load_rules(RULES, use_table=False)
    assert [(r.id, r.needs) for r in with_table.rules] == [(r.id, r.needs) for r in analysed.rules]
    assert all(r.needs.literals is None or r.needs.gate for r in with_table.rules)


def _rules(tmp_path: Path, pattern: str) -> Path:
    (tmp_path / "lexicons.yaml").write_text("macros:\n  A: '派出所|分局'\n", encoding="utf-8")
    (tmp_path / "unit.yaml").write_text(
        f"label: UNIT\nrules:\n  - id: u.x\n    pattern: '{pattern}'\n"
        "  - id: u.y\n    pattern: '城东{A}'\n",
        encoding="utf-8",
    )
    return tmp_path


def test_only_unchanged_rules_of_the_same_code_take_their_needs_from_it(tmp_path: Path) -> None:
    rule_dir = _rules(tmp_path, "[^，]{1,4}{A}")
    target = needs_table.write(rule_dir)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data["needs"]) == 2
    # a doctored row shows which rules read the table (a real one never differs)
    for row in data["needs"].values():
        row[0] = ["甲乙"]
    target.write_text(json.dumps(data), encoding="utf-8")
    rules = {r.id: r for r in load_rules(rule_dir).rules}
    assert rules["u.x"].needs.literals == {"甲乙"} == rules["u.y"].needs.literals
    # an edited rule is analysed again; the unchanged one still reads the table
    _rules(tmp_path, "[^，]{1,3}{A}")
    rules = {r.id: r for r in load_rules(rule_dir).rules}
    assert rules["u.x"].needs.literals == {"派出所", "分局"}
    assert rules["u.y"].needs.literals == {"甲乙"}
    # a table made by other analysis code is ignored as a whole
    data["engine"] = "0" * 16
    target.write_text(json.dumps(data), encoding="utf-8")
    assert all(r.needs.literals != {"甲乙"} for r in load_rules(rule_dir).rules)


def test_an_edited_rule_with_a_syntax_error_still_fails_at_load(tmp_path: Path) -> None:
    rule_dir = _rules(tmp_path, "[^，]{1,4}{A}")
    needs_table.write(rule_dir)
    _rules(tmp_path, "[^，]{1,4}({A}")
    with pytest.raises(RuleError, match="u.x"):
        load_rules(rule_dir)


@pytest.mark.parametrize("content", ["not json", "[]", '{"engine": 1}', '{"needs": {"a": 1}}'])
def test_a_broken_table_is_ignored(tmp_path: Path, content: str) -> None:
    rule_dir = _rules(tmp_path, "[^，]{1,4}{A}")
    (rule_dir / needs_table.FILE_NAME).write_text(content, encoding="utf-8")
    assert [r.needs for r in load_rules(rule_dir).rules] == [
        r.needs for r in load_rules(rule_dir, use_table=False).rules
    ]


def test_the_table_is_not_provenance(tmp_path: Path) -> None:
    rule_dir = _rules(tmp_path, "[^，]{1,4}{A}")
    needs_table.write(rule_dir)
    with recording() as opened:
        load_rules(rule_dir)
    assert needs_table.FILE_NAME not in {p.name for p in opened}
    assert {p.name for p in opened} == {"lexicons.yaml", "unit.yaml"}
