#!/usr/bin/env bash
# A built wheel runs from any folder and gives the same records as the editable install.
#
#   bench/check_wheel.sh [INPUT]        (default INPUT: ../shared/seeds, made absolute)
#
# Builds the wheel (`pip wheel --no-deps .`), installs it into a fresh venv, runs
# `bulletin extract` from /tmp with no environment variable, runs the checkout's editable
# install on the same absolute input, and compares the two outputs byte for byte (`cmp`),
# then report by report (bench/same_records.py). Exit code 0 only when they are identical.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
INPUT=$(cd "${1:-$ROOT/../shared/seeds}" && pwd)
WORK=${WORK:-$(mktemp -d /tmp/bulletin-wheel.XXXXXX)}
EDITABLE=${EDITABLE:-$ROOT/.venv/bin/bulletin}
echo "work folder: $WORK"

rm -rf "$ROOT/build"  # a stale build/lib would ship deleted modules
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" wheel -q --no-deps "$ROOT" -w "$WORK/dist" 2>&1 | grep -v "is ignored" || true
WHEEL=$(ls "$WORK"/dist/*.whl)
echo "wheel: $WHEEL ($(du -h "$WHEEL" | cut -f1))"
"$WORK/venv/bin/pip" install -q "$WHEEL" 2>&1 | grep -v "is ignored" || true

unset BULLETIN_HOME
cd /tmp
"$WORK/venv/bin/bulletin" extract "$INPUT" -o "$WORK/wheel.jsonl" --no-progress
"$WORK/venv/bin/bulletin" validate-rules
"$EDITABLE" extract "$INPUT" -o "$WORK/editable.jsonl" --no-progress

python3 "$ROOT/bench/same_records.py" "$WORK/editable.jsonl" "$WORK/wheel.jsonl" --ignore none
cmp "$WORK/editable.jsonl" "$WORK/wheel.jsonl"
echo "identical: $WORK/editable.jsonl $WORK/wheel.jsonl"
