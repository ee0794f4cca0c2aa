"""Normalized values of number, amount, percent, duration and date mentions (SCHEMA §4).

Patterns and words live in `configs/values.yaml` (+ `configs/lexicons/classifiers.txt`);
decisions are written down in `docs/values.md`.
"""

from .dates import ReportYear, guess_report_year, resolve_date, year_with_reference
from .finder import Quantity, find_quantities
from .numbers import (
    parse_count,
    parse_days,
    parse_duration,
    parse_money,
    parse_number,
    parse_percent,
)
from .settings import ValuesConfigError, ValuesSettings, load_settings

__all__ = [
    "Quantity",
    "ReportYear",
    "ValuesConfigError",
    "ValuesSettings",
    "find_quantities",
    "guess_report_year",
    "load_settings",
    "parse_count",
    "parse_days",
    "parse_duration",
    "parse_money",
    "parse_number",
    "parse_percent",
    "resolve_date",
    "year_with_reference",
]
