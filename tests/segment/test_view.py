"""seg_view: the 1:1 character view the segmenter sees (train and run time)."""

from __future__ import annotations

from pipeline.segment.train import view_words
from pipeline.segment.view import seg_view


def test_length_is_preserved_on_mixed_text() -> None:
    text = "２０２４年3月，某市公安局破获案件1２起（同比上升27.1%）:涉案金额5.6万元。\u3000完"
    assert len(seg_view(text)) == len(text)


def test_fullwidth_digits_and_letters_become_ascii() -> None:
    assert seg_view("０１２３４５６７８９") == "0123456789"
    assert seg_view("ＡＢＣｘｙｚ") == "ABCxyz"


def test_ascii_punctuation_becomes_fullwidth() -> None:
    assert seg_view("27.1%") == "27．1％"
    assert seg_view("(a,b):c;d!") == "（a，b）：c；d！"


def test_ideographic_space_becomes_space_and_cjk_is_untouched() -> None:
    assert seg_view("民警\u3000辅警") == "民警 辅警"
    assert seg_view("公安局。，、“”《》") == "公安局。，、“”《》"


def test_view_is_idempotent() -> None:
    text = "ＡＢ12.5%（民警）"
    assert seg_view(seg_view(text)) == seg_view(text)


def test_corpus_words_keep_their_boundaries() -> None:
    # the corpus is full-width: the view must not glue or split words
    assert view_words("１９９８年  ２７．１％ 的 ＣＰＵ") == ["1998年", "27．1％", "的", "CPU"]


def test_no_viewed_word_contains_whitespace() -> None:
    # only U+3000 maps to a space, and str.split() already treats it as a separator
    words = view_words("甲\u3000乙 丙 (注)")
    assert words == ["甲", "乙", "丙", "（注）"]
    assert not any(ch.isspace() for word in words for ch in word)


def test_view_equals_the_translation_table() -> None:
    """`seg_view` and pkuseg's keyword renaming are regex substitutions now: the same as
    `str.translate` with their tables, for every code point and for random texts."""
    import random
    import sys

    from pipeline.segment.fastseg import _RENAME, _RENAMED
    from pipeline.segment.view import _TABLE

    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert seg_view(every) == every.translate(_TABLE)
    assert _RENAMED(every) == every.translate(_RENAME)
    alphabet = [chr(c) for c in _TABLE] + [chr(c) for c in _RENAME] + list("公安 \n\ud800𠀀")
    rng = random.Random("view")
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert seg_view(text) == text.translate(_TABLE)
        assert _RENAMED(text) == text.translate(_RENAME)


def test_translator_deletes_and_expands_like_translate() -> None:
    from pipeline.textutil import translator

    table = {ord("a"): None, ord("b"): "xy", ord("]"): ord("["), ord("\\"): "-"}
    for text in ["", "abc", "]]\\b", "中a文b"]:
        assert translator(table)(text) == text.translate(table)
    assert translator({})("abc") == "abc"
