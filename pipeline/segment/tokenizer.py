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

import shutil
import tempfile
from pathlib import Path

import srsly
from spacy import util
from spacy.lang.zh import ChineseTokenizer, Segmenter, _get_pkuseg_trie_data
from spacy.tokens import Doc

from ..docext import remember_text
from .fastseg import FAST_FILE, FastPkuseg, load_segmenter
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
        if pkuseg_model is None and self.pkuseg_seg is not None:
            # A loaded pipeline's config says `pkuseg_model = null` (PITFALLS §2.2): the model
            # came with the pipeline (from_disk), so initializing again keeps it.
            return
        if pkuseg_model is None or not (Path(pkuseg_model) / "features.msgpack").is_file():
            raise FileNotFoundError(
                f"pkuseg model directory not found: {pkuseg_model!r} "
                "(expected features.msgpack + weights.npz; see models/pkuseg/MODEL.md)"
            )
        # A user dictionary forces cuts before the CRF runs (PITFALLS §1.7): only on request.
        self.pkuseg_seg = load_segmenter(pkuseg_model, pkuseg_user_dict)
        self.model_dir = Path(pkuseg_model)
        self.model_files = None

    def __call__(self, text: str) -> Doc:
        if self.segmenter != Segmenter.pkuseg:
            return super().__call__(text)
        if self.pkuseg_seg is None:
            raise ValueError("the pkuseg tokenizer is not initialized (call nlp.initialize())")
        if isinstance(self.pkuseg_seg, FastPkuseg):
            # the word offsets come with the words: no search for them in the text
            words, spaces = words_and_spaces_at(self.pkuseg_seg.spans(seg_view(text)), text)
        else:
            words, spaces = words_and_spaces(_cut_by_view(self.pkuseg_seg.cut, text), text)
        # words and spaces cover `text` exactly (tested), so the doc's text is `text`
        return remember_text(Doc(self.vocab, words=words, spaces=spaces), text)


    def make_docs(self, texts: list[str]) -> list[Doc]:
        """`[self(text) for text in texts]`, the texts segmented in one FastPkuseg pass
        (`spans_many`: the same words; ~2x faster for short reports)."""
        if self.segmenter != Segmenter.pkuseg or not isinstance(self.pkuseg_seg, FastPkuseg):
            return [self(text) for text in texts]
        spans = self.pkuseg_seg.spans_many([seg_view(text) for text in texts])
        docs = []
        for text, at in zip(texts, spans, strict=True):
            words, spaces = words_and_spaces_at(at, text)
            docs.append(remember_text(Doc(self.vocab, words=words, spaces=spaces), text))
        return docs

    # Serialization. spaCy's own methods re-save the weights uncompressed and assume pkuseg's
    # default dictionary was loaded (it never is here); ours copy the model files byte for
    # byte, so a saved pipeline has the same model id, and load it without the dictionary.
    model_dir: Path | None = None
    # the model files read by from_bytes (their temporary folder is gone): to_disk writes them
    model_files: dict[str, bytes] | None = None

    def to_disk(self, path, **kwargs) -> None:
        path = util.ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg", self._get_config())
        if self.pkuseg_seg is None:
            return
        target = path / "pkuseg_model"
        target.mkdir(exist_ok=True)
        if self.model_dir is not None and self.model_dir.resolve() != target.resolve():
            for name in (*PKUSEG_FILES, FAST_FILE):
                if name in PKUSEG_FILES or (self.model_dir / name).is_file():
                    shutil.copyfile(self.model_dir / name, target / name)
        elif self.model_dir is None and self.model_files is not None:
            for name, content in self.model_files.items():
                (target / name).write_bytes(content)
        elif self.model_dir is None:
            self.pkuseg_seg.model.save(target)
            self.pkuseg_seg.feature_extractor.save(target)
        preprocesser = getattr(self.pkuseg_seg, "preprocesser", None)  # FastPkuseg: no dict
        trie_data = _get_pkuseg_trie_data(preprocesser.trie) if preprocesser else []
        srsly.write_msgpack(path / "pkuseg_processors", trie_data)

    def from_disk(self, path, **kwargs) -> ViewChineseTokenizer:
        path = util.ensure_path(path)
        self._set_config(srsly.read_json(path / "cfg"))
        if self.segmenter != Segmenter.pkuseg:
            return self
        model = path / "pkuseg_model"
        if not all((model / name).is_file() for name in PKUSEG_FILES):
            raise FileNotFoundError(f"{model}: expected {' + '.join(PKUSEG_FILES)}")
        processors = path / "pkuseg_processors"
        words = srsly.read_msgpack(processors) if processors.is_file() else []
        if words:  # a user dictionary given at initialize travels with the model
            import spacy_pkuseg

            self.pkuseg_seg = spacy_pkuseg.pkuseg(str(model), user_dict=None)
            self.pkuseg_seg.preprocesser = spacy_pkuseg.Preprocesser(words)
            self.pkuseg_seg.postprocesser.do_process = False
        else:
            self.pkuseg_seg = load_segmenter(model)
        self.model_dir = model
        self.model_files = None
        return self

    def to_bytes(self, **kwargs) -> bytes:
        with tempfile.TemporaryDirectory(prefix="bulletin-tokenizer-") as tmp:
            self.to_disk(tmp)
            files = {p.name: p.read_bytes() for p in Path(tmp).rglob("*") if p.is_file()}
        return srsly.msgpack_dumps(files)

    def from_bytes(self, data: bytes, **kwargs) -> ViewChineseTokenizer:
        files: dict[str, bytes] = srsly.msgpack_loads(data)
        with tempfile.TemporaryDirectory(prefix="bulletin-tokenizer-") as tmp:
            root = Path(tmp)
            (root / "pkuseg_model").mkdir()
            model_files = {n: c for n, c in files.items() if n in (*PKUSEG_FILES, FAST_FILE)}
            for name, content in files.items():
                where = root / "pkuseg_model" if name in model_files else root
                (where / name).write_bytes(content)
            self.from_disk(root)
        self.model_dir = None  # the temporary copy is gone; to_disk saves from memory
        self.model_files = model_files
        return self


