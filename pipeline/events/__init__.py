"""Events stage: event triggers and their arguments (SCHEMA §3), driven by configs/events/."""

from .spec import EVENT_ROLES, EngineSettings, EventsConfigError, EventSpec, load_specs

__all__ = ["EVENT_ROLES", "EngineSettings", "EventSpec", "EventsConfigError", "load_specs"]
