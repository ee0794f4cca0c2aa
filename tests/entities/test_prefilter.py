"""The rule prefilter: what a regex needs, and searches that equal the plain search."""

from __future__ import annotations

import dataclasses
import random
import re
from pathlib import Path

import pytest
import spacy

from pipeline.entities.merge import score_then_longest
from pipeline.entities.prefilter import Needs, RuleSearch, TextIndex, Vocabulary, analyze
from pipeline.entities.ruler import EntityRuler
from pipeline.entities.rules import MASK_CHAR, RuleError, load_rules
from pipeline.paths import project_root

RULES = project_root() / "configs" / "entities"
NO_NEEDS = Needs(None, None, None)

# Invented sentences in the genre (no real report's text): filler for random texts.
FILLER = (
    "某县公安局城东派出所民警张某于今年3月破获一起盗窃案，抓获嫌疑人李某某等2人。"
    "市局刑侦支队联合高新区分局开展“净网”专项行动，查处涉诈案件12起、追回损失30余万元。"
    "在春节期间，全市公安机关加强巡逻防控，表彰先进集体和个人，所长王明表示将继续努力。"
)


def _all_matches(regex: re.Pattern[str], text: str, search) -> list[tuple]:
    """Every match the ruler's loop would visit, as comparable tuples."""
    out, pos = [], 0
    while pos <= len(text):
        m = search(pos)
        if m is None:
            break
        out.append((m.span(), m.groups(), m.groupdict()))
        pos = m.end() if m.end() > m.start() else m.start() + 1
    return out


def _same_as_plain(pattern: str, text: str) -> None:
    regex = re.compile(pattern)
    needs = analyze(pattern)
    finder = RuleSearch(regex, text, needs, TextIndex(text))
    if finder.windows == []:
        assert regex.search(text) is None, (pattern, text)
        return
    expected = _all_matches(regex, text, lambda at: regex.search(text, at))
    assert _all_matches(regex, text, finder.search) == expected, (pattern, text)


def test_literals_width_and_reach_of_simple_patterns() -> None:
    needs = analyze("公安(?:局|厅)")
    assert needs.literals == {"公安局", "公安厅"}
    assert (needs.width, needs.reach) == (3, 3)
    # small sets multiply out; a literal containing another of the set is dropped
    assert analyze("[一二三]{1,2}大队(?=[，。])").literals == {"一大队", "二大队", "三大队"}
    # the best factor of a sequence: the long word, not the one-character class
    assert analyze("[^，]{1,2}[甲乙]派出所").literals == {"甲派出所", "乙派出所"}
    assert analyze("[^，]{1,2}[甲乙丙丁戊己庚辛壬癸]{2}派出所").literals == {"派出所"}
    assert analyze("[一二三]{1,2}大队(?=[，。])").reach == 5
    # a lookbehind examines only what precedes the start
    assert analyze("(?<=涉嫌)[^，]{2,4}罪").reach == 5
    # optional pieces multiply out; `月` alone says what `月上旬` says
    assert analyze("[0-9]{1,2}月(?:上旬|中旬)?").literals == {"月"}


@pytest.mark.parametrize(
    "pattern",
    [
        r"(.)\1",  # a back-reference: nothing is derived
        r"[^，。]{2,5}",  # no literal at all
        r"(?i:ab)c?",  # case folding
        r"(?:派出所)?",  # can match the empty string
        r"(?:a|[^b])y?",  # one alternative has no literal
    ],
)
def test_underivable_literals_give_none(pattern: str) -> None:
    assert analyze(pattern).literals is None


def test_unbounded_parts_give_no_width_or_reach() -> None:
    assert analyze("公安局[^，]+").width is None
    needs = analyze("公安局(?![^，]+年)")
    assert needs.width == 3 and needs.reach is None
    assert needs.literals == {"公安局"}


