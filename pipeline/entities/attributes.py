"""Entity attributes: `norm`, OFFICIAL `title`, PERSON `role`, UNIT `canonical`.

Settings are data (`configs/entity_attributes.yaml`); the gazetteer is
`configs/lexicons/admin_divisions.tsv`. The report's locality (for `市公安局` ->
`永康市公安局`) is the division named most often in the report's context (the whole
source file when the runner provides it, else the report), preferring the lowest level
whose parent is also named: a county bulletin names its prefecture too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..configfile import load_model
from ..docext import doc_text, ensure_extensions, report_context
from ..snapshot import SavesInitData, keeps_init_data
from ..textutil import strip_marks
from .lexicon import read_column, read_rows
from .rules import Mask


class CanonicalSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    aliases: dict[str, str] = {}
    scope_prefixes: dict[str, str] = {}  # leading char -> division level it refers to
    province_heads: list[str] = []
    under_bureau: list[str] = []
    under_locality: list[str] = []
    bureau_head: str = "公安局"
    locality_police_suffix: str = "公安"
    # A place missing from the gazetteer, read off a unit that names it in full
    # (`峤南市公安局`); used only when the gazetteer finds no place at all.
    new_place_in_unit: re.Pattern[str] | None = None
    new_place_levels: dict[str, str] = {}  # last character -> level

class RoleSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cues_file: str
    window: int = 8
    pseudonym_default: str = "suspect"
    default: str = "citizen"


class AttributeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quote_chars: str = "“”‘’\"'「」『』"
    gazetteer: str
    short_stoplist: str
    canonical: CanonicalSettings
    roles: RoleSettings


@dataclass(frozen=True)
class Division:
    name: str
    short: str
    level: str
    parent: str
    province: str


@dataclass(frozen=True)
class Locality:
    county: Division | None
    prefecture: Division | None
    province: Division | None

    def at(self, level: str) -> Division | None:
        if level == "province":
            return self.province
        if level == "prefecture":
            return self.prefecture or self.county
        return self.county or self.prefecture


class Gazetteer:
    """Divisions by full and short name, and a trie that finds their mentions."""

    def __init__(
        self,
        rows: list[Division],
        stoplist: set[str],
        aliases: dict[str, Division] | None = None,
    ) -> None:
        self.by_name: dict[str, Division] = {}
        for row in rows:
            self.by_name.setdefault(row.name, row)
            if row.short and len(row.short) >= 2 and row.short not in stoplist:
                self.by_name.setdefault(row.short, row)
        # abbreviations (达茂旗, 克州) stand for the division with the same code
        for alias, row in (aliases or {}).items():
            self.by_name.setdefault(alias, row)
        self.mentions = Mask("gazetteer", list(self.by_name))
        self.max_len = max((len(n) for n in self.by_name), default=1)  # once, not per file

    @classmethod
    def from_file(cls, path: Path, stoplist_path: Path) -> Gazetteer:
        """Rows `name short level parent province [code status]` (see the file's header).

        The two last columns are optional, so a hand-written five-column file still loads;
        rows of status `abbreviation` become aliases of the row with the same code.
        """
        rows: list[Division] = []
        by_code: dict[str, Division] = {}
        abbreviations: list[tuple[str, str]] = []
        for lineno, cells in read_rows(path):
            if len(cells) < 5:
                raise ValueError(f"{path}:{lineno}: expected 5 columns (name short level parent province)")
            code = cells[5] if len(cells) > 5 else ""
            status = cells[6] if len(cells) > 6 else "current"
            if status == "abbreviation":
                abbreviations.append((cells[0], code))
                continue
            div = Division(*cells[:5])
            rows.append(div)
            if code and status == "current":
                by_code.setdefault(code, div)
        aliases = {abbr: by_code[code] for abbr, code in abbreviations if code in by_code}
        return cls(rows, set(read_column(stoplist_path, 0)), aliases)

    def locality(self, text: str) -> Locality:
        return self.best_locality(self.mention_counts(text))

    def mention_counts(self, text: str) -> Counter[str]:
        counts: Counter[str] = Counter()
        for start, end in self.mentions.find(text):
            counts[self.by_name[text[start:end]].name] += 1
        return counts

    def best_locality(self, counts: Counter[str]) -> Locality:
        best: Division | None = None
        best_key: tuple[int, int, int] | None = None
        level_rank = {"county": 2, "prefecture": 1, "province": 0}
        for name, count in counts.items():
            div = self.by_name[name]
            parent_named = 1 if div.parent in counts else 0
            key = (count + 2 * parent_named, level_rank.get(div.level, 0), -len(name))
            if best_key is None or key > best_key:
                best, best_key = div, key
        return self._chain(best)

    def _chain(self, div: Division | None) -> Locality:
        county = prefecture = province = None
        while div is not None:
            if div.level == "county" and county is None:
                county = div
            elif div.level == "prefecture" and prefecture is None:
                prefecture = div
            elif div.level == "province":
                province = div
                break
            div = self.by_name.get(div.parent)
        return Locality(county, prefecture, province)


def norm_text(text: str, quote_chars: str) -> str:
    return strip_marks(text, quote_chars)


def canonical_unit(text: str, loc: Locality, s: CanonicalSettings, gaz: Gazetteer) -> str | None:
    """The unit's full name in the report's locality, or None when it is not evident."""
    for alias, full in s.aliases.items():
        if text.startswith(alias) or text.endswith(alias):
            text = text.replace(alias, full, 1)
            break
    end = gaz.mentions.longest(text, 0)
    if end is not None and end < len(text):
        place = text[:end]
        return None if place == gaz.by_name[place].name else _expand_short(text, place, gaz)
    if text.endswith(s.locality_police_suffix) and text[: -len(s.locality_police_suffix)]:
        return None
    known = [d.name for d in (loc.county, loc.prefecture, loc.province) if d is not None]
    if any(text.startswith(name) for name in known):
        return None  # already names its place in full
    if s.bureau_head in text and text[0] not in s.scope_prefixes:
        return None  # `X县公安局城关派出所`: a place the gazetteer does not know, written out
    first = text[0]
    if first in s.scope_prefixes:
        div = loc.at(s.scope_prefixes[first])
        return (div.name + text[1:]) if div else None
    if any(text.startswith(h) for h in s.province_heads):
        return (loc.province.name + text) if loc.province else None
    if any(text.startswith(h) for h in s.under_locality):
        div = loc.at("county")
        return (div.name + text) if div else None
    if any(text.endswith(h) for h in s.under_bureau):
        div = loc.at("county")
        return (div.name + s.bureau_head + text) if div else None
    return None


def _expand_short(text: str, short: str, gaz: Gazetteer) -> str | None:
    div = gaz.by_name[short]
    rest = text[len(short) :]
    if rest in ("公安", "警方"):  # 永康公安, 宁夏警方: the place's police bureau
        return div.name + ("公安厅" if div.level == "province" else "公安局")
    if rest.startswith(("公安", "市", "县", "区", "省")) and not rest.startswith("公安局"):
        return None
    return div.name + rest


@keeps_init_data
class EntityAttributes(SavesInitData):
    def __init__(self, name: str) -> None:
        ensure_extensions()
        self.name = name
        self.settings: AttributeSettings | None = None
        self.gazetteer: Gazetteer | None = None
        self.cues: list[tuple[str, str, str]] = []

    def initialize(self, get_examples=None, *, nlp=None, settings_path: str | None = None) -> None:
        if not settings_path:
            raise ValueError(f"{self.name}: initialize needs settings_path")
        path = Path(settings_path)
        self.settings = load_model(path, AttributeSettings)
        base = path.parent
        self.gazetteer = Gazetteer.from_file(
            (base / self.settings.gazetteer).resolve(), (base / self.settings.short_stoplist)
        )
        self.cues = [
            (cells[0], cells[1], cells[2])
            for _, cells in read_rows(base / self.settings.roles.cues_file)
            if len(cells) >= 3
        ]
        # Longest cue first, so 犯罪嫌疑人 wins over 嫌疑人.
        self.cues.sort(key=lambda c: -len(c[0]))

    def __call__(self, doc: Doc) -> Doc:
        if self.settings is None or self.gazetteer is None:
            raise ValueError(f"{self.name} is not initialized (call nlp.initialize())")
        text = doc_text(doc)  # spaCy rebuilds Doc.text on every access: once per doc
        report = report_context(doc)
        context = report.context or (report.title + "\n" + text)
        ents = doc.ents  # spaCy builds the tuple of spans on each access
        loc = self._locality(doc, context, ents)
        entity_meta = doc._.entity_meta or {}
        for ent in ents:
            info = entity_meta.setdefault((ent.start_char, ent.end_char), {"attrs": {}})
            attrs = info.setdefault("attrs", {})
            # the span's text, sliced from the doc's (Span.text joins its tokens)
            info["norm"] = norm_text(text[ent.start_char : ent.end_char],
                                     self.settings.quote_chars)
            if ent.label_ == "UNIT":
                canon = canonical_unit(info["norm"], loc, self.settings.canonical, self.gazetteer)
                if canon:
                    attrs["canonical"] = canon
            elif ent.label_ == "PERSON" and "role" not in attrs:
                attrs["role"] = self._role(text, ent)
            elif ent.label_ == "OFFICIAL" and "title" in attrs:
                attrs["title"] = attrs["title"].strip("、，, ")
        doc._.entity_meta = entity_meta
        doc._.locality = _locality_names(loc)
        return doc

    def _locality(self, doc: Doc, context: str, ents: tuple[Span, ...] | None = None) -> Locality:
        """The report's place: gazetteer names outside personal names, else its own units."""
        text = doc_text(doc)
        ents = doc.ents if ents is None else ents
        names = [text[ent.start_char : ent.end_char] for ent in ents
                 if ent.label_ in ("PERSON", "OFFICIAL")]
        counts = self._file_mentions(context).masked_counts(names)
        if counts is None:  # a name with a space in it: scan the masked text
            for name in names:  # 邝海宁 is a man, not 海宁
                context = context.replace(name, " " * len(name))
            counts = self.gazetteer.mention_counts(context)  # type: ignore[union-attr]
        loc = self.gazetteer.best_locality(counts)  # type: ignore[union-attr]
        s = self.settings.canonical  # type: ignore[union-attr]
        if loc.county or loc.prefecture or loc.province or s.new_place_in_unit is None:
            return loc
        places = Counter(
            m.group(1)
            for ent in ents
            if ent.label_ == "UNIT" and (m := s.new_place_in_unit.match(ent.text))
        )
        if not places:
            return loc
        name = max(places, key=lambda p: (places[p], p))
        level = s.new_place_levels.get(name[-1], "county")
        div = Division(name, "", level, "", "")
        return Locality(div if level == "county" else None, div if level != "county" else None,
                        None)

    def _file_mentions(self, context: str) -> _FileMentions:
        """Place mentions of the whole file, found once per file (every report of a file
        shares its context), so a file of many reports is not scanned once per report."""
        cached = getattr(self, "_mentions_cache", None)
        if cached is None or cached.text != context:
            cached = _FileMentions(context, self.gazetteer)  # type: ignore[arg-type]
            self._mentions_cache = cached
        return cached

    def _role(self, text: str, ent: Span) -> str:
        s = self.settings.roles  # type: ignore[union-attr]
        before = text[max(0, ent.start_char - s.window) : ent.start_char]
        after = text[ent.end_char : ent.end_char + s.window]
        for cue, role, position in self.cues:
            if (position == "before" and cue in before) or (position == "after" and cue in after):
                return role
        return s.pseudonym_default if ent.text.endswith("某") else s.default


class _FileMentions:
    """A text's gazetteer mentions, and whether masking some names would change them.

    Masking blanks every occurrence of a person's name. The mention scan is leftmost-longest
    and blanks match no name, so masking text that no found mention touches finds the same
    mentions: the counts of the unmasked text hold unless an occurrence of a name overlaps
    a found mention (then the caller scans the masked text, as before).
    """

    def __init__(self, text: str, gazetteer: Gazetteer) -> None:
        self.text = text
        self.gazetteer = gazetteer
        spans = list(gazetteer.mentions.find(text))
        self.spans = spans
        self.starts = [s for s, _ in spans]
        self.counts: Counter[str] = Counter(gazetteer.by_name[text[s:e]].name for s, e in spans)
        self.division = [gazetteer.by_name[text[s:e]].name for s, e in spans]
        self.by_division: dict[str, list[int]] = {}  # division name -> its mentions, in order
        for k, name in enumerate(self.division):
            self.by_division.setdefault(name, []).append(k)
        self.first = {name: spans[ks[0]][0] for name, ks in self.by_division.items()}
        self.max_len = gazetteer.max_len
        self._near: dict[int, dict[str, list[int]]] = {}
        self.scanned = 0  # characters of masked text built (a test checks it stays local)

    def masked_counts(self, names: list[str]) -> Counter[str] | None:
        """The counts a scan of the text with every occurrence of `names` blanked finds
        (in the same first-seen order), rescanning only around the mentions that an
        occurrence overlaps: a file of many reports is not rescanned once per report.
        None for a name with a space in it (the caller rescans the masked text)."""
        names_used = [n for n in names if n]
        if any(ch.isspace() for n in names_used for ch in n):
            return None
        bad = sorted({i for n in names_used for i in self._touched(n)})
        if not bad:
            return self.counts
        removed: set[int] = set()  # indexes of the file's spans the masked scan loses
        added: list[tuple[int, str]] = []  # (start, division name) of the masked scan's own
        synced = 0  # from here on the masked scan visits the same positions as the file's
        for i in bad:
            if self.spans[i][0] < synced:
                continue  # already rescanned
            synced = self._rescan(i, names_used, removed, added)
        return self._recount(removed, added)

    # -- masked rescans ------------------------------------------------------------------
    # The scan is leftmost-longest, left to right. A blank matches no name, so blanking
    # changes a step only where the file's scan found a mention the blank touches; from
    # there the masked text is scanned until it stands again where the file's scan stood
    # (a position not inside one of the file's mentions): after it both scans agree.

    def _touched(self, name: str) -> list[int]:
        """Indexes of the file's mentions that an occurrence of `name` overlaps."""
        n = len(name)
        index = self._near.get(n)
        if index is None:  # every n-character piece of text overlapping a mention
            index = {}
            for k, (s, e) in enumerate(self.spans):
                for j in range(max(0, s - n + 1), e):
                    index.setdefault(self.text[j : j + n], []).append(k)
            self._near[n] = index
        return index.get(name, [])

    def _masked(self, start: int, end: int, names: list[str]) -> str:
        """text[start:end] with the names blanked (a margin so edge occurrences count)."""
        pad = max(len(n) for n in names)
        lo, hi = max(0, start - pad), min(len(self.text), end + pad)
        piece = self.text[lo:hi]
        for name in names:
            piece = piece.replace(name, " " * len(name))
        self.scanned += hi - lo
        return piece[start - lo : end - lo]

    def _rescan(self, i: int, names: list[str], removed: set[int], added: list) -> int:
        """Scan the masked text from the i-th mention's start until the scans agree again;
        record the file's mentions it replaces and its own. Returns where they agree."""
        start, longest = self.spans[i][0], self.gazetteer.mentions.longest
        width = self.max_len
        base, buf = start, self._masked(start, start + 4 * width, names)
        p = start
        while True:
            if p + width > base + len(buf) and base + len(buf) < len(self.text):
                base, buf = p, self._masked(p, p + 4 * width, names)
            end = longest(buf, p - base)
            if end is None:
                p += 1
            else:
                added.append((p, self.gazetteer.by_name[buf[p - base : end]].name))
                p = base + end
            if p >= len(self.text) or not self._inside(p):
                break
        k = i
        while k < len(self.spans) and self.spans[k][0] < p:
            removed.add(k)
            k += 1
        return p

    def _inside(self, p: int) -> bool:
        """Whether p is strictly inside one of the file's mentions (its scan skips it)."""
        k = bisect_right(self.starts, p) - 1
        return k >= 0 and self.spans[k][0] < p < self.spans[k][1]

    def _recount(self, removed: set[int], added: list[tuple[int, str]]) -> Counter[str]:
        """Counts of the file's mentions but `removed`, plus `added`, ordered by first
        occurrence as a scan builds them (the locality's tie-break follows that order)."""
        counts = dict(self.counts)
        first = dict(self.first)
        for k in removed:
            counts[self.division[k]] -= 1
        for name in {self.division[k] for k in removed}:
            kept = next((k for k in self.by_division[name] if k not in removed), None)
            if kept is None:
                del counts[name], first[name]
            else:
                first[name] = self.spans[kept][0]
        for pos, name in added:
            counts[name] = counts.get(name, 0) + 1
            first[name] = min(first.get(name, pos), pos)
        return Counter({name: counts[name] for name in sorted(first, key=first.__getitem__)})


def _locality_names(loc: Locality) -> dict[str, str]:
    return {
        level: div.name
        for level, div in (
            ("county", loc.county),
            ("prefecture", loc.prefecture),
            ("province", loc.province),
        )
        if div is not None
    }


@Language.factory("bulletin_entity_attrs", assigns=["doc._.entity_meta", "doc._.locality"])
def make_entity_attributes(nlp: Language, name: str) -> EntityAttributes:
    return EntityAttributes(name)
