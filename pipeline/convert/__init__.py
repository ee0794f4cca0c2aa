"""Annotation round-trips: our gold/record JSONL <-> Label Studio tasks <-> doccano JSONL.

`bulletin convert IN --to labelstudio|doccano|gold -o OUT` detects the input format
(`detect.py`). Both tools' formats are small, documented JSON shapes, written here directly
(label-studio-sdk would pull in opencv, nltk and pandas for this). The encodings are lossless
for entities (label, offsets, text, norm, attrs, rule, score) and events (type, trigger,
arguments with their exact normalized values): gold -> tool -> gold gives the same file.
How events are encoded is written in `docs/annotation.md`.
"""

from .detect import FORMATS, convert_file, detect_format

__all__ = ["FORMATS", "convert_file", "detect_format"]
