"""The char tagger's encoder and output layer as plain numpy: thinc's arithmetic, less work.

spaCy's `MaxoutWindowEncoder` (residual blocks of expand_window >> maxout >> layernorm >>
dropout, inside `with_array(pad=...)`) followed by an unnormalized `Softmax` is ~45 thinc
layer calls per text, and its layer norm computes the mean twice and `X - mu` twice. Here
the same numpy operations run on the same arrays in the same order, so the scores are
bit-for-bit thinc's with numpy's gemm (`NumpyOps(use_blis=False)`, the shipped setting;
tests/entities/test_ner_encoder.py), with three cuts that do not touch a single result:

- the maxout weights are stored piece-major (all first pieces, then all second pieces), so
  the maxout is an element-wise maximum of two contiguous halves of the product instead of a
  reduction over interleaved pairs (a gemm's output element does not depend on its column);
- the variance reuses `X - mu` (numpy's `var` computes exactly `sum((X - mean)**2) / n`);
- the buffers are allocated once per call and updated in place.

Any other layer structure (or blis, whose products round differently) is left to thinc:
`WindowEncoder.from_model` returns None.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from thinc.api import Model

# The leaves of one residual block, in order (dropout is the identity at inference).
_BLOCK = ["expand_window", "maxout", "layernorm", "dropout"]


@dataclass(frozen=True)
class _Block:
    """One residual block: window, maxout (pieces stacked along the output), layer norm."""

    window: int
    pieces: int
    weights: np.ndarray  # (inputs, pieces * width), the transposed piece-major maxout W
    bias: np.ndarray  # (pieces * width,)
    gain: np.ndarray  # (width,)
    shift: np.ndarray  # (width,)


def _leaves(node: Model) -> list[Model]:
    """The leaf layers in the order they run (`Model.walk` is breadth-first)."""
    if not node.layers:
        return [node]
    return [leaf for child in node.layers for leaf in _leaves(child)]


def _block(residual: Model) -> _Block | None:
    leaves = _leaves(residual)
    if [n.name for n in leaves] != _BLOCK:
        return None
    window, maxout, norm, _ = leaves
    weights = maxout.get_param("W")  # (width, pieces, inputs)
    width, pieces, inputs = weights.shape
    if inputs != width * (2 * int(window.attrs["window_size"]) + 1):
        return None
    # piece-major rows: row p * width + o is thinc's row o * pieces + p
    stacked = weights.transpose(1, 0, 2).reshape(pieces * width, inputs)
    return _Block(
        window=int(window.attrs["window_size"]),
        pieces=pieces,
        weights=np.ascontiguousarray(stacked).T,  # a transposed view, as thinc's gemm gets
        bias=np.ascontiguousarray(maxout.get_param("b").T).reshape(pieces * width),
        gain=norm.get_param("G"),
        shift=norm.get_param("b"),
    )


class WindowEncoder:
    """`chain(with_array(residual blocks, pad), with_array(softmax)).predict` in numpy."""

    def __init__(self, blocks: list[_Block], pad: int, out_w: np.ndarray,
                 out_b: np.ndarray) -> None:
        self.blocks = blocks
        self.pad = pad
        self.out_w = out_w.T  # transposed view: thinc's affine is gemm(X, W, trans2=True)
        self.out_b = out_b
        # False (default): the first block from per-character products (`_first_products`)
        # and the layer norm's row sums as BLAS products (`_finish`), both float rounding
        # away from thinc; True: thinc's scores bit for bit (the tests compare that way).
        self.exact = False
        self._parts: list[np.ndarray] = []  # per window offset: table @ its weight rows
        self._covered = 0  # rows of the embedding table `_parts` hold
        self._table: np.ndarray | None = None  # that table (it only grows at the end)

    @classmethod
    def from_model(cls, rest: Model) -> WindowEncoder | None:
        """The encoder of `rest` (= encode >> output of a tagger), or None when its layers
        are not exactly the ones written here or its products do not run on numpy's gemm."""
        if any(getattr(n.ops, "use_blis", True) for n in _leaves(rest)):
            return None
        if len(rest.layers) != 2:
            return None
        encode, output = rest.layers
        if not (encode.name.startswith("with_array(") and output.name == "with_array(softmax)"):
            return None
        (stack,) = encode.layers
        residuals = stack.layers if stack.name.count("residual(") > 1 else [stack]
        if not residuals or any(not r.name.startswith("residual(") for r in residuals):
            return None
        blocks = [_block(r) for r in residuals]
        if any(b is None for b in blocks) or len(_leaves(stack)) != len(_BLOCK) * len(blocks):
            return None
        (softmax,) = _leaves(output)
        if softmax.attrs.get("softmax_normalize") or softmax.attrs.get(
                "softmax_temperature", 1.0) != 1.0:
            return None
        if int(output.attrs.get("pad", 0)) != 0:
            return None
        return cls([b for b in blocks if b is not None], int(encode.attrs.get("pad", 0)),
                   softmax.get_param("W"), softmax.get_param("b"))

    def __call__(self, table: np.ndarray, rows: list[np.ndarray]) -> list[np.ndarray]:
        """Scores of each text whose characters' embeddings are `table[rows[i]]`.

        As thinc's `with_array(pad)`: the texts are stacked with `pad` zero rows before,
        between and after them, the blocks run on the whole stack, the pads are dropped.
        """
        pad, lengths = self.pad, [len(r) for r in rows]
        width = table.shape[1]
        total = sum(lengths) + pad * (len(rows) + 1)
        state = np.zeros((total, width), dtype=table.dtype)
        starts = []
        at = pad
        for r, n in zip(rows, lengths, strict=True):
            np.take(table, r, axis=0, out=state[at : at + n])
            starts.append(at)
            at += n + pad
        blocks = self.blocks
        if not self.exact:
            self._finish(blocks[0], state, self._first_products(table, rows, starts, total),
                         exact=False)
            blocks = blocks[1:]
        for block in blocks:
            self._block(block, state, exact=self.exact)
        if len(rows) == 1:
            inner = state[pad : pad + lengths[0]]
        else:
            inner = np.concatenate([state[a : a + n] for a, n in zip(starts, lengths,
                                                                      strict=True)])
        scores = np.dot(inner, self.out_w)
        scores += self.out_b
        if len(rows) == 1:
            return [scores]
        return np.split(scores, np.cumsum(lengths)[:-1])

    def _first_products(self, table: np.ndarray, rows: list[np.ndarray], starts: list[int],
                        total: int) -> np.ndarray:
        """The first block's window x W + b without its gemm.

        Its input rows are embedding-table rows (zeros at the pads), so the product of a
        window [x(i-w) .. x(i+w)] with W is the sum over offsets k of x(i+k) times W's rows
        for k: a per-character product, computed once per table row and gathered. The same
        terms, summed in another order than the gemm's: scores move by float rounding only
        (<= ~5e-6 on the bench texts); the records and the MSRA/CLUENER spans were checked
        unchanged (docs/NOTES.md, session 5 "after the entity rules"). Saves a third of the
        products.
        """
        block = self.blocks[0]
        width, w = table.shape[1], block.window
        if table is not self._table:
            old = self._table
            if old is None or len(table) < len(old) or not np.array_equal(table[: len(old)], old):
                self._parts, self._covered = [], 0  # another table: start over
            self._table = table
        if len(table) > self._covered:
            new = table[self._covered :]
            parts = [np.dot(new, block.weights[k * width : (k + 1) * width])
                     for k in range(2 * w + 1)]
            zero = np.zeros((1, block.weights.shape[1]), dtype=table.dtype)
            self._parts = [np.concatenate([old[:-1], part, zero]) if self._covered
                           else np.concatenate([part, zero])
                           for old, part in zip(self._parts or [None] * len(parts), parts,
                                                strict=True)]
            self._covered = len(table)
        # row of `_parts` per position of the stack (pads: the zero row), w more each side
        where = np.full(total + 2 * w, self._covered, dtype=np.intp)
        for r, at in zip(rows, starts, strict=True):
            where[w + at : w + at + len(r)] = r
        products = self._parts[0][where[:total]]
        for k in range(1, 2 * w + 1):
            products += self._parts[k][where[k : k + total]]
        products += block.bias
        return products

    @staticmethod
    def _block(block: _Block, state: np.ndarray, exact: bool = True) -> None:
        """state += layernorm(maxout(window(state))), in place."""
        total, width = state.shape
        w = block.window
        cols = np.zeros((total, (2 * w + 1) * width), dtype=state.dtype)
        for k in range(-w, w + 1):  # column block k + w holds row i + k (zero outside)
            part = cols[:, (k + w) * width : (k + w + 1) * width]
            if k < 0:
                part[-k:] = state[:k]
            elif k > 0:
                part[:-k] = state[k:]
            else:
                part[:] = state
        products = np.dot(cols, block.weights)
        products += block.bias
        WindowEncoder._finish(block, state, products, exact)

    @staticmethod
    def _finish(block: _Block, state: np.ndarray, products: np.ndarray,
                exact: bool = True) -> None:
        """state += layernorm(maxout(products)), in place (products: window x W + b)."""
        width = state.shape[1]
        best = products[:, :width].copy()
        for p in range(1, block.pieces):
            np.maximum(best, products[:, p * width : (p + 1) * width], out=best)
        # thinc's LayerNorm: mu = X.mean(1); var = X.var(1) + 1e-08;
        # Xhat = (X - mu) * var ** -0.5; Y = Xhat * G + b
        if exact:
            best -= best.mean(axis=1, keepdims=True)
            var = np.multiply(best, best).sum(axis=1, keepdims=True)  # contiguous, as numpy's
        else:  # the same sums as a matrix-vector product and einsum: 2x faster, rounding
            best -= np.dot(best, np.full(width, 1 / width, dtype=best.dtype))[:, None]
            var = np.einsum("ij,ij->i", best, best)[:, None]
        var /= np.intp(width)
        var += 1e-08
        best *= var ** (-1.0 / 2.0)
        best *= block.gain
        best += block.shift
        state += best
