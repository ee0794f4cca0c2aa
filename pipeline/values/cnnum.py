"""Chinese numerals -> numbers: exactly what `cn2an.cn2an(text, "smart")` returns.

Importing cn2an cost ~0.3 CPU-s of every start-up (it compiles a ~10 kB regex for its
grammar, and `proces` an address regex), on the first report that holds a Chinese
numeral. This module reads the same language (cn2an's grammar over classes of characters,
see `_integer_grammar`) and gives the same value (int or float, same float arithmetic) or None where cn2an raises.

Scope: cn2an first maps each character on its own (traditional -> simplified, full width
-> half width, `_VARIANTS`), then accepts only characters of its own alphabet. A text with
any other character is None here without asking it. Texts made only of numerals, units
and `点` (everything the values patterns give, `CN_NUM` in configs/values.yaml) are read
here. The rest of cn2an's alphabet (ASCII digits mixed with numerals such as `3万5千`,
`负`, `元`/`角`/`分`, `廿`) goes to cn2an itself, imported then: only `parse_number` on free
text (an event argument) can reach it. tests/values/test_cnnum.py checks the equality
exhaustively on short texts and at random on long ones.

The grammar, the spoken-form repairs and the conversion loops follow cn2an's own
(https://github.com/Ailln/cn2an, MIT licence, by Ailln), which stays a dependency.
"""

from __future__ import annotations

import re
from functools import cache

# cn2an's NUMBER_CN2AN / UNIT_CN2AN (`仨` it accepts as a digit but cannot convert).
_DIGIT_VALUE = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "幺": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
_UNIT_VALUE = {
    "十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10_000,
    "亿": 100_000_000,
}  # fmt: skip
_LOW_UNIT = {10: "十", 100: "百", 1000: "千", 10_000: "万", 100_000_000: "亿"}
# Characters cn2an's preprocessing maps into its alphabet (proces' traditional ->
# simplified table and full -> half width, one character at a time).
_VARIANTS = str.maketrans(
    "億兩叄圓萬負貳陸點－．０１２３４５６７８９", "亿两叁圆万负贰陆点-.0123456789"
)
# cn2an's alphabet in smart mode, plus what it strips or rewrites before checking it.
_ALPHABET = frozenset("零〇一壹幺二贰两三叁仨四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿点负")
_CN2AN_ONLY = frozenset("0123456789.-元圆整正角分廿")
_OURS = frozenset(_ALPHABET - {"负"})

# cn2an's "normal" grammar depends only on each character's class (its STRICT pattern with
# the NORMAL_CN_NUMBER variants): texts are mapped to one letter per class and matched
# against cn2an's pattern written over those letters (~1.3 k characters instead of ~9.6 k:
# it compiles in ~0.01 s, on first use).
_CLASS = str.maketrans(
    {**dict.fromkeys("零〇", "0"), **dict.fromkeys("一壹幺二贰两三叁仨四肆五伍六陆七柒八捌九玖", "1"),
     **dict.fromkeys("十拾", "T"), **dict.fromkeys("百佰", "H"), **dict.fromkeys("千仟", "K"),
     "万": "W", "亿": "Y"}
)  # fmt: skip
_DECIMAL_CHARS = frozenset("零〇一壹幺二贰两三叁仨四肆五伍六陆七柒八捌九玖")
_ALL_NUM = "".join(_DIGIT_VALUE)  # no `仨`, as in cn2an
_ALL_UNIT = "".join(_UNIT_VALUE)


@cache
def _integer_grammar() -> re.Pattern[str]:
    """cn2an's `__get_pattern` ("int"), piece by piece, over the class letters."""
    _1_9 = "1"
    _10_99 = f"{_1_9}?T{_1_9}?"
    _10_99_with_one = f"{_1_9}T{_1_9}?"
    _1_99 = f"(?:{_10_99}|{_1_9})"
    _100_999 = f"(?:{_1_9}H(?:0{_1_9})?|{_1_9}H{_10_99_with_one})"
    _1_999 = f"(?:{_100_999}|{_1_99})"
    _1000_9999 = f"(?:{_1_9}K(?:0{_1_99})?|{_1_9}K{_100_999})"
    _1_9999 = f"(?:{_1000_9999}|{_1_999})"
    _1e4_1e8 = f"(?:{_1_9999}W(?:0{_1_999})?|{_1_9999}W{_1000_9999})"
    _1_99999999 = f"(?:{_1e4_1e8}|{_1_9999})"
    _1e8_1e16 = f"(?:{_1_99999999}Y(?:0{_1_99999999})?|{_1_99999999}Y{_1e4_1e8})"
    return re.compile(f"0|{_1e8_1e16}|{_1_99999999}")


