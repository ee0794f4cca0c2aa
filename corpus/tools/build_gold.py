"""Build corpus/gold/samples.jsonl from the readable annotation sources in corpus/gold/src/*.yaml.

Why: offsets computed by hand are wrong sooner or later. Annotators write surfaces (plus an
occurrence selector where a surface repeats); this script finds the offsets by string search,
fails loudly when a surface is not found or two entities overlap, and writes the gold file in a
stable order (files sorted by name, reports, entities by start, events as written).

Source format (one YAML file per bulletin file):

    file: a01_annual_review.txt      # the sample it annotates (corpus/samples/<file>)
    year: 2023                       # report year (only documents how dates were resolved)
    canon: {市公安局: 青岚市公安局}     # default attrs.canonical for UNIT surfaces
    reports:
      - title: 标题
        bylines: [[通讯员, 某某]]
        text: |                      # the expected normalized text, one paragraph a line
          ...
        entities:                    # [LABEL, surface, occurrence, attrs?]
          - [UNIT, 市公安局, "*"]      # "*" = every occurrence not inside a longer entity
          - [PERSON, 王某, 0, {role: suspect}]   # int or list of ints = 0-based occurrences
        events:
          - type: STAT_CHANGE
            at: 刑事发案               # anchor; the trigger is its first occurrence from here
            trigger: 下降
            args:                    # [role, surface, value?]; surface@k = k-th occurrence,
              - [metric, 刑事发案]      # otherwise the occurrence nearest the trigger
              - [value, 12.6%, 12.6]

Usage:  python corpus/tools/build_gold.py [--check-raw] [--heldout | --src D --out F --raw-dir D]
  --check-raw  also checks that every gold paragraph (whitespace removed) appears in a crude
               normalization of the raw sample (decode, strip tags, t2s, full-width to ASCII,
               drop pinyin debris, drop whitespace): catches typos between sample and gold.
  --heldout    build the held-out set instead: gold/src_heldout/*.yaml -> gold/heldout.jsonl,
               raw files in heldout/ (same as --src/--out/--raw-dir with those paths).
  --src, --out, --raw-dir  explicit source directory, output file and raw-file directory
               (defaults: gold/src, gold/samples.jsonl, samples).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).resolve().parent.parent
SRC_DIR = CORPUS / "gold" / "src"
OUT = CORPUS / "gold" / "samples.jsonl"
SAMPLES = CORPUS / "samples"
# The held-out set (used only to measure generalization; nobody tunes rules on it).
HELDOUT_SRC_DIR = CORPUS / "gold" / "src_heldout"
HELDOUT_OUT = CORPUS / "gold" / "heldout.jsonl"
HELDOUT_RAW = CORPUS / "heldout"

LABELS = {"UNIT", "OFFICIAL", "OPERATION", "CASE", "PERSON", "ORG", "LOC", "DATE", "LAW",
          "OCCASION", "HONOR"}
EVENT_ROLES = {
    "SOLVE_CASES": {"agent", "operation", "case", "count", "period", "place"},
    "DISMANTLE_GROUPS": {"agent", "operation", "target", "count", "period", "place"},
    "DETAIN_SUSPECTS": {"agent", "operation", "suspect", "count", "measure", "period"},
    "PENALTY": {"agent", "offender", "detention_days", "fine", "legal_basis", "offense", "date"},
    "STAT_CHANGE": {"metric", "direction", "value", "baseline", "period", "region"},
    "RECOVER_LOSSES": {"agent", "amount", "beneficiary", "period"},
    "HONOR_AWARD": {"recipient", "honor", "conferrer", "date"},
    "ENDORSEMENT": {"endorser", "subject"},
    "SECURITY_TASK": {"agent", "occasion", "outcome"},
    "RESCUE": {"rescuer", "rescued", "place", "date"},
}
# Roles whose value is a number/structure: the annotator must write it out.
VALUE_REQUIRED = {"count", "value", "amount", "fine", "detention_days"}
DIRECTION = {"上升": "up", "增长": "up", "提高": "up", "增加": "up", "上涨": "up", "提升": "up",
             "下降": "down", "减少": "down", "降低": "down", "缩短": "down", "下滑": "down",
             "回落": "down", "降至": "down", "压缩": "down"}
QUOTES = "“”‘’\"'「」『』"


class GoldError(ValueError):
    """An annotation source cannot be turned into gold; the message says where and why."""


def norm(text: str) -> str:
    """SCHEMA §2: the text with spaces and quotes removed."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in QUOTES)


