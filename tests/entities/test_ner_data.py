"""Readers, label maps, the domain generator and char docs of the NER training data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.vocab import Vocab

from pipeline.entities.ner_data import (
    DomainGenerator,
    DomainSpec,
    LabelMaps,
    char_doc,
    read_cluener,
    read_gold,
    read_msra,
    sorted_unique,
    split_example,
    to_docbin,
)
from pipeline.entities.ner_train import guard_gold_files
from pipeline.paths import project_root

ROOT = project_root()


@pytest.fixture(scope="module")
def maps() -> LabelMaps:
    return LabelMaps.load(ROOT / "configs/ner/labels.yaml")


def _bio(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / "bio"
    path.write_text("\n".join(f"{c}\t{t}" if c else "" for c, t in rows) + "\n", "utf-8")
    return path


def test_msra_bio_to_spans_and_public_bodies_become_unit(tmp_path, maps):
    rows = [("岑", "B-PER"), ("山", "I-PER"), ("到", "O"), ("峤", "B-ORG"), ("南", "I-ORG"),
            ("县", "I-ORG"), ("政", "I-ORG"), ("府", "I-ORG"), ("", ""),
            ("青", "B-ORG"), ("松", "I-ORG"), ("公", "I-ORG"), ("司", "I-ORG"), ("0", "")]
    out = list(read_msra(_bio(tmp_path, rows), maps))
    assert out[0] == ("岑山到峤南县政府", [(0, 2, "PERSON"), (3, 8, "UNIT")])
    # an empty tag is O (MSRA's leftover markup lines)
    assert out[1] == ("青松公司0", [(0, 4, "ORG")])


def test_cluener_offsets_are_end_inclusive_and_unmapped_types_dropped(tmp_path, maps):
    record = {"text": "岑山任峤南县县长", "label": {
        "name": {"岑山": [[0, 1]]}, "position": {"县长": [[6, 7]]},
        "government": {"峤南县": [[3, 5]]}}}
    path = tmp_path / "c.json"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    assert list(read_cluener(path, maps)) == [
        ("岑山任峤南县县长", [(0, 2, "PERSON"), (3, 6, "UNIT")])]


def test_gold_official_is_person_and_rule_labels_are_o(tmp_path, maps):
    first = "岑局长带队到青松镇检查指导夏季治安打击整治工作。"  # >= 20 chars: a piece of its own
    text = first + "峤南县公安局破获3起案件。"
    n = len(first)
    record = {"id": "x#1", "text": text, "entities": [
        {"label": "OFFICIAL", "start": 0, "end": 1}, {"label": "UNIT", "start": n, "end": n + 6},
        {"label": "DATE", "start": n + 7, "end": n + 8}]}
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    assert list(read_gold(path, maps)) == [
        (first, [(0, 1, "PERSON")]), ("峤南县公安局破获3起案件。", [(0, 6, "UNIT")])]


def test_split_never_cuts_inside_an_entity():
    text = "甲乙。丙丁。" * 5
    pieces = list(split_example(text, [(4, 7, "LOC")]))
    assert "".join(p for p, _ in pieces) == text
    assert all(text.find(p) >= 0 for p, _ in pieces)
    assert any(spans for _, spans in pieces)


def test_test_gold_is_refused():
    with pytest.raises(ValueError):
        guard_gold_files([Path("/x/dev/test/gold.jsonl")])
    guard_gold_files([Path("/x/dev/train/gold.jsonl")])


def test_generator_is_deterministic_and_spans_match_slots():
    spec = DomainSpec.load(ROOT / "configs/ner/domain.yaml",
                           ROOT / "configs/lexicons/admin_divisions.tsv")
    first = [DomainGenerator(spec, 7).sentence() for _ in range(1)]
    again = [DomainGenerator(spec, 7).sentence() for _ in range(1)]
    assert first == again
    gen = DomainGenerator(spec, 3)
    for _ in range(200):
        text, spans = gen.sentence()
        assert "{" not in text
        for start, end, label in spans:
            assert text[start:end].strip() == text[start:end] != ""
            assert label in {"PERSON", "LOC", "ORG", "UNIT"}


def test_char_doc_one_token_per_char_and_width_folded():
    doc = char_doc(Vocab(), "岑某，\n１２")
    assert [t.text for t in doc] == ["岑", "某", ",", "\n", "1", "2"]
    assert len(doc.text) == 6


def test_docbin_tags_are_bio_of_the_spans():
    docbin = to_docbin(Vocab(), [("岑山在峤南", [(0, 2, "PERSON"), (3, 5, "LOC")])])
    (doc,) = docbin.get_docs(Vocab())
    assert [t.tag_ for t in doc] == ["B-PERSON", "I-PERSON", "O", "B-LOC", "I-LOC"]


def test_sorted_unique_is_np_unique() -> None:
    import numpy as np

    rng = np.random.default_rng(7)
    cases = [np.array([], dtype=np.uint32), np.array([5], dtype=np.uint32)]
    for size in (2, 3, 10, 1000):
        for high in (2, 50, 0x110000):
            cases.append(rng.integers(0, high, size=size, dtype=np.uint32))
    for values in cases:
        got = sorted_unique(values)
        assert got.dtype == values.dtype
        assert got.tolist() == np.unique(values).tolist()
