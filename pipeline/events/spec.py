"""Event specifications: the schema of `configs/events/*.yaml`, validated with pydantic.

One file per event type (`solve_cases.yaml` -> `SOLVE_CASES`) holds its trigger words and,
per role, an ordered list of *sources* (where and how to find a filler). Files whose name
starts with `_` hold engine settings shared by all types (`_engine.yaml`). Unknown keys,
unknown roles and unknown entity labels are errors that name the file and the key.

The event types, their roles and the entity labels are the SCHEMA §2/§3 contract, so they
are listed here; every word and pattern lives in the YAML files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..configfile import ConfigError, read_yaml, validate
from ..schema import EVENT_ROLES, Label

# SCHEMA §2/§3 (pipeline/schema.py): the roles of each event type and the entity labels a
# role may be filled from.
QuantityKind = Literal["count", "money", "percent", "days", "duration", "date"]

# Where a source looks, relative to the trigger:
#   before   - from the clause/sentence start to the trigger
#   after    - from the trigger to the clause/sentence end
#   around   - the whole clause/sentence
#   covering - entities that overlap the trigger itself
#   trigger  - the trigger text (patterns only)
#   report   - the whole report (source `report` only)
Scope = Literal["before", "after", "around", "covering", "trigger", "report"]
Extent = Literal["clause", "sentence"]
# series: a list of counted results under one trigger (`破获刑事案件12起、治安案件30起，
# 其中…5起`): the first filler inside the trigger's clause, then every next one whose gap
# from the previous starts with a `connectors` character and is at most `series_gap` long.
Pick = Literal["nearest", "first", "last", "all", "chain", "series"]
ValueAs = Literal["auto", "text", "date", "count", "money", "percent", "days"]


def _check_regex(pattern: str) -> str:
    # re.error is not a ValueError: convert it so pydantic reports file and key.
    try:
        re.compile(pattern)
    except re.error as err:
        raise ValueError(f"regex {pattern!r} does not compile: {err}") from err
    return pattern


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _SourceBase(_Strict):
    """What every scoped source shares: where it looks and how it picks.

    Sources are a discriminated union on `source` (one class per kind, each with
    `extra="forbid"`), so a key that does not apply to its kind (`regex` on an entity
    source, `labels` on a pattern) is an error at load that names the file and key."""

    scope: Scope = "before"
    extent: Extent = "clause"
    # Stop the scope at the neighbouring trigger (of any type) on that side.
    bounded: bool = True
    pick: Pick = "nearest"
    # Characters allowed between the scope edge nearest the trigger and the first filler;
    # None = anywhere in the scope.
    max_gap: int | None = None
    # `chain`: further fillers separated only by these characters; `series`: the characters
    # a gap between two results starts with.
    connectors: str = ""
    series_gap: int = 12
    # `series`: a result may be followed by its own object before the connector (counts
    # written first: `查获52起酒驾，其中10起醉驾`, `打掉8个涉黑组织，以及41个恶势力团伙`).
    series_objects_after: bool = False
    # Scope narrowing by marker words: start after the last `after_marker` / end at the
    # first `before_marker` found in the scope. With `marker_required`, no marker = no scope.
    after_marker: list[str] = []
    before_marker: list[str] = []
    marker_required: bool = False
    value: ValueAs = "auto"
    # Use this source only for these trigger words (conferring verbs `授予` have their
    # conferrer before them, receiving verbs `荣获` their recipient); empty = all.
    only_triggers: list[str] = []


class _Preceded(_Strict):
    # Regex that must match the text right before a quantity/entity (e.g. `从$`).
    preceded_by: str | None = None
    # Regex that must NOT match right before it (`较前三年` is a baseline, not a period).
    not_preceded_by: str | None = None

    @field_validator("preceded_by", "not_preceded_by")
    @classmethod
    def _compiles(cls, v: str | None) -> str | None:
        return _check_regex(v) if v is not None else v


class EntitySource(_SourceBase, _Preceded):
    """doc.ents with one of `labels` (and the `attrs` filter) inside the scope."""

    source: Literal["entity"]
    labels: list[Label] = Field(min_length=1)
    # Entity attribute filter, e.g. {role: [suspect]}; an entity without the attribute passes.
    attrs: dict[str, list[str]] = {}
    # Regex on the entity's norm that rules it out (`党委$` is no acting police unit).
    reject: str | None = None
    # Regex that must NOT match the text right after the entity (`^督办的`: a unit inside
    # the modifier of an object, `侦破省公安厅督办的…案`, is not the sentence's actor).
    not_followed_by: str | None = None
    # At most this many clause breaks between the entity and the trigger (`before` scope): a
    # date two clauses back belongs to another statement (`近十年来，X涌现出…，Y荣获…`).
    max_breaks: int | None = None

    @field_validator("reject", "not_followed_by")
    @classmethod
    def _reject_compiles(cls, v: str | None) -> str | None:
        return _check_regex(v) if v is not None else v


class QuantitySource(_SourceBase, _Preceded):
    """pipeline.values quantities of `kinds` (and `units`) inside the scope."""

    source: Literal["quantity"]
    kinds: list[QuantityKind] = Field(min_length=1)
    units: list[str] = []


class PatternSource(_SourceBase):
    """A regex with a named group `arg` over the scope text."""

    source: Literal["pattern"]
    regex: str
    # Drop matches that overlap an entity of these labels.
    exclude_labels: list[Label] = []

    @field_validator("regex")
    @classmethod
    def _has_arg(cls, v: str) -> str:
        if "(?P<arg>" not in v:
            raise ValueError("a pattern source needs `regex` with a named group (?P<arg>...)")
        return _check_regex(v)


class PhraseSource(_SourceBase):
    """The text of the scope minus blockers; the run nearest the trigger is the phrase."""

    source: Literal["phrase"]
    # Regexes and entity labels that cut the scope text into runs. `until_role`: the
    # phrase ends where that role's first filler starts (verb-object: `抓获<phrase>16人`).
    blockers: list[str] = []
    blocker_labels: list[Label] = []
    until_role: str | None = None
    # With `until_role`: one phrase per filler of that role, each ending where its filler
    # starts and beginning after the previous one (`治安案件` in `刑事案件12起、治安案件30起`).
    per_filler: bool = False
    # With `per_filler`: where a filler has no phrase before it, its object written after it
    # (counts written first: `其中有8起醉酒驾车`, `其中57起为酒后驾驶`), the `arg` group of
    # this regex matched right after the filler; keeps one phrase per filler, so the split
    # pairs each result with its own object instead of copying the first one.
    object_after: str | None = None
    # ... only where nothing but these words stands before the filler in its clause (after the
    # last `，；、`): an object written before it (`…案等三宗`) keeps the count its own.
    object_after_if: str = r"^(?:其中|另有|另|包括|还有|有|共|了|\s)*$"
    strip_prefix: str | None = None
    strip_suffix: str | None = None
    reject: str | None = None
    min_chars: int = 1
    max_chars: int = 40

    @field_validator("strip_prefix", "strip_suffix", "reject", "object_after", "object_after_if")
    @classmethod
    def _compiles(cls, v: str | None) -> str | None:
        return _check_regex(v) if v is not None else v

    @field_validator("object_after")
    @classmethod
    def _object_has_arg(cls, v: str | None) -> str | None:
        if v is not None and "(?P<arg>" not in v:
            raise ValueError("`object_after` needs a named group (?P<arg>...)")
        return v

    @field_validator("blockers")
    @classmethod
    def _blockers_compile(cls, v: list[str]) -> list[str]:
        return [_check_regex(b) for b in v]


class TriggerMapSource(_Strict):
    """A constant looked up by the trigger word (span = the trigger)."""

    source: Literal["trigger_map"]
    map: dict[str, str] = Field(min_length=1)


class ReportSource(_Strict):
    """The most frequent entity of `labels` in the whole report (its acting unit)."""

    source: Literal["report"]
    labels: list[Label] = Field(min_length=1)
    attrs: dict[str, list[str]] = {}
    reject: str | None = None
    # frequent: the report's most mentioned entity; nearest: the last one before the trigger.
    prefer: Literal["frequent", "nearest"] = "frequent"

    @field_validator("reject")
    @classmethod
    def _reject_compiles(cls, v: str | None) -> str | None:
        return _check_regex(v) if v is not None else v


Source = Annotated[
    EntitySource | QuantitySource | PatternSource | PhraseSource | TriggerMapSource
    | ReportSource,
    Field(discriminator="source"),
]


class TriggerRule(_Strict):
    words: list[str] = Field(min_length=1)
    # Strings that, when they overlap a match in the text, veto it (`突破` vetoes `破`).
    exclude: list[str] = []
    # Regex the text right after the match (to the sentence end) must match, else no event
    # (`提升打击效能` is a verb with an object, not a change of a measured quantity).
    followed_by: str | None = None
    # Regex the text before the match (from the sentence start) must end with, else no
    # event (`开展…安全保卫工作`: security work is an event when something carries it out).
    preceded_by: str | None = None
    # Regex on the text right after the word: when it matches, the trigger span grows to
    # its end (`挽回` + `直接经济损失`: the gold marks the verb with its object noun, as in
    # the listed `挽回经济损失`), so one rule covers every filler in between.
    extend: str | None = None
    # The event exists only if at least one / all of these roles got a filler.
    requires_any: list[str] = []
    requires_all: list[str] = []


    @field_validator("followed_by", "preceded_by", "extend")
    @classmethod
    def _compiles(cls, v: str | None) -> str | None:
        return _check_regex(v) if v is not None else v


class SplitRule(_Strict):
    """A role whose several fillers make several events (one per filler)."""

    role: str
    # Split only if one of these words occurs in the trigger's clause (e.g. `分别`).
    only_with: list[str] = []
    # Split this role only alongside that role, when both have as many fillers (the
    # objects of a list of counted results); it never decides the number of events.
    paired_with: str | None = None


class EventSpec(_Strict):
    type: str
    description: str = ""
    triggers: list[TriggerRule] = Field(min_length=1)
    roles: dict[str, list[Source]]
    split: list[SplitRule] = []
    # A filler of a split role whose text holds several parts joined by one of these
    # characters is cut into parts when another split role has that many fillers.
    split_separators: str = ""
    # `clause`: triggers of this type in one clause make one event (`拘留…并罚款…`).
    merge: Literal["none", "clause"] = "none"

    @model_validator(mode="after")
    def _known_roles(self) -> EventSpec:
        if self.type not in EVENT_ROLES:
            raise ValueError(f"unknown event type {self.type!r} (known: {sorted(EVENT_ROLES)})")
        allowed = set(EVENT_ROLES[self.type])
        used = set(self.roles)
        for rule in self.triggers:
            used |= set(rule.requires_any) | set(rule.requires_all)
        used |= {s.role for s in self.split}
        used |= {s.paired_with for s in self.split if s.paired_with}
        used |= {
            src.until_role for srcs in self.roles.values() for src in srcs
            if isinstance(src, PhraseSource) and src.until_role
        }
        unknown = sorted(used - allowed)
        if unknown:
            raise ValueError(
                f"unknown role(s) {unknown} for {self.type} (allowed: {sorted(allowed)})"
            )
        _role_order(self)  # raises on a cycle of `until_role`
        return self

    @property
    def name(self) -> str:
        """The file stem this spec comes from (`detain_suspects`), for rule ids."""
        return self.type.lower()


_T = TypeVar("_T")


def per_spec(cache: dict[int, tuple[EventSpec, _T]], spec: EventSpec, make: Callable[[], _T]) -> _T:
    """`make()` once per spec object: what the engine derives from a loaded spec (sorted
    trigger words, role order) is the same for every report. Keyed by identity (pydantic
    models do not hash); the entry holds the spec, so its id is never reused while cached.
    The cache must only be read by callers that do not modify what it returns."""
    hit = cache.get(id(spec))
    if hit is not None and hit[0] is spec:
        return hit[1]
    value = make()
    cache[id(spec)] = (spec, value)
    return value


_ROLE_ORDER: dict[int, tuple[EventSpec, list[str]]] = {}


def role_order(spec: EventSpec) -> list[str]:
    """The spec's roles in filling order: a role a phrase source reads (`until_role`) is
    filled before the roles that read it; otherwise SCHEMA §3 order. The YAML order of the
    roles therefore never changes the output. Computed once per spec object."""
    return list(per_spec(_ROLE_ORDER, spec, lambda: _role_order(spec)))


def _role_order(spec: EventSpec) -> list[str]:
    schema = EVENT_ROLES.get(spec.type, ())
    rank = {r: i for i, r in enumerate(schema)}
    deps = {
        role: {src.until_role for src in srcs
               if isinstance(src, PhraseSource) and src.until_role and src.until_role != role}
        for role, srcs in spec.roles.items()
    }
    order: list[str] = []
    pending = sorted(spec.roles, key=lambda r: (rank.get(r, len(rank)), r))
    while pending:
        ready = [r for r in pending if not (deps[r] & set(pending))]
        if not ready:
            raise ValueError(f"roles {pending} wait for each other through `until_role`")
        order.append(ready[0])
        pending.remove(ready[0])
    return order


class EngineSettings(_Strict):
    """Shared settings (`_engine.yaml`)."""

    # Characters that end a clause inside a sentence.
    clause_breaks: str = ""
    # Approximation words that may follow a quantity's unit (`60名以上`).
    quantity_suffixes: list[str] = []
    # Characters removed from argument text to make its string value.
    strip_chars: str = ""
    # Text before a trigger in its clause that makes it negated or planned (no event).
    negated_or_planned: str | None = None
    # Text right after a trigger that makes it part of a metric's name (no event).
    names_a_metric: str | None = None

    @field_validator("negated_or_planned", "names_a_metric")
    @classmethod
    def _compiles(cls, v: str | None) -> str | None:
        return _check_regex(v) if v is not None else v


class EventsConfigError(ConfigError):
    """A file in the events config folder is invalid; the message names the file and key."""


def load_specs(events_dir: str | Path) -> tuple[EngineSettings, list[EventSpec]]:
    """Read every `*.yaml` of the folder: `_*.yaml` are engine settings, others event types."""
    folder = Path(events_dir)
    if not folder.is_dir():
        raise EventsConfigError(f"events config folder not found: {folder}")
    settings_data: dict = {}
    specs: list[EventSpec] = []
    seen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = read_yaml(path, EventsConfigError)
        if path.name.startswith("_"):
            settings_data.update(validate(path, data, EngineSettings, EventsConfigError).model_dump())
            continue
        spec = validate(path, data, EventSpec, EventsConfigError)
        if spec.type in seen:
            raise EventsConfigError(f"{path}: type {spec.type} already defined in {seen[spec.type]}")
        seen[spec.type] = path
        specs.append(spec)
    if not specs:
        raise EventsConfigError(f"{folder}: no event specifications (*.yaml) found")
    return EngineSettings.model_validate(settings_data), specs
