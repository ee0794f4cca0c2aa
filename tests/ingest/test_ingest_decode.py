"""Decoding: BOMs, UTF-16 without BOM, strict UTF-8, GB18030/Big5 detection, error kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import IngestError, load_ingest_settings, read_source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
SETTINGS = load_ingest_settings()


def _read(name: str):
    return read_source(FIXTURES / name, settings=SETTINGS)


@pytest.mark.parametrize(
    ("name", "encoding", "first_line"),
    [
        ("gbk.txt", "gb18030", "市公安局召开夏季治安工作会议"),
        ("big5.txt", "big5", "市警察局舉辦反詐騙宣導活動"),
        ("traditional_utf8.txt", "utf-8", "市警察局舉辦反詐騙宣導活動"),
        ("utf16le_bom.txt", "utf-16-le", "城东派出所开展防溺水宣传"),
        ("utf8_bom.txt", "utf-8-sig", "交警大队开展夜查行动"),
    ],
)
def test_encodings_decode(name: str, encoding: str, first_line: str) -> None:
    source = _read(name)
    assert source.encoding == encoding
    assert source.kind == "text"
    assert source.text.splitlines()[0] == first_line
    assert "\ufeff" not in source.text
    assert source.stem == Path(name).stem
    assert len(source.sha256) == 64


def test_utf16_without_bom_is_detected_by_nul_pattern(tmp_path: Path) -> None:
    text = "城北派出所开展消防检查\n共排查隐患12处。\n"
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(text.encode(codec))
        source = read_source(path, settings=SETTINGS)
        assert (source.encoding, source.text) == (codec, text)


def test_short_gbk_falls_back_to_gb18030() -> None:
    # Too short for detection (PITFALLS §5: charset-normalizer says cp949 here).
    source = read_source("short.txt", data="报警电话110".encode("gbk"), settings=SETTINGS)
    assert (source.encoding, source.text) == ("gb18030", "报警电话110")


@pytest.mark.parametrize(
    ("text", "codec"),
    [("市警察局破獲竊案", "big5"), ("派出所民警", "big5"),  # kana/Cyrillic/rare as GB18030
     ("市警察局破獲竊案", "gb18030"), ("警方提醒：注意防骗", "gb18030")],
)
def test_short_input_takes_the_reading_with_fewer_rare_characters(text: str, codec: str) -> None:
    data = text.encode(codec)
    assert len(data) < SETTINGS.decode.min_detect_bytes
    source = read_source("short.txt", data=data, settings=SETTINGS)
    assert (source.encoding, source.text) == (codec, text)


def test_stdin_data_gets_stem_stdin() -> None:
    source = read_source("-", data="派出所开展巡逻。".encode(), settings=SETTINGS)
    assert source.stem == "stdin"
    assert source.path == "-"
    assert source.text == "派出所开展巡逻。"


@pytest.mark.parametrize(
    ("name", "offset", "fragment"),
    [
        ("empty.txt", None, "empty file (0 bytes)"),
        ("blank.txt", None, "empty file (only whitespace)"),
        ("binary.bin", 8, "binary content (NUL bytes at offset 8), expected text or HTML"),
        ("undecodable.txt", 8, "undecodable bytes at offset 8"),
    ],
)
def test_error_kinds(name: str, offset: int | None, fragment: str) -> None:
    with pytest.raises(IngestError) as info:
        _read(name)
    err = info.value
    message = str(err)
    assert "\n" not in message
    assert message.startswith(str(FIXTURES / name) + ": ")
    assert fragment in message
    assert err.offset == offset
    assert err.path == str(FIXTURES / name)


def test_missing_file_is_an_ingest_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        read_source(tmp_path / "nope.txt", settings=SETTINGS)


def test_control_class_is_unicode_cc_minus_allowed() -> None:
    """The regex of counted controls equals category Cc without the allowed layout controls."""
    import sys
    import unicodedata

    from pipeline.ingest.decode import _ALLOWED_CONTROLS, _CONTROLS

    expected = {
        chr(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) == "Cc" and chr(c) not in _ALLOWED_CONTROLS
    }
    found = {chr(c) for c in range(0x200) if _CONTROLS.match(chr(c))}
    assert found == expected