def test_runs_of_a_listed_class_are_bounded_by_the_texts_longest_run() -> None:
    # `[0-9]+` consumes at most the longest run of digits in the text, and examines the
    # character after it
    needs = analyze("公安局(?![0-9]+年)")
    assert (needs.width, needs.reach, needs.reach_runs) == (3, 4, (("[0-9]", 1),))
    needs = analyze(f"(?:{MASK_CHAR}+)?(?:市|县){MASK_CHAR}+公安局")
    assert (needs.width, needs.width_runs) == (4, ((MASK_CHAR, 2),))
    index = TextIndex(f"{MASK_CHAR * 3}市{MASK_CHAR * 2}公安局，12年1")
    assert needs.width_in(index) == 4 + 2 * 3
    assert analyze("公安局(?![0-9]+年)").reach_in(index) == 4 + 2
    # a class that is not a plain list of characters is not counted
    assert analyze("公安局(?![^，]+年)").reach_runs == ()


def test_a_literal_read_by_a_lookahead_is_required_within_the_reach() -> None:
    needs = analyze("(?<![长记])(?P<span>[王张][^，]{1,2})(?=同志)")
    assert (needs.literals, needs.width) == ({"同志"}, 5)
    assert analyze("[王张][^，]{1,2}(?=同志|表示)").literals == {"同志", "表示"}
    # a negative lookahead, a lookbehind, an optional lookahead require nothing
    assert analyze("[^，]{1,2}(?!同志)").literals is None
    assert analyze("(?<=同志)[^，]{1,2}").literals is None
    assert analyze("[^，]{1,2}(?:(?=同志)|等)?").literals is None


def test_a_free_tail_is_left_out_of_width_and_reach() -> None:
    # `(?:大队|中队)*` can always match nothing: `市公安局` alone decides where the
    # pattern matches, and a match found on the cut text is taken again on the whole text
    needs = analyze("(?P<span>[市县]公安局(?:[一二三四五六七八九]*(?:大队|中队))*)")
    assert (needs.literals, needs.width, needs.reach, needs.tail) == ({"市公安局", "县公安局"}, 4, 4, True)
    text = "甲" * 200 + "市公安局一大队二中队" + "乙" * 200
    regex = re.compile("(?P<span>[市县]公安局(?:[一二三四五六七八九]*(?:大队|中队))*)")
    finder = RuleSearch(regex, text, needs, TextIndex(text))
    assert finder.windows and finder.search(0).group() == "市公安局一大队二中队"
    # a lookahead after the tail is no free tail
    assert analyze("[市县]公安局(?:大队|中队)*(?!门)").tail is False


def test_text_without_the_literal_is_skipped_and_rare_literals_make_windows() -> None:
    needs = analyze("(?P<span>[^，。]{2,4}派出所)")
    text = "甲" * 200 + "城东派出所" + "乙" * 200
    finder = RuleSearch(re.compile("(?P<span>[^，。]{2,4}派出所)"), text, needs, TextIndex(text))
    assert finder.windows and finder.windows[0][1] == 202
    assert finder.search(0).group("span") == "甲甲城东派出所"
    assert RuleSearch(re.compile("派出所"), "乙" * 50, analyze("派出所"),
                      TextIndex("乙" * 50)).windows == []


def test_lookbehind_before_the_window_and_lookahead_after_it_are_seen() -> None:
    # the lookbehind reads characters before the window's first start; the negative
    # lookahead reads past the window's last start: both must decide as on the whole text
    pattern = r"(?<=破获)[^，]{1,3}案(?!件)"
    for text in ("破获盗窃案件，破获抢劫案。" + "甲" * 80, "甲" * 80 + "破获诈骗案，"):
        _same_as_plain(pattern, text)


