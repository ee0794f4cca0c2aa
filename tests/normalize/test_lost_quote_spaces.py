"""Lost quotation marks: the spaces normalize drops are recorded beside the text.

Invented sentences in the shape of a source that turned every quotation mark into a space.
"""

from __future__ import annotations

from pipeline.ingest import RawReport, SourceFile
from pipeline.normalize import NormalizedText, Normalizer, load_settings
from pipeline.normalize.rules import quote_marks

SETTINGS = load_settings()

# Enough CJK-CJK spaces inside sentences for `has_lost_quotes` (min_count 3).
LOST = (
    "深入推进 岚山护航行动 专项巡查,开展 一镇一警 创建活动,落实 峤南三问 工作法。\n"
    "推出 96110 便民专线、党 的 建设,坚持 两快 要求。"
)


def _normalize(raw: str, settings=SETTINGS) -> NormalizedText:
    """Normalize raw lines given as one report body, one range per line."""
    source = SourceFile("t.txt", "t", "", "utf-8", "text", raw)
    body, pos = [], 0
    for line in raw.split("\n"):
        body.append((pos, pos + len(line)))
        pos += len(line) + 1
    return Normalizer(settings).normalize_report(RawReport(source, 1, "", (), tuple(body)))


def _restored(norm: NormalizedText) -> str:
    """The text with each recorded mark put back (what a `quote_view` rule reads)."""
    out, pos = [], 0
    for offset, mark in norm.quote_gaps:
        out += [norm.text[pos:offset], mark]
        pos = offset
    return "".join(out) + norm.text[pos:]


def test_text_stays_as_normalized_and_gaps_are_side_data() -> None:
    norm = _normalize(LOST)
    assert " " not in norm.text  # the text is what it was before gaps were recorded
    assert "“" not in norm.text
    assert norm.quote_gaps  # recorded beside it


def test_gaps_pair_up_as_quotes_within_a_clause() -> None:
    restored = _restored(_normalize(LOST))
    assert "深入推进“岚山护航行动”专项巡查" in restored
    assert "开展“一镇一警”创建活动" in restored
    assert "落实“峤南三问”工作法" in restored
    # a Latin/digit word of two or more between phrases counts too
    assert "推出“96110”便民专线" in restored


def test_letter_spacing_and_short_runs_are_not_gaps() -> None:
    restored = _restored(_normalize(LOST))
    assert "党的建设" in restored  # `党 的` is letter spacing, no quote
    # two-character runs on both sides are phrases: a quoted item
    assert "坚持“两快”要求" in restored


def test_offsets_point_between_the_right_characters() -> None:
    norm = _normalize(LOST)
    first_offset, first_mark = norm.quote_gaps[0]
    assert first_mark == "“"
    assert norm.text[first_offset - 2 : first_offset] == "推进"
    assert norm.text[first_offset : first_offset + 2] == "岚山"


def test_ordinary_document_records_nothing() -> None:
    # one phrase space only: the document did not lose its quotes, the space stays
    norm = _normalize("全市公安机关 开展夏季治安打击整治行动,破获案件12起。")
    assert norm.quote_gaps == ()
    assert " " in norm.text


def test_lines_without_sentence_punctuation_record_nothing() -> None:
    # a heading's phrase spaces are no quotes, even in a document that lost its quotes
    norm = _normalize("聚焦风险防控 维护稳定更加有力\n" + LOST)
    assert norm.text.startswith("聚焦风险防控维护稳定更加有力\n")
    heading_end = norm.text.index("\n")
    assert all(offset > heading_end for offset, _ in norm.quote_gaps)


def test_switched_off_records_nothing_and_keeps_the_text() -> None:
    lq = SETTINGS.spaces.lost_quote.model_copy(update={"record_gaps": False})
    off = SETTINGS.model_copy(
        update={"spaces": SETTINGS.spaces.model_copy(update={"lost_quote": lq})}
    )
    norm = _normalize(LOST, off)
    assert norm.quote_gaps == ()
    assert norm.text == _normalize(LOST).text


def test_quote_marks_alternate_and_restart_per_clause() -> None:
    text = "推进甲乙丙活动丁戊,开展己庚辛"
    # 推进|甲乙丙|活动丁戊 then, after the comma, 开展|己庚辛
    assert quote_marks(text, [2, 5, 12], "，,") == ((2, "“"), (5, "”"), (12, "“"))
    # the enumeration comma does not end a clause: `“甲、乙”` is one name
    assert quote_marks("推进甲、乙活动", [2, 5], "，,") == ((2, "“"), (5, "”"))
