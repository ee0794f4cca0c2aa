"""Sentence boundaries from punctuation and line breaks (settings in `configs/sentences.yaml`).

Events are read one sentence at a time (SCHEMA §3), so the boundary characters matter
more than any statistical model could add here: a Chinese sentence ends at 。！？；, at
a line break (every paragraph and heading is a line of the normalized text), and the
closing quote or bracket that follows such a mark belongs to the sentence it closes.
"""

from __future__ import annotations

from pathlib import Path

import numpy
from pydantic import BaseModel, ConfigDict
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..configfile import load_model
from ..docext import ensure_extensions
from ..snapshot import SavesInitData, keeps_init_data


class SentenceSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enders: str = "。！？!?；;…"
    closers: str = "”’」』）)】"
    line_break_ends: bool = True


def sentence_spans(text: str, settings: SentenceSettings) -> list[tuple[int, int]]:
    """Character spans of sentences, covering the text except line breaks."""
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
        spans = sentence_spans(doc.text, self.settings)
        doc._.sent_spans = spans
        starts = {a for a, _ in spans}
        # One array write: setting token.is_sent_start token by token re-checks the whole
        # doc's annotation each time (quadratic in the number of tokens).
        values = numpy.array(
            [1 if t.i == 0 or t.idx in starts else -1 for t in doc], dtype="int64"
        ).reshape(-1, 1).astype("uint64")  # spaCy stores attributes as uint64
        if len(doc):
            doc.from_array([SENT_START], values)
        return doc


@Language.factory("bulletin_sentences", assigns=["token.is_sent_start", "doc._.sent_spans"])
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter(name)
