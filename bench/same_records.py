"""Compare two record files report by report, ignoring what may legitimately differ.

    python bench/same_records.py A.jsonl B.jsonl [--ignore pipeline --ignore source.path]

By default everything except `pipeline` (config hash, model ids) must be equal; exit code 0
when every report is equal, 1 otherwise (the first differences are printed).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _drop(record: dict, dotted: str) -> None:
    *parents, last = dotted.split(".")
    node = record
    for key in parents:
        node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            return
    if isinstance(node, dict):
        node.pop(last, None)


def load(path: Path, ignore: list[str]) -> dict[str, dict]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for dotted in ignore:
            _drop(record, dotted)
        out[record["id"]] = record
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--ignore", action="append", default=None,
                        help="dotted key to ignore (default: pipeline)")
    args = parser.parse_args(argv)
    ignore = args.ignore if args.ignore is not None else ["pipeline"]
    a, b = load(args.a, ignore), load(args.b, ignore)
    problems = [f"only in {args.a}: {k}" for k in sorted(set(a) - set(b))]
    problems += [f"only in {args.b}: {k}" for k in sorted(set(b) - set(a))]
    for key in sorted(set(a) & set(b)):
        for field in sorted(set(a[key]) | set(b[key])):
            if a[key].get(field) != b[key].get(field):
                problems.append(f"{key}: {field} differs")
    for line in problems[:20]:
        print(line)
    print(f"{len(a)} vs {len(b)} reports; {len(problems)} differences (ignoring {ignore})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
