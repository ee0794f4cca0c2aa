"""Property tests: the value parsers never raise, and head counts are whole numbers."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.values import (
    find_quantities,
    parse_count,
    parse_days,
    parse_money,
    parse_number,
    parse_percent,
    resolve_date,
)

# Characters bulletins put around numbers: digits (both widths), Chinese numerals,
# multipliers, approximation words, units, date words, punctuation and some plain text.
ALPHABET = (
    "0123456789０１２３４５６７８９.,%％‰"
    "零〇一二两三四五六七八九十百千万亿点"
    "余多近约超逾数几上来以左右"
    "人名起宗件个伙元天日月年时分许号成头套吨克米"
    "今昨次当同去上下半季度春节国庆期间前夕凌晨午晚"
    "(（)）至-～，。、的和在破获抓"
)
texts = st.text(alphabet=ALPHABET, max_size=24)
CLASSIFIERS = ["人", "名", "起", "宗", "件", "个", "伙", "户", "次", "项", "条"]
APPROX_BEFORE = ["", "近", "约", "超过"]
APPROX_AFTER = ["", "余", "多"]


counts = st.tuples(
    st.sampled_from(APPROX_BEFORE),
    st.one_of(
        st.integers(min_value=0, max_value=10**9).map(str),
        st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False,
                    allow_infinity=False).map(lambda d: format(Decimal(d), "f")),
        st.text(alphabet="零一二两三四五六七八九十百千万点", min_size=1, max_size=6),
    ),
    st.sampled_from(["", "万"]),
    st.sampled_from(APPROX_AFTER),
    st.sampled_from(CLASSIFIERS),
).map("".join)


@settings(max_examples=10_000, deadline=None)
@given(st.one_of(texts.map(lambda t: (t, False)), counts.map(lambda t: (t, True))),
       st.sampled_from([None, 2015, 2023]),
       st.sampled_from([None, "2023", "2023-05", "2023-05-09"]))
def test_parsers_never_raise_and_count_whole(case: tuple[str, bool], year: int | None,
                                              reference: str | None) -> None:
    """Any text: no parser raises, found mentions slice the text. A head count built from
    a number and a plain classifier is an int (or None when the number is not whole)."""
    text, is_count = case
    for parse in (parse_number, parse_money, parse_percent, parse_days):
        parse(text)
    value = parse_count(text)
    resolve_date(text, year, reference=reference, anchor=reference)
    for q in find_quantities(text, year, reference=reference):
        assert text[q.start:q.end] == q.text
    if is_count:
        n = value["n"] if isinstance(value, dict) else value
        assert n is None or (isinstance(n, int) and not isinstance(n, bool)), (text, value)