# cn2an's repairs of spoken forms (`__normalize_integer_data`) and its other patterns.
_ZERO_BEFORE_THOUSAND = re.compile(f"(万)零(?=[{_ALL_NUM}][千仟])")
_BIG_UNIT_MISSING_ZERO = re.compile(f"([万亿])([{_ALL_NUM}][十拾百佰])")
_THOUSAND_MISSING_ZERO = re.compile(f"([千仟])([{_ALL_NUM}]?[十拾])")
_UNIT_MISSING_ONE = re.compile("([百佰])([十拾])")
_SPEAKING = re.compile(f"([{_ALL_NUM}]{{0,2}}[{_ALL_UNIT}])+[{_ALL_NUM}]")


class _Reject(ValueError):
    """Where cn2an raises."""


def cn_to_number(text: str) -> int | float | None:
    """`cn2an.cn2an(text, "smart")`, or None where it raises."""
    text = text.translate(_VARIANTS)
    chars = set(text)
    if not text or not chars <= _ALPHABET | _CN2AN_ONLY:
        return None  # cn2an rejects every other character
    if not chars <= _OURS:
        return _cn2an(text)
    try:
        return _read(text)
    except _Reject:
        return None


def _cn2an(text: str) -> int | float | None:
    import cn2an  # only for the rare forms this module does not read itself

    try:
        return cn2an.cn2an(text, "smart")
    except Exception:  # cn2an raises plain ValueError/KeyError subclasses on bad input
        return None


def _read(text: str) -> int | float:
    """cn2an's smart path for a text of numerals, units and `点` only."""
    text = text.replace("零十", "零一十").replace("零百", "零一百")
    if "点" in text:
        parts = text.split("点")
        if len(parts) != 2:
            raise _Reject("more than one 点")
        integer, decimal = parts
    else:
        integer, decimal = text, None
    integer, all_digits = _check(_normalize(integer), decimal)
    if all_digits:
        value: int | float = _direct(integer)
    else:
        value = _integer(integer)
    if decimal is not None:
        value = round(value + _fraction(decimal), len(decimal))
    return value


def _normalize(integer: str) -> str:
    integer = _ZERO_BEFORE_THOUSAND.sub(r"\1", integer)
    integer = _BIG_UNIT_MISSING_ZERO.sub(r"\1零\2", integer)
    integer = _THOUSAND_MISSING_ZERO.sub(r"\1零\2", integer)
    integer = _UNIT_MISSING_ONE.sub(r"\1一\2", integer)
    return integer.replace("零十", "零一十").replace("零拾", "零一拾")


def _check(integer: str, decimal: str | None) -> tuple[str, bool]:
    """cn2an's `__check_input_data_is_valid` after its rewrites: the integer part to
    convert and whether it is read digit by digit (`二〇二一`)."""
    decimal_ok = decimal is None or (len(decimal) <= 16 and set(decimal) <= _DECIMAL_CHARS)
    if _integer_grammar().fullmatch(integer.translate(_CLASS)):
        if decimal_ok:
            return integer, False
        raise _Reject("decimals")
    if integer and set(integer) <= _DIGIT_VALUE.keys() and decimal_ok:
        return integer, True
    speaking = _SPEAKING.fullmatch(integer)
    if len(integer) >= 3 and speaking is not None:  # `一万二` = 12000
        last_unit = speaking.group(1)[-1]
        low = _LOW_UNIT.get(_UNIT_VALUE[last_unit] // 10)
        if low is None:  # cn2an fails on a KeyError here (`十`, `亿`)
            raise _Reject("no lower unit")
        if decimal_ok:
            return integer + low, False
    raise _Reject("not a numeral")


def _integer(integer: str) -> int:
    """cn2an's `__integer_convert`."""
    output, unit, ten_thousand_unit = 0, 1, 1
    for index, ch in enumerate(reversed(integer)):
        if ch in _DIGIT_VALUE:
            output += _DIGIT_VALUE[ch] * unit
        elif ch in _UNIT_VALUE:
            unit = _UNIT_VALUE[ch]
            if unit % 10000 == 0:
                if unit > ten_thousand_unit:
                    ten_thousand_unit = unit
                else:
                    ten_thousand_unit = unit * ten_thousand_unit
                    unit = ten_thousand_unit
            if unit < ten_thousand_unit:
                unit = unit * ten_thousand_unit
            if index == len(integer) - 1:
                output += unit
        else:
            raise _Reject(ch)  # `仨`
    return int(output)


def _fraction(decimal: str) -> float:
    """cn2an's `__decimal_convert` (same float operations in the same order)."""
    decimal = decimal[:16]
    output: float = 0
    for index in range(len(decimal) - 1, -1, -1):
        if decimal[index] not in _DIGIT_VALUE:
            raise _Reject(decimal[index])
        output += _DIGIT_VALUE[decimal[index]] * 10 ** -(index + 1)
    return round(output, len(decimal))


def _direct(integer: str) -> int:
    """cn2an's `__direct_convert`: digit by digit."""
    output = 0
    for index in range(len(integer) - 1, -1, -1):
        if integer[index] not in _DIGIT_VALUE:
            raise _Reject(integer[index])
        output += _DIGIT_VALUE[integer[index]] * 10 ** (len(integer) - index - 1)
    return output
