"""Training data for the trained NER: readers, label maps, a domain generator, DocBins.

Every example is `(text, spans)` with character spans `(start, end, label)` already mapped
onto the model's labels (configs/ner/labels.yaml). Docs are built one character per token
(`char_doc`), so each character offset is a token boundary and nothing is lost to
segmentation (PITFALLS §3). The corpus is rebuilt by `bulletin train-ner`; it does not ship.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

Span3 = tuple[int, int, str]
Example = tuple[str, list[Span3]]


# Full-width ASCII (letters, digits and punctuation) and the ideographic space -> half-width.
# Sources differ in which width they use for `,` `:` `(`; the model sees one form. 1:1.
_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_WIDTH_TABLE = str.maketrans(_WIDTH)


def fold_width(text: str) -> str:
    return text.translate(_WIDTH_TABLE)


def char_doc(vocab: Vocab, text: str) -> Doc:
    """One token per character (whitespace included): token i is text[i], width-folded."""
    return Doc(vocab, words=list(fold_width(text)), spaces=[False] * len(text))


class CharRows:
    """A text's token attributes, one row per character, read the way spaCy's feature
    extractor reads a Doc (`to_array(columns)`): what the tagger needs of a char_doc."""

    def __init__(self, rows: np.ndarray) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def to_array(self, columns: object) -> np.ndarray:
        return self.rows


class CharFeatures:
    """`char_doc(vocab, text).to_array(columns)` without building the Doc.

    A char_doc's token attributes (NORM, SHAPE: the tagger's features) are those of each
    character's lexeme, so they are looked up once per distinct character (from a char_doc
    of the new characters, the same code path) and then gathered with numpy. Building a
    Doc per report cost ~0.8 us per character, mostly per-token lexeme look-ups.
    """

    def __init__(self, vocab: Vocab, columns: list) -> None:
        self.vocab = vocab
        self.columns = list(columns)
        # folded code point -> row of `table` + 1 (0: not seen yet); 4.4 MB, allocated
        # lazily by the OS
        self.index = np.zeros(0x110000, dtype=np.uint32)
        # the same by the code point as written (before `fold_width`), so a text is looked
        # up without folding it first (~0.1 us per character)
        self.raw_index = np.zeros(0x110000, dtype=np.uint32)
        self.table = np.zeros((1, len(self.columns)), dtype=np.uint64)

    def rows(self, text: str) -> CharRows:
        where = self.index_of(text)  # first: it may grow the table
        return CharRows(self.table[where])

    def index_of(self, text: str) -> np.ndarray:
        """Each character's row of `table` (characters not seen before are added): the row
        of the character's width-folded form."""
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        where = self.raw_index[codes]
        if not where.all():
            raw = sorted_unique(codes[where == 0])
            folded = np.frombuffer(
                fold_width("".join(map(chr, raw.tolist()))).encode("utf-32-le", "surrogatepass"),
                dtype=np.uint32)
            new = sorted_unique(folded[self.index[folded] == 0])
            if len(new):
                self._learn(new)
            self.raw_index[raw] = self.index[folded]
            where = self.raw_index[codes]
        return where

    def _learn(self, codes: np.ndarray) -> None:
        chars = [chr(c) for c in codes.tolist()]
        found = char_doc(self.vocab, "".join(chars)).to_array(self.columns)
        found = found.reshape(len(chars), len(self.columns)).astype(np.uint64)
        self.index[codes] = np.arange(len(self.table), len(self.table) + len(chars))
        self.table = np.concatenate([self.table, found])


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """`np.unique` of a 1-D array (its distinct values, sorted). numpy 2's `np.unique`
    imports `numpy.ma` on its first call: 0.03 CPU-s of every process's first report."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


@dataclass(frozen=True)
class LabelMaps:
    model_labels: list[str]
    msra: dict[str, str | None]
    cluener: dict[str, str | None]
    gold: dict[str, str | None]
    unit_heads: list[str]

    @classmethod
    def load(cls, path: Path) -> LabelMaps:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        heads = sorted(data.get("unit_heads", []), key=len, reverse=True)
        return cls(data["model_labels"], data["msra"], data["cluener"], data["gold"], heads)

    def org_or_unit(self, surface: str) -> str:
        """A generic organisation is UNIT when it ends in a public-body head."""
        return "UNIT" if any(surface.endswith(h) for h in self.unit_heads) else "ORG"


def read_msra(path: Path, maps: LabelMaps, limit: int | None = None) -> Iterator[Example]:
    """MSRA char-per-line BIO; an empty tag is O (57 lines of leftover markup, PROVENANCE)."""
    chars: list[str] = []
    tags: list[str] = []
    count = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    yield _bio_example(chars, tags, maps)
                    count += 1
                    if limit is not None and count >= limit:
                        return
                chars, tags = [], []
                continue
            char, _, tag = line.partition("\t")
            chars.append(char[:1] or " ")
            tags.append(tag.strip() or "O")
    if chars:
        yield _bio_example(chars, tags, maps)


def _bio_example(chars: list[str], tags: list[str], maps: LabelMaps) -> Example:
    text = "".join(chars)
    spans: list[Span3] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if start >= 0 and not (tag.startswith("I-") and tag[2:] == kind):
            spans.append((start, i, kind))
            start = -1
        if tag.startswith("B-") or (tag.startswith("I-") and start < 0):
            start, kind = i, tag[2:]
    out: list[Span3] = []
    for s, e, kind in spans:
        label = maps.msra.get(kind)
        if label == "ORG":
            label = maps.org_or_unit(text[s:e])
        if label:
            out.append((s, e, label))
    return text, out


def read_cluener(path: Path, maps: LabelMaps) -> Iterator[Example]:
    """CLUENER JSON lines; offsets there are end-inclusive."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            spans: list[Span3] = []
            for kind, mentions in record.get("label", {}).items():
                label = maps.cluener.get(kind)
                if not label:
                    continue
                for offsets in mentions.values():
                    spans.extend((s, e + 1, label) for s, e in offsets)
            yield record["text"], _no_overlaps(spans)


