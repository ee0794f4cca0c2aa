"""Evaluate stage: score pipeline records against gold (SCHEMA §6) and render the result."""

from pipeline.evaluate.io import EvalInputError
from pipeline.evaluate.metrics import (
    CORE_LABELS,
    Counts,
    EvalResult,
    evaluate_files,
    evaluate_records,
)
from pipeline.evaluate.render import format_text, render_tables

__all__ = [
    "CORE_LABELS",
    "Counts",
    "EvalInputError",
    "EvalResult",
    "evaluate_files",
    "evaluate_records",
    "format_text",
    "render_tables",
]
