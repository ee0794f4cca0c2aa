"""A derived table of the entity rules' compiled regex programs, so no process parses them.

`re.compile` of the ~180 expanded rule patterns (lexicon alternations of thousands of
characters) costs ~0.4 CPU-s, nearly all of it in `re`'s pure-Python parser and code
generator; the C step that turns the generated program into a pattern object
(`_sre.compile`) takes ~2 ms for all of them. `--jobs` pays the 0.4 s before it forks
(the warm-up compiles every rule so the workers share them), a cold start pays it on the
first reports. The table `rule_programs.bin` beside the rules holds, for each rule pattern,
exactly the arguments `re._compiler.compile` passed to `_sre.compile` (recorded, not
recomputed), keyed by a hash of the pattern and tagged with the `re` engine that made them
(Python version, `_sre.MAGIC`, code word size, byte order and a hash of the `re` package's
sources):

* a pattern in the table is built by `_sre.compile` from its stored program: the same
  pattern object `re.compile` gives (`Pattern.__eq__` compares the programs;
  tests/entities/test_programs.py checks every project rule), and `_sre` validates
  a program before it accepts it;
* any other pattern (a rule edited since the table was made) is compiled by `re` as before;
* a table made by another `re` (another Python) is ignored as a whole.

So the table can only make compiling faster. Like `prefilter_needs.json` it is not read
through `configfile.read_text`: the records' `config_hash` does not depend on it. It is
remade together with that table (tests/entities/test_programs.py fails while it is stale on
the Python that made it):  python -m pipeline.entities.needs_table derive configs/entities
"""

from __future__ import annotations

import _sre
import array
import hashlib
import json
import re
import sys
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FILE_NAME = "rule_programs.bin"
_RE_SOURCES = ("__init__.py", "_parser.py", "_compiler.py", "_constants.py", "_casefix.py")


@cache
def engine_tag() -> str:
    """The `re` engine a program belongs to: another engine may generate other code."""
    digest = hashlib.sha256(
        f"{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}\0{sys.byteorder}".encode()
    )
    package = Path(re.__file__).parent
    for name in _RE_SOURCES:
        try:
            digest.update(name.encode() + b"\0" + (package / name).read_bytes())
        except OSError:
            digest.update(name.encode() + b"\0-")
    return digest.hexdigest()[:24]


def pattern_key(pattern: str) -> str:
    return hashlib.sha256(pattern.encode("utf-8", "surrogatepass")).hexdigest()[:24]


@dataclass(frozen=True)
class Program:
    """`_sre.compile`'s arguments after the pattern text (the code as machine words)."""

    flags: int
    code: bytes
    groups: int
    groupindex: dict[str, int]
    indexgroup: tuple[str | None, ...]

    def pattern(self, text: str) -> re.Pattern[str]:
        code = array.array(_code_type())
        code.frombytes(self.code)
        return _sre.compile(text, self.flags, code.tolist(), self.groups,
                            dict(self.groupindex), self.indexgroup)


@cache
def _code_type() -> str:
    """The array type code of one `_sre` code word."""
    return next(t for t in "IL" if array.array(t).itemsize == _sre.CODESIZE)


class _Recorder:
    """Stands in for `_sre` inside `re._compiler` while one pattern compiles."""

    def __init__(self) -> None:
        self.args: tuple | None = None

    def __getattr__(self, name: str) -> object:
        return getattr(_sre, name)

    def compile(self, *args: object) -> re.Pattern[str]:
        self.args = args
        return _sre.compile(*args)


def record(pattern: str) -> Program:
    """The program `re.compile(pattern)` makes, as `re._compiler` hands it to `_sre`."""
    import re._compiler as compiler

    recorder = _Recorder()
    saved = compiler._sre
    compiler._sre = recorder
    try:
        compiler.compile(pattern, 0)
    finally:
        compiler._sre = saved
    if recorder.args is None or len(recorder.args) != 6 or recorder.args[0] != pattern:
        raise RuntimeError("re._compiler.compile no longer calls _sre.compile(pattern, ...)")
    _, flags, code, groups, groupindex, indexgroup = recorder.args
    words = array.array(_code_type(), code)
    return Program(int(flags), words.tobytes(), int(groups), dict(groupindex),
                   tuple(indexgroup))


def derive(patterns: Iterable[str]) -> bytes:
    """The table of `patterns` for the running engine: one JSON line (engine, and per
    pattern key its flags, groups and where its code sits), then the code words of all
    programs, the whole zlib-compressed (deterministic bytes)."""
    rows: dict[str, list] = {}
    blob = bytearray()
    for pattern in sorted(set(patterns)):
        program = record(pattern)
        rows[pattern_key(pattern)] = [
            program.flags, program.groups, program.groupindex, list(program.indexgroup),
            len(blob), len(program.code),
        ]
        blob += program.code
    head = json.dumps({"engine": engine_tag(), "programs": rows}, ensure_ascii=False,
                      sort_keys=True)
    return zlib.compress(head.encode("utf-8") + b"\n" + bytes(blob), 9)


def write(path: Path, patterns: Iterable[str]) -> Path:
    path.write_bytes(derive(patterns))
    return path


def load_table(rule_dir: Path) -> dict[str, Program]:
    """The table beside the rules, or {} when there is none, it is damaged or it was made
    by another `re` engine."""
    try:
        data = zlib.decompress((Path(rule_dir) / FILE_NAME).read_bytes())
        end = data.index(b"\n")
        head = json.loads(data[:end])
    except (OSError, ValueError, zlib.error):
        return {}
    if not isinstance(head, dict) or head.get("engine") != engine_tag():
        return {}
    blob = memoryview(data)[end + 1:]
    try:
        return {key: _program(row, blob) for key, row in head["programs"].items()}
    except (KeyError, TypeError, ValueError):
        return {}


def _program(row: list, blob: memoryview) -> Program:
    flags, groups, groupindex, indexgroup, start, size = row
    if start < 0 or start + size > len(blob) or size % _sre.CODESIZE:
        raise ValueError("program outside the table")
    return Program(int(flags), bytes(blob[start:start + size]), int(groups),
                   {str(k): int(v) for k, v in groupindex.items()},
                   tuple(None if g is None else str(g) for g in indexgroup))


def compile_pattern(pattern: str, program: Program | None) -> re.Pattern[str]:
    """`re.compile(pattern)`, built from `program` (its entry in the table) when given."""
    if program is not None:
        try:
            return program.pattern(pattern)
        except (RuntimeError, TypeError, ValueError, OverflowError):
            pass  # a program `_sre` refuses: compile the pattern itself
    return re.compile(pattern)
