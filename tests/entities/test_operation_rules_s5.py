"""OPERATION rules reading lost quotes (`quote_view`), and the session-5 guards.

Invented sentences in the shape of a source that turned its quotation marks into spaces:
normalize removed the spaces and recorded where they stood (`doc._.quote_gaps`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.docext import quote_gaps
from pipeline.entities.merge import score_then_longest
from pipeline.entities.quoteview import LOST_QUOTE_SUFFIX, QuoteView
from pipeline.entities.ruler import EntityRuler
from pipeline.entities.rules import load_rules
from pipeline.paths import project_root

RULES = project_root() / "configs" / "entities"

Gaps = tuple[tuple[int, str], ...]


def gaps_around(text: str, name: str) -> Gaps:
    """The gaps of a name whose quotes were lost: an opening before, a closing after it."""
    at = text.index(name)
    return ((at, "“"), (at + len(name), "”"))


def make_run(rules_dir: Path) -> Callable[[str, Gaps], Doc]:
    nlp = spacy.blank("zh")
    ruler = EntityRuler(nlp, "entity_rules", score_then_longest(), ["OFFICIAL", "PERSON"])
    ruler.initialize(rules_dir=str(rules_dir))

    def _run(text: str, gaps: Gaps = ()) -> Doc:
        doc = nlp.make_doc(text)
        if gaps:
            doc._.quote_gaps = gaps
        return ruler(doc)

    return _run


@pytest.fixture(scope="module")
def run() -> Callable[[str, Gaps], Doc]:
    return make_run(RULES)


def operations(doc: Doc) -> dict[str, str]:
    """OPERATION text -> the rule that made it."""
    meta = doc._.entity_meta
    return {
        e.text: meta[(e.start_char, e.end_char)]["rule"] for e in doc.ents if e.label_ == "OPERATION"
    }


# --- the quote view in the shipped OPERATION rules ---------------------------------------


def test_lost_quotes_bound_a_campaign_name(run) -> None:
    text = "深入推进护航青山、守望绿水实践活动梯次推进各项工作。"
    name = "护航青山、守望绿水"
    found = operations(run(text, gaps_around(text, name)))
    assert name in found
    assert found[name].endswith(LOST_QUOTE_SUFFIX)  # says how it was found
    # without the recorded gaps the rules cannot know where the name stops
    assert name not in operations(run(text))


def test_lost_quotes_before_a_mechanism_head(run) -> None:
    text = "各所试点一案三查工作机制，成效明显。"
    found = operations(run(text, gaps_around(text, "一案三查")))
    assert "一案三查" in found
    assert "一案三查" not in operations(run(text))


def test_lost_quotes_after_a_campaign_verb_take_a_number_name(run) -> None:
    text = "推出96120便民热线，群众办事更方便。"
    assert "96120" in operations(run(text, gaps_around(text, "96120")))


def test_offsets_stay_those_of_the_plain_text(run) -> None:
    text = "扎实开展青岚先锋主题教育，全警参与。"
    doc = run(text, gaps_around(text, "青岚先锋"))
    (ent,) = [e for e in doc.ents if e.label_ == "OPERATION"]
    assert (ent.start_char, ent.end_char) == (4, 8)
    assert doc.text == text


def test_stale_gaps_outside_the_text_are_ignored(run) -> None:
    text = "开展夏季治安打击整治百日行动。"
    plain = operations(run(text))
    assert operations(run(text, ((0, "“"), (len(text), "”"), (999, "“")))) == plain


# --- guards (plain text) -----------------------------------------------------------------


def test_a_bare_count_in_quotes_is_no_campaign(run) -> None:
    found = operations(run("严格落实“三项”机制，压实“两个”责任。"))
    assert "三项" not in found
    assert "两个" not in found


def test_a_quoted_style_is_no_campaign(run) -> None:
    found = operations(run("开展“岚山式”警务室创建，推进“净街2025”行动。"))
    assert "岚山式" not in found
    assert "净街2025" in found  # the guard leaves real names alone


def test_a_slogan_before_requirement_words_is_no_campaign(run) -> None:
    assert "三项建设" not in operations(run("全面落实“三项建设”要求。"))
    assert "岚山护航" in operations(run("全面推进“岚山护航”，成效明显。"))


# --- session-5 campaign shapes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a duration between the verb and the name
        ("组织开展为期三个月的打击整治涉枪违法犯罪专项行动。", "打击整治涉枪违法犯罪专项行动"),
        ("开展了为期一个月的禁赌专项整治。", "禁赌专项整治"),
        # a strike campaign outranks the offence category inside it
        ("深入开展打击整治盗窃电缆违法犯罪专项行动。", "打击整治盗窃电缆违法犯罪专项行动"),
        # battle-named campaigns after the verbs of fighting them
        ("全力打好禁赌攻坚战。", "禁赌攻坚战"),
        ("坚决打赢护林防火歼灭战。", "护林防火歼灭战"),
        # a quoted name holding its own head, wherever it stands
        ("在“秋风行动”中共抓获嫌疑人5名。", "秋风行动"),
        ("把理论教育、纪律教育“两项教育”贯穿始终。", "两项教育"),
    ],
)
def test_campaign_shapes(run, text: str, name: str) -> None:
    assert name in operations(run(text))


@pytest.mark.parametrize(
    ("text", "not_a_name"),
    [
        ("全力打好基础，提升能力。", "基础"),  # no battle head
        ("以欺骗、利诱等手段骗取工程款。", "欺骗"),  # items of means
        ("破获“金盛会”等组织领导传销活动案等案件。", "金盛会"),  # items of a case
        ("他在“家长课堂”中发言。", "家长课堂"),  # a quoted name without a campaign head
    ],
)
def test_not_campaigns(run, text: str, not_a_name: str) -> None:
    assert not_a_name not in operations(run(text))


# --- the option in rule YAML --------------------------------------------------------------


def write_rules(tmp_path: Path) -> Path:
    (tmp_path / "operation.yaml").write_text(
        "label: OPERATION\n"
        "quote_view: true\n"
        "rules:\n"
        "  - id: t.quoted\n"
        "    pattern: '“(?P<span>[^“”]{2,8})”'\n"
        "  - id: t.quoted_plain_only\n"
        "    quote_view: false\n"
        "    pattern: '“(?P<span>[^“”]{2,8})”(?=工作法)'\n",
        "utf-8",
    )
    return tmp_path


def test_option_defaults_from_the_file_and_is_overridden_per_rule(tmp_path: Path) -> None:
    rules = {r.id: r for r in load_rules(write_rules(tmp_path)).rules}
    assert rules["t.quoted"].quote_view is True
    assert rules["t.quoted_plain_only"].quote_view is False


def test_shipped_operation_rules_read_the_view_and_others_do_not() -> None:
    ruleset = load_rules(RULES)
    assert all(r.quote_view for r in ruleset.rules if r.id.startswith("operation."))
    assert not any(r.quote_view for r in ruleset.rules if r.id.startswith("unit."))


def test_only_quote_view_rules_see_the_marks(tmp_path: Path) -> None:
    run_tmp = make_run(write_rules(tmp_path))
    text = "推广峤南三问工作法。"
    doc = run_tmp(text, gaps_around(text, "峤南三问"))
    assert operations(doc) == {"峤南三问": "t.quoted" + LOST_QUOTE_SUFFIX}
    assert operations(run_tmp(text)) == {}


# --- the view and the Doc extension ---------------------------------------------------------


def test_view_inserts_marks_and_maps_offsets_back() -> None:
    view = QuoteView.build("推进甲乙活动", ((2, "“"), (4, "”")))
    assert view.text == "推进“甲乙”活动"
    assert [view.to_text(v) for v in (0, 2, 3, 5, 6, 8)] == [0, 2, 2, 4, 4, 6]
    assert view.apply("AABBCC") == "AA“BB”CC"  # the masked copy gets the same marks
    assert view.touches_mark(3, 5)  # `甲乙` between its marks
    assert not view.touches_mark(7, 8)


def test_gaps_cross_process_boundaries_as_pairs() -> None:
    nlp = spacy.blank("zh")
    doc = nlp.make_doc("推进甲乙活动")
    doc._.quote_gaps = ((4, "”"), (2, "“"))
    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert quote_gaps(back) == ((2, "“"), (4, "”"))
    assert quote_gaps(nlp.make_doc("推进甲乙活动")) == ()
