"""The HanLP NER backend: HanLP's char BiLSTM-CRF behind the `bulletin_ner` component.

Optional (`pip install .[hanlp]`, torch 2.13.0 CPU + hanlp 2.1.5): this module imports
without them, and selecting the backend without them fails with one line saying what to
install. The model (trained by `bulletin train-ner --backend hanlp`, shipped in
`models/hanlp_ner/`) is HanLP's own save folder (config.json, vocabs.json, model.pt),
loaded by HanLP. At run time the text is cut at sentence ends into pieces of at most
`max_piece` characters (the length the model was trained on), pieces are batched by
length, and each character's tag comes from the CRF's Viterbi path; a span's score is the
CRF marginal probability of its least sure character (forward-backward), like the spaCy
tagger's softmax score, so the same thresholds apply.
"""

from __future__ import annotations

import importlib.util
import io
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from spacy.util import registry

from .ner import TagSpan, decode_bio
from .ner_data import fold_width

BACKEND_NAME = "bulletin.ner_backend.hanlp.v1"
MODEL_FILES = ("config.json", "vocabs.json", "model.pt")
SPACE = "\u2581"  # every whitespace character reads as this one token (HanLP splits on spaces)
PIECE_ENDS = "。！？；\n"
MISSING = ("the HanLP NER backend needs the optional extra: pip install '.[hanlp]' "
           "(torch==2.13.0 CPU, hanlp==2.1.5)")


class HanlpMissing(ImportError):
    pass


def require_hanlp() -> None:
    """One clear line when hanlp/torch are not installed, instead of a deep traceback."""
    for module in ("torch", "hanlp"):
        if importlib.util.find_spec(module) is None:
            raise HanlpMissing(MISSING)


def model_chars(text: str) -> list[str]:
    """The model's tokens: one per character, width-folded, whitespace as one placeholder."""
    return [SPACE if ch.isspace() else ch for ch in fold_width(text)]


def load_recognizer_class():
    """HanLP's RNNNamedEntityRecognizer with its CRF on the batch-first axis.

    hanlp 2.1.5 builds `CRF(n_out, constraints)` with constraints=None, i.e. batch_first
    falsy, so the CRF runs over the wrong axis (PITFALLS §7). Also skips decoding every
    training batch: HanLP does it only for a running training metric.
    """
    require_hanlp()
    from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer
    from torch import nn

    class BulletinRNNNer(RNNNamedEntityRecognizer):
        def build_model(self, rnn_input, rnn_hidden, drop, crf, **kwargs):
            model = super().build_model(rnn_input, rnn_hidden, drop, crf, **kwargs)
            if model.crf is not None:
                model.crf.batch_first = True
            return model

        def fit_dataloader(self, trn, criterion, optimizer, metric, logger, ratio_width=None,
                           **kwargs):
            self.model.train()
            total, steps = 0.0, 0
            for batch in trn:
                optimizer.zero_grad()
                out, mask = self.feed_batch(batch)
                loss = self.compute_loss(criterion, out, batch["tag_id"], mask)
                loss.backward()
                nn.utils.clip_grad_norm_(self.model.parameters(), 5.0)
                optimizer.step()
                total, steps = total + float(loss.item()), steps + 1
                if steps % 200 == 0:
                    logger.info(f"step {steps}/{len(trn)} loss {total / steps:.4f}")
            logger.info(f"epoch loss {total / max(steps, 1):.4f}")

    return BulletinRNNNer


@contextmanager
def _quiet_hanlp() -> Iterator[None]:
    """HanLP's loader writes "Building model..." to the stderr it captured at import: mute it
    (our CLI keeps stderr for one-line messages and progress)."""
    from hanlp.utils import log_util

    saved = log_util._printer.out
    log_util._printer.out = io.StringIO()
    try:
        yield
    finally:
        log_util._printer.out = saved


def split_pieces(text: str, max_piece: int) -> Iterator[tuple[int, int]]:
    """(start, end) pieces of `text`, cut after sentence ends, none longer than max_piece."""
    start = 0
    for i, ch in enumerate(text):
        if ch in PIECE_ENDS or i + 1 - start >= max_piece:
            yield start, i + 1
            start = i + 1
    if start < len(text):
        yield start, len(text)


