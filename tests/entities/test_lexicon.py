"""`lexicon.trie_regex`: the one-pass trie writer gives the very regex of the earlier one."""

from __future__ import annotations

import random
import re

from pipeline.entities.lexicon import GUARD_FIRSTS, class_escape, trie_regex


def _old_trie_to_regex(node: dict) -> str:
    """The writer before session 5's start-up work (leaves listed, then filtered)."""
    ends_here = "" in node
    leaves = sorted(ch for ch, child in node.items() if ch and set(child) == {""})
    branches = [
        re.escape(ch) + _old_trie_to_regex(child)
        for ch, child in sorted(node.items())
        if ch and ch not in leaves
    ]
    if len(leaves) == 1:
        branches.append(re.escape(leaves[0]))
    elif leaves:
        branches.append("[" + "".join(class_escape(ch) for ch in leaves) + "]")
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return "(?:" + body + ")?"
    return body


def _old_trie_regex(words: list[str]) -> str:
    trie: dict = {}
    for word in sorted(set(words)):
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return "(?!)"
    body = _old_trie_to_regex(trie)
    if len(trie) < GUARD_FIRSTS:
        return body
    # the first-character guard (s6-rules) is not part of the writer compared here
    return "(?=[" + "".join(class_escape(ch) for ch in sorted(trie)) + "])" + body


def test_trie_regex_equals_the_earlier_writer_on_random_lexicons() -> None:
    rng = random.Random(11)
    alphabet = "公安局派出所分队张王李东西南北-]^[\\.*"
    for _ in range(400):
        words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5)))
                 for _ in range(rng.randint(0, 40))]
        assert trie_regex(words) == _old_trie_regex(words)


def test_trie_regex_matches_exactly_its_words_longest_first() -> None:
    pattern = re.compile(trie_regex(["公安", "公安局", "张", "王", "李某", "a-b"]))
    assert [m.group() for m in pattern.finditer("公安局和公安张王李某a-b")] == [
        "公安局", "公安", "张", "王", "李某", "a-b"]
    assert trie_regex([]) == trie_regex([""]) == "(?!)"
