"""One test per normalization rule, through the public API where possible."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import RawReport, SourceFile, load_ingest_settings, read_source, split_reports
from pipeline.normalize import (
    Normalizer,
    NormalizeSettings,
    load_settings,
    normalize_bylines,
    normalize_report,
    normalize_title,
)
from pipeline.normalize.rules import count_han, is_han, width_char
from pipeline.normalize.settings import T2SSettings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
INGEST = load_ingest_settings()


def _text(raw: str, settings: NormalizeSettings | None = None) -> str:
    """Normalized text of the first report of a raw text."""
    source = read_source("t.txt", data=raw.encode("utf-8"), settings=INGEST)
    report = split_reports(source, INGEST)[0]
    return Normalizer(settings or load_settings()).normalize_report(report).text


def _body(raw: str, settings: NormalizeSettings | None = None) -> str:
    """Normalize raw lines given as one report body, one range per line."""
    source = SourceFile("t.txt", "t", "", "utf-8", "text", raw)
    body, pos = [], 0
    for line in raw.split("\n"):
        body.append((pos, pos + len(line)))
        pos += len(line) + 1
    report = RawReport(source, 1, "", (), tuple(body))
    return normalize_report(report, settings or load_settings()).text


def test_full_width_digits_and_letters_only() -> None:
    assert _body("抓获嫌疑人１２名，ＧＰＳ终端ｂ型，覆盖率９５％。") == (
        "抓获嫌疑人12名，GPS终端b型，覆盖率95％。"
    )
    assert width_char("，") == "，" and width_char("\u3000") == " "


def test_pinyin_debris_removed_and_converted() -> None:
    assert (
        _body("市公安局機(jī)關(guān)党委（dǎng wěi）召开会议(GPS)。")
        == "市公安局机关党委召开会议(GPS)。"
    )


def test_chrome_lines_dropped() -> None:
    raw = "\n".join(
        [
            "首页 > 新闻中心 > 警务动态",
            "发布时间：2021-07-08 来源：城西派出所",
            "字号：大 中 小",
            "民警开展巡逻。(完)",
            "责任编辑：王丽",
            "编辑：李四",
            "来源：市公安局",
            "【打印】【关闭】",
            "分享到：",
            "浏览次数：123",
            "扫一扫在手机打开当前页",
        ]
    )
    assert _body(raw) == "民警开展巡逻。"


def test_letter_spaced_runs_lose_spaces() -> None:
    assert (
        _body("党 的 十 八 大 以来，助力平安 永 康 建 设。") == "党的十八大以来，助力平安永康建设。"
    )


def test_digit_latin_cjk_spaces_go() -> None:
    assert _body("勇夺“16 连冠”，完成 G20 杭州峰会安保，自 2014 年 7 月起。") == (
        "勇夺“16连冠”，完成G20杭州峰会安保，自2014年7月起。"
    )


def test_spaces_after_punctuation_go() -> None:
    assert (
        _body("担责在肩、 服务大局⋯⋯ 以民为本， 践行三能。")
        == "担责在肩、服务大局⋯⋯以民为本，践行三能。"
    )


def test_phrase_spaces_stay_in_headings_and_slogans() -> None:
    assert _body("主动服务大局 护航发展担当有为\n开展“立信义 弃陋习 扬正气”教育。") == (
        "主动服务大局 护航发展担当有为\n开展“立信义 弃陋习 扬正气”教育。"
    )


def test_lost_quote_document_drops_all_cjk_spaces() -> None:
    raw = (
        "服务三项 主题 活动\n"
        "深入推进 平安创建 活动,开展 净网行动 专项巡查,落实 最多跑一次 改革。\n"
        "坚持 两手硬 总要求,实现 零发生。"
    )
    assert _body(raw) == (
        "服务三项主题活动\n深入推进平安创建活动,开展净网行动专项巡查,落实最多跑一次改革。\n"
        "坚持两手硬总要求,实现零发生。"
    )
    off = load_settings().model_copy(
        update={
            "spaces": load_settings().spaces.model_copy(
                update={
                    "lost_quote": load_settings().spaces.lost_quote.model_copy(
                        update={"enabled": False}
                    )
                }
            )
        }
    )
    assert _body(raw, off).startswith("服务三项 主题 活动\n深入推进 平安创建 活动,")


def test_broken_lines_join_and_paragraphs_split() -> None:
    raw = "交警大队\n\n6月以来，交警大队在城区开展\n\n夜间整治，查处酒驾\n违法行为15起。\n\n\n\n民警提醒市民文明出行。\n"
    assert (
        _text(raw)
        == "6月以来，交警大队在城区开展夜间整治，查处酒驾违法行为15起。\n民警提醒市民文明出行。"
    )


def test_sentence_broken_at_a_one_character_clause_joins() -> None:
    raw = "标题一行\n\n上一段到此结束。\n\n县公安局还持续推进平安创建工\n\n程,建强反诈分中心。\n"
    assert _text(raw).split("\n") == [
        "上一段到此结束。",
        "县公安局还持续推进平安创建工程,建强反诈分中心。",
    ]


def test_column_layout_joins_two_line_heading_with_space() -> None:
    source = read_source(FIXTURES / "columns.txt", settings=INGEST)
    (report,) = split_reports(source, INGEST)
    normalizer = Normalizer(load_settings())
    assert normalizer.normalize_title(report.title) == "平安城西这一年"
    assert normalizer.normalize_report(report).text.split("\n") == [
        "守护平安、服务群众，今年以来，城西派出所全力推进社区警务工作，辖区治安持续向好。",
        "打击犯罪 守护一方平安",
        "今年以来，派出所共破获刑事案件128起，抓获犯罪嫌疑人46人，为群众挽回经济损失230万元。"
        "开展“净网”“护苗”等专项行动，立案侦办涉网案件17起。",
    ]


def test_traditional_to_simplified_switchable() -> None:
    raw = "本週六，市警察局舉辦反詐騙宣導活動。"
    assert _body(raw) == "本周六，市警察局举办反诈骗宣导活动。"
    off = NormalizeSettings(t2s=T2SSettings(enabled=False))
    assert _body(raw, off) == raw
    # auto mode leaves simplified text with a stray traditional character alone
    auto = NormalizeSettings(t2s=T2SSettings(mode="auto", min_changed_share=0.2))
    assert _body("市公安局开展巡逻活动，民警們到场。", auto) == "市公安局开展巡逻活动，民警們到场。"
    assert _body(raw, auto) == "本周六，市警察局举办反诈骗宣导活动。"


def test_title_keeps_inner_spaces() -> None:
    settings = load_settings()
    assert normalize_title("## 市看守所内 一次特殊 见面  ", settings) == "市看守所内 一次特殊 见面"
    assert normalize_title(" ——回看城西这十年", settings) == "回看城西这十年"
    assert normalize_title("# 舉辦２０２１年 宣導活動", settings) == "举办2021年 宣导活动"


def test_bylines_normalized() -> None:
    source = read_source(FIXTURES / "big5.txt", settings=INGEST)
    report = split_reports(source, INGEST)[0]
    assert [(b.role, b.name) for b in normalize_bylines(report.bylines, load_settings())] == [
        ("记者", "林志明")
    ]


@pytest.mark.parametrize(
    "name",
    sorted(
        p.name
        for p in FIXTURES.iterdir()
        if p.suffix in {".txt", ".md", ".html"}
        and p.name not in {"empty.txt", "blank.txt", "undecodable.txt"}
    ),
)
def test_offset_map_points_back_to_raw(name: str) -> None:
    """Every normalized character is its raw character, up to the width/t2s rules; a
    separator (space, newline) maps to raw whitespace."""
    import opencc

    converter = opencc.OpenCC("t2s")
    source = read_source(FIXTURES / name, settings=INGEST)
    normalizer = Normalizer(load_settings())
    for report in split_reports(source, INGEST):
        result = normalizer.normalize_report(report)
        assert result.offsets.length == len(result.text)
        for i, ch in enumerate(result.text):
            raw = source.text[result.offsets.to_raw(i)]
            assert (
                raw == ch
                or (raw.isspace() and ch.isspace())
                or converter.convert(width_char(raw)) == ch
            ), (report.id, i, ch, raw)
        compact = result.offsets.to_compact()
        assert all(len(run) == 3 for run in compact)
        assert sum(run[2] for run in compact) == len(result.text)


def test_line_ending_in_colon_ends_paragraph_outside_columns() -> None:
    raw = "通报\n\n各分局、派出所：\n今年以来，全市发案同比下降。\n"
    assert _text(raw) == "各分局、派出所：\n今年以来，全市发案同比下降。"


def test_count_han_counts_exactly_the_is_han_characters() -> None:
    every = "".join(chr(c) for c in range(0x110000))
    assert count_han(every) == sum(1 for ch in every if is_han(ch))
    assert count_han("警方2023年ABC") == 3 and count_han("") == 0
