"""Damage seen on real pages, one test per repair (invented text in the same shapes)."""

from __future__ import annotations

import pytest

from pipeline.ingest import load_ingest_settings, read_source, split_reports
from pipeline.normalize import Flag, NormalizedText, Normalizer, load_settings
from pipeline.normalize.offsets import OffsetMap
from pipeline.normalize.settings import ConfigError, load_mojibake_table
from pipeline.records.build import _outside_flags
from pipeline.records.model import Entity

INGEST = load_ingest_settings()
SETTINGS = load_settings()
NORMALIZER = Normalizer(SETTINGS)


def _normalized(raw: str, normalizer: Normalizer = NORMALIZER) -> NormalizedText:
    source = read_source("t.txt", data=raw.encode("utf-8"), settings=INGEST)
    return normalizer.normalize_report(split_reports(source, INGEST)[0])


def _text(raw: str) -> str:
    return _normalized(raw).text


def test_traditional_with_pinyin_debris() -> None:
    raw = "3月3日,東河縣公安局總結(jié)了近期工作,隨著專項行動開展,破獲案件12起。"
    assert _text(raw) == "3月3日,东河县公安局总结了近期工作,随着专项行动开展,破获案件12起。"


def test_fixups_leave_simplified_text_alone() -> None:
    # `随著` in a text that conversion did not change is left as written
    assert _text("东河警方随著名专家走访社区。") == "东河警方随著名专家走访社区。"


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("5月9日 8 时许,民警接到报警。", "5月9日8时许,民警接到报警。"),
        ("今年共抓获嫌疑人 1 2 人。", "今年共抓获嫌疑人12人。"),
        ("2 0 1 9 年全市发案下降。", "2019年全市发案下降。"),
        ("发案同比下降 3. 5 %。", "发案同比下降3.5%。"),
        ("热线:0531-8519 6329。", "热线:0531-8519 6329。"),  # two numbers stay apart
    ],
)
def test_spaces_inside_numbers_and_dates(raw: str, text: str) -> None:
    assert _text(raw) == text


def test_spaces_after_sentence_punctuation() -> None:
    raw = "东河警方破获一起盗窃案。 民警提醒市民锁好车辆! 谨防被盗。"
    assert _text(raw) == "东河警方破获一起盗窃案。民警提醒市民锁好车辆!谨防被盗。"


def test_letter_spaced_runs() -> None:
    assert _text("全 市 公 安 机 关 破获案件12起。") == "全市公安机关破获案件12起。"
    assert NORMALIZER.normalize_title("警 方 提 醒") == "警方提醒"
    assert NORMALIZER.normalize_title("担责在肩 筑牢安全稳定防线") == "担责在肩 筑牢安全稳定防线"


def test_mojibake_table_repairs_only_listed_sequences() -> None:
    raw = "东河警方开展&ldquo;净网&rdquo;行动,锟斤拷破获案件â€¦共12起。"
    got = _normalized(raw)
    assert got.text == "东河警方开展“净网”行动,破获案件…共12起。"
    # a repaired character points at the start of its damaged sequence in the raw text
    quote = got.text.index("“")
    assert raw[got.offsets.to_raw(quote) :].startswith("&ldquo;")


def test_mojibake_table_is_validated(tmp_path) -> None:
    (tmp_path / "bad.tsv").write_text("no tab here\n", encoding="utf-8")
    settings = SETTINGS.model_copy(
        update={"mojibake": SETTINGS.mojibake.model_copy(update={"table": "bad.tsv"})}
    )
    with pytest.raises(ConfigError, match=r"bad\.tsv:1: expected"):
        load_mojibake_table(settings, base=tmp_path)


SPAM = "7月1日,某发体育在线_某发体育投注-彩票平台:公安局召开上半年工作会议。"


def test_spam_over_a_name_is_flagged_in_place() -> None:
    got = _normalized(SPAM)
    assert got.text == SPAM
    (flag,) = got.flags
    assert flag.kind == "spam"
    assert got.text[flag.start : flag.end] == "某发体育在线_某发体育投注-彩票平台:"


def test_spam_can_be_removed() -> None:
    settings = SETTINGS.model_copy(
        update={"spam": SETTINGS.spam.model_copy(update={"action": "remove"})}
    )
    got = _normalized(SPAM, Normalizer(settings))
    assert got.text == "7月1日,公安局召开上半年工作会议。"
    assert got.flags == ()


def test_no_entity_inside_flagged_spam() -> None:
    a, b = SPAM.index("某"), SPAM.index("公安局")
    flags = (Flag("spam", a, b, SPAM[a:b]),)
    normalized = NormalizedText(SPAM, OffsetMap.from_positions(range(len(SPAM))), flags)
    inside = Entity(label="ORG", start=a, end=a + 6, text=SPAM[a : a + 6], norm=SPAM[a : a + 6])
    after = Entity(label="UNIT", start=b, end=b + 3, text="公安局", norm="公安局")
    assert _outside_flags([inside, after], normalized) == [after]
