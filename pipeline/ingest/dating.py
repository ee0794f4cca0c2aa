"""Dates a bulletin carries outside its text: in its file name (the last resort)."""

from __future__ import annotations

from pipeline.ingest.settings import DatingSettings


def filename_date(stem: str, settings: DatingSettings) -> str | None:
    """ISO `YYYY[-MM[-DD]]` found in a file name (without suffix), else None."""
    for pattern in settings.filename_dates:
        m = pattern.search(stem)
        if not m:
            continue
        groups = m.groupdict()
        parts = [groups["year"]]
        if groups.get("month"):
            parts.append(f"{int(groups['month']):02d}")
            if groups.get("day"):
                parts.append(f"{int(groups['day']):02d}")
        return "-".join(parts)
    return None
