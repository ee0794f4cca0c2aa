"""spaCy's Chinese tokenizer, with our pkuseg model seeing the segmenter view.

`bulletin.ChineseTokenizer.v1` is spaCy's own `ChineseTokenizer` (segmenter="pkuseg"),
changed in two ways only:

* the text handed to pkuseg is `seg_view(text)` (one width per character class, see
  `view.py`); the words are cut back out of the *original* text by length, so token
  texts and offsets are those of the normalized report;
* pkuseg's built-in 390K-word dictionary is never loaded (`pkuseg_user_dict = null`):
  it merges tokens against our model's standard (PITFALLS §2.1), and spaCy's own
  initialize cannot switch it off (it replaces None by the model path).
"""

from __future__ import annotations

from pathlib import Path

from spacy import util
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.tokens import Doc

from .view import seg_view


class ViewChineseTokenizer(ChineseTokenizer):
    """ChineseTokenizer whose pkuseg segmenter reads the segmenter view of the text."""

    def initialize(  # type: ignore[override]
        self,
        get_examples=None,
        *,
        nlp=None,
        pkuseg_model: str | None = None,
        pkuseg_user_dict: str | None = None,
    ) -> None:
        if self.segmenter != Segmenter.pkuseg:
            return
        if pkuseg_model is None or not (Path(pkuseg_model) / "features.msgpack").is_file():
            raise FileNotFoundError(
                f"pkuseg model directory not found: {pkuseg_model!r} "
                "(expected features.msgpack + weights.npz; see models/pkuseg/MODEL.md)"
            )
        import spacy_pkuseg

        # A user dictionary forces cuts before the CRF runs (PITFALLS §1.7): only on request.
        self.pkuseg_seg = spacy_pkuseg.pkuseg(str(pkuseg_model), user_dict=pkuseg_user_dict)
        self.pkuseg_seg.postprocesser.do_process = False

    def __call__(self, text: str) -> Doc:
        if self.segmenter != Segmenter.pkuseg:
            return super().__call__(text)
        if self.pkuseg_seg is None:
            raise ValueError("the pkuseg tokenizer is not initialized (call nlp.initialize())")
        words = _cut_by_view(self.pkuseg_seg.cut, text)
        words, spaces = util.get_words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)


def _cut_by_view(cut, text: str) -> list[str]:
    """Segment `seg_view(text)` and return the same-length slices of `text`."""
    words: list[str] = []
    pos = 0
    view = seg_view(text)
    for piece in cut(view):
        # pkuseg drops whitespace; find each piece where it starts in the view.
        start = view.find(piece, pos)
        if start < 0:  # cannot happen for a 1:1 view; guard against silent misalignment
            raise ValueError(f"segmenter returned {piece!r} not found at/after offset {pos}")
        words.append(text[start : start + len(piece)])
        pos = start + len(piece)
    return words


@util.registry.tokenizers("bulletin.ChineseTokenizer.v1")
def create_view_tokenizer(segmenter: str = "pkuseg"):
    def make(nlp) -> ViewChineseTokenizer:
        return ViewChineseTokenizer(nlp.vocab, segmenter=Segmenter(segmenter))

    return make
