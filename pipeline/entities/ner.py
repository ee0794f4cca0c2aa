"""The trained-NER component: a char-level spaCy model beside the entity rules.

The model (trained by `bulletin train-ner`, shipped in `models/ner/`) reads one token per
character, built here from `doc.text`, so its spans are character-exact whatever pkuseg
did; the pkuseg words stay for the rules. Its spans and the rule entities already in
`doc.ents` are combined by a named policy from the config (merge.py), and a model PERSON
right next to an official title (configs/lexicons/official_titles.tsv) becomes OFFICIAL
with that title. Every entity keeps saying who made it: `model.ner` (or the rule id) and a
score in `doc._.entity_meta`.

Which char model runs is a backend named in the config (`[components.ner.backend]`): the
spaCy tagger here (`bulletin.ner_backend.spacy_tagger.v1`, default) or HanLP's BiLSTM-CRF
(`bulletin.ner_backend.hanlp.v1`, ner_hanlp.py, optional extra). Both give scored spans.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Protocol
from weakref import WeakKeyDictionary

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import NumpyOps

from ..docext import doc_text, ensure_extensions
from .lexicon import read_column, read_rows
from .merge import Candidate, CombinePolicy
from .ner_data import CharFeatures, CharRows, char_doc
from .ner_encoder import WindowEncoder
from .ruler import split_tokens_at

MODEL_RULE = "model.ner"

TagSpan = tuple[int, int, str, float]  # start, end, label, probability of the least sure char


def decode_bio(tags: list[str], best: np.ndarray, probs: np.ndarray) -> list[TagSpan]:
    """Spans from per-character BIO tags (argmax `best`, its probability `probs`).

    A softmax tagger may write I-X after O or after another label: such a character starts
    a new span of X (the usual repair), so no character tagged X is lost.
    """
    # Only the characters not tagged O are visited (~15% of a report): a span ends at the
    # character after the last one it took, an O or a tag that does not continue it.
    spans: list[TagSpan] = []
    names = [None if t == "O" else (t.startswith("I-"), t[2:]) for t in tags]
    is_tagged = np.array([name is not None for name in names])
    where = np.flatnonzero(is_tagged[best])
    start, label, low, last = -1, "", 1.0, -2
    for i, idx, prob in zip(where.tolist(), best[where].tolist(), probs[where].tolist(),
                            strict=True):
        inside, kind = names[idx]
        if inside and i == last + 1 and kind == label:
            low = min(low, prob)
        else:
            if start >= 0:
                spans.append((start, last + 1, label, low))
            start, label, low = i, kind, prob
        last = i
    if start >= 0:
        spans.append((start, last + 1, label, low))
    return spans


def _softmax(scores: np.ndarray) -> np.ndarray:
    """Probabilities per row; spaCy's tagger returns raw scores at inference unless told to
    normalize, and a softmax of probabilities changes nothing that matters (argmax)."""
    if np.all(scores >= 0) and np.allclose(scores.sum(axis=1), 1.0, atol=1e-3):
        return scores
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


# A text longer than this is scored in windows of this many characters (plus a margin
# on each side): the window encoder's arrays grow with the text (a 1M-character report
# took >1 GB and ran slower per character); each character's score depends only on the
# characters within the encoder's reach, so windows with a wider margin give the same rows.
CHUNK_CHARS = 20_000


def _reach(model: Language) -> int | None:
    """How many characters on each side a score depends on, or None when the encoder is
    not a window CNN (then texts are never cut)."""
    try:
        encode = model.config["components"]["tagger"]["model"]["tok2vec"]["encode"]
    except KeyError:
        return None
    if "MaxoutWindowEncoder" not in str(encode.get("@architectures", "")):
        return None
    return int(encode["window_size"]) * int(encode["depth"])


def _chunks(length: int, chunk: int, margin: int) -> list[tuple[int, int, int, int]]:
    """(window start, window end, kept start, kept end) covering [0, length)."""
    out = []
    for start in range(0, length, chunk):
        end = min(start + chunk, length)
        out.append((max(0, start - margin), min(length, end + margin), start, end))
    return out


# Leaf layers of spaCy's embedding that look at one token only: a character's embedding
# (hashed NORM/SHAPE rows, maxout, layer norm) depends on that character alone.
_PER_TOKEN_LAYERS = frozenset({"extract_features", "list2ragged", "ragged2list",
                               "ints-getitem", "hashembed", "maxout", "layernorm", "dropout"})


class _CharTaggerRun:
    """Runs a loaded char tagger on texts, with two shortcuts over `predict(char_docs)`:

    - the features come from `CharFeatures` (a char_doc's numbers without the Doc);
    - when the embedding is per character (tok2vec = embed >> encode, every layer of the
      embed in `_PER_TOKEN_LAYERS`), each distinct character is embedded once and a text's
      embedding is a row gather; only the encoder and softmax run per text. The table is
      computed with thinc's blis ops, whose rows do not depend on the other rows: the same
      vectors as embedding whole texts there. This was ~1/3 of the model's time.
    """

    def __init__(self, model: Language) -> None:
        self.vocab = model.vocab
        self.tagger = model.get_pipe("tagger").model
        extract = next((n for n in self.tagger.walk() if n.name == "extract_features"), None)
        self.features = (
            CharFeatures(model.vocab, extract.attrs["columns"]) if extract is not None else None
        )
        self.split = _split_embedding(self.tagger) if self.features is not None else None
        self.vectors: np.ndarray | None = None
        # The encoder and output layer in plain numpy, the same scores as thinc's layers on
        # numpy's gemm (`use_gemm`, called before the first run); None for blis or another
        # architecture (then thinc runs them).
        self.encoder = WindowEncoder.from_model(self.split[1]) if self.split else None
        if self.split is not None:
            for node in self.split[0].walk():
                node.ops = NumpyOps()  # blis (see above); run once per new character

    def inputs(self, text: str) -> Doc | CharRows:
        if self.features is None:
            return char_doc(self.vocab, text)
        return self.features.rows(text)

    def predict(self, texts: list[str]) -> list[np.ndarray]:
        """The score matrix of each text (non-empty texts only)."""
        if not texts:  # thinc's layers cannot take an empty batch
            return []
        if self.split is None:
            scores = self.tagger.predict([self.inputs(t) for t in texts])
            return [self.tagger.ops.to_numpy(x) for x in scores]
        embed, rest = self.split
        assert self.features is not None
        rows = [self.features.index_of(t) for t in texts]
        known = 0 if self.vectors is None else len(self.vectors)
        if len(self.features.table) > known:
            new = embed.predict([CharRows(self.features.table[known:])])[0]
            self.vectors = new if self.vectors is None else np.concatenate([self.vectors, new])
        vectors = self.vectors
        assert vectors is not None
        if self.encoder is not None:
            return self.encoder(vectors, rows)
        return [self.tagger.ops.to_numpy(x) for x in rest.predict([vectors[r] for r in rows])]


def _split_embedding(tagger):
    """(embed, the rest of the tagger) when the embedding is per character, else None."""
    from thinc.api import chain

    if len(tagger.layers) != 2 or len(tagger.layers[0].layers) != 2:
        return None
    (embed, encode), output = tagger.layers[0].layers, tagger.layers[1]
    leaves = {n.name for n in embed.walk() if not n.layers}
    if not leaves <= _PER_TOKEN_LAYERS or "extract_features" not in leaves:
        return None
    return embed, chain(encode, output)


_RUNS: WeakKeyDictionary[Language, _CharTaggerRun] = WeakKeyDictionary()


def _run(model: Language) -> _CharTaggerRun:
    if model not in _RUNS:
        _RUNS[model] = _CharTaggerRun(model)
    return _RUNS[model]


def _char_input(model: Language, text: str) -> Doc | CharRows:
    """What the tagger reads for a text: its char features (same numbers as a char_doc,
    without the Doc) when the model starts with spaCy's feature extractor, else a char_doc."""
    return _run(model).inputs(text)


def _score_matrices(model: Language, texts: list[str]) -> Iterator[np.ndarray]:
    """The tagger's score matrix of each non-empty text (one row per character)."""
    run = _run(model)
    reach = _reach(model)
    for text in texts:
        if not text:
            continue
        if reach is None or len(text) <= CHUNK_CHARS:
            yield run.predict([text])[0]
            continue
        rows = []
        for a, b, keep_a, keep_b in _chunks(len(text), CHUNK_CHARS, 2 * reach + 8):
            rows.append(run.predict([text[a:b]])[0][keep_a - a : keep_b - a])
        yield np.concatenate(rows)


def tag_spans(model: Language, texts: list[str]) -> list[list[TagSpan]]:
    """Run the char tagger on texts; decode its softmax into scored spans."""
    tagger = model.get_pipe("tagger")
    short = all(len(t) <= CHUNK_CHARS for t in texts)
    if short:  # one predict call for the batch, as before
        scores = iter(_run(model).predict([t for t in texts if t]))
    else:
        scores = _score_matrices(model, texts)
    tags = list(tagger.labels)
    out: list[list[TagSpan]] = []
    for text in texts:
        if not text:
            out.append([])
            continue
        matrix = _softmax(next(scores))
        best = best_path(tags, matrix)
        out.append(decode_bio(tags, best, matrix[np.arange(len(best)), best]))
    return out


def _transitions(tags: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Log-space transition mask: I-X only after B-X or I-X; no I- at the start. Built once
    per tag list (read-only arrays: no caller writes into them)."""
    key = tuple(tags)
    if key not in _TRANSITIONS:
        trans, start = _build_transitions(tags)
        trans.flags.writeable = start.flags.writeable = False
        _TRANSITIONS[key] = (trans, start)
    return _TRANSITIONS[key]


_TRANSITIONS: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray]] = {}


def _build_transitions(tags: list[str]) -> tuple[np.ndarray, np.ndarray]:
    inside = [t[2:] if t.startswith("I-") else None for t in tags]
    trans = np.zeros((len(tags), len(tags)))
    for a, prev in enumerate(tags):
        for b, kind in enumerate(inside):
            if kind is not None and (prev == "O" or prev[2:] != kind):
                trans[a, b] = -1e9
    start = np.array([-1e9 if kind is not None else 0.0 for kind in inside])
    return trans, start


def best_path(tags: list[str], probs: np.ndarray, sure_o: float = 0.98) -> np.ndarray:
    """The most probable BIO-consistent tag sequence (Viterbi).

    Characters the model calls O with probability >= `sure_o` cut the text into short
    stretches, and Viterbi runs on each stretch alone: the same path in practice, at a
    fraction of the cost (most characters of a report are surely O). Measured on MSRA test,
    consistent decoding instead of a per-character argmax: +10 F1.
    """
    best = probs.argmax(axis=1)
    if "O" not in tags:
        return best
    o_idx = tags.index("O")
    unsure = ~((best == o_idx) & (probs[:, o_idx] >= sure_o))
    if not unsure.any():
        return best
    trans, start_mask = _transitions(tags)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], unsure.view(np.int8), [0]))))
    starts, ends = edges[::2], edges[1::2]
    # Only the unsure rows are read (~1/4 of a report): the stretches are runs of them, so
    # in the array of those rows alone stretch k is rows [packed[k], packed[k] + length).
    rows = np.flatnonzero(unsure)
    logp = np.log(probs[rows] + 1e-12)
    lengths = ends - starts
    packed = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    keep = ~_argmax_is_path(logp, best[rows], trans, start_mask, packed, packed + lengths)
    if not keep.any():
        return best
    paths = _viterbi_many(logp, packed[keep], lengths[keep], trans, start_mask)
    for lo, hi, path in zip(starts[keep], ends[keep], paths, strict=True):
        best[lo:hi] = path[: hi - lo]
    return best


def _argmax_is_path(
    logp: np.ndarray, best: np.ndarray, trans: np.ndarray, start_mask: np.ndarray,
    starts: np.ndarray, ends: np.ndarray,
) -> np.ndarray:
    """Per stretch: is the per-character argmax already the Viterbi path?

    Yes when it is BIO-consistent (no masked transition, no I- first) and every character's
    best log-probability is strictly above its second: then that path scores above every
    other by at least one float32 step of a log-probability (>= ~1e-10 here, as a best
    above -1e-3 means a second below log(0.001)), far more than the float64 rounding of the
    sums (~1e-12), so Viterbi returns exactly it. Most stretches are like this.
    """
    top2 = np.partition(logp, -2, axis=1)[:, -2:]
    bad = (top2[:, 0] == top2[:, 1]).astype(np.int64)
    bad[1:] += trans[best[:-1], best[1:]] != 0  # pair (i-1, i) belongs to i's stretch
    bad[starts] = (top2[starts, 0] == top2[starts, 1]) | (start_mask[best[starts]] != 0)
    sums = np.concatenate(([0], np.cumsum(bad)))
    return sums[ends] - sums[starts] == 0


def _viterbi_many(
    logp: np.ndarray, starts: np.ndarray, lengths: np.ndarray, trans: np.ndarray,
    start_mask: np.ndarray,
) -> np.ndarray:
    """Viterbi over many stretches at once: row s is the path of logp[starts[s]:+lengths[s]].

    Same numbers as `_viterbi` on each stretch alone (the same element-wise float64 sums,
    max and first-index argmax; a finished stretch keeps its last scores), but one numpy
    step per position of the longest stretch instead of one per character of all of them:
    a report has ~40-70 unsure stretches of ~4 characters.
    """
    count, longest, width = len(starts), int(lengths.max()), logp.shape[1]
    offsets = np.arange(longest)
    rows = starts[:, None] + offsets[None, :]
    inside = offsets[None, :] < lengths[:, None]
    padded = logp[np.where(inside, rows, 0)]  # (stretch, position, tag); padding unused
    score = padded[:, 0] + start_mask
    back = np.zeros((count, longest, width), dtype=np.int64)
    into = np.ascontiguousarray(trans.T)  # [to, from]: reduce over the last, contiguous axis
    for i in range(1, longest):
        cand = score[:, None, :] + into
        back[:, i] = cand.argmax(axis=2)
        step = cand.max(axis=2) + padded[:, i]
        score = np.where(inside[:, i, None], step, score)
    paths = np.zeros((count, longest), dtype=np.int64)
    every = np.arange(count)
    paths[every, lengths - 1] = score.argmax(axis=1)
    for i in range(longest - 1, 0, -1):
        live = every[i < lengths]
        paths[live, i - 1] = back[live, i, paths[live, i]]
    return paths


def _viterbi(logp: np.ndarray, trans: np.ndarray, start_mask: np.ndarray) -> np.ndarray:
    """One stretch (the reference `_viterbi_many` is tested against)."""
    score = logp[0] + start_mask
    back = np.zeros(logp.shape, dtype=np.int64)
    for i in range(1, len(logp)):
        cand = score[:, None] + trans
        back[i] = cand.argmax(axis=0)
        score = cand.max(axis=0) + logp[i]
    path = np.zeros(len(logp), dtype=np.int64)
    path[-1] = int(score.argmax())
    for i in range(len(logp) - 1, 0, -1):
        path[i - 1] = back[i, path[i]]
    return path


class NerBackend(Protocol):
    """What the component needs from a char NER model: chosen by name in the config
    (`[components.ner.backend]`), so another model (HanLP, ner_hanlp.py) plugs in."""

    @property
    def loaded(self) -> bool: ...

    def load(self, path: str | Path) -> None: ...

    def to_disk(self, path: str | Path) -> None: ...

    def from_disk(self, path: str | Path) -> None: ...

    def tag_spans(self, texts: list[str]) -> list[list[TagSpan]]: ...


SPACY_BACKEND = "bulletin.ner_backend.spacy_tagger.v1"

# Which matrix product the CNN runs on. thinc's CPU default is blis, whose wheel carries no
# kernel for every CPU: on this project's AMD EPYC (family 25) it selects its `generic`
# reference kernel, ~21 GFLOP/s, where numpy's OpenBLAS (one thread) does the same products
# ~3.5x faster. The scores move by float rounding only (~1e-6), see docs/NOTES.md.
GEMM_BACKENDS = ("numpy", "blis")


def use_gemm(model: Language, gemm: str) -> None:
    """Point every layer of the model's tagger at the chosen gemm ("numpy" or "blis")."""
    if gemm not in GEMM_BACKENDS:
        raise ValueError(f"unknown gemm {gemm!r}; one of {', '.join(GEMM_BACKENDS)}")
    if gemm == "blis":
        return  # thinc's default, as loaded
    ops = NumpyOps(use_blis=False)
    for node in model.get_pipe("tagger").model.walk():
        node.ops = ops


def _one_blas_thread() -> AbstractContextManager:
    """numpy's OpenBLAS limited to one thread while the CNN runs.

    Its threads would cost more CPU than they save on these matrix sizes (measured 1.6-3x the
    CPU time with two threads), and `--jobs N` already gives each core a worker.
    """
    blas = _blas_libraries()
    return blas.limit(limits=1) if blas is not None else nullcontext()


@cache
def _blas_libraries():
    """threadpoolctl's handle on the loaded BLAS libraries (found once: ~10 ms)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # not installed: OpenBLAS keeps its own default
        return None
    return ThreadpoolController().select(user_api="blas")


class SpacyCharTagger:
    """The default backend: the spaCy char tagger of models/ner (`bulletin train-ner`)."""

    def __init__(self, gemm: str = "numpy") -> None:
        if gemm not in GEMM_BACKENDS:
            raise ValueError(f"unknown gemm {gemm!r}; one of {', '.join(GEMM_BACKENDS)}")
        self.model: Language | None = None
        self.gemm = gemm

    @property
    def loaded(self) -> bool:
        return self.model is not None

    def load(self, path: str | Path) -> None:
        # Its tokenizer (chars, as its config says) is never used (`char_doc`), and reading
        # it from disk imports spacy_pkuseg with requests: ~0.2 CPU-s of every start.
        self.model = spacy.load(path, exclude=["tokenizer"])
        # Without threadpoolctl OpenBLAS would run on all its threads: more CPU than blis.
        # Looked up here, before `--jobs` forks its workers.
        if self.gemm == "numpy" and _blas_libraries() is None:
            self.gemm = "blis"
        use_gemm(self.model, self.gemm)

    def to_disk(self, path: str | Path) -> None:
        if self.model is None:
            raise ValueError("the spaCy NER backend has no model loaded")
        self.model.to_disk(path)

    def from_disk(self, path: str | Path) -> None:
        self.load(path)

    def tag_spans(self, texts: list[str]) -> list[list[TagSpan]]:
        if self.model is None:
            raise ValueError("the spaCy NER backend has no model loaded")
        with _one_blas_thread() if self.gemm == "numpy" else nullcontext():
            return tag_spans(self.model, texts)


@registry.misc(SPACY_BACKEND)
def make_spacy_backend(gemm: str = "numpy") -> SpacyCharTagger:
    return SpacyCharTagger(gemm)


class TitleLexicon:
    """Official posts written directly before (省委书记X) or after (X书记) a name."""

    def __init__(self, titles: Iterable[str]) -> None:
        self.titles = frozenset(t for t in titles if t)
        self.longest = max((len(t) for t in self.titles), default=0)

    def before(self, text: str, start: int) -> str | None:
        for size in range(min(self.longest, start), 0, -1):
            if text[start - size : start] in self.titles:
                return text[start - size : start]
        return None

    def after(self, text: str, end: int) -> str | None:
        for size in range(min(self.longest, len(text) - end), 0, -1):
            if text[end : end + size] in self.titles:
                return text[end : end + size]
        return None

    def title_of(self, text: str, start: int, end: int) -> str | None:
        return self.before(text, start) or self.after(text, end)


class TrainedNer:
    """Run the char model on each doc and combine its spans with the rule entities."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        combine_policy: CombinePolicy,
        thresholds: dict[str, float],
        min_length: dict[str, int],
        promote_officials: bool,
        batch_size: int,
        backend: NerBackend | None = None,
    ) -> None:
        ensure_extensions()
        self.name = name
        self.backend: NerBackend = backend if backend is not None else SpacyCharTagger()
        self.policy = combine_policy
        self.thresholds = thresholds
        self.min_length = min_length
        self.promote_officials = promote_officials
        self.batch_size = batch_size
        self.titles = TitleLexicon([])
        self.places: frozenset[str] = frozenset()
        self.ignore: tuple[str, ...] = ()
        self.not_after: tuple[str, ...] = ()

    # -- loading -------------------------------------------------------------------------

    def initialize(
        self,
        get_examples=None,
        *,
        nlp=None,
        model_path: str | None = None,
        titles_path: str | None = None,
        places_path: str | None = None,
        ignore_path: str | None = None,
        not_after_path: str | None = None,
        load_model: bool = True,
    ) -> None:
        # load_model=False: `validate-rules` checks the model folder exists and reads the
        # data files, without the model's load time.
        if model_path is None:
            raise ValueError(f"{self.name}: initialize needs model_path (configs/pipeline.cfg)")
        if not Path(model_path).is_dir():
            raise FileNotFoundError(
                f"{self.name}: no NER model at {model_path} (build it: bulletin train-ner)"
            )
        if load_model:
            self.backend.load(model_path)
        if titles_path is not None:
            self.titles = TitleLexicon(read_column(Path(titles_path), 0))
        if places_path is not None:
            # full and short names of the gazetteer (columns 0 and 1)
            rows = read_rows(Path(places_path))
            self.places = frozenset(c for _, cells in rows for c in cells[:2] if c)
        if ignore_path is not None:
            self.ignore = tuple(read_column(Path(ignore_path), 0))
        if not_after_path is not None:
            self.not_after = tuple(read_column(Path(not_after_path), 0))

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self._require_model().to_disk(path / "model")
        (path / "titles.json").write_text(
            json.dumps(sorted(self.titles.titles), ensure_ascii=False), encoding="utf-8"
        )
        (path / "places.json").write_text(
            json.dumps(sorted(self.places), ensure_ascii=False), encoding="utf-8"
        )
        (path / "ignore.json").write_text(json.dumps(self.ignore, ensure_ascii=False), "utf-8")
        (path / "not_after.json").write_text(
            json.dumps(self.not_after, ensure_ascii=False), "utf-8"
        )

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> TrainedNer:
        path = Path(path)
        self.backend.from_disk(path / "model")
        self.titles = TitleLexicon(json.loads((path / "titles.json").read_text("utf-8")))
        self.places = frozenset(json.loads((path / "places.json").read_text("utf-8")))
        self.ignore = tuple(json.loads((path / "ignore.json").read_text("utf-8")))
        self.not_after = tuple(json.loads((path / "not_after.json").read_text("utf-8")))
        return self

    @property
    def model(self) -> Language | None:
        """The spaCy model of the default backend (None for another backend)."""
        return getattr(self.backend, "model", None)

    def _require_model(self) -> NerBackend:
        if not self.backend.loaded:
            raise ValueError(f"{self.name} is not initialized (call nlp.initialize())")
        return self.backend

    # -- running -------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        # Our own batch size, not the pipeline's: the CNN pads a batch to its longest text,
        # so large batches of reports of very different lengths were slower here.
        size = self.batch_size
        docs = iter(docs)
        while batch := list(islice(docs, size)):
            found = self.model_spans([doc_text(d) for d in batch])
            for doc, spans in zip(batch, found, strict=True):
                yield self.combine(doc, spans)

    def model_spans(self, texts: list[str]) -> list[list[Candidate]]:
        """The model's entities per text, each scored by its least sure character."""
        out = []
        for text, spans in zip(texts, self._require_model().tag_spans(texts), strict=True):
            masked = self._ignored(text)
            found = [c for c in (self._candidate(text, *span) for span in spans) if c]
            out.append([c for c in found if not masked.intersection(range(c.start, c.end))])
        return out

    def _after_cue(self, text: str, start: int) -> bool:
        head = text[max(0, start - 8) : start].rstrip(" :：丨|\u3000")
        return any(head.endswith(cue) for cue in self.not_after)

    def _ignored(self, text: str) -> set[int]:
        """Characters inside set phrases where model spans are not trusted (对党忠诚)."""
        masked: set[int] = set()
        for phrase in self.ignore:
            at = text.find(phrase)
            while at >= 0:
                masked.update(range(at, at + len(phrase)))
                at = text.find(phrase, at + 1)
        return masked

    def _candidate(self, text: str, start: int, end: int, label: str, prob: float):
        surface = text[start:end]
        if label not in self.thresholds or surface != surface.strip() or "\n" in surface:
            return None
        if end - start < self.min_length.get(label, 1) or prob < self.thresholds[label]:
            return None
        if label == "PERSON" and surface in self.places:
            return None  # 代表金华参加: a division's name is a place, not a person
        if label == "PERSON" and self._after_cue(text, start):
            return None  # (责任编辑:X): page chrome, not a person of the report
        return Candidate(label, start, end, round(prob, 3), MODEL_RULE)

    def combine(self, doc: Doc, model: list[Candidate]) -> Doc:
        meta = dict(doc._.entity_meta or {})
        rules = [_rule_candidate(ent, meta) for ent in doc.ents]
        chosen = self.policy(rules, model)
        if self.promote_officials:
            text = doc_text(doc)  # built from the tokens on every access: read it once
            chosen = [self._promote(text, c) for c in chosen]
            chosen = _same_name_same_label(text, chosen)
        doc = split_tokens_at(doc, {o for c in chosen for o in (c.start, c.end)})
        ents, new_meta = [], {}
        for cand in chosen:
            span = doc.char_span(cand.start, cand.end, label=cand.label, alignment_mode="strict")
            if span is None:
                continue
            ents.append(span)
            old = meta.get((cand.start, cand.end), {})
            if cand.rule.startswith(MODEL_RULE):
                new_meta[(cand.start, cand.end)] = {
                    "rule": cand.rule, "score": cand.score, "attrs": dict(cand.attrs),
                }
            else:
                new_meta[(cand.start, cand.end)] = old
        doc.ents = ents
        doc._.entity_meta = new_meta
        return doc

    def _promote(self, text: str, cand: Candidate) -> Candidate:
        """A model PERSON with a post right beside it is an OFFICIAL (SCHEMA §2)."""
        if cand.label != "PERSON" or not cand.rule.startswith(MODEL_RULE):
            return cand
        title = self.titles.title_of(text, cand.start, cand.end)
        if title is None:
            return cand
        return Candidate("OFFICIAL", cand.start, cand.end, cand.score, MODEL_RULE + "+title",
                         {"title": title})


def _same_name_same_label(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """A name that is an OFFICIAL once in a report is that official everywhere in it.

    SCHEMA §7: one entity per name; 张三 after 局长张三 is still the official, even where
    the model found it alone as a PERSON.
    """
    titles: dict[str, dict[str, str]] = {}
    for cand in chosen:
        if cand.label == "OFFICIAL":
            titles.setdefault(text[cand.start : cand.end], dict(cand.attrs))
    out = []
    for cand in chosen:
        name = text[cand.start : cand.end]
        if cand.label == "PERSON" and cand.rule.startswith(MODEL_RULE) and name in titles:
            cand = Candidate("OFFICIAL", cand.start, cand.end, cand.score,
                             MODEL_RULE + "+official_name", titles[name])
        out.append(cand)
    return out


def _rule_candidate(ent, meta: dict) -> Candidate:
    info = meta.get((ent.start_char, ent.end_char), {})
    return Candidate(ent.label_, ent.start_char, ent.end_char, float(info.get("score", 1.0)),
                     str(info.get("rule", "")), dict(info.get("attrs", {})))


@Language.factory(
    "bulletin_ner",
    assigns=["doc.ents", "doc._.entity_meta"],
    default_config={
        "combine_policy": {
            "@misc": "bulletin.rules_then_model.v1",
            "add": ["PERSON", "LOC", "ORG"],
            "override": {"PERSON": ["LOC", "ORG"]},
            "override_below": {"PERSON": 0.8},
            "extend_same_label": ["PERSON"],
        },
        "thresholds": {"PERSON": 0.5, "LOC": 0.5, "ORG": 0.5, "UNIT": 0.5},
        "min_length": {"PERSON": 2, "LOC": 2, "ORG": 2, "UNIT": 3},
        "promote_officials": True,
        "batch_size": 1,
        "backend": {"@misc": SPACY_BACKEND},
    },
)
def make_trained_ner(
    nlp: Language,
    name: str,
    combine_policy: CombinePolicy,
    thresholds: dict[str, float],
    min_length: dict[str, int],
    promote_officials: bool,
    batch_size: int,
    backend: NerBackend,
) -> TrainedNer:
    return TrainedNer(nlp, name, combine_policy, thresholds, min_length, promote_officials,
                      batch_size, backend)
