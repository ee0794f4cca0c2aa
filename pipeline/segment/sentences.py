"""Sentence boundaries from punctuation and line breaks (settings in `configs/sentences.yaml`).

Events are read one sentence at a time (SCHEMA §3), so the boundary characters matter
more than any statistical model could add here: a Chinese sentence ends at 。！？；, at
a line break (every paragraph and heading is a line of the normalized text), and the
closing quote or bracket that follows such a mark belongs to the sentence it closes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy
from pydantic import BaseModel, ConfigDict
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..configfile import load_model
from ..docext import doc_text, ensure_extensions
from ..snapshot import SavesInitData, keeps_init_data


class SentenceSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enders: str = "。！？!?；;…"
    closers: str = "”’」』）)】"
    line_break_ends: bool = True


def sentence_spans(text: str, settings: SentenceSettings) -> list[tuple[int, int]]:
    """Character spans of sentences, covering the text except line breaks.

    A sentence ends at a line break (when `line_break_ends`; the break belongs to no
    sentence) or after an ender and every ender or closer right after it. One regex finds
    the ends left to right (a Python loop per character cost ~0.3 us/char); the loop it
    replaced is kept in tests/segment/test_sentences.py and compared on random texts.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _ends(settings).finditer(text):
        if match.group() == "\n" and settings.line_break_ends:
            if match.start() > start:
                spans.append((start, match.start()))
        else:
            spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if not text[a:b].isspace() and a < b]


@lru_cache(maxsize=8)
def _ends_pattern(enders: str, closers: str, line_break_ends: bool) -> re.Pattern[str]:
    ends = f"[{re.escape(enders)}][{re.escape(enders + closers)}]*" if enders else ""
    # a line break is tried first: the loop this replaces checked it before the enders
    options = ["\n"] if line_break_ends else []
    return re.compile("|".join([*options, ends] if ends else options or ["(?!)"]))


def _ends(settings: SentenceSettings) -> re.Pattern[str]:
    return _ends_pattern(settings.enders, settings.closers, settings.line_break_ends)


@keeps_init_data
class SentenceSplitter(SavesInitData):
    def __init__(self, name: str) -> None:
        ensure_extensions()
        self.name = name
        self.settings = SentenceSettings()

    def initialize(self, get_examples=None, *, nlp=None, settings_path: str | None = None) -> None:
        if settings_path:
            self.settings = load_model(Path(settings_path), SentenceSettings)

    def __call__(self, doc: Doc) -> Doc:
        spans = sentence_spans(doc_text(doc), self.settings)
        doc._.sent_spans = spans
        if not len(doc):
            return doc
        # One array write: setting token.is_sent_start token by token re-checks the whole
        # doc's annotation each time (quadratic in the number of tokens). Token offsets come
        # from one array read, not a Python loop over Token objects.
        idx = doc.to_array(IDX)
        starts = numpy.fromiter((a for a, _ in spans), dtype=idx.dtype, count=len(spans))
        values = numpy.where(numpy.isin(idx, starts), 1, -1).astype("int64")
        values[0] = 1
        # spaCy stores attributes as uint64
        doc.from_array([SENT_START], values.reshape(-1, 1).astype("uint64"))
        return doc


@Language.factory("bulletin_sentences", assigns=["token.is_sent_start", "doc._.sent_spans"])
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter(name)
