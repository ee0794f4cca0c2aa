"""The contract's vocabulary in one place (`../shared/SCHEMA.md` §2–§4): entity labels, event
types and their roles, PERSON roles, value kinds.

Everything that names a label or a role (record models, rule and event validation, the
evaluator) should import it from here; each `Literal` is the source and the tuples are
derived from it, so a new label is one edit. `tests/packaging/test_schema.py` checks that
the copies still kept elsewhere agree with this module.
"""

from __future__ import annotations

from typing import Literal, get_args

# SCHEMA §2: the four labels the pipeline exists for, then the supporting ones.
CoreLabel = Literal["UNIT", "OFFICIAL", "OPERATION", "CASE"]
SupportLabel = Literal["PERSON", "ORG", "LOC", "DATE", "LAW", "OCCASION", "HONOR"]
Label = Literal[
    "UNIT", "OFFICIAL", "OPERATION", "CASE",
    "PERSON", "ORG", "LOC", "DATE", "LAW", "OCCASION", "HONOR",
]
CORE_LABELS: tuple[str, ...] = get_args(CoreLabel)
SUPPORT_LABELS: tuple[str, ...] = get_args(SupportLabel)
LABELS: tuple[str, ...] = get_args(Label)

# SCHEMA §2: `attrs.role` of a PERSON.
PersonRole = Literal["officer", "reporter", "suspect", "victim", "citizen", "other"]
PERSON_ROLES: tuple[str, ...] = get_args(PersonRole)

# SCHEMA §3: event types, in the table's order.
EventType = Literal[
    "SOLVE_CASES", "DISMANTLE_GROUPS", "DETAIN_SUSPECTS", "PENALTY", "STAT_CHANGE",
    "RECOVER_LOSSES", "HONOR_AWARD", "ENDORSEMENT", "SECURITY_TASK", "RESCUE",
]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)

# SCHEMA §3: the roles of each event type.
EVENT_ROLES: dict[str, tuple[str, ...]] = {
    "SOLVE_CASES": ("agent", "operation", "case", "count", "period", "place"),
    "DISMANTLE_GROUPS": ("agent", "operation", "target", "count", "period", "place"),
    "DETAIN_SUSPECTS": ("agent", "operation", "suspect", "count", "measure", "period"),
    "PENALTY": ("agent", "offender", "detention_days", "fine", "legal_basis", "offense", "date"),
    "STAT_CHANGE": ("metric", "direction", "value", "baseline", "period", "region"),
    "RECOVER_LOSSES": ("agent", "amount", "beneficiary", "period"),
    "HONOR_AWARD": ("recipient", "honor", "conferrer", "date"),
    "ENDORSEMENT": ("endorser", "subject"),
    "SECURITY_TASK": ("agent", "occasion", "outcome"),
    "RESCUE": ("rescuer", "rescued", "place", "date"),
}
ROLES: tuple[str, ...] = tuple(dict.fromkeys(r for roles in EVENT_ROLES.values() for r in roles))

# SCHEMA §4: kinds of normalized values, approximation marks and directions.
ValueKind = Literal["count", "money", "percent", "days", "date", "direction"]
Approx = Literal["over", "nearly", "about"]
Direction = Literal["up", "down"]


def roles_of(event_type: str) -> tuple[str, ...]:
    """The roles SCHEMA §3 gives an event type (KeyError for an unknown type)."""
    return EVENT_ROLES[event_type]

