"""The events config folder: every shipped file loads; broken files fail with a clear error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.events import EVENT_ROLES, EventsConfigError, load_specs
from pipeline.events.component import EventExtractor, default_events_dir


def test_shipped_config_covers_every_type():
    _, specs = load_specs(default_events_dir())
    assert sorted(s.type for s in specs) == sorted(EVENT_ROLES)


def _copy(tmp_path: Path) -> Path:
    dst = tmp_path / "events"
    shutil.copytree(default_events_dir(), dst)
    return dst


def test_unknown_key_names_file_and_key(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "rescue.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    with pytest.raises(EventsConfigError) as err:
        EventExtractor("events").initialize(events_dir=str(folder))
    assert "rescue.yaml" in str(err.value) and "colour" in str(err.value)


def test_unknown_role_is_rejected(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "penalty.yaml"
    text = path.read_text(encoding="utf-8").replace("  offender:\n", "  culprit:\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EventsConfigError, match=r"penalty\.yaml.*culprit"):
        load_specs(folder)


def test_unknown_label_is_rejected(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "honor_award.yaml"
    text = path.read_text(encoding="utf-8").replace("labels: [HONOR]", "labels: [MEDAL]", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EventsConfigError, match=r"honor_award\.yaml.*roles\.honor"):
        load_specs(folder)


def test_bad_regex_is_rejected(tmp_path):
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "endorsement.yaml").write_text(
        "type: ENDORSEMENT\ntriggers: [{words: [点赞]}]\n"
        "roles:\n  subject: [{source: pattern, regex: '(?P<arg>[unclosed'}]\n",
        encoding="utf-8",
    )
    with pytest.raises(EventsConfigError, match=r"endorsement\.yaml"):
        load_specs(folder)