# The two files of a pkuseg model (PITFALLS §1.2).
PKUSEG_FILES = ("features.msgpack", "weights.npz")


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


def words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """spaCy's `util.get_words_and_spaces`, linear in the text.

    spaCy's version looks for each word in `text[pos:]`, a copy of the rest of the text per
    word: quadratic on one long report (1 s of a 200k-character report, 25 s at 1M). This
    one searches in place (`str.index(word, pos)`) and is otherwise the same algorithm:
    whitespace-only words are dropped, gaps before a word become their own tokens, one
    space after a word becomes its trailing space.
    """
    if "".join("".join(words).split()) != "".join(text.split()):
        raise ValueError(f"the words do not spell the text (spaCy E194): {text[:80]!r}")
    spans: list[tuple[int, int]] = []
    pos = 0
    for word in words:
        if word.isspace():
            continue
        try:
            start = text.index(word, pos)
        except ValueError:
            raise ValueError(f"word {word!r} not found after offset {pos} (spaCy E194)") from None
        spans.append((start, start + len(word)))
        pos = start + len(word)
        if pos < len(text) and text[pos] == " ":  # taken as the word's trailing space
            pos += 1
    return words_and_spaces_at(spans, text)


def words_and_spaces_at(
    spans: list[tuple[int, int]], text: str
) -> tuple[list[str], list[bool]]:
    """`words_and_spaces` for words given by their offsets (non-whitespace, in order, only
    whitespace between them): the same tokens, without searching for each word."""
    out_words: list[str] = []
    out_spaces: list[bool] = []
    pos = 0
    n = len(text)
    for start, end in spans:
        if start > pos:
            out_words.append(text[pos:start])
            out_spaces.append(False)
        out_words.append(text[start:end])
        if end < n and text[end] == " ":
            out_spaces.append(True)
            pos = end + 1
        else:
            out_spaces.append(False)
            pos = end
    if pos < n:
        out_words.append(text[pos:])
        out_spaces.append(False)
    return out_words, out_spaces


@util.registry.tokenizers("bulletin.ChineseTokenizer.v1")
def create_view_tokenizer(segmenter: str = "pkuseg"):
    def make(nlp) -> ViewChineseTokenizer:
        return ViewChineseTokenizer(nlp.vocab, segmenter=Segmenter(segmenter))

    return make
