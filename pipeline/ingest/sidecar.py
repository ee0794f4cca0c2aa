"""Metadata a crawler wrote beside a bulletin: `X.meta.json` sidecars and batch manifests.

SCHEMA §1: `X.meta.json` beside `X.txt`/`X.html` holds `{"url": …, "published": …}` with
optional `site`, `title` and `region`; `published` is an ISO 8601 date, possibly only `YYYY`
or `YYYY-MM`. A manifest (`--manifest FILE.jsonl`) holds one such object per line with a
`path` naming the bulletin (relative paths are relative to the manifest's folder).

A sidecar is never a bulletin (`is_sidecar`); its fields go into the record's `source`.
A sidecar that cannot be used is reported as a `SidecarError` and the bulletin is read
without it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

SIDECAR_SUFFIX = ".meta.json"
KNOWN_FIELDS = ("url", "published", "site", "title", "region")
# `published` as crawlers write it: a date, possibly with a time after it (kept: the date).
_ISO = re.compile(
    r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?:[T ][0-9:.+\-Z]*)?$"
)
# What some crawlers write instead: `2019/05/20`, `2019.5.20`, `2019年5月20日` (read, not
# required: the same date in another spelling).
_LOOSE = re.compile(
    r"^(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})(?:\s*[-/.月]\s*(?P<day>\d{1,2})\s*日?)?"
    r"\s*月?(?:[T ][0-9:.+\-Z]*)?$"
)


class SidecarError(Exception):
    """A sidecar or manifest line that cannot be used; `str()` is one line naming it."""


@dataclass(frozen=True)
class SourceMeta:
    """What a crawler knew about one bulletin."""

    url: str | None = None
    published: str | None = None  # ISO `YYYY`, `YYYY-MM` or `YYYY-MM-DD`
    site: str | None = None
    title: str | None = None
    region: str | None = None
    extra: Mapping[str, object] = field(default_factory=dict)  # any other field, as given

    def merged(self, other: SourceMeta) -> SourceMeta:
        """`other`'s fields over these (a sidecar beside the file wins over a manifest)."""
        values = {k: getattr(other, k) or getattr(self, k) for k in KNOWN_FIELDS}
        return SourceMeta(**values, extra={**self.extra, **other.extra})

    def fields(self) -> dict[str, object]:
        """The fields that are set, for the record's `source`."""
        out: dict[str, object] = {k: getattr(self, k) for k in KNOWN_FIELDS if getattr(self, k)}
        if self.extra:
            out["extra"] = dict(self.extra)
        return out


def is_sidecar(path: Path | str) -> bool:
    return str(path).lower().endswith(SIDECAR_SUFFIX)


def sidecar_path(path: Path | str) -> Path:
    """`X.meta.json` for `X.txt` / `X.html` (the bulletin's suffix replaced)."""
    p = Path(path)
    return p.with_name(p.stem + SIDECAR_SUFFIX) if p.suffix else p.with_name(p.name + SIDECAR_SUFFIX)


def iso_date(value: object, where: str) -> str:
    """`published` normalised to `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; anything else is an error."""
    text = str(value).strip() if isinstance(value, str | int) else ""
    m = _ISO.match(text) or _LOOSE.match(text)
    if not m:
        raise SidecarError(f"{where}: published {value!r} is not an ISO 8601 date")
    year, month, day = m.group("year"), m.group("month"), m.group("day")
    if month and not 1 <= int(month) <= 12 or day and not 1 <= int(day) <= 31:
        raise SidecarError(f"{where}: published {value!r} is not a valid date")
    return "-".join(f"{int(p):02d}" if len(p) < 4 else p for p in (year, month, day) if p)


def parse_meta(data: object, where: str, ignore: tuple[str, ...] = ()) -> SourceMeta:
    """Validate one sidecar object; `ignore` names keys that are not metadata (`path`)."""
    if not isinstance(data, dict):
        raise SidecarError(f"{where}: expected a JSON object")
    values: dict[str, str | None] = {}
    for key in KNOWN_FIELDS:
        value = data.get(key)
        if value is None or value == "":
            continue
        if key == "published":
            values[key] = iso_date(value, where)
        elif not isinstance(value, str):
            raise SidecarError(f"{where}: {key} must be a string, got {type(value).__name__}")
        else:
            values[key] = value.strip()
    extra = {k: v for k, v in data.items() if k not in KNOWN_FIELDS and k not in ignore}
    return SourceMeta(**values, extra=dict(sorted(extra.items())))


def read_sidecar(bulletin: Path | str) -> SourceMeta | None:
    """The sidecar of a bulletin file, None when there is none (stdin has none)."""
    if str(bulletin) == "-":
        return None
    path = sidecar_path(bulletin)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SidecarError(f"{path}: cannot read sidecar: {exc}") from None
    except json.JSONDecodeError as exc:
        raise SidecarError(f"{path}: invalid JSON: {exc.msg} at line {exc.lineno}") from None
    return parse_meta(data, str(path))


def read_manifest(path: Path | str) -> dict[Path, SourceMeta]:
    """Manifest lines by the resolved path of the bulletin they describe."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise SidecarError(f"{path}: cannot read manifest: {exc.strerror or exc}") from None
    out: dict[Path, SourceMeta] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SidecarError(f"{where}: invalid JSON: {exc.msg}") from None
        if not isinstance(data, dict) or not isinstance(data.get("path"), str):
            raise SidecarError(f"{where}: expected an object with a string `path`")
        target = Path(data["path"])
        if not target.is_absolute():
            target = path.parent / target
        out[target.resolve()] = parse_meta(data, where, ignore=("path",))
    return out
