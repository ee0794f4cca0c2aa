"""Sentence spans and sentence starts: the regex version equals the per-character loop."""

from __future__ import annotations

import random

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.docext import doc_text
from pipeline.segment.sentences import SentenceSettings, SentenceSplitter, sentence_spans


def loop_spans(text: str, settings: SentenceSettings) -> list[tuple[int, int]]:
    """The loop `sentence_spans` replaced (session 4), kept as the reference."""
    spans: list[tuple[int, int]] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" and settings.line_break_ends:
            if i > start:
                spans.append((start, i))
            start = i + 1
        elif ch in settings.enders:
            end = i + 1
            while end < n and (text[end] in settings.closers or text[end] in settings.enders):
                end += 1
            spans.append((start, end))
            start = end
            i = end - 1
        i += 1
    if start < n:
        spans.append((start, n))
    return [(a, b) for a, b in spans if text[a:b].strip()]


SETTINGS = [
    SentenceSettings(),
    SentenceSettings(line_break_ends=False),
    SentenceSettings(enders="。\n", closers="”"),  # a line break that is also an ender
    SentenceSettings(enders="。\n", closers="”", line_break_ends=False),
    SentenceSettings(enders="", closers=""),
    SentenceSettings(enders="]^-\\", closers="[", line_break_ends=False),  # class metachars
]
ALPHABET = "案件。！？；”’）\n \t\u3000]^-\\[甲乙"


@pytest.mark.parametrize("settings", SETTINGS)
def test_regex_spans_equal_the_loop_on_random_texts(settings: SentenceSettings) -> None:
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 25)))
        assert sentence_spans(text, settings) == loop_spans(text, settings), repr(text)


def test_spans_of_an_invented_report() -> None:
    text = "某县公安局破获一起案件。“嫌疑人已到案！”\n\n下一段；结束"
    assert sentence_spans(text, SentenceSettings()) == [(0, 12), (12, 21), (23, 27), (27, 29)]


def test_sentence_starts_set_from_the_spans() -> None:
    nlp = spacy.blank("zh")
    words = ["甲", "说", "。", "“", "好", "！", "”", "\n", "乙", "来"]
    doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
    doc = SentenceSplitter("sentences")(doc)
    starts = [t.i for t in doc if t.is_sent_start]
    # a sentence starts at 甲, at the quote after 。, and at 乙 after the line break; the
    # line break token itself starts none
    assert starts == [0, 3, 8]
    assert doc._.sent_spans == [(0, 3), (3, 7), (8, 10)]
    assert doc_text(doc) == doc.text
