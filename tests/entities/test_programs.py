"""The derived table of compiled rule regexes (pipeline/entities/programs.py): fresh, each
program the very one `re.compile` makes, used only for the same patterns and `re` engine."""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import pytest

from pipeline.entities import needs_table, programs
from pipeline.entities.rules import load_rules
from pipeline.paths import project_root

RULES = project_root() / "configs" / "entities"


def _engine(path: Path) -> str | None:
    data = zlib.decompress(path.read_bytes())
    return json.loads(data[: data.index(b"\n")])["engine"]


def test_the_table_of_the_project_rules_is_up_to_date() -> None:
    stored = RULES / programs.FILE_NAME
    if _engine(stored) != programs.engine_tag():
        pytest.skip("rule_programs.bin was made by another Python's re (it is ignored there)")
    assert stored.read_bytes() == programs.derive(needs_table.rule_patterns(RULES)), (
        "configs/entities/rule_programs.bin is stale (rules or lexicons changed): "
        "python -m pipeline.entities.needs_table derive configs/entities"
    )


def test_every_project_rule_from_the_table_is_what_re_compile_makes(tmp_path: Path) -> None:
    # a table made now, so this holds on any Python (the shipped one may be for another)
    (tmp_path / programs.FILE_NAME).write_bytes(
        programs.derive(needs_table.rule_patterns(RULES)))
    table = programs.load_table(tmp_path)
    rules = load_rules(RULES, use_table=False).rules
    assert {programs.pattern_key(r.pattern) for r in rules} == set(table)
    for rule in rules:
        built = table[programs.pattern_key(rule.pattern)].pattern(rule.pattern)
        compiled = re.compile(rule.pattern)
        assert built is not compiled
        # Pattern equality compares flags, pattern text and the whole program
        assert built == compiled, rule.id
        assert (built.groups, built.groupindex) == (compiled.groups, compiled.groupindex)


def test_rules_loaded_with_the_table_take_their_programs_from_it() -> None:
    rules = load_rules(RULES).rules
    if programs.load_table(RULES):
        assert all(r.program is not None for r in rules)
    assert all(r.regex == re.compile(r.pattern) for r in rules)


SAMPLES = [
    r"(?P<span>[东西]城(?:区|县))(?P<attr_kind>分局)?",
    r"(?:^|(?<=[^\u4e00-\u9fff]))第[一二三四五六七八九十]{1,3}师",
    r"(?i)ab[c-f]+\b",
    r"(a)(?P<x>b)?(?(2)c|d)",
]


def test_sample_programs_match_like_the_compiled_pattern(tmp_path: Path) -> None:
    programs.write(tmp_path / programs.FILE_NAME, SAMPLES)
    table = programs.load_table(tmp_path)
    text = "AbCdE 东城区分局，第十二师 abd"
    for pattern in SAMPLES:
        built = programs.compile_pattern(pattern, table[programs.pattern_key(pattern)])
        compiled = re.compile(pattern)
        assert built == compiled
        assert [m.span() for m in built.finditer(text)] == [
            m.span() for m in compiled.finditer(text)]
        assert [m.groupdict() for m in built.finditer(text)] == [
            m.groupdict() for m in compiled.finditer(text)]


def test_a_table_of_another_engine_or_damaged_is_ignored(tmp_path: Path) -> None:
    path = programs.write(tmp_path / programs.FILE_NAME, SAMPLES)
    data = zlib.decompress(path.read_bytes())
    end = data.index(b"\n")
    head = json.loads(data[:end])
    head["engine"] = "another"
    path.write_bytes(zlib.compress(json.dumps(head).encode() + data[end:]))
    assert programs.load_table(tmp_path) == {}
    path.write_bytes(b"not zlib")
    assert programs.load_table(tmp_path) == {}
    path.unlink()
    assert programs.load_table(tmp_path) == {}


def test_a_program_re_refuses_falls_back_to_compiling(tmp_path: Path) -> None:
    programs.write(tmp_path / programs.FILE_NAME, SAMPLES[:1])
    program = programs.load_table(tmp_path)[programs.pattern_key(SAMPLES[0])]
    broken = programs.Program(program.flags, b"\xff" * len(program.code), program.groups,
                              program.groupindex, program.indexgroup)
    assert programs.compile_pattern(SAMPLES[0], broken) == re.compile(SAMPLES[0])


def test_an_edited_rule_is_compiled_by_re(tmp_path: Path) -> None:
    (tmp_path / "unit.yaml").write_text(
        "label: UNIT\nrules:\n  - id: u.x\n    pattern: '城东派出所'\n"
        "  - id: u.y\n    pattern: '城西分局'\n", encoding="utf-8")
    needs_table.write_programs(tmp_path)
    (tmp_path / "unit.yaml").write_text(
        "label: UNIT\nrules:\n  - id: u.x\n    pattern: '城南派出所'\n"
        "  - id: u.y\n    pattern: '城西分局'\n", encoding="utf-8")
    rules = {r.id: r for r in load_rules(tmp_path).rules}
    assert rules["u.x"].program is None and rules["u.y"].program is not None
    assert rules["u.x"].regex.search("在城南派出所").group() == "城南派出所"
    assert rules["u.y"].regex == re.compile("城西分局")
