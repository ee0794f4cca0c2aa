"""Rule files: loading, validation errors, lexicon expansion, matching on characters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.entities.lexicon import trie_regex
from pipeline.entities.rules import RuleError, load_rules


def write(dir_: Path, name: str, text: str) -> None:
    (dir_ / name).write_text(text, encoding="utf-8")


@pytest.fixture
def rule_dir(tmp_path: Path) -> Path:
    write(tmp_path, "heads.txt", "# heads\n派出所\n公安局\n")
    write(
        tmp_path,
        "lexicons.yaml",
        "lexicons:\n  head: {file: heads.txt}\nmacros:\n  CJK: '[\\u4e00-\\u9fff]'\n",
    )
    write(
        tmp_path,
        "unit.yaml",
        "label: UNIT\nrules:\n"
        "  - id: u.named\n    pattern: '(?P<span>{CJK}{2}{head})'\n    score: 0.7\n",
    )
    return tmp_path


def test_trie_regex_matches_exactly_the_words_longest_first() -> None:
    rx = re.compile(trie_regex(["公安", "公安局", "公安分局", "派出所"]))
    assert rx.fullmatch("公安分局") and rx.fullmatch("公安") and rx.fullmatch("派出所")
    assert rx.fullmatch("公") is None and rx.fullmatch("公安分") is None
    assert rx.match("公安局长").group() == "公安局"


def test_trie_regex_of_empty_lexicon_matches_nothing() -> None:
    assert re.search(trie_regex([]), "任何文本") is None


def test_load_rules_expands_lexicons(rule_dir: Path) -> None:
    ruleset = load_rules(rule_dir)
    assert [r.id for r in ruleset.rules] == ["u.named"]
    rule = ruleset.rules[0]
    match = rule.regex.search("他到芝英派出所报案")
    assert match and match.group("span") == "芝英派出所"
    assert ruleset.lexicons["head"] == ["派出所", "公安局"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("label: UNIT\nrules:\n  - id: a\n    pattern: x\n    colour: red\n", "colour"),
        ("label: THING\nrules: []\n", "unknown label"),
        ("label: UNIT\nrules:\n  - id: a\n    pattern: '{nope}'\n", "unknown lexicon or macro {nope}"),
        ("label: UNIT\nrules:\n  - id: a\n    pattern: '(unclosed'\n", "does not compile"),
        ("label: UNIT\nrules:\n  - id: u.named\n    pattern: x\n", "duplicate rule id"),
        ("label: UNIT\nrules:\n  - id: a\n    pattern: x\n    score: 3\n", "less than or equal to 1"),
        ("label: [UNIT\n", "invalid YAML"),
    ],
)
def test_broken_rule_files_fail_naming_file_and_problem(
    rule_dir: Path, content: str, message: str
) -> None:
    write(rule_dir, "zz_broken.yaml", content)
    with pytest.raises(RuleError) as err:
        load_rules(rule_dir)
    assert "zz_broken.yaml" in str(err.value)
    assert message in str(err.value)


def test_missing_lexicon_file_is_an_error(rule_dir: Path) -> None:
    (rule_dir / "heads.txt").unlink()
    with pytest.raises(FileNotFoundError, match="heads.txt"):
        load_rules(rule_dir)


def test_shipped_rules_load_and_cover_all_labels() -> None:
    from pipeline.entities.rules import LABELS
    from pipeline.paths import project_root

    ruleset = load_rules(project_root() / "configs" / "entities")
    assert {r.label for r in ruleset.rules} == set(LABELS)
    assert len(ruleset.lexicons["admin_name"]) > 300


def test_trie_regex_puts_one_character_words_in_a_class() -> None:
    """Single-character leaves (surnames) compile to one class, not 300 alternatives."""
    pattern = trie_regex(["王", "李", "欧阳", "欧", "-", "]"])
    assert "[" in pattern and "|王|" not in pattern
    rx = re.compile(pattern)
    for word in ["王", "李", "欧阳", "欧", "-", "]"]:
        assert rx.fullmatch(word), word
    assert rx.fullmatch("阳") is None and rx.match("欧阳修").group() == "欧阳"



def _scan_every_character(mask, text: str, boundaries) -> list[tuple[int, int]]:
    """The plain leftmost-longest scan: the trie tried at every character."""
    out, i = [], 0
    while i < len(text):
        end = mask.longest(text, i, boundaries) if boundaries is None or i in boundaries else None
        if end is None:
            i += 1
            continue
        out.append((i, end))
        i = end
    return out


def test_mask_find_jumps_to_start_characters_with_the_same_result() -> None:
    import random

    from pipeline.entities.rules import Mask

    mask = Mask("m", ["金华", "金华市", "东阳", "华市", "阳", "义乌"], followers=["人"])
    rng = random.Random(1)
    for _ in range(400):
        text = "".join(rng.choice("金华市东阳义乌人，。甲") for _ in range(rng.randint(0, 30)))
        bounds = {i for i in range(len(text) + 1) if rng.random() < 0.7}
        for boundaries in (None, bounds):
            assert list(mask.find(text, boundaries)) == _scan_every_character(mask, text, boundaries)
    assert list(Mask("empty", []).find("金华")) == []


def test_mask_find_with_the_project_places_equals_the_scan_of_every_character() -> None:
    """The start finder (an initial followed by a possible second character) skips only
    places where no entry starts: the shipped place mask on texts of cut place names."""
    import random

    from pipeline.entities.rules import Mask, load_rules
    from pipeline.paths import project_root

    ruleset = load_rules(project_root() / "configs" / "entities")
    rng = random.Random(4)
    for mask in ruleset.masks:
        words = _mask_words(mask)
        for _ in range(150):
            parts = []
            for _ in range(rng.randint(0, 12)):
                word = rng.choice(words)
                parts.append(word[: rng.randint(1, len(word))] if rng.random() < 0.5 else word)
                parts.append(rng.choice(["", "，", "人", "市", "甲"]))
            text = "".join(parts)
            bounds = {i for i in range(len(text) + 1) if rng.random() < 0.7}
            for boundaries in (None, bounds):
                got = list(mask.find(text, boundaries))
                assert got == _scan_every_character(mask, text, boundaries), text
    one_char = Mask("m", ["阳", "金", "金华"])
    assert list(one_char.find("甲阳金，金华")) == [(1, 2), (2, 3), (4, 6)]


def _mask_words(mask) -> list[str]:
    out: list[str] = []

    def walk(node: dict, prefix: str) -> None:
        if "" in node:
            out.append(prefix)
        for ch, child in node.items():
            if ch:
                walk(child, prefix + ch)

    walk(mask.trie, "")
    return out
