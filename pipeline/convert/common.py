"""Pieces both tool encodings share: report fields, value text, default norms."""

from __future__ import annotations

import json
from typing import Any

from ..evaluate.matching import strip_text

# Keys of a record that the tools' span markup carries; everything else travels as data
ANNOTATION_KEYS = ("entities", "events")


def report_data(record: dict[str, Any]) -> dict[str, Any]:
    """The record without its annotations, key order kept (it is restored on the way back)."""
    return {k: v for k, v in record.items() if k not in ANNOTATION_KEYS}


def rebuild_record(
    data: dict[str, Any], entities: list[dict[str, Any]], events: list[dict[str, Any]]
) -> dict[str, Any]:
    """Data fields in their order, with entities and events right after `text`.

    Gold and records both put them there (SCHEMA §5); fields a later version adds keep
    their place around them.
    """
    out: dict[str, Any] = {}
    for key, value in data.items():
        out[key] = value
        if key == "text":
            out["entities"], out["events"] = entities, events
    if "entities" not in out:
        out["entities"], out["events"] = entities, events
    return out


def value_to_text(value: Any) -> str:
    """A normalized value as the text an annotator sees and edits.

    Strings are shown bare (`徐某`, `2023-05-28`) unless they would read back as another JSON
    value (`"11"` stays quoted so it does not come back as the number 11); everything else is
    JSON (`11`, `27.1`, `{"n": 60, "approx": "over"}`, `null`).
    """
    if isinstance(value, str):
        try:
            json.loads(value)
        except ValueError:
            return value
    return json.dumps(value, ensure_ascii=False)


def text_to_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def default_norm(text: str) -> str:
    """Norm for a span an annotator added in the tool: text without spaces and quote marks."""
    return strip_text(text)


class ConvertError(ValueError):
    """Input that is not in the format it claims; the message names the item."""


# One colour per entity label, shared by the Label Studio config and the review page
# (displaCy's colours where displaCy has the label).
LABEL_COLORS = {
    "UNIT": "#7aecec", "OFFICIAL": "#aa9cfc", "OPERATION": "#ffeb80", "CASE": "#ff9561",
    "PERSON": "#c887fb", "ORG": "#9cc9cc", "LOC": "#feca74", "DATE": "#bfe1d9",
    "LAW": "#ff8197", "OCCASION": "#bfeeb7", "HONOR": "#f0d0ff",
}
