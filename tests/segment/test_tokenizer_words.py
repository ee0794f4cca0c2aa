"""`words_and_spaces`: spaCy's word/space alignment, linear in the text, same answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy import util

from pipeline.segment.tokenizer import words_and_spaces


@pytest.mark.parametrize(
    ("words", "text"),
    [
        (["市局", "破获", "案件"], "市局破获案件"),
        (["市局", "破获"], "市局 破获"),  # one space: the word's trailing space
        (["市局", "破获"], "市局  破获"),  # two: the second is a token of its own
        (["市局", "破获"], "市局\n破获 "),  # a newline is a token; a final space too
        (["市局", " ", "破获"], "市局 破获"),  # whitespace words are dropped
        (["", "市局"], "市局"),
    ],
)
def test_same_as_spacy(words: list[str], text: str) -> None:
    assert words_and_spaces(words, text) == util.get_words_and_spaces(words, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text("抓获12起 ", min_size=1, max_size=4),
                          st.sampled_from(["", " ", "  ", "\n", " \n"])), max_size=30))
def test_same_as_spacy_on_any_cut(pieces: list[tuple[str, str]]) -> None:
    text = "".join(w + gap for w, gap in pieces)
    words = [w.strip() for w, _ in pieces if w.strip()]
    assert words_and_spaces(words, text) == util.get_words_and_spaces(words, text)


def test_words_that_do_not_spell_the_text_are_refused() -> None:
    with pytest.raises(ValueError, match="E194"):
        words_and_spaces(["市局", "抓获"], "市局破获")


@settings(max_examples=150, deadline=None)
@given(st.text("抓获12起 \n\t\u3000ab某县公安局。", max_size=40))
def test_the_tokenizer_remembers_exactly_the_doc_text(loaded, text: str) -> None:
    # the tokenizer hands its input to doc_text instead of letting spaCy rebuild it: that
    # is only right if the tokens spell the input exactly
    from pipeline.docext import _TEXTS

    doc = loaded.nlp.make_doc(text)
    assert _TEXTS.get(doc) == text == doc.text


def test_make_docs_gives_the_docs_of_the_tokenizer_one_by_one(loaded) -> None:
    """The runner tokenizes several reports in one pass: same tokens, spaces and text."""
    from pipeline.docext import doc_text

    tok = loaded.nlp.tokenizer
    texts = ["市局破获案件，抓获3人。", "", "  公安 局\n\n破获 ", "２０２５年3月，云溪县。", "甲"]
    for doc, text in zip(tok.make_docs(texts), texts, strict=True):
        alone = tok(text)
        assert [(t.text, t.whitespace_) for t in doc] == [(t.text, t.whitespace_) for t in alone]
        assert doc.text == text and doc_text(doc) == text
