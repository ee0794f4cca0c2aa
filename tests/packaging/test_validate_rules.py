"""`bulletin validate-rules`: every config file type, broken on purpose, gives exit code 1
and one line naming the file and the key; the shipped configs pass in seconds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import EXIT_INVALID, app

runner = CliRunner()


def _append(text: str):
    return lambda old: old + text


def _replace(old_part: str, new_part: str):
    def edit(old: str) -> str:
        assert old_part in old, f"fixture out of date: {old_part!r} not found"
        return old.replace(old_part, new_part, 1)

    return edit


# (file under configs/, edit, words the message must contain: file name and key)
BROKEN = {
    "pipeline_cfg": ("pipeline.cfg", _replace('factory = "bulletin_events"',
                                              'factory = "bulletin_evnets"'), ["bulletin_evnets"]),
    "normalize": ("normalize.yaml", _append("\nchrom:\n  line_patterns: []\n"),
                  ["normalize.yaml", "chrom"]),
    "yaml_syntax": ("normalize.yaml", _append("\nchrome: [unclosed\n"),
                    ["normalize.yaml", "invalid YAML"]),
    "ingest": ("ingest.yaml", _replace("min_detect_bytes: 24", "min_detect_bytes: many"),
               ["ingest.yaml", "min_detect_bytes"]),
    "sentences": ("sentences.yaml", _append("\nline_breaks_end: true\n"),
                  ["sentences.yaml", "line_breaks_end"]),
    "entity_attributes": ("entity_attributes.yaml", _append("\nquote_char: x\n"),
                          ["entity_attributes.yaml", "quote_char"]),
    "entity_rule_key": ("entities/unit.yaml", _replace("    score: 0.95\n",
                                                       "    score: 0.95\n    scroe: 1\n"),
                        ["unit.yaml", "scroe"]),
    "entity_rule_regex": ("entities/unit.yaml", _replace("公安机关'", "公安机关(('"),
                          ["unit.yaml", "unit.territory_police"]),
    "lexicon_spec": ("entities/lexicons.yaml", _replace("column: 1\n", "colum: 1\n"),
                     ["lexicons.yaml", "colum"]),
    "lexicon_file": ("entities/lexicons.yaml", _replace("../lexicons/surnames.txt",
                                                        "../lexicons/surname.txt"),
                     ["surname.txt"]),
    "gazetteer_row": ("lexicons/admin_divisions.tsv", _append("\n峤南市\t峤南\tcounty\n"),
                      ["admin_divisions.tsv"]),
    "person_role_cue": ("lexicons/person_role_cues.tsv",
                        _replace("交警\tofficer\tbefore", "交警\tofficr\tbefore"),
                        ["person_role_cues.tsv", "交警", "officr"]),
    "person_role_position": ("lexicons/person_role_cues.tsv",
                             _replace("特警\tofficer\tbefore", "特警\tofficer\tbefor"),
                             ["person_role_cues.tsv", "特警", "befor"]),
    "events": ("events/penalty.yaml", _replace("merge: clause", "merge: clause\nmerges: 1"),
               ["penalty.yaml", "merges"]),
    "events_engine": ("events/_engine.yaml", _append("\nno_such_setting: 1\n"),
                      ["_engine.yaml", "no_such_setting"]),
    "values": ("values.yaml", _append("\nno_such_setting: 1\n"),
               ["values.yaml", "no_such_setting"]),
    "classifiers": ("values.yaml", _replace("classifiers.txt", "classifier.txt"),
                    ["classifier.txt"]),
}


def test_shipped_configs_are_valid_and_fast() -> None:
    start = time.perf_counter()
    result = runner.invoke(app, ["validate-rules"])
    elapsed = time.perf_counter() - start
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok:") and "entity_rules" in result.stdout
    assert elapsed < 20, f"validate-rules took {elapsed:.1f} s (it must not load pkuseg)"


def test_validate_rules_does_not_load_the_models(config_copy: Path) -> None:
    models = config_copy.parent.parent / "models"
    models.unlink()
    for name in ("pkuseg", "ner"):
        (models / name).mkdir(parents=True)
    for name in ("features.msgpack", "weights.npz"):
        (models / "pkuseg" / name).write_bytes(b"garbage a loader would choke on")
    (models / "ner" / "config.cfg").write_text("garbage a loader would choke on")
    result = runner.invoke(app, ["validate-rules", "--config", str(config_copy)])
    assert result.exit_code == 0, result.output


def test_missing_model_is_named(config_copy: Path) -> None:
    models = config_copy.parent.parent / "models"
    models.unlink()
    models.mkdir()
    result = runner.invoke(app, ["validate-rules", "--config", str(config_copy)])
    assert result.exit_code == EXIT_INVALID
    assert "pkuseg_model" in result.stderr and "weights.npz" in result.stderr


@pytest.mark.parametrize("case", list(BROKEN.values()), ids=list(BROKEN))
def test_broken_file_gives_one_line_naming_file_and_key(case, config_copy: Path) -> None:
    name, edit, expected = case
    target = config_copy.parent / name
    target.write_text(edit(target.read_text(encoding="utf-8")), encoding="utf-8")
    # values.yaml is found through the data root until [initialize] names it: $BULLETIN_HOME.
    result = runner.invoke(app, ["validate-rules", "--config", str(config_copy)],
                           env={"BULLETIN_HOME": str(config_copy.parent.parent)})
    assert result.exit_code == EXIT_INVALID, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("invalid: "), result.stderr
    for word in expected:
        assert word in lines[0], lines[0]
    assert "Traceback" not in result.output
