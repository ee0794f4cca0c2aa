"""Word boundaries read from the token array equal the per-token offsets."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.entities.ruler import _word_boundaries


def _per_token(doc: Doc) -> set[int]:
    bounds = {len(doc.text)}
    for token in doc:
        bounds.update((token.idx, token.idx + len(token)))
    return bounds


def test_boundaries_match_tokens_with_spaces_and_astral_characters() -> None:
    vocab = Vocab()
    words = ["某市", "公安局", "𠀀甲", " ", "王某", "。", "\n"]
    doc = Doc(vocab, words=words, spaces=[False, True, True, False, False, True, False])
    assert _word_boundaries(doc) == _per_token(doc)
    assert {0, 2, 6, 9} <= _word_boundaries(doc)  # 某市, 公安局, 𠀀甲 (one code point each) and the space


def test_empty_doc_has_only_its_end() -> None:
    assert _word_boundaries(Doc(Vocab(), words=[])) == {0}
