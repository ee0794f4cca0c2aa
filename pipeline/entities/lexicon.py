"""Lexicons (word lists kept as data in `configs/lexicons/`) and their regex form.

A lexicon is one column of a `.txt` or `.tsv` file. Rule patterns refer to lexicons by
name (`{unit_head}`); the name expands to a regex that matches any entry. Entries are
compiled into a character trie first, because Python's `re` tries alternatives one by
one: a 3,000-name alternation would be tried in full at every character of a report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ..configfile import read_text


class LexiconSpec(BaseModel):
    """Where a lexicon's entries come from: one column of a data file."""

    model_config = ConfigDict(extra="forbid")

    file: str
    column: int = 0
    min_length: int = 1
    exclude: list[str] = []
    exclude_file: str | None = None  # one entry per line, like a .txt lexicon
    # keep only rows whose cell in column `where_column` equals `where_equals`
    where_column: int | None = None
    where_equals: str | None = None


def read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(line number, cells) of a TAB-separated data file; `#` and blank lines skipped."""
    if not path.is_file():
        raise FileNotFoundError(f"lexicon file not found: {path}")
    rows = []
    for lineno, line in enumerate(read_text(path).splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append((lineno, [cell.strip() for cell in line.split("\t")]))
    return rows


def read_column(path: Path, column: int = 0) -> list[str]:
    """Non-empty entries of one column."""
    entries: list[str] = []
    for lineno, cells in read_rows(path):
        if column >= len(cells):
            raise ValueError(f"{path}:{lineno}: expected at least {column + 1} columns")
        if cells[column]:
            entries.append(cells[column])
    return entries


def load_lexicon(spec: LexiconSpec, base_dir: Path) -> list[str]:
    """Distinct entries in first-seen order, filtered by the spec."""
    path = (base_dir / spec.file).resolve()
    if spec.where_column is None:
        entries = read_column(path, spec.column)
    else:
        entries = [
            cells[spec.column]
            for _, cells in read_rows(path)
            if len(cells) > max(spec.column, spec.where_column)
            and cells[spec.where_column] == spec.where_equals
        ]
    excluded = set(spec.exclude)
    if spec.exclude_file:
        excluded.update(read_column((base_dir / spec.exclude_file).resolve(), 0))
    seen: dict[str, None] = {}
    for entry in entries:
        if len(entry) >= spec.min_length and entry not in excluded:
            seen.setdefault(entry, None)
    return list(seen)


def trie_regex(words: Iterable[str]) -> str:
    """A regex (non-capturing) matching exactly the given words, longest first."""
    trie: dict = {}
    for word in sorted(set(words)):
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return "(?!)"  # an empty lexicon matches nothing
    body = _trie_to_regex(trie)
    if len(trie) < GUARD_FIRSTS:
        return body
    # `re` tries a group's alternatives one by one (each a character compare): at a
    # character no word starts with, one class test fails the whole trie instead
    return "(?=[" + "".join(class_escape(ch) for ch in sorted(trie)) + "])" + body


# A trie whose words start with at least this many characters is guarded by a class of them.
GUARD_FIRSTS = 8


def _trie_to_regex(node: dict) -> str:
    ends_here = "" in node
    # Children that end a word and go no further (the 300 one-character surnames) become
    # one character class: `re` tries alternatives one by one, a class in one step.
    # (One pass in key order; a list membership test per child made the root quadratic.)
    leaves: list[str] = []
    branches: list[str] = []
    for ch, child in sorted(node.items()):
        if not ch:
            continue
        if len(child) == 1 and "" in child:
            leaves.append(ch)
        else:
            branches.append(re.escape(ch) + _trie_to_regex(child))
    if len(leaves) == 1:
        branches.append(re.escape(leaves[0]))
    elif leaves:
        branches.append("[" + "".join(class_escape(ch) for ch in leaves) + "]")
    if not branches:
        return ""
    # Longer continuations are tried before stopping here (greedy, longest match first);
    # leaves and branches start with different characters, so their order does not matter.
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return "(?:" + body + ")?"
    return body


def class_escape(ch: str) -> str:
    """`ch` escaped for use inside a regex character class (also used by rules.py)."""
    return "\\" + ch if ch in "\\]^-[" else ch