PATTERNS = [
    r"(?P<span>[^，。]{1,6}?(?:派出所|分局))(?=[，。]|$)",
    r"(?<![0-9])[0-9]{1,2}[·.][0-9]{1,2}[^，]{0,8}?案(?!件)",
    r"(?:^|(?<=[，。]))[^，。]{2,3}某(?:某)?(?=[，。等])",
    r"“(?P<span>[^“”]{2,10})”专项行动",
    r"(?:破获|侦破)(?!一起)(?P<span>[^，。]{2,8}?案)(?=[0-9]+起)",
    r"局长(?P<span>[王张李][^，。]{1,2}?)(?=表示|，)",
    r"\ue000+(?:市|县)?公安局",
    r"[^，。]{0,3}(?:大队|中队)\b",
    r"(?P<span>(?:\ue000+)?[市县]?公安局(?:[0-9一二]*(?:大队|中队)|分局)*)",
    r"(?:(?:\ue000+)?兵团)?第[一二]师(?:公安局(?:大队)*|分局)|\ue000+兵团(?:公安局(?:大队)*|分局)",
    r"(?<![0-9])(?![0-9]+年)[0-9]{1,2}[^，。0-9]{1,4}?(?:大队|中队)(?:[，。]?(?:派出所|案)+)?",
    r"(?<![长])(?P<span>[王张][^，。]{1,2})(?=同志|表示)",
    r"(?:[王张]某{1,2}|[^，。]某)(?=(?:[（(][男女]|等)[，,、])",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_windows_equal_the_plain_search_on_random_texts(pattern: str) -> None:
    rng = random.Random(7)
    pieces = ["派出所", "分局", "案", "案件", "某", "某某", "“", "”", "专项行动", "破获",
              "侦破", "一起", "局长", "表示", "大队", "中队", "公安局", "市", MASK_CHAR * 3,
              "12", "3.15", "，", "。", "等", "起", "王", "张", "兵团", "第一师", "第二师",
              "2024年", "一", MASK_CHAR, "同志", "（男，", "(女、"]
    for _ in range(300):
        parts = []
        for _ in range(rng.randint(0, 12)):
            parts.append(rng.choice(FILLER) * rng.randint(1, 30) if rng.random() < 0.5
                         else rng.choice(pieces))
        _same_as_plain(pattern, "".join(parts))


def _random_texts(rng: random.Random, literals: list[str], n: int) -> list[str]:
    texts = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 15)):
            roll = rng.random()
            if roll < 0.4:
                start = rng.randrange(len(FILLER))
                parts.append(FILLER[start : start + rng.randint(1, 40)])
            elif roll < 0.9:
                parts.append(rng.choice(literals))
            else:
                parts.append(MASK_CHAR * rng.randint(1, 4))
        texts.append("".join(parts))
    return texts


def test_every_project_rule_equals_its_plain_search_on_random_texts() -> None:
    """The shipped rules (whatever the rule writers add): prefiltered == unfiltered."""
    ruleset = load_rules(RULES)
    literals = sorted({lit for r in ruleset.rules if r.needs.literals for lit in r.needs.literals})
    rng = random.Random(11)
    texts = _random_texts(rng, literals, 60)
    checked = 0
    for rule in ruleset.rules:
        for text in texts:
            finder = RuleSearch(rule.regex, text, rule.needs, TextIndex(text))
            plain = _all_matches(rule.regex, text, lambda at, r=rule, t=text: r.regex.search(t, at))
            if finder.windows == []:
                assert plain == [], rule.id
                continue
            assert _all_matches(rule.regex, text, finder.search) == plain, rule.id
            checked += finder.windows is not None
    assert checked > 100  # the windows were really used


@pytest.fixture(scope="module")
def ruler() -> EntityRuler:
    ruler = EntityRuler(spacy.blank("zh"), "entity_rules", score_then_longest(),
                        ["OFFICIAL", "PERSON"])
    ruler.initialize(rules_dir=str(RULES))
    return ruler


def test_candidates_with_and_without_prefilter_are_equal(ruler: EntityRuler) -> None:
    ruleset = ruler.ruleset
    assert ruleset is not None
    plain = dataclasses.replace(
        ruleset, rules=[dataclasses.replace(r, needs=NO_NEEDS) for r in ruleset.rules]
    )
    unfiltered = EntityRuler(spacy.blank("zh"), "plain", score_then_longest(), [])
    unfiltered.ruleset = plain
    literals = sorted({lit for r in ruleset.rules if r.needs.literals for lit in r.needs.literals})
    rng = random.Random(5)
    for text in [FILLER, *_random_texts(rng, literals, 40)]:
        clean = text.replace(MASK_CHAR, "")
        assert ruler.candidates(clean) == unfiltered.candidates(clean)


def test_a_rule_without_derivable_literals_still_runs(tmp_path: Path) -> None:
    (tmp_path / "unit.yaml").write_text(
        "label: UNIT\nrules:\n"
        "  - id: u.any\n    pattern: '(?P<span>[^，。]{2}(.)\\2)'\n    score: 0.7\n",
        encoding="utf-8",
    )
    rules = load_rules(tmp_path)
    assert rules.rules[0].needs.literals is None
    ruler = EntityRuler(spacy.blank("zh"), "entity_rules", score_then_longest(), [])
    ruler.ruleset = rules
    assert [(c.start, c.end) for c in ruler.candidates("，城东队队，")] == [(1, 5)]