def occurrences(text: str, surface: str) -> list[int]:
    out, i = [], text.find(surface)
    while i >= 0:
        out.append(i)
        i = text.find(surface, i + 1)
    return out


def split_sel(surface: str) -> tuple[str, int | None]:
    """`surface@k` selects the k-th (0-based) occurrence."""
    m = re.fullmatch(r"(.+)@(\d+)", surface)
    return (m.group(1), int(m.group(2))) if m else (surface, None)


def locate(text: str, surface: str, where: str, near: int | None = None,
           spans: set[tuple[int, int]] | None = None) -> int:
    """Offset of `surface`: the k-th occurrence for `surface@k`, else the one nearest `near`.

    Occurrences that coincide with an annotated entity are preferred, so that `市公安局` as an
    argument lands on the entity `市公安局`, not inside `青岚市公安局`.
    """
    surface, k = split_sel(surface)
    occ = occurrences(text, surface)
    if not occ:
        raise GoldError(f"{where}: {surface!r} not found in text")
    if k is not None:
        if k >= len(occ):
            raise GoldError(f"{where}: {surface!r} has {len(occ)} occurrences, asked #{k}")
        return occ[k]
    if near is None:
        return occ[0]
    exact = [p for p in occ if spans and (p, p + len(surface)) in spans]
    occ = exact or occ
    # Same sentence first; otherwise the nearest earlier mention (agents come from earlier
    # sentences, SCHEMA §3); only then anything nearest.
    lo, hi = sentence_bounds(text, near)
    same = [p for p in occ if lo <= p and p + len(surface) <= hi]
    if same:
        return min(same, key=lambda p: (abs(p - near), p))
    before = [p for p in occ if p < lo]
    if before:
        return max(before)
    return min(occ, key=lambda p: (abs(p - near), p))


SENT_END = "。！？；!?;\n"


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """[start, end) of the sentence around `pos` (ends at 。！？；, newline)."""
    lo = max(text.rfind(ch, 0, pos) for ch in SENT_END) + 1
    ends = [i for i in (text.find(ch, pos) for ch in SENT_END) if i >= 0]
    return lo, (min(ends) + 1 if ends else len(text))


