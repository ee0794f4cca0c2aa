"""`cn_to_number` equals `cn2an.cn2an(text, "smart")` (None where cn2an raises).

cn2an stays installed as the reference. Exhaustive on short texts, on every single code
point of the Basic Multilingual Plane, on canonical numerals of 0..3,000 and big numbers,
on every numeral the values patterns find in the texts at hand, and at random on longer
texts near the grammar (a one-off run with 30,000 canonical numerals, every three-character
text and 30,000 random ones found no difference either).
"""

from __future__ import annotations

import itertools
import random
import re
import subprocess
import sys
from pathlib import Path

import cn2an
import pytest
import yaml

from pipeline.values.cnnum import _OURS, cn_to_number

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def reference(text: str) -> int | float | None:
    try:
        return cn2an.cn2an(text, "smart")
    except Exception:
        return None


def same(text: str) -> None:
    got, want = cn_to_number(text), reference(text)
    assert (got, type(got)) == (want, type(want)), text


def test_every_short_text() -> None:
    """Every text of up to two characters of the alphabet; of three and four over one
    character per grammar class (and each odd one: `〇`, `两`, `仨`, `拾`, `点`)."""
    for n in (1, 2):
        for chars in itertools.product(sorted(_OURS), repeat=n):
            same("".join(chars))
    for n in (3, 4):
        for chars in itertools.product("零〇一两仨十拾百千万亿点", repeat=n):
            same("".join(chars))


def test_every_single_character_of_the_basic_plane() -> None:
    for cp in range(0x10000):
        if not 0xD800 <= cp <= 0xDFFF:
            same(chr(cp))
            same("三" + chr(cp))


@pytest.mark.parametrize("mode", ["low", "up"])
def test_canonical_numerals(mode: str) -> None:
    rng = random.Random(7)
    numbers = [*range(3_000), *(rng.randrange(10**k) for k in range(4, 17) for _ in range(40))]
    for n in numbers:
        text = cn2an.an2cn(n, mode)
        assert cn_to_number(text) == n, text
        same(text)


def test_random_long_texts_near_the_grammar() -> None:
    rng = random.Random(11)
    alphabet = sorted(_OURS)
    digits = "零〇一二两三四五六七八九"
    units = "十百千万亿"
    for _ in range(6_000):
        if rng.random() < 0.5:  # a canonical numeral, perturbed: near the grammar's edges
            text = list(cn2an.an2cn(rng.randrange(10 ** rng.randint(1, 12))))
            for _ in range(rng.randint(0, 2)):
                i = rng.randrange(len(text) + 1)
                choice = rng.random()
                if choice < 0.4:
                    text.insert(i, rng.choice(digits + units))
                elif choice < 0.7 and i < len(text):
                    del text[i]
                elif i < len(text):
                    text[i] = rng.choice(alphabet)
            if rng.random() < 0.2:
                text += ["点", *rng.choices(digits, k=rng.randint(0, 4))]
            same("".join(text))
        else:
            same("".join(rng.choices(alphabet, k=rng.randint(4, 12))))


def test_forms_read_by_cn2an_itself_and_variants() -> None:
    for text in ["3万5千", "1万2", "负五", "五元", "十元五角", "廿三", "二十元整", "萬", "兩千",
                 "貳佰", "五點五", "３万", "1.5", "5", "-3", "三.五", "点五", "五点", "一点二点三",
                 "十一万三", "一万二", "两千三", "十万零一千", "一千零十一", "一万零百一十一",
                 "仨", "十仨", "仨百", "一点仨", "亿亿", "万万", "一亿亿", "十十", "零零"]:
        same(text)


def _values_cores() -> list[str]:
    """Every Chinese-numeral core the values patterns find in the texts at hand."""
    config = yaml.safe_load((ROOT / "configs" / "values.yaml").read_text(encoding="utf-8"))
    cn_num = re.compile(config["macros"]["CN_NUM"])
    folders = [ROOT / "corpus", SHARED / "dev" / "train" / "texts",
               SHARED / "dev" / "test" / "texts", SHARED / "seeds"]
    cores: set[str] = set()
    for folder in folders:
        for path in sorted(folder.rglob("*.txt")) if folder.is_dir() else []:
            text = path.read_text(encoding="utf-8", errors="replace")
            for m in cn_num.finditer(text):
                core = m.group()
                cores.add(core)
                cores.add("一" + core)  # numbers._decimal's repair of a bare `百`/`千`
                for i in range(1, len(core)):  # every shorter reading the finder may try
                    cores.add(core[:i])
                    cores.add(core[i:])
    return sorted(cores)


def test_every_numeral_in_the_texts_at_hand() -> None:
    cores = _values_cores()
    assert len(cores) > 30
    for core in cores:
        same(core)


def test_reading_numerals_does_not_import_cn2an() -> None:
    code = (
        "import sys\n"
        "from pipeline.values import parse_number, parse_count\n"
        "assert parse_number('三万五千') == 35000 and parse_number('一百零五点五') == 105.5\n"
        "assert parse_count('两千人') == 2000 and parse_count('民警') is None\n"
        "print('cn2an' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
