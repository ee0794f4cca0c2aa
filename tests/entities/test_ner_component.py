"""The `bulletin_ner` component: training on a tiny invented set, combining, round-trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from pipeline.entities import ner as _ner  # noqa: F401  (registers the factory)
from pipeline.entities.merge import Candidate
from pipeline.entities.ner import TitleLexicon
from pipeline.entities.ner_train import CorpusPlan, train_model
from pipeline.paths import project_root

ROOT = project_root()
TITLES = ROOT / "configs/lexicons/official_titles.tsv"
PLACES = ROOT / "configs/lexicons/admin_divisions.tsv"

# Invented sentences in MSRA's char-per-line BIO and CLUENER's JSON shapes.
MSRA = [("岑山来到峤南县。", {"岑山": "PER", "峤南县": "LOC"}),
        ("青松公司在峤南开业。", {"青松公司": "ORG", "峤南": "LOC"})]
CLUENER = [{"text": "岑山任峤南县县长", "label": {"name": {"岑山": [[0, 1]]}}}]




@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory, msra_writer) -> Path:
    base = tmp_path_factory.mktemp("ner")
    (base / "data/msra_ner").mkdir(parents=True)
    (base / "data/cluener").mkdir()
    msra_writer(base / "data/msra_ner/msra_train_bio", MSRA * 3)
    (base / "data/cluener/train.json").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in CLUENER), "utf-8")
    gold = base / "train" / "gold.jsonl"
    gold.parent.mkdir()
    gold.write_text(json.dumps({"id": "t#1", "text": "民警岑山在青松镇巡逻。", "entities": [
        {"label": "PERSON", "start": 2, "end": 4}, {"label": "LOC", "start": 5, "end": 8}]},
        ensure_ascii=False) + "\n", "utf-8")
    plan = CorpusPlan.default(base / "data", [gold], seed=0)
    plan.domain_sentences, plan.dev_domain, plan.dev_msra, plan.gold_upsample = 40, 8, 2, 2
    out = base / "model"
    out.mkdir()
    (out / "MODEL.md").write_text("notes", "utf-8")
    (out / "stale.bin").write_text("old", "utf-8")
    stats = train_model(plan, out, overrides={
        "training.max_steps": 20, "training.eval_frequency": 10,
        "components.tagger.model.tok2vec.encode.width": 16,
        "components.tagger.model.tok2vec.embed.rows": [500, 20]})
    assert stats["msra_train"] == 4 and stats["domain"] == 40
    # retraining replaces the model files but keeps the hand-written notes
    assert (out / "MODEL.md").read_text("utf-8") == "notes"
    assert not (out / "stale.bin").exists() and (out / "config.cfg").is_file()
    return out


def test_initialize_without_a_model_path_fails():
    nlp = spacy.blank("zh")
    nlp.add_pipe("bulletin_ner")
    with pytest.raises(ValueError, match="model_path"):
        nlp.initialize()


def test_trained_model_round_trips_through_disk(tiny_model, tmp_path):
    nlp = spacy.blank("zh")
    nlp.add_pipe("bulletin_ner")
    nlp.get_pipe("bulletin_ner").initialize(model_path=str(tiny_model), titles_path=str(TITLES),
                                            places_path=str(PLACES))
    texts = ["民警岑山在青松镇巡逻。", "岑山来到峤南县。"]
    before = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(texts)]
    nlp.to_disk(tmp_path / "pipe")
    again = spacy.load(tmp_path / "pipe")
    after = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in again.pipe(texts)]
    assert before == after
    assert (tmp_path / "pipe/bulletin_ner/titles.json").is_file()
    loaded, built = again.get_pipe("bulletin_ner"), nlp.get_pipe("bulletin_ner")
    assert loaded.titles.titles == built.titles.titles and "书记" in loaded.titles.titles
    assert loaded.places == built.places and "金华" in loaded.places
    assert loaded.ignore == built.ignore and loaded.not_after == built.not_after


def _component():
    nlp = spacy.blank("zh")
    comp = nlp.add_pipe("bulletin_ner")
    comp.titles = TitleLexicon(["省委书记", "书记", "局长"])
    return nlp, comp


def test_model_person_beside_a_title_becomes_official_with_the_title():
    nlp, comp = _component()
    doc = nlp.make_doc("省委书记岑山到峤南调研。")
    doc = comp.combine(doc, [Candidate("PERSON", 4, 6, 0.7, "model.ner")])
    assert [(e.text, e.label_) for e in doc.ents] == [("岑山", "OFFICIAL")]
    meta = doc._.entity_meta[(4, 6)]
    assert meta["rule"] == "model.ner+title" and meta["attrs"] == {"title": "省委书记"}
    assert meta["score"] == 0.7


def test_model_person_without_a_title_stays_person_and_rules_keep_their_meta():
    nlp, comp = _component()
    doc = nlp.make_doc("民警岑山到峤南县公安局报到。")
    doc.ents = [doc.char_span(5, 11, label="UNIT")]
    start, end = doc.ents[0].start_char, doc.ents[0].end_char
    doc._.entity_meta = {(start, end): {"rule": "unit.x", "score": 0.9, "attrs": {}}}
    doc = comp.combine(doc, [Candidate("PERSON", 2, 4, 0.7, "model.ner")])
    assert [(e.text, e.label_) for e in doc.ents] == [("岑山", "PERSON"), ("峤南县公安局", "UNIT")]
    assert doc._.entity_meta[(2, 4)]["rule"] == "model.ner"
    assert doc._.entity_meta[(start, end)]["rule"] == "unit.x"


def test_decode_bio_repairs_stray_inside_tags_and_scores_by_the_weakest_char():
    import numpy as np

    from pipeline.entities.ner import decode_bio

    tags = ["O", "B-PERSON", "I-PERSON", "B-LOC", "I-LOC"]
    best = np.array([1, 2, 2, 0, 4, 4, 3, 2])
    probs = np.array([0.9, 0.8, 0.6, 0.99, 0.7, 0.9, 0.95, 0.5])
    assert decode_bio(tags, best, probs) == [
        (0, 3, "PERSON", 0.6), (4, 6, "LOC", 0.7), (6, 7, "LOC", 0.95), (7, 8, "PERSON", 0.5)]


def test_a_bare_name_of_an_official_is_that_official_too():
    nlp, comp = _component()
    doc = nlp.make_doc("局长岑山说,岑山会来。")
    doc = comp.combine(doc, [Candidate("PERSON", 2, 4, 0.9, "model.ner"),
                             Candidate("PERSON", 6, 8, 0.9, "model.ner")])
    assert [(e.text, e.label_) for e in doc.ents] == [("岑山", "OFFICIAL"), ("岑山", "OFFICIAL")]
    assert doc._.entity_meta[(6, 8)]["rule"] == "model.ner+official_name"
    assert doc._.entity_meta[(6, 8)]["attrs"] == {"title": "局长"}


def test_a_different_bare_name_stays_person():
    nlp, comp = _component()
    doc = nlp.make_doc("局长岑山说,蓝海会来。")
    doc = comp.combine(doc, [Candidate("PERSON", 2, 4, 0.9, "model.ner"),
                             Candidate("PERSON", 6, 8, 0.9, "model.ner")])
    assert [(e.text, e.label_) for e in doc.ents] == [("岑山", "OFFICIAL"), ("蓝海", "PERSON")]


def test_best_path_never_starts_inside_and_keeps_one_label_per_span():
    import numpy as np

    from pipeline.entities.ner import best_path, decode_bio

    tags = ["O", "B-PERSON", "I-PERSON", "B-LOC", "I-LOC"]
    probs = np.array([
        [0.999, 0.0005, 0.0002, 0.0002, 0.0001],  # surely O
        [0.1, 0.6, 0.1, 0.1, 0.1],               # B-PERSON
        [0.05, 0.05, 0.4, 0.05, 0.45],           # argmax I-LOC, but LOC cannot go on PERSON
        [0.2, 0.05, 0.05, 0.05, 0.65],           # argmax I-LOC after O-context: repaired
    ])
    path = best_path(tags, probs)
    spans = decode_bio(tags, path, probs[np.arange(4), path])
    assert [(s, e, lab) for s, e, lab, _ in spans] == [(1, 3, "PERSON")]


def test_a_model_person_spelled_like_a_division_is_dropped():
    nlp, comp = _component()
    comp.places = frozenset({"金华"})
    doc = nlp.make_doc("代表金华参加比武。")
    assert comp._candidate(doc.text, 2, 4, "PERSON", 0.95) is None
    assert comp._candidate(doc.text, 2, 4, "LOC", 0.95) is not None


def test_model_spans_inside_a_set_phrase_are_ignored():
    nlp, comp = _component()
    comp.ignore = ("对党忠诚",)
    assert comp._ignored("坚持对党忠诚,岑山说") == {2, 3, 4, 5}
    assert comp._ignored("岑山说") == set()


def test_a_model_person_after_an_editor_cue_is_dropped():
    nlp, comp = _component()
    comp.not_after = ("责任编辑", "编辑")
    text = "(责任编辑: 岑山)民警蓝海"
    assert comp._candidate(text, 7, 9, "PERSON", 0.99) is None
    assert comp._candidate(text, 12, 14, "PERSON", 0.99) is not None