def test_variable_lookbehind_is_still_an_error_at_load(tmp_path: Path) -> None:
    (tmp_path / "unit.yaml").write_text(
        "label: UNIT\nrules:\n  - id: u.bad\n    pattern: '(?<=a|bc)d'\n", encoding="utf-8"
    )
    with pytest.raises(RuleError, match="u.bad"):
        load_rules(tmp_path)


def _rule_dir(tmp_path: Path, macros: str, pattern: str) -> Path:
    (tmp_path / "lexicons.yaml").write_text(f"macros:\n{macros}", encoding="utf-8")
    (tmp_path / "unit.yaml").write_text(
        f"label: UNIT\nrules:\n  - id: u.x\n    pattern: '{pattern}'\n", encoding="utf-8"
    )
    return tmp_path


@pytest.mark.parametrize(
    ("macros", "pattern"),
    [
        ("  A: '派出所|分局'\n", "[^，]{1,4}{A}"),
        # re turns an alternation of single characters, markers included, into a class
        ("  A: '[甲乙]'\n", "(?:{A}|“|”){2}大队"),
        # a placeholder written inside a class means its characters once expanded
        ("  A: '派出所'\n", "[{A}]{3}"),
        # a macro with a group renumbers the rule's groups
        ("  A: '(公安)局'\n", "{A}(派出所)"),
    ],
)
def test_needs_with_placeholders_are_valid_for_the_expanded_pattern(
    tmp_path: Path, macros: str, pattern: str
) -> None:
    rule = load_rules(_rule_dir(tmp_path, macros, pattern)).rules[0]
    rng = random.Random(3)
    pieces = ["派出所", "分局", "甲", "乙", "“", "”", "大队", "公安局", "，", "出", "所"]
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        finder = RuleSearch(rule.regex, text, rule.needs, TextIndex(text))
        plain = _all_matches(rule.regex, text, lambda at, t=text: rule.regex.search(t, at))
        if finder.windows == []:
            assert plain == []
        else:
            assert _all_matches(rule.regex, text, finder.search) == plain


def test_a_variable_lookbehind_inside_a_macro_is_an_error_at_load(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="u.x.*look-behind"):
        load_rules(_rule_dir(tmp_path, "  A: 'a|bc'\n", "(?<={A})d"))


def test_regexes_are_compiled_when_first_used(tmp_path: Path) -> None:
    rule = load_rules(_rule_dir(tmp_path, "  A: '派出所'\n", "城东{A}")).rules[0]
    assert "regex" not in vars(rule)  # nothing compiled at load time
    assert rule.regex.search("到城东派出所").group() == "城东派出所"
    assert "regex" in vars(rule)


def test_a_rule_whose_literals_are_absent_is_never_compiled(tmp_path: Path) -> None:
    rules = load_rules(_rule_dir(tmp_path, "  A: '派出所'\n", "城东{A}"))
    ruler = EntityRuler(spacy.blank("zh"), "entity_rules", score_then_longest(), [])
    ruler.ruleset = rules
    assert ruler.candidates("县公安局破获案件12起。") == []
    assert "regex" not in vars(rules.rules[0])  # the prefilter said no: no compile
    assert [(c.start, c.end) for c in ruler.candidates("到城东派出所")] == [(1, 6)]
    assert "regex" in vars(rules.rules[0])


def test_counts_made_from_the_vocabulary_equal_str_count() -> None:
    """The literals counted when the text is indexed (and those asked for later) give
    `str.count`, overlapping occurrences excluded as `str.count` does."""
    ruleset = load_rules(RULES)
    vocabulary = Vocabulary.of(r.needs for r in ruleset.rules)
    literals = sorted(vocabulary.zeros)
    rng = random.Random(3)
    for text in [FILLER, "某某某", *_random_texts(rng, literals, 40)]:
        index = TextIndex(text, vocabulary)
        for literal in [*literals, "某某", "市公安", "zz"]:
            assert index.count(literal) == text.count(literal), (literal, text)
        assert index.chars == set(text)
