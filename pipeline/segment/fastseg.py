"""pkuseg's decoding, exactly, with the feature extraction done in bulk.

spacy_pkuseg's `_cut` calls its Cython feature extractor once per character: ~70 feature
strings built and looked up in an 810k-entry dict per character, 89% of pkuseg's CPU
(docs/NOTES.md). Loading that dict (`features.msgpack`) costs about a second.

This module reads the same model as integer tables instead, derived once from the
original files (`derive`, written beside them as `fastseg.bin` by
``python -m pipeline.segment.fastseg derive models/pkuseg``):

* per character token (after pkuseg's own normalization: `-._,|/*:` -> `&`, digits ->
  `**Num`, full-width letters -> `**Letter`): the ids of its five unigram features;
  per adjacent token pair: its three bigram features (sorted int64 keys, `searchsorted`);
* per dictionary word (pkuseg's `unigram`): its `w-1`/`w1` feature ids, and per word pair
  the `ww.l`/`ww.r` ids;
* the weights as float32 (the model's weights are float32 values stored as float64,
  MODEL.md: the upcast is exact).

Every node's features are laid out in pkuseg's order and summed in that order, in float64,
so the node scores are bit-identical to pkuseg's `getLogYY`; Viterbi is pkuseg's own Cython
`run_viterbi`. Hence the same words, which `tests/segment/test_fastseg.py` checks against
spacy_pkuseg on real reports and on random strings.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import warnings
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..textutil import translator

# The derived file beside features.msgpack/weights.npz. Its suffix is neither .msgpack nor
# .npz on purpose: `nlp.pkuseg_model_id` hashes those, and the model id must not change.
FAST_FILE = "fastseg.bin"
FORMAT_VERSION = 1
SOURCE_FILES = ("features.msgpack", "weights.npz")

# spacy_pkuseg.config defaults that the extractor reads (wordMax/wordMin/numLetterNorm).
WORD_MAX = 6
WORD_MIN = 2
N_LEN = WORD_MAX - WORD_MIN + 1  # word lengths 6, 5, 4, 3, 2 in pkuseg's loop order

# spacy_pkuseg FeatureExtractor: keyword_rename table and the num/letter classes.
_KEYWORDS = "-._,|/*:"
_RENAME = str.maketrans(_KEYWORDS, "&" * len(_KEYWORDS))
_RENAMED = translator(_RENAME)  # `text.translate(_RENAME)`, faster on CJK text
_NUM = set("0123456789." "几二三四五六七八九十千万亿兆零" "１２３４５６７８９０％")
_LETTER = set(
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｇｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ" "／・－"
)
# Token codes: a character token is its code point; the two class tokens sit above Unicode.
NUM_CODE = 0x110000
LETTER_CODE = 0x110001
N_CODES = 0x110002
_TOKEN_CODE = {"**Num": NUM_CODE, "**Letter": LETTER_CODE}

_PIECE = re.compile(r"\S+")
_CODE_SPAN = 0x110000  # code points: a pair of them as one int64 key a * span + b
_UNI_PREFIXES = ("c.", "c-1.", "c1.", "c-2.", "c2.")
_PAIR_PREFIXES = ("c-1c.", "cc1.", "c-2c-1.")
_WORD_PREFIXES = ("w-1.", "w1.")
_WW_PREFIXES = ("ww.l.", "ww.r.")


def _token_code(token: str) -> int:
    if token in _TOKEN_CODE:
        return _TOKEN_CODE[token]
    if len(token) != 1:
        raise ValueError(f"unexpected pkuseg token {token!r}")
    return ord(token)


def _is_numlet(ch: str) -> bool:
    return ch in _NUM or ch in _LETTER


# --------------------------------------------------------------------------- derive


def source_digest(model_dir: Path) -> str:
    """Size and CRC-32 of each original model file: what the derived file was made from.

    A staleness check run at every load, so a cheap one (CRC-32 of 30 MB: ~15 ms, sha256
    three times that); `tests/segment/test_fastseg.py` checks the shipped file in full."""
    parts = []
    for name in SOURCE_FILES:
        data = (model_dir / name).read_bytes()
        parts.append(f"{name}:{len(data)}:{zlib.crc32(data):08x}")
    return " ".join(parts)


def _sorted_table(keys: list[int], ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    k = np.asarray(keys, dtype=np.int64)
    v = np.asarray(ids, dtype=np.int32)
    order = np.argsort(k, kind="stable")
    k, v = k[order], v[order]
    if len(k) > 1 and bool((k[1:] == k[:-1]).any()):
        raise ValueError("duplicate feature key")
    return k, v


def derive(model_dir: Path) -> dict[str, np.ndarray]:
    """Integer tables equivalent to the pkuseg model in ``model_dir`` (see module doc)."""
    import srsly

    data = srsly.read_msgpack(model_dir / "features.msgpack")
    npz = np.load(model_dir / "weights.npz")
    n_tag, n_feature = (int(x) for x in npz["sizes"])
    w = npz["w"]
    if data["tag_to_idx"] != {"B": 0, "B_single": 1, "I": 2, "I_end": 3, "I_first": 4}:
        raise ValueError(f"unexpected pkuseg tags {data['tag_to_idx']}")
    feature_to_idx: dict[str, int] = data["feature_to_idx"]
    if feature_to_idx.get("$$") != 0:
        raise ValueError("feature 0 must be the always-on '$$'")
    node_w = w[: n_feature * n_tag].reshape(n_feature, n_tag)
    # Our models keep float32 values in float64 (train.py `weight_bits`): stored as float32
    # they take half the room and sum to the same float64 scores. Others stay float64.
    w32 = node_w.astype(np.float32)
    node_table = w32 if np.array_equal(w32.astype(np.float64), node_w) else node_w
    zero = n_feature  # an extra all-zero row: "feature absent"

    unigram_set = set(data["unigram"])
    unigram = sorted(unigram_set)
    if "" in unigram or any("*" in word for word in unigram):
        raise ValueError("a pkuseg word is empty or has '*': the '**Num' rule would not hold")
    # A word with a digit/letter-class character can never match at run time: pkuseg joins
    # the *normalized* tokens ('**Num...'), which contain '*'. Keep only matchable words.
    words = [u for u in unigram if not any(_is_numlet(ch) for ch in u)]
    wid = {u: i for i, u in enumerate(words)}
    no_word = len(words)

    # Character tokens: every token named by a c-type feature.
    uni: dict[int, list[int]] = {}
    pairs: list[tuple[list[int], list[int]]] = [([], []) for _ in _PAIR_PREFIXES]
    pair_tokens: list[list[tuple[int, int]]] = [[] for _ in _PAIR_PREFIXES]
    word_feat = [np.full(no_word + 1, zero, dtype=np.int32) for _ in _WORD_PREFIXES]
    ww_raw: list[tuple[list[int], list[int]]] = [([], []) for _ in _WW_PREFIXES]
    for feat, idx in feature_to_idx.items():
        head, _, rest = feat.partition(".")
        head += "."
        if feat == "$$":
            continue
        if head in _UNI_PREFIXES:
            uni.setdefault(_token_code(rest), [zero] * 5)[_UNI_PREFIXES.index(head)] = idx
        elif head in _PAIR_PREFIXES:
            a, b = rest.split(".")
            k = _PAIR_PREFIXES.index(head)
            pair_tokens[k].append((_token_code(a), _token_code(b)))
            pairs[k][1].append(idx)
        elif head in _WORD_PREFIXES:
            if rest in wid:
                word_feat[_WORD_PREFIXES.index(head)][wid[rest]] = idx
        elif feat.startswith(_WW_PREFIXES):
            kind = feat[:5]
            pre, post = feat[5:].split("*")
            if pre in wid and post in wid:
                k = _WW_PREFIXES.index(kind)
                ww_raw[k][0].append(wid[pre] * (no_word + 1) + wid[post])
                ww_raw[k][1].append(idx)
            elif pre not in unigram_set or post not in unigram_set:
                raise ValueError(f"ww feature with a non-word: {feat!r}")
        else:
            raise ValueError(f"unknown pkuseg feature {feat!r}")

    vocab = sorted({c for c in uni} | {c for pt in pair_tokens for ab in pt for c in ab})
    tok_index = {c: i for i, c in enumerate(vocab)}
    n_vocab = len(vocab)  # row n_vocab: unknown token, no features
    uni_table = np.full((n_vocab + 1, 5), zero, dtype=np.int32)
    for code, ids in uni.items():
        uni_table[tok_index[code]] = ids
    out: dict[str, np.ndarray] = {
        "meta": np.array([FORMAT_VERSION, n_tag, n_feature, n_vocab, no_word], dtype=np.int64),
        "vocab": np.asarray(vocab, dtype=np.int64),
        "uni": uni_table,
        **_prefix_arrays(words),
        "w_m1": word_feat[0],
        "w_p1": word_feat[1],
        "weights": np.vstack([node_table, np.zeros((1, n_tag), dtype=node_table.dtype)]),
        "edge_w": w[n_feature * n_tag :].astype(np.float64),
    }
    # One table for the three bigram features: all three name an adjacent token pair.
    pair_ids: dict[int, list[int]] = {}
    for k in range(len(_PAIR_PREFIXES)):
        for (a, b), idx in zip(pair_tokens[k], pairs[k][1], strict=True):
            key = tok_index[a] * (n_vocab + 1) + tok_index[b]
            pair_ids.setdefault(key, [zero] * len(_PAIR_PREFIXES))[k] = idx
    pair_keys = sorted(pair_ids)
    out["pair_keys"] = np.asarray(pair_keys, dtype=np.int64)
    out["pair_ids"] = np.asarray([pair_ids[k] for k in pair_keys], dtype=np.int32).reshape(
        -1, len(_PAIR_PREFIXES)
    )
    for k, name in enumerate(("ww_l", "ww_r")):
        out[name + "_keys"], out[name + "_ids"] = _sorted_table(*ww_raw[k])
    return out


def write_derived(model_dir: Path) -> Path:
    """Derive the tables of ``model_dir`` and write them to ``model_dir/fastseg.bin``."""
    tables = derive(model_dir)
    tables["source"] = np.frombuffer(source_digest(model_dir).encode("ascii"), dtype=np.uint8)
    target = model_dir / FAST_FILE
    target.write_bytes(pack_tables(tables))
    return target


# The file: MAGIC, an 8-byte header length, a JSON header (per table: dtype, shape, offset,
# stored size, compressed or not), then the tables. Not an npz: zipfile inflates and
# CRC-checks every member (~0.15 CPU-s for this model), while the weights, the bulk, barely
# compress (float32 mantissas: 16.2 -> 12.1 MB) and are read raw here, no copy.
MAGIC = b"FASTSEG\0"
_RAW = frozenset({"weights"})


def pack_tables(tables: dict[str, np.ndarray]) -> bytes:
    header: dict[str, dict] = {}
    blobs: list[bytes] = []
    offset = 0
    for name, table in tables.items():
        data = np.ascontiguousarray(table).tobytes()
        compressed = name not in _RAW
        blob = zlib.compress(data, 6) if compressed else data
        header[name] = {"dtype": table.dtype.str, "shape": list(table.shape),
                        "offset": offset, "size": len(blob), "zlib": compressed}
        blobs.append(blob)
        offset += len(blob)
    head = json.dumps(header, sort_keys=True).encode("utf-8")
    return MAGIC + len(head).to_bytes(8, "little") + head + b"".join(blobs)


def unpack_tables(data: bytes) -> dict[str, np.ndarray]:
    if data[: len(MAGIC)] != MAGIC:
        raise ValueError(f"not a {FAST_FILE} file")
    n = int.from_bytes(data[len(MAGIC) : len(MAGIC) + 8], "little")
    base = len(MAGIC) + 8 + n
    header = json.loads(data[len(MAGIC) + 8 : base])
    view = memoryview(data)
    tables: dict[str, np.ndarray] = {}
    for name, h in header.items():
        blob = view[base + h["offset"] : base + h["offset"] + h["size"]]
        raw = zlib.decompress(blob) if h["zlib"] else blob
        tables[name] = np.frombuffer(raw, dtype=np.dtype(h["dtype"])).reshape(h["shape"])
    return tables


# --------------------------------------------------------------------------- segment


class FastPkuseg:
    """`spacy_pkuseg.pkuseg(model, user_dict=None).cut` with the same output, faster."""

    def __init__(self, tables: dict[str, np.ndarray]) -> None:
        version, n_tag, n_feature, n_vocab, no_word = (int(x) for x in tables["meta"])
        if version != FORMAT_VERSION or n_tag != 5:
            raise ValueError(f"{FAST_FILE}: format {version}, {n_tag} tags: derive it again")
        self.n_vocab = n_vocab
        self.no_word = no_word
        self.zero = n_feature
        # code point -> token row; the dense array makes the lookup one numpy gather.
        self.tok_of_code = np.full(N_CODES, n_vocab, dtype=np.int32)
        self.tok_of_code[tables["vocab"]] = np.arange(n_vocab, dtype=np.int32)
        # pkuseg's normalization as a lookup: digits -> the '**Num' token, full-width letters
        # -> '**Letter' (the keyword characters, '.' among them, are renamed to '&' first).
        for chars, code in ((_NUM, NUM_CODE), (_LETTER, LETTER_CODE)):
            class_row = self.tok_of_code[code]
            for ch in chars - set(_KEYWORDS):
                self.tok_of_code[ord(ch)] = class_row
        self.uni = tables["uni"]
        self.pair_keys = tables["pair_keys"]
        # row len(pair_keys): pair not in the model (all three features absent)
        self.pair_ids = np.vstack([tables["pair_ids"], np.full((1, 3), n_feature, np.int32)])
        self.ww_tables = [(tables[n + "_keys"], tables[n + "_ids"]) for n in ("ww_l", "ww_r")]
        self.w_m1 = tables["w_m1"]
        self.w_p1 = tables["w_p1"]
        self.weights = tables["weights"]
        # the unigram weights per token row and slot (~0.5 MB: stays in cache, where the
        # 16 MB weight table does not)
        self.uni_w = self.weights[self.uni]
        edge_w = tables["edge_w"]
        # pkuseg's getLogYY: edge[s_pre, s] = 1.0 + w[backoff + s * n_tag + s_pre]
        edge = np.ones((n_tag, n_tag), dtype=np.float64)
        for s in range(n_tag):
            for s_pre in range(n_tag):
                edge[s_pre, s] += edge_w[s * n_tag + s_pre]
        self.edge = edge
        self._trie = _Trie(bytes(tables["prefixes"]).decode("utf-8"), tables["prefix_ids"])
        # tags whose name has "B" (B, B_single) start a word, as in pkuseg's `_cut`
        self._starts_word = np.array([True, True, False, False, False])
        self.postprocesser = _NoPostprocess()
        self._viterbi = _run_viterbi()

    # pkuseg.cut: strip, split at whitespace, segment each piece (no user dictionary).
    def cut(self, txt: str) -> list[str]:
        return [txt[a:b] for a, b in self.spans(txt)]

    def spans(self, txt: str) -> list[tuple[int, int]]:
        """(start, end) offsets in ``txt`` of the words `cut` returns, in order."""
        return self.spans_many([txt])[0]

    def spans_many(self, texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        """`spans` of each text, all segmented in one pass: pkuseg cuts every piece (run of
        non-whitespace) on its own, so the pieces of many texts are cut as they would be
        text by text, while numpy's per-call cost (most of a short report's time) is paid
        once for all."""
        # pkuseg cuts each piece of `txt.split()`; `\S+` finds the same pieces (re's `\s`
        # and str.split's whitespace are the same characters, tests/segment check all).
        owner: list[int] = []
        at: list[int] = []
        pieces: list[str] = []
        for k, txt in enumerate(texts):
            for m in _PIECE.finditer(txt):
                owner.append(k)
                at.append(m.start())
                pieces.append(m.group())
        out: list[list[tuple[int, int]]] = [[] for _ in texts]
        if not pieces:
            return out
        word_starts = self._word_starts(pieces)  # in the joined pieces
        lengths = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=len(pieces))
        joined_at = np.cumsum(lengths) - lengths
        # every piece starts a word, so a word ends where the next one starts (or the last
        # piece ends) and never leaves its piece: shift it by its piece's offset in its text
        piece_of = np.searchsorted(joined_at, word_starts, side="right") - 1
        shift = (np.asarray(at, dtype=np.int64) - joined_at)[piece_of]
        ends = np.append(word_starts[1:], joined_at[-1] + lengths[-1])
        first = (word_starts + shift).tolist()
        last = (ends + shift).tolist()
        counts = np.bincount(np.asarray(owner, dtype=np.int64)[piece_of], minlength=len(texts))
        pos = 0
        for k, count in enumerate(counts.tolist()):
            out[k] = list(zip(first[pos : pos + count], last[pos : pos + count], strict=True))
            pos += count
        return out

    def _word_starts(self, pieces: list[str]) -> np.ndarray:
        """Positions (in the joined pieces) where pkuseg starts a word."""
        score, starts = self._scores(pieces)
        return self._decode(score, pieces, starts)

    def _scores(self, pieces: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """pkuseg's node scores (n, tags) of the joined pieces, and the pieces' starts.

        Each node's score is the sum of its features' weights in pkuseg's order of the
        feature slots ($$, the 8 character slots, w-1, w1 by length, ww.l, ww.r by length
        pair), in float64: bit-identical to `getLogYY`. An absent feature adds nothing, so
        the word slots are added at the words found only: adding its +0.0 changes no sum
        that is not -0.0, and no sum is (our weights hold no -0.0; a model with some could
        only flip the sign of a zero score, which no comparison in Viterbi sees)."""
        joined = "".join(pieces)
        n = len(joined)
        lengths = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=len(pieces))
        ends = np.cumsum(lengths)
        starts = ends - lengths
        piece_start = np.repeat(starts, lengths)
        piece_end = np.repeat(ends, lengths)
        renamed = _RENAMED(joined)
        codes = np.frombuffer(renamed.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        # The tokens laid out with two unknown tokens before every piece and after the last:
        # a neighbour outside the piece reads "unknown", whose unigram weights are zero and
        # which is in no token pair, so no feature crosses a piece (what masks did before,
        # at ~10 numpy calls per neighbour: most of a short report's time is such calls).
        unknown = self.n_vocab
        at = np.arange(n, dtype=np.int64) + 2 * (np.repeat(np.arange(len(pieces)), lengths) + 1)
        tok = np.full(n + 2 * len(pieces) + 2, unknown, dtype=np.int64)
        tok[at] = self.tok_of_code[codes]
        # the pair (j, j+1) of every padded position, looked up once: c-1c at j+1, cc1 at j,
        # c-2c-1 at j+2
        pair = self._pair_rows(tok[:-1] * (unknown + 1) + tok[1:])
        weights, uni_w = self.weights, self.uni_w
        score = np.zeros((n, self.edge.shape[0]), dtype=np.float64)
        score += weights[0]  # $$
        score += uni_w[tok[at], 0]  # c.
        score += uni_w[tok[at - 1], 1]  # c-1.
        score += weights[pair[at - 1, 0]]  # c-1c.
        score += uni_w[tok[at + 1], 2]  # c1.
        score += weights[pair[at, 1]]  # cc1.
        score += uni_w[tok[at - 2], 3]  # c-2.
        score += weights[pair[at - 2, 2]]  # c-2c-1.
        score += uni_w[tok[at + 2], 4]  # c2.
        self._add_word_features(score, self._trie.scan(codes, piece_end), piece_start)
        return score, starts

    def _pair_rows(self, keys: np.ndarray) -> np.ndarray:
        """(n, 3) ids of the pair features of each key (absent: the zero feature)."""
        table = self.pair_keys
        at = np.searchsorted(table, keys)
        at[at == len(table)] = 0
        at[table[at] != keys] = len(table)
        return self.pair_ids[at]

    # feature slots after the 9 character ones: w-1 and w1 (5 lengths each), then ww.l and
    # ww.r (5 x 5 length pairs each)
    _W_M1, _W_P1, _WW_L, _WW_R = 9, 9 + N_LEN, 9 + 2 * N_LEN, 9 + 2 * N_LEN + N_LEN * N_LEN

    def _add_word_features(self, score: np.ndarray, words: _Found, piece_start: np.ndarray
                           ) -> None:
        """Add the weights of the dictionary-word features, slot by slot in pkuseg's order
        (within a slot every position has at most one feature)."""
        start, length, ids = words
        if not len(start):
            return
        by_length = WORD_MAX - length  # 0 for 6 characters .. 4 for 2
        slots = [self._W_M1 + by_length, self._W_P1 + by_length]
        where = [start + length - 1, start]
        feature = [self.w_m1[ids], self.w_p1[ids]]
        pre, post, at = _adjacent(words, piece_start)
        if len(pre):
            keys = ids[pre] * (self.no_word + 1) + ids[post]
            by_pair = by_length[pre] * N_LEN + by_length[post]
            for slot, shift, (table_keys, table_ids) in zip(
                (self._WW_L, self._WW_R), (0, 1), self.ww_tables, strict=True
            ):
                slots.append(slot + by_pair)
                where.append(at - shift)
                feature.append(_ids(table_keys, table_ids, keys, self.zero))
        slot, at, feat = (np.concatenate(x) for x in (slots, where, feature))
        real = feat != self.zero
        order = np.argsort(slot[real], kind="stable")
        slot, at, feat = slot[real][order], at[real][order], feat[real][order]
        cuts = [0, *(np.flatnonzero(np.diff(slot)) + 1).tolist(), len(slot)]
        for a, b in itertools.pairwise(cuts):
            score[at[a:b]] += self.weights[feat[a:b]]

    def _decode(self, score: np.ndarray, pieces: list[str], starts: np.ndarray) -> np.ndarray:
        """Viterbi per piece (pkuseg's own); word starts in the joined pieces."""
        viterbi = self._viterbi
        edge = self.edge
        tags = [viterbi(score[start : start + len(piece)], edge)[1]
                for piece, start in zip(pieces, starts.tolist(), strict=True)]
        is_start = self._starts_word[np.concatenate(tags)]
        is_start[starts] = True  # a piece's first character starts a word whatever its tag
        return np.flatnonzero(is_start)


# Dictionary words found in a text: start positions, lengths and word ids (int64 arrays).
_Found = tuple[np.ndarray, np.ndarray, np.ndarray]


class _Trie:
    """The word prefixes (2..6 characters) as a trie of sorted integer keys, walked for all
    start positions of a text at once, one numpy step per length.

    A node is a prefix (its index in `prefixes`); `word[node]` its word id or -1. The
    2-character prefixes are found by their code pair (`first_keys`), a longer one by its
    parent node and last code (`child_keys`). The same words as walking the prefix dict
    from each start until a prefix is missing (the version before session 5, a Python loop
    per start position that cost ~0.6 us/char)."""

    def __init__(self, prefixes: str, word_ids: np.ndarray) -> None:
        """`prefixes`: the prefixes joined by line breaks (none holds one), in node order.

        Built level by level in numpy (a dict of the 84k prefixes and a Python loop cost
        ~0.07 CPU-s at every start): a prefix's key at length k is its ancestor's node at
        length k - 1 and its k-th code, and that ancestor is found among the length-k - 1
        prefixes by key."""
        self.word = np.asarray(word_ids, dtype=np.int64)
        codes = np.frombuffer(prefixes.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        breaks = np.flatnonzero(codes == ord("\n"))
        first = np.concatenate(([0], breaks + 1))
        length = np.concatenate((breaks, [len(codes)])) - first
        if len(first) != len(self.word) or length.min(initial=WORD_MIN) < WORD_MIN:
            raise ValueError(f"{FAST_FILE}: prefix table does not match its ids")
        nodes = np.arange(len(first), dtype=np.int64)
        key = codes[first] * _CODE_SPAN + codes[np.minimum(first + 1, len(codes) - 1)]
        self.first_keys, self.first_node = _key_table(key[length == WORD_MIN],
                                                      nodes[length == WORD_MIN])
        child_keys, child_nodes = [], []
        table_keys, table_nodes = self.first_keys, self.first_node
        for k in range(WORD_MIN + 1, WORD_MAX + 1):
            longer = length >= k
            # the ancestor of length k - 1 (the node itself for length k - 1)
            at = np.searchsorted(table_keys, key[longer])
            parent = table_nodes[np.minimum(at, len(table_nodes) - 1)]
            key = parent * _CODE_SPAN + codes[first[longer] + k - 1]
            first, length, nodes = first[longer], length[longer], nodes[longer]
            own = length == k
            table_keys, table_nodes = _key_table(key[own], nodes[own])
            child_keys.append(table_keys)
            child_nodes.append(table_nodes)
        self.child_keys, self.child_node = _key_table(np.concatenate(child_keys),
                                                      np.concatenate(child_nodes))

    def scan(self, codes: np.ndarray, piece_end: np.ndarray) -> _Found:
        """Every dictionary word inside a piece: (start, length, id), by length then start."""
        n = len(codes)
        none = np.zeros(0, dtype=np.int64)
        if n < WORD_MIN:
            return none, none, none
        pairs = codes[:-1].astype(np.int64) * _CODE_SPAN + codes[1:]
        start = np.flatnonzero(piece_end[:-1] - np.arange(n - 1) >= WORD_MIN)
        start, node = _find(self.first_keys, self.first_node, pairs[start], start)
        found_pos, found_len, found_id = [], [], []
        length = WORD_MIN
        while len(start):
            word = self.word[node]
            hit = word >= 0
            found_pos.append(start[hit])
            found_len.append(np.full(int(hit.sum()), length, dtype=np.int64))
            found_id.append(word[hit])
            length += 1
            if length > WORD_MAX:
                break
            room = start + length <= piece_end[start]
            start, node = start[room], node[room]
            keys = node * _CODE_SPAN + codes[start + length - 1]
            start, node = _find(self.child_keys, self.child_node, keys, start)
        if not found_pos:
            return none, none, none
        return (np.concatenate(found_pos), np.concatenate(found_len),
                np.concatenate(found_id))


def _key_table(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keys sorted (they are unique), and their values in the same order."""
    order = np.argsort(keys, kind="stable")
    return np.ascontiguousarray(keys[order]), np.ascontiguousarray(values[order])


def _find(
    keys: np.ndarray, values: np.ndarray, want: np.ndarray, where: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The `where` entries whose `want` key is in the table, and the keys' values."""
    if not len(keys) or not len(want):
        return where[:0], values[:0]
    at = np.searchsorted(keys, want)
    at[at == len(keys)] = 0
    hit = keys[at] == want
    return where[hit], values[at[hit]]


def _ids(table_keys: np.ndarray, table_ids: np.ndarray, keys: np.ndarray, zero: int
         ) -> np.ndarray:
    """ids of ``keys`` in a sorted key table; ``zero`` where absent."""
    if not len(table_keys):
        return np.full(len(keys), zero, dtype=np.int32)
    at = np.searchsorted(table_keys, keys)
    at[at == len(table_keys)] = 0
    return np.where(table_keys[at] == keys, table_ids[at], zero)


def _adjacent(words: _Found, piece_start: np.ndarray) -> tuple[np.ndarray, ...]:
    """Pairs of found words side by side in one piece: (index of the word before, index of
    the word after, position where the second starts). A sparse join (sorted ends), not a
    comparison of all 25 length pairs at every position."""
    start, length, _ = words
    after = start + length  # the position right after each word
    order = np.argsort(after, kind="stable")
    lo = np.searchsorted(after[order], start, "left")
    count = np.searchsorted(after[order], start, "right") - lo
    total = int(count.sum())
    post = np.repeat(np.arange(len(start)), count)
    pre = order[np.repeat(lo - np.cumsum(count) + count, count) + np.arange(total)]
    at = start[post]
    inside = piece_start[at] != at  # the word before ends in the second word's piece
    return pre[inside], post[inside], at[inside]


class _NoPostprocess:
    """pkuseg's post-processor switched off (our tokenizer never loads its dictionary)."""

    do_process = False


def _prefix_arrays(words: Sequence[str]) -> dict[str, np.ndarray]:
    """Every prefix (2..6 chars) of a word of length 2..6 -> the word's id, or -1 if the
    prefix is not itself a word: the word scan stops as soon as no word can continue."""
    out: dict[str, int] = {}
    for i, word in enumerate(words):
        if WORD_MIN <= len(word) <= WORD_MAX:
            for k in range(WORD_MIN, len(word)):
                out.setdefault(word[:k], -1)
            out[word] = i
    if any("\n" in key for key in out):
        raise ValueError("a pkuseg word contains a line break")
    # the 2-character prefixes as code-pair keys: where a word scan can start
    firsts = sorted({ord(p[0]) * _CODE_SPAN + ord(p[1]) for p in out if len(p) == WORD_MIN})
    return {
        "prefixes": np.frombuffer("\n".join(out).encode("utf-8"), dtype=np.uint8),
        "prefix_ids": np.asarray(list(out.values()), dtype=np.int32),
        "first_pairs": np.asarray(firsts, dtype=np.int64),
    }


def _run_viterbi():
    """spacy_pkuseg's Cython `run_viterbi`, the very function pkuseg decodes with.

    `import spacy_pkuseg` costs ~0.2 CPU-s (its package imports its trainer, requests,
    multiprocessing); the extension module itself imports only numpy. So load it by its
    file when the package is not imported yet (same module object a later import gets)."""
    import importlib.machinery
    import importlib.util

    if "spacy_pkuseg" not in sys.modules:
        try:
            spec = importlib.util.find_spec("spacy_pkuseg")
            locations = spec.submodule_search_locations if spec else None
            for suffix in importlib.machinery.EXTENSION_SUFFIXES if locations else ():
                path = Path(next(iter(locations))) / f"inference{suffix}"
                if path.is_file():
                    name = "spacy_pkuseg.inference"
                    loader = importlib.machinery.ExtensionFileLoader(name, str(path))
                    ext_spec = importlib.util.spec_from_file_location(name, path, loader=loader)
                    module = importlib.util.module_from_spec(ext_spec)
                    loader.exec_module(module)
                    return module.run_viterbi
        except (ImportError, OSError, StopIteration):
            pass
    from spacy_pkuseg.inference import run_viterbi

    return run_viterbi


def load_tables(model_dir: Path) -> dict[str, np.ndarray]:
    return unpack_tables((model_dir / FAST_FILE).read_bytes())


def load(model_dir: Path | str) -> FastPkuseg | None:
    """The FastPkuseg of ``model_dir``, or None when its ``fastseg.bin`` is missing or was
    derived from other model files than the ones there now."""
    model_dir = Path(model_dir)
    if not (model_dir / FAST_FILE).is_file():
        return None
    tables = load_tables(model_dir)
    made_from = bytes(tables.pop("source")).decode("ascii")
    if made_from != source_digest(model_dir):
        return None
    return FastPkuseg(tables)


def load_segmenter(model_dir: Path | str, user_dict: str | None = None):
    """What the tokenizer segments with: FastPkuseg when the model has its derived tables
    and no user dictionary is asked for, else spacy_pkuseg itself (same words, slower)."""
    if user_dict is None:
        fast = load(model_dir)
        if fast is not None:
            return fast
        warnings.warn(
            f"{model_dir}: no up-to-date {FAST_FILE}; segmenting with spacy_pkuseg (same "
            f"words, ~5x slower). Make it: python -m pipeline.segment.fastseg derive DIR",
            stacklevel=2,
        )
    import spacy_pkuseg

    seg = spacy_pkuseg.pkuseg(str(model_dir), user_dict=user_dict)
    seg.postprocesser.do_process = False
    return seg


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m pipeline.segment.fastseg",
        description="Write fastseg.bin (the fast-loading tables) beside a pkuseg model.",
    )
    p.add_argument("command", choices=["derive"])
    p.add_argument("model_dir", type=Path)
    args = p.parse_args(argv)
    target = write_derived(args.model_dir)
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