def build_entities(text: str, specs: list[list[Any]], canon: dict[str, str], where: str
                   ) -> list[dict[str, Any]]:
    explicit: list[dict[str, Any]] = []
    starred: list[dict[str, Any]] = []
    for spec in specs:
        label, surface, sel = spec[0], spec[1], spec[2]
        attrs = dict(spec[3]) if len(spec) > 3 and spec[3] else {}
        if label not in LABELS:
            raise GoldError(f"{where}: unknown label {label!r}")
        if label == "UNIT" and "canonical" not in attrs and surface in canon:
            attrs["canonical"] = canon[surface]
        if label == "OFFICIAL" and "title" not in attrs:
            raise GoldError(f"{where}: OFFICIAL {surface!r} needs attrs.title")
        if label == "PERSON" and "role" not in attrs:
            raise GoldError(f"{where}: PERSON {surface!r} needs attrs.role")
        occ = occurrences(text, surface)
        if not occ:
            raise GoldError(f"{where}: entity {label} {surface!r} not found in text")
        if sel == "*":
            picks, bucket = occ, starred
        else:
            idx = sel if isinstance(sel, list) else [sel]
            if any(i >= len(occ) for i in idx):
                raise GoldError(f"{where}: {surface!r} has {len(occ)} occurrences, asked {idx}")
            picks, bucket = [occ[i] for i in idx], explicit
        for p in picks:
            ent = {"label": label, "start": p, "end": p + len(surface), "text": surface,
                   "norm": norm(surface)}
            if attrs:
                ent["attrs"] = attrs
            bucket.append(ent)
    # "*" occurrences inside a longer entity (explicit or starred) are parts of it: drop them.
    kept = list(explicit)
    for ent in sorted(starred, key=lambda e: -(e["end"] - e["start"])):
        inside = any(o["start"] <= ent["start"] and ent["end"] <= o["end"]
                     and (o["end"] - o["start"]) > (ent["end"] - ent["start"]) for o in kept)
        if not inside:
            kept.append(ent)
    kept.sort(key=lambda e: (e["start"], e["end"]))
    for a, b in zip(kept, kept[1:], strict=False):
        if b["start"] < a["end"]:
            raise GoldError(f"{where}: entities overlap: {a['label']} {a['text']!r}@{a['start']}"
                            f" and {b['label']} {b['text']!r}@{b['start']}")
    for ent in kept:
        assert text[ent["start"]:ent["end"]] == ent["text"]
    return kept


def build_event(text: str, spec: dict[str, Any], where: str,
                spans: set[tuple[int, int]]) -> dict[str, Any]:
    etype = spec["type"]
    if etype not in EVENT_ROLES:
        raise GoldError(f"{where}: unknown event type {etype!r}")
    anchor = locate(text, spec["at"], f"{where} anchor") if "at" in spec else 0
    trig = spec["trigger"]
    t_start = text.find(trig, anchor)
    if t_start < 0:
        raise GoldError(f"{where}: trigger {trig!r} not found after anchor {spec.get('at')!r}")
    event = {"type": etype,
             "trigger": {"start": t_start, "end": t_start + len(trig), "text": trig},
             "arguments": []}
    for arg in spec.get("args", []):
        role, surface = arg[0], arg[1]
        if role not in EVENT_ROLES[etype]:
            raise GoldError(f"{where}: role {role!r} not allowed for {etype}")
        start = locate(text, surface, f"{where} {etype}.{role}", near=t_start, spans=spans)
        plain = split_sel(surface)[0]
        if len(arg) > 2:
            value = arg[2]
        elif role in VALUE_REQUIRED:
            raise GoldError(f"{where}: {etype}.{role} {plain!r} needs an explicit value")
        elif role == "direction":
            if plain not in DIRECTION:
                raise GoldError(f"{where}: direction word {plain!r} unknown; give the value")
            value = DIRECTION[plain]
        else:
            value = norm(plain)
        event["arguments"].append({"role": role, "start": start, "end": start + len(plain),
                                   "text": plain, "value": value})
    return event


def build_file(path: Path) -> list[dict[str, Any]]:
    src = yaml.safe_load(path.read_text(encoding="utf-8"))
    stem = Path(src["file"]).stem
    canon = src.get("canon") or {}
    out = []
    for n, rep in enumerate(src["reports"], start=1):
        rid = f"{stem}#{n}"
        text = rep["text"].rstrip("\n")
        if "\n\n" in text or text != text.strip():
            raise GoldError(f"{rid}: text has blank lines or outer whitespace")
        entities = build_entities(text, rep.get("entities") or [], canon, rid)
        spans = {(e["start"], e["end"]) for e in entities}
        out.append({
            "id": rid,
            "file": src["file"],
            "title": rep.get("title", ""),
            "bylines": [{"role": r, "name": nm} for r, nm in rep.get("bylines") or []],
            "text": text,
            "entities": entities,
            "events": [build_event(text, ev, f"{rid} event {i}", spans)
                       for i, ev in enumerate(rep.get("events") or [], start=1)],
        })
    return out


