"""List places where a tracked file quotes a real bulletin of ../shared verbatim.

    python3 bench/real_phrases.py [--min 10] [--shared ../shared]

Real texts in ../shared are not ours: tests, fixtures, comments and docs use invented
phrases. This prints `file:line: fragment` for every run of at least `--min` CJK/digit
characters of a tracked file (configs, pipeline, tests, docs, README, corpus) that occurs
verbatim in a text of ../shared/dev/*/texts or ../shared/seeds. Names kept as rule or
lexicon data (law titles, places, campaign and honour titles) are expected hits; sentence
fragments are not. A check to read, not a test: exits 0.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = {".py", ".yaml", ".md", ".txt", ".cfg", ".tsv"}


def real_texts(shared: Path) -> str:
    paths = list(shared.glob("dev/*/texts/*")) + list((shared / "seeds").glob("*"))
    return "\n".join(p.read_bytes().decode("utf-8", "ignore") for p in paths if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=int, default=10, help="shortest run of characters")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    real = real_texts(args.shared)
    run = re.compile(r"[\u4e00-\u9fff0-9，、“”]{" + str(args.min) + ",}")
    files = subprocess.run(
        ["git", "ls-files", "configs", "pipeline", "tests", "docs", "README.md", "corpus"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    ).stdout.split()
    for name in files:
        path = ROOT / name
        if path.suffix not in SUFFIXES:
            continue
        for number, line in enumerate(path.read_text("utf-8", "ignore").splitlines(), 1):
            for match in run.finditer(line):
                if match.group() in real:
                    print(f"{name}:{number}: {match.group()}")


if __name__ == "__main__":
    main()
