"""configs/values.yaml: loading, validation, and broken configs that must fail."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from pipeline.values import ValuesConfigError, ValuesSettings, load_settings, parse_count

CONFIGS = Path(__file__).resolve().parents[2] / "configs"


@pytest.fixture
def config_copy(tmp_path: Path) -> Path:
    """A writable copy of values.yaml with its classifier lexicon."""
    shutil.copy(CONFIGS / "values.yaml", tmp_path / "values.yaml")
    (tmp_path / "lexicons").mkdir()
    shutil.copy(CONFIGS / "lexicons" / "classifiers.txt", tmp_path / "lexicons")
    return tmp_path / "values.yaml"


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_default_config_loads():
    s = load_settings()
    assert isinstance(s, ValuesSettings)
    assert s.units["人"].kind == "count" and s.units["人"].unit is None
    assert s.units["套"].unit == "套"
    assert s.units["元"].kind == "money"


def test_copy_loads_and_is_used(config_copy: Path):
    _edit(config_copy, lambda d: d["units"]["measure"].append("匹马"))
    s = load_settings(config_copy)
    assert parse_count("3匹马", s) == {"n": 3, "unit": "匹马"}


def test_classifiers_file_decides_plain_counts(config_copy: Path):
    lexicon = config_copy.parent / "lexicons" / "classifiers.txt"
    lines = lexicon.read_text(encoding="utf-8").splitlines()
    lexicon.write_text("\n".join(x for x in lines if x != "起"), encoding="utf-8")
    # a blocker for a unit that is no longer declared is an error, so it goes too
    _edit(config_copy, lambda d: d["units"]["not_followed_by"].pop("起"))
    s = load_settings(config_copy)
    assert parse_count("5人", s) == 5
    assert parse_count("5起", s) is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(colour="red"), "colour"),
        (lambda d: d["units"].update(unit_typo=[]), "unit_typo"),
        (lambda d: d["approx"]["infix"].update(余="roughly"), "approx"),
        (lambda d: d["deny"].append("([unclosed"), "deny"),
        (lambda d: d["dates"]["periods"].append("{NO_SUCH_MACRO}年"), "NO_SUCH_MACRO"),
        (lambda d: d["units"].update(classifiers_file="lexicons/missing.txt"), "missing.txt"),
        (lambda d: d["units"]["not_followed_by"].update(斤斤=["计较"]), "斤斤"),
        (lambda d: d["report_year"]["clues"].append({"pattern": "x", "base": 1900}), "group `n`"),
        (lambda d: d["units"]["measure"].append("人"), "declared twice"),
    ],
)
def test_broken_configs_fail_naming_the_file(config_copy: Path, change, message):
    _edit(config_copy, change)
    with pytest.raises(ValuesConfigError) as err:
        load_settings(config_copy)
    assert str(config_copy.name) in str(err.value)
    assert message in str(err.value)


def test_missing_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(ValuesConfigError, match="cannot read"):
        load_settings(tmp_path / "nope.yaml")


def test_same_files_build_once_and_an_edit_builds_again(config_copy: Path):
    from pipeline.configfile import recording

    first = load_settings(config_copy)
    with recording() as opened:
        again = load_settings(config_copy)
    assert again is first  # shared (frozen), not compiled a second time
    # a cached build still reads its files, so a pipeline's config_hash sees them
    lexicon = config_copy.parent / "lexicons" / "classifiers.txt"
    assert {p.resolve() for p in opened} >= {config_copy.resolve(), lexicon.resolve()}
    assert parse_count("5嘟", first) is None
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n嘟\n", encoding="utf-8")
    edited = load_settings(config_copy)
    assert edited is not first and parse_count("5嘟", edited) == 5
    _edit(config_copy, lambda d: d["units"]["measure"].append("头牛"))
    assert parse_count("2头牛", load_settings(config_copy)) == {"n": 2, "unit": "头牛"}