def crf_marginals(emissions, mask, crf):
    """P(tag of char i = t | sentence) by forward-backward over HanLP's CRF (batch first)."""
    import torch

    emissions = emissions.float()
    length = emissions.shape[1]
    trans = crf.transitions.unsqueeze(0)
    alpha = [crf.start_transitions + emissions[:, 0]]
    for i in range(1, length):
        nxt = torch.logsumexp(alpha[-1].unsqueeze(2) + trans, dim=1) + emissions[:, i]
        alpha.append(torch.where(mask[:, i : i + 1], nxt, alpha[-1]))
    beta = [None] * length
    ends = mask.sum(dim=1) - 1
    last = crf.end_transitions.expand_as(emissions[:, 0])
    beta[length - 1] = last
    for i in range(length - 2, -1, -1):
        nxt = torch.logsumexp(trans + (emissions[:, i + 1] + beta[i + 1]).unsqueeze(1), dim=2)
        at_end = (ends == i).unsqueeze(1)
        beta[i] = torch.where(at_end, last, torch.where(mask[:, i + 1 : i + 2], nxt, last))
    scores = torch.stack(alpha, 1) + torch.stack(beta, 1)
    return torch.softmax(scores, dim=2)


class HanlpTagger:
    """A NER backend (see ner.py `NerBackend`): load, save, and tag texts into scored spans."""

    def __init__(self, max_piece: int = 200, batch_size: int = 32, threads: int = 1) -> None:
        require_hanlp()
        self.max_piece = max_piece
        self.batch_size = batch_size
        self.threads = threads
        self.recognizer = None
        self.source: Path | None = None

    @property
    def loaded(self) -> bool:
        return self.recognizer is not None

    def load(self, path: str | Path) -> None:
        import torch

        path = Path(path)
        missing = [n for n in MODEL_FILES if not (path / n).is_file()]
        if missing:
            raise FileNotFoundError(f"{path}: not a HanLP NER model (missing {', '.join(missing)})"
                                    " — build it: bulletin train-ner --backend hanlp")
        if self.threads:
            torch.set_num_threads(self.threads)
        recognizer = load_recognizer_class()()
        with _quiet_hanlp():
            recognizer.load(str(path), devices=-1)
        recognizer.model.eval()
        self.recognizer, self.source = recognizer, path

    def to_disk(self, path: str | Path) -> None:
        if self.source is None:
            raise ValueError("the HanLP NER backend has no model loaded")
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name in MODEL_FILES:
            if (self.source / name).resolve() != (path / name).resolve():
                shutil.copy2(self.source / name, path / name)

    def from_disk(self, path: str | Path) -> None:
        self.load(path)

    @property
    def tags(self) -> list[str]:
        return list(self.recognizer.vocabs["tag"].idx_to_token)

    def tag_spans(self, texts: list[str]) -> list[list[TagSpan]]:
        """Scored spans per text, offsets into the text as given."""
        if self.recognizer is None:
            raise ValueError("the HanLP NER backend has no model loaded")
        pieces = [(n, s, e) for n, text in enumerate(texts)
                  for s, e in split_pieces(text, self.max_piece) if text[s:e].strip()]
        found: list[list[TagSpan]] = [[] for _ in texts]
        order = sorted(range(len(pieces)), key=lambda k: -(pieces[k][2] - pieces[k][1]))
        for lo in range(0, len(order), self.batch_size):
            chunk = [pieces[k] for k in order[lo : lo + self.batch_size]]
            batch = [texts[n][s:e] for n, s, e in chunk]
            for (n, s, _), spans in zip(chunk, self._tag_batch(batch), strict=True):
                found[n].extend((a + s, b + s, lab, p) for a, b, lab, p in spans)
        return [sorted(spans) for spans in found]

    def _tag_batch(self, texts: list[str]) -> list[list[TagSpan]]:
        """One batch, longest first (HanLP's model packs sequences sorted by length)."""
        import torch

        rec = self.recognizer
        vocab = rec.vocabs[rec.config.token_key]
        width = max(len(t) for t in texts)
        ids = torch.zeros((len(texts), width), dtype=torch.long)
        for row, text in enumerate(texts):
            ids[row, : len(text)] = torch.tensor([vocab.get_idx_without_add(c) for c in model_chars(text)])
        tags = self.tags
        with torch.no_grad():
            emissions, mask = rec.model(ids)
            paths = rec.model.crf.decode(emissions, mask)
            marg = crf_marginals(emissions, mask, rec.model.crf).numpy()
        out = []
        for row, (text, path) in enumerate(zip(texts, paths, strict=True)):
            best = np.asarray(path[: len(text)], dtype=np.int64)
            probs = marg[row, np.arange(len(best)), best]
            out.append(decode_bio(tags, best, probs))
        return out


@registry.misc(BACKEND_NAME)
def make_hanlp_backend(max_piece: int = 200, batch_size: int = 32,
                       threads: int = 1) -> HanlpTagger:
    """Selected in configs/pipeline.cfg as `[components.ner.backend]`; needs `.[hanlp]`."""
    return HanlpTagger(max_piece=max_piece, batch_size=batch_size, threads=threads)
