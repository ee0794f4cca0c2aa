"""A derived table of what each entity rule needs (prefilter.py's analysis), made once.

Deriving `Needs` parses every rule and lexicon with `re`'s parser and walks the trees:
~0.25 CPU-s of every start-up, always with the same result for the same rules. The table
`prefilter_needs.json` beside the rules holds it, keyed by a hash of each rule's pattern
(as written and as expanded) and tagged with a hash of prefilter.py itself:

* a rule whose key is in the table takes its needs from there; any other rule (a rule
  edited or added since the table was made) is analysed at load, as without the table;
* a table made by another version of prefilter.py is ignored as a whole.

So the table can only make loading faster, never change what the rules find: the needs
it holds are the analysis of exactly that pattern (and `RuleSearch` gives the plain
search's matches for any sound needs). It is not provenance either: it is read without
`configfile.read_text`, so the records' `config_hash` does not depend on it. A pattern
taken from the table is the text of one that was analysed (and so parsed: a syntax error
cannot hide behind the table).

Remake it after editing rules or lexicons (tests/entities/test_needs_table.py fails while
it is stale):  python -m pipeline.entities.needs_table derive configs/entities
(which also remakes `rule_programs.bin`, the rules' compiled regexes: programs.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from . import prefilter, programs
from .prefilter import Needs

FILE_NAME = "prefilter_needs.json"


def engine_digest() -> str:
    """Hash of the analysis code: a table made by other code is not used."""
    return hashlib.sha256(Path(prefilter.__file__).read_bytes()).hexdigest()[:16]


def pattern_key(written: str, expanded: str) -> str:
    return hashlib.sha256(f"{written}\0{expanded}".encode()).hexdigest()[:24]


def load_table(rule_dir: Path) -> dict[str, Needs]:
    """The table beside the rules, or {} when there is none or it is for other code."""
    path = Path(rule_dir) / FILE_NAME
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("engine") != engine_digest():
        return {}
    try:
        return {key: _needs(row) for key, row in data["needs"].items()}
    except (KeyError, TypeError, ValueError):
        return {}


def _needs(row: list) -> Needs:
    literals, width, reach, *extra = row
    width_runs, reach_runs, tail = extra if extra else ([], [], False)
    return Needs(
        None if literals is None else frozenset(str(s) for s in literals),
        None if width is None else int(width),
        None if reach is None else int(reach),
        _runs(width_runs),
        _runs(reach_runs),
        bool(tail),
    )


def _runs(rows: list) -> tuple[tuple[str, int], ...]:
    return tuple((str(cls), int(k)) for cls, k in rows)


def _row(needs: Needs) -> list:
    """[literals, width, reach] (+ [width runs, reach runs, tail] when there are any)."""
    literals = None if needs.literals is None else sorted(needs.literals)
    row: list = [literals, needs.width, needs.reach]
    if needs.width_runs or needs.reach_runs or needs.tail:
        row += [[list(r) for r in needs.width_runs], [list(r) for r in needs.reach_runs],
                needs.tail]
    return row


def derive(rule_dir: Path) -> dict:
    """The table for the rules in `rule_dir`, analysed now (deterministic JSON data)."""
    from .rules import load_rules  # rules.py imports this module

    ruleset = load_rules(Path(rule_dir), use_table=False)
    rows = {}
    for rule in ruleset.rules:
        rows[pattern_key(rule.written, rule.pattern)] = _row(rule.needs)
    return {"engine": engine_digest(), "needs": dict(sorted(rows.items()))}


def write(rule_dir: Path) -> Path:
    target = Path(rule_dir) / FILE_NAME
    table = derive(rule_dir)
    rows = ",\n".join(
        f"  {json.dumps(key)}: {json.dumps(row, ensure_ascii=False)}"
        for key, row in table["needs"].items()
    )  # one rule a line: a diff shows which rules changed
    target.write_text(
        f'{{"engine": {json.dumps(table["engine"])}, "needs": {{\n{rows}\n}}}}\n',
        encoding="utf-8",
    )
    return target


def rule_patterns(rule_dir: Path) -> list[str]:
    """Every rule's expanded pattern, each once, sorted (what `rule_programs.bin` holds)."""
    from .rules import load_rules

    return sorted({rule.pattern for rule in load_rules(Path(rule_dir), use_table=False).rules})


def write_programs(rule_dir: Path) -> Path:
    return programs.write(Path(rule_dir) / programs.FILE_NAME, rule_patterns(rule_dir))


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m pipeline.entities.needs_table",
        description=f"Write {FILE_NAME} (the prefilter's analysis of every rule) and "
        f"{programs.FILE_NAME} (their compiled regexes, for this Python) beside the entity "
        "rules.",
    )
    p.add_argument("command", choices=["derive"])
    p.add_argument("rule_dir", type=Path)
    args = p.parse_args(argv)
    for target in (write(args.rule_dir), write_programs(args.rule_dir)):
        print(f"wrote {target} ({target.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