def read_gold(path: Path, maps: LabelMaps) -> Iterator[Example]:
    """Our gold JSONL (SCHEMA §5), each report cut into sentence-sized pieces."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            spans = [
                (e["start"], e["end"], maps.gold[e["label"]])
                for e in record.get("entities", [])
                if maps.gold.get(e["label"])
            ]
            yield from split_example(record["text"], _no_overlaps(spans))


def _no_overlaps(spans: Iterable[Span3]) -> list[Span3]:
    """Longest first; an overlapping shorter span is dropped (a char gets one tag)."""
    kept: list[Span3] = []
    for span in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0], s[2])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)


SENTENCE_ENDS = "。！？；\n"


def split_example(text: str, spans: list[Span3], max_len: int = 200) -> Iterator[Example]:
    """Cut a long text after sentence ends that lie outside every span."""
    inside = set()
    for s, e, _ in spans:
        inside.update(range(s + 1, e))
    start = 0
    for i, char in enumerate(text):
        cut = i + 1
        if char in SENTENCE_ENDS and cut not in inside and (cut - start >= 20 or char == "\n"):
            yield from _piece(text, spans, start, cut)
            start = cut
        elif cut - start >= max_len and cut not in inside and char in "，、":
            yield from _piece(text, spans, start, cut)
            start = cut
    yield from _piece(text, spans, start, len(text))


def _piece(text: str, spans: list[Span3], start: int, end: int) -> Iterator[Example]:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    if not piece:
        return
    shift = start + lead
    inner = [(s - shift, e - shift, lab) for s, e, lab in spans if s >= start and e <= end]
    yield piece, [(s, e, lab) for s, e, lab in inner if 0 <= s < e <= len(piece)]


# ---------------------------------------------------------------------------------------
# Domain generator


@dataclass
class DomainSpec:
    pools: dict[str, list[str]]
    templates: list[str]
    divisions: list[tuple[str, str, str, str, str]]  # (name, short, level, parent, province)

    @classmethod
    def load(cls, spec_path: Path, divisions_path: Path) -> DomainSpec:
        data = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        templates = data.pop("templates")
        return cls({k: list(v) for k, v in data.items()}, templates, _read_divisions(divisions_path))


def _read_divisions(path: Path) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = [*line.split("\t"), "", ""]
        if cols[2]:
            rows.append((cols[0], cols[1] or cols[0], cols[2], cols[3], cols[4]))
    return rows


class DomainGenerator:
    """Fills templates with invented names, units, places and companies (seeded)."""

    SLOT_LABELS = {
        "PER": "PERSON", "NAME": "PERSON", "PSEUDO": "PERSON", "UNIT": "UNIT",
        "UNIT_SHORT": "UNIT", "LOC": "LOC", "ORG": "ORG", "TITLE": None, "DATE": None,
        "NUM": None,
    }

    def __init__(self, spec: DomainSpec, seed: int) -> None:
        self.spec = spec
        self.rng = random.Random(seed)
        self.by_level: dict[str, list[tuple[str, str, str, str, str]]] = {}
        self.by_name = {row[0]: row for row in spec.divisions}
        for row in spec.divisions:
            self.by_level.setdefault(row[2], []).append(row)

    def pick(self, key: str) -> str:
        return self.rng.choice(self.spec.pools[key])

    def _given(self, n: int) -> str:
        return "".join(self.pick("given_chars") for _ in range(n))

    def name(self) -> str:
        return self.pick("surnames") + self._given(self.rng.choice([1, 2, 2, 2]))

    def pseudo(self) -> str:
        # Shares as they appear in bulletins: 张某 most, then 张某某; 蔡某东 and 黄先生 rarer.
        surname = self.pick("surnames")
        form = self.rng.random()
        if form < 0.45:
            return surname + "某"
        if form < 0.78:
            return surname + "某某"
        if form < 0.9:
            return surname + "某" + self._given(1)
        return surname + self.rng.choice(["先生", "女士"])

    def _division(self, *levels: str) -> tuple[str, str, str, str, str]:
        rows = [r for lvl in levels for r in self.by_level.get(lvl, [])]
        return self.rng.choice(rows or self.spec.divisions)

    def _written(self, row: tuple[str, str, str, str, str]) -> str:
        return row[0] if self.rng.random() < 0.6 else row[1]

    def _place_name(self, *levels: str) -> str:
        return self._written(self._division(*levels))

    def _chain(self) -> str:
        """A real chain (province > prefecture > county), two or three levels of it."""
        county = self._division("county")
        prefecture = self.by_name.get(county[3])
        province = self.by_name.get(county[4])
        parts = [row for row in (province, prefecture, county) if row is not None]
        if len(parts) == 3 and self.rng.random() < 0.5:
            parts.pop(self.rng.choice([0, 2]))
        return "".join(self._written(row) for row in parts)

    def _coined(self) -> str:
        return self._given(2)

    def loc(self) -> str:
        # Bulletins write places as one span from the largest division named down to the
        # spot: 广西桂林市全州县, 果洛州玛多县花石峡镇, 东山中央城12栋.
        r = self.rng.random()
        if r < 0.3:
            return self._place_name("province", "prefecture", "county")
        if r < 0.55:
            text = self._chain()
            if self.rng.random() < 0.4:
                text += self._coined() + self.rng.choice(["镇", "乡", "街道"])
            return text
        if r < 0.75:
            return self._place_name("prefecture", "county") + self._coined() + self.pick(
                "place_heads")
        if r < 0.9:
            spot = self._coined() + self.pick("place_heads")
            if self.rng.random() < 0.3:
                spot += self.rng.choice(["12栋", "6号", "3单元", "88号", "东侧"])
            return spot
        return self._place_name("prefecture", "county") + self.rng.choice(
            ["火车站", "汽车站", "人民医院", "广场", "高铁站", "机场"])

    def unit(self) -> str:
        r = self.rng.random()
        pref = self._place_name("prefecture")
        county = self._place_name("county")
        if r < 0.12:
            return self._place_name("province") + "公安厅" + self.rng.choice(
                ["", self.pick("branches") + "总队"])
        if r < 0.35:
            return pref + "公安局" + self.rng.choice(
                ["", self.pick("branches") + "支队", self._coined() + "分局",
                 self._coined() + "分局" + self._coined() + "派出所"])
        if r < 0.6:
            return county + "公安局" + self.rng.choice(
                ["", self._coined() + "派出所", self.pick("unit_leaf"), self.pick("branches") + "大队"])
        if r < 0.72:
            return self.rng.choice([pref, county]) + self.rng.choice(["警方", "公安"])
        if r < 0.8:
            return self.pick("scope_units")
        gov = self.pick("gov_units")
        if gov[0] in "市县区省" and self.rng.random() < 0.5:
            return self.rng.choice([pref, county]) + gov[1:]
        return gov

    def unit_short(self) -> str:
        r = self.rng.random()
        if r < 0.35:
            return self._coined() + "派出所"
        if r < 0.6:
            return self.rng.choice(["市", "县", "区"]) + "公安局"
        if r < 0.8:
            return self.pick("branches") + self.rng.choice(["大队", "支队", "中队"])
        return self._coined() + "分局"

    def org(self) -> str:
        r = self.rng.random()
        if r < 0.3:
            return self.pick("media")
        if r < 0.45:
            return self._place_name("province", "prefecture") + self.pick("media_heads")
        prefix = self.rng.choice([self._place_name("prefecture", "county"), "", "某"])
        return prefix + self._coined() + self.pick("org_heads")

    def fill(self, slot: str) -> str:
        if slot == "PER":
            return self.name() if self.rng.random() < 0.5 else self.pseudo()
        if slot == "NAME":
            return self.name()
        if slot == "PSEUDO":
            return self.pseudo()
        if slot == "UNIT":
            return self.unit()
        if slot == "UNIT_SHORT":
            return self.unit_short()
        if slot == "LOC":
            return self.loc()
        if slot == "ORG":
            return self.org()
        if slot == "TITLE":
            return self.pick("titles")
        if slot == "DATE":
            return self.rng.choice(["近日", "日前", "今年以来", "5月12日", "3月8日晚", "昨日",
                                    "2023年10月", "上午9时许", "6月"])
        if slot == "NUM":
            return str(self.rng.choice([2, 3, 5, 12, 26, 38, 47, 150, 1998]))
        raise ValueError(f"unknown slot {{{slot}}} in configs/ner/domain.yaml")

    def sentence(self) -> Example:
        template = self.rng.choice(self.spec.templates)
        text, spans = "", []
        pos = 0
        while pos < len(template):
            open_at = template.find("{", pos)
            if open_at < 0:
                text += template[pos:]
                break
            close_at = template.index("}", open_at)
            text += template[pos:open_at]
            slot = template[open_at + 1 : close_at]
            value = self.fill(slot)
            label = self.SLOT_LABELS.get(slot)
            if label:
                spans.append((len(text), len(text) + len(value), label))
            text += value
            pos = close_at + 1
        return text, spans


def generate_domain(spec: DomainSpec, n: int, seed: int) -> list[Example]:
    gen = DomainGenerator(spec, seed)
    return [gen.sentence() for _ in range(n)]


def bio_tags(length: int, spans: Iterable[Span3]) -> list[str]:
    """One BIO tag per character (`B-PERSON`, `I-PERSON`, `O`)."""
    tags = ["O"] * length
    for start, end, label in spans:
        tags[start] = "B-" + label
        for i in range(start + 1, end):
            tags[i] = "I-" + label
    return tags


def to_docbin(vocab: Vocab, examples: Iterable[Example]) -> DocBin:
    """Char docs whose tags are the BIO tags of the spans (the model is a char tagger)."""
    docbin = DocBin(attrs=["ORTH", "TAG"], store_user_data=False)
    for text, spans in examples:
        if not text:
            continue
        doc = char_doc(vocab, text)
        kept = [(s, e, lab) for s, e, lab in _no_overlaps(spans)
                if 0 <= s < e <= len(text) and text[s:e].strip() == text[s:e]]
        for token, tag in zip(doc, bio_tags(len(text), kept), strict=True):
            token.tag_ = tag
        docbin.add(doc)
    return docbin
