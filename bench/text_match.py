"""How many gold `text` and `title` values our records reproduce exactly (reports matched by id).

    python bench/text_match.py GOLD.jsonl OUT.jsonl [--diff] [--json]

Prints `texts equal: k/n` and `titles equal: k/m` (m = gold reports with a non-empty title, plus
reports where we produced a title the gold does not have), then, with `--diff`, a short
character-level diff of every report that differs. Missing reports count as unequal.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path


def _load(path: Path) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out[rec["id"]] = rec
    return out


def _short_diff(gold: str, ours: str, context: int = 12) -> list[str]:
    """The differing stretches as `-gold` / `+ours` snippets with a little context."""
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, gold, ours, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        left = gold[max(0, a0 - context) : a0].replace("\n", "⏎")
        out.append(
            f"  …{left}[-{gold[a0:a1]!r} +{ours[b0:b1]!r}] @{a0}"
        )
    return out


def compare(gold: dict[str, dict], ours: dict[str, dict]) -> dict:
    texts = titles = title_total = 0
    diffs: dict[str, list[str]] = {}
    for rid, g in gold.items():
        o = ours.get(rid)
        if o is None:
            diffs[rid] = ["  (no such report in our output)"]
            if g.get("title"):
                title_total += 1
            continue
        lines: list[str] = []
        if o["text"] == g["text"]:
            texts += 1
        else:
            lines.append(" text:")
            lines.extend(_short_diff(g["text"], o["text"]))
        if g.get("title") or o.get("title"):
            title_total += 1
            if g.get("title", "") == o.get("title", ""):
                titles += 1
            else:
                lines.append(f" title: gold {g.get('title', '')!r} ours {o.get('title', '')!r}")
        if lines:
            diffs[rid] = lines
    extra = sorted(set(ours) - set(gold))
    return {
        "reports": len(gold),
        "texts_equal": texts,
        "titles_equal": titles,
        "titles_total": title_total,
        "extra_reports": extra,
        "diffs": diffs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("ours", type=Path)
    parser.add_argument("--diff", action="store_true", help="print the differences")
    parser.add_argument("--json", action="store_true", help="machine-readable counts")
    args = parser.parse_args(argv)
    result = compare(_load(args.gold), _load(args.ours))
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k != "diffs"}, ensure_ascii=False))
        return 0
    print(f"texts equal: {result['texts_equal']}/{result['reports']}")
    print(f"titles equal: {result['titles_equal']}/{result['titles_total']}")
    if result["extra_reports"]:
        print(f"extra reports: {', '.join(result['extra_reports'])}")
    if args.diff:
        for rid, lines in result["diffs"].items():
            print(rid)
            print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