# --- optional consistency check against the raw sample -------------------------------------

PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def crude_normalize(raw: bytes, name: str) -> str:
    import opencc  # only needed for --check-raw

    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        s = raw.decode("utf-16")
    else:
        try:
            s = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            s = raw.decode("gb18030")
    if name.endswith((".html", ".htm")):
        s = re.sub(r"<[^>]+>", "\n", s)
        s = s.replace("&nbsp;", " ").replace("&gt;", ">").replace("&lt;", "<")
    s = opencc.OpenCC("t2s").convert(s)
    s = "".join(chr(ord(c) - 0xFEE0) if "\uff10" <= c <= "\uff19" or "\uff21" <= c <= "\uff3a"
                or "\uff41" <= c <= "\uff5a" else c for c in s)
    s = PINYIN.sub("", s)
    return re.sub(r"\s+", "", s)


def check_raw(records: list[dict[str, Any]], raw_dir: Path = SAMPLES) -> list[str]:
    problems = []
    cache: dict[str, str] = {}
    for rec in records:
        f = rec["file"]
        if f not in cache:
            cache[f] = crude_normalize((raw_dir / f).read_bytes(), f)
        flat = cache[f]
        parts = [rec["title"], *rec["text"].split("\n"), *(b["name"] for b in rec["bylines"])]
        for part in parts:
            if part and re.sub(r"\s+", "", part) not in flat:
                problems.append(f"{rec['id']}: not in raw {f}: {part[:40]!r}")
    return problems


def uncovered_report(records: list[dict[str, Any]]) -> list[str]:
    """Occurrences of an annotated surface that no entity covers (annotate every mention)."""
    notes = []
    for rec in records:
        text, ents = rec["text"], rec["entities"]
        for s in sorted({e["text"] for e in ents}):
            for p in occurrences(text, s):
                if not any(e["start"] <= p and p + len(s) <= e["end"] for e in ents):
                    notes.append(f"{rec['id']}: uncovered {s!r} at {p}: "
                                 f"…{text[max(0, p - 6):p + len(s) + 6]}…")
    return notes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check-raw", action="store_true")
    ap.add_argument("--show-uncovered", action="store_true")
    ap.add_argument("--heldout", action="store_true",
                    help="build the held-out set (gold/src_heldout -> gold/heldout.jsonl)")
    ap.add_argument("--src", type=Path, default=None, help="annotation source directory")
    ap.add_argument("--out", type=Path, default=None, help="gold JSONL to write")
    ap.add_argument("--raw-dir", type=Path, default=None, help="directory of the raw files")
    args = ap.parse_args()
    src_dir, out, raw_dir = ((HELDOUT_SRC_DIR, HELDOUT_OUT, HELDOUT_RAW) if args.heldout
                             else (SRC_DIR, OUT, SAMPLES))
    src_dir = args.src or src_dir
    out = args.out or out
    raw_dir = args.raw_dir or raw_dir
    records: list[dict[str, Any]] = []
    try:
        for path in sorted(src_dir.glob("*.yaml")):
            records.extend(build_file(path))
    except GoldError as exc:
        print(f"build_gold: {exc}", file=sys.stderr)
        return 1
    with out.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    per_file: dict[str, list[int]] = {}
    for rec in records:
        c = per_file.setdefault(rec["file"], [0, 0, 0])
        c[0] += 1
        c[1] += len(rec["entities"])
        c[2] += len(rec["events"])
    for f, (r, e, v) in per_file.items():
        print(f"{f}: {r} reports, {e} entities, {v} events")
    print(f"wrote {len(records)} reports to {out}")
    if args.show_uncovered:
        for note in uncovered_report(records):
            print("note:", note)
    if args.check_raw:
        problems = check_raw(records, raw_dir)
        for p in problems:
            print("raw:", p, file=sys.stderr)
        if problems:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
