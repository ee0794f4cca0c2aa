"""The HanLP NER backend: trainer, tagging, the `bulletin_ner` component on it, round trip.

The parts that need torch + hanlp (`pip install .[hanlp]`) are skipped without them; the
error a user gets when the backend is selected but not installed is tested always.
"""

from __future__ import annotations

import json
from itertools import product
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.entities import ner_hanlp
from pipeline.entities.ner_hanlp import (
    BACKEND_NAME,
    MISSING,
    HanlpMissing,
    model_chars,
    require_hanlp,
    split_pieces,
)
from pipeline.paths import project_root

ROOT = project_root()
TITLES = ROOT / "configs/lexicons/official_titles.tsv"

# Invented sentences in MSRA's char-per-line BIO shape (names and places made up).
MSRA = [("岑山来到峤南县。", {"岑山": "PER", "峤南县": "LOC"}),
        ("蓝海去了峤北县。", {"蓝海": "PER", "峤北县": "LOC"}),
        ("青松公司在峤南开业。", {"青松公司": "ORG", "峤南": "LOC"})]


# -- always (no hanlp needed) -------------------------------------------------------------

def test_selecting_the_backend_without_hanlp_fails_with_one_line(monkeypatch):
    monkeypatch.setattr(ner_hanlp.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(HanlpMissing, match=r"pip install '\.\[hanlp\]'") as err:
        require_hanlp()
    assert "\n" not in str(err.value) and str(err.value) == MISSING
    nlp = spacy.blank("zh")
    with pytest.raises(ImportError, match="hanlp"):
        nlp.add_pipe("bulletin_ner", config={"backend": {"@misc": BACKEND_NAME}})


def test_cli_names_the_missing_extra_in_one_line(monkeypatch):
    monkeypatch.setattr(ner_hanlp.importlib.util, "find_spec", lambda name: None)
    result = CliRunner().invoke(app, ["score-ner", "--backend", "hanlp"])
    assert result.exit_code == 2
    assert "pip install '.[hanlp]'" in result.output
    assert "Traceback" not in result.output


def test_cli_refuses_an_unknown_backend():
    result = CliRunner().invoke(app, ["train-ner", "--backend", "bert", "--out", "/nonexistent"])
    assert result.exit_code == 2 and "unknown NER backend 'bert'" in result.output


def test_model_chars_fold_width_and_map_every_space_to_one_token():
    assert model_chars("Ａ1 \u3000\n岑") == ["A", "1", ner_hanlp.SPACE, ner_hanlp.SPACE,
                                             ner_hanlp.SPACE, "岑"]
    assert len(model_chars("岑山，来了")) == 5


def test_pieces_cut_after_sentence_ends_and_at_the_length_cap():
    text = "岑山来了。蓝海走了!\n" + "峤" * 7
    pieces = list(split_pieces(text, max_piece=5))
    assert [text[s:e] for s, e in pieces] == ["岑山来了。", "蓝海走了!", "\n", "峤峤峤峤峤", "峤峤"]
    assert pieces[0] == (0, 5) and pieces[-1][1] == len(text)
    assert list(split_pieces("", 5)) == []


# -- with hanlp ----------------------------------------------------------------------------

def _brute_marginals(emissions, crf, length):
    """P(tag at i) by enumerating every path (tiny sizes only)."""
    import torch

    n_tags = emissions.shape[-1]
    scores = {}
    for path in product(range(n_tags), repeat=length):
        s = crf.start_transitions[path[0]] + crf.end_transitions[path[-1]]
        s = s + sum(emissions[0, i, t] for i, t in enumerate(path))
        s = s + sum(crf.transitions[a, b] for a, b in zip(path, path[1:], strict=False))
        scores[path] = s
    logz = torch.logsumexp(torch.stack(list(scores.values())), 0)
    out = torch.zeros(length, n_tags)
    for path, s in scores.items():
        for i, t in enumerate(path):
            out[i, t] += torch.exp(s - logz)
    return out


def test_crf_marginals_match_enumeration_and_respect_padding():
    torch = pytest.importorskip("torch")
    pytest.importorskip("hanlp")
    from hanlp.layers.crf.crf import CRF

    torch.manual_seed(0)
    crf = CRF(3, batch_first=True)
    emissions = torch.randn(2, 4, 3)
    mask = torch.tensor([[True] * 4, [True, True, True, False]])
    marg = ner_hanlp.crf_marginals(emissions, mask, crf)
    full = _brute_marginals(emissions[:1], crf, 4)
    short = _brute_marginals(emissions[1:2], crf, 3)
    assert torch.allclose(marg[0], full, atol=1e-5)
    assert torch.allclose(marg[1, :3], short, atol=1e-5)




@pytest.fixture(scope="module")
def tiny_hanlp(tmp_path_factory, msra_writer) -> Path:
    pytest.importorskip("torch")
    pytest.importorskip("hanlp")
    from pipeline.entities.ner_hanlp_train import HanlpRecipe, train_hanlp
    from pipeline.entities.ner_train import CorpusPlan

    base = tmp_path_factory.mktemp("hanlp")
    (base / "data/msra_ner").mkdir(parents=True)
    (base / "data/cluener").mkdir()
    msra_writer(base / "data/msra_ner/msra_train_bio", MSRA * 4)
    (base / "data/cluener/train.json").write_text(json.dumps(
        {"text": "岑山任峤南县县长", "label": {"name": {"岑山": [[0, 1]]}}}, ensure_ascii=False),
        "utf-8")
    gold = base / "train/gold.jsonl"
    gold.parent.mkdir()
    gold.write_text(json.dumps({"id": "t#1", "text": "民警岑山在峤南县巡逻。", "entities": [
        {"label": "PERSON", "start": 2, "end": 4}, {"label": "LOC", "start": 5, "end": 8}]},
        ensure_ascii=False) + "\n", "utf-8")
    plan = CorpusPlan.default(base / "data", [gold], seed=0)
    plan.domain_sentences, plan.dev_domain, plan.dev_msra, plan.gold_upsample = 20, 4, 2, 4
    out = base / "model"
    out.mkdir()
    (out / "MODEL.md").write_text("notes", "utf-8")
    recipe = HanlpRecipe(embed=16, rnn_hidden=16, epochs=25, lr=0.05, batch_size=8, drop=0.0)
    stats = train_hanlp(plan, out, recipe)
    assert stats["msra_train"] == 10 and stats["recipe"]["rnn_hidden"] == 16
    assert (out / "MODEL.md").read_text("utf-8") == "notes"
    assert all((out / name).is_file() for name in ner_hanlp.MODEL_FILES)
    # the shipped vocabulary is in code-point order, not the order of training sentences
    tokens = json.loads((out / "vocabs.json").read_text("utf-8"))["token"]["idx_to_token"]
    assert tokens[:2] == ["<pad>", "<unk>"] and tokens[2:] == sorted(tokens[2:])
    assert not (out / "train.log").exists()
    return out


def test_the_trained_tagger_finds_what_it_was_taught(tiny_hanlp):
    tagger = ner_hanlp.HanlpTagger()
    tagger.load(tiny_hanlp)
    text = "岑山来到峤南县。\n\n蓝海去了峤北县。"
    spans = tagger.tag_spans([text, "", "岑山来到峤南县。"])
    # 峤北县 is only in the second piece: its offsets are offsets into the whole text
    found = {(text[s:e], lab) for s, e, lab, _ in spans[0]}
    assert {("岑山", "PERSON"), ("峤南县", "LOC"), ("峤北县", "LOC")} <= found
    first = [(s, e, lab) for s, e, lab, _ in spans[0] if e <= 8]
    assert spans[1] == [] and [(s, e, lab) for s, e, lab, _ in spans[2]] == first
    assert all(0.0 < p <= 1.0 for *_, p in spans[0])


def test_loading_a_folder_that_is_no_hanlp_model_says_so(tmp_path):
    pytest.importorskip("hanlp")
    with pytest.raises(FileNotFoundError, match="train-ner --backend hanlp"):
        ner_hanlp.HanlpTagger().load(tmp_path)


def _pipe_with_hanlp(model: Path):
    nlp = spacy.blank("zh")
    nlp.add_pipe("bulletin_ner", config={"backend": {"@misc": BACKEND_NAME, "max_piece": 50}})
    nlp.get_pipe("bulletin_ner").initialize(model_path=str(model), titles_path=str(TITLES))
    return nlp


def test_the_component_runs_on_hanlp_and_says_so(tiny_hanlp):
    nlp = _pipe_with_hanlp(tiny_hanlp)
    assert isinstance(nlp.get_pipe("bulletin_ner").backend, ner_hanlp.HanlpTagger)
    doc = nlp("县长岑山来到峤南县。")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("岑山", "OFFICIAL") in ents  # the model's PERSON, promoted by the title before it
    meta = doc._.entity_meta[next((e.start_char, e.end_char) for e in doc.ents if e.text == "岑山")]
    assert meta["rule"] == "model.ner+title" and 0 < meta["score"] <= 1


def test_the_hanlp_pipeline_round_trips_through_disk(tiny_hanlp, tmp_path):
    nlp = _pipe_with_hanlp(tiny_hanlp)
    texts = ["民警岑山在峤南县巡逻。", "蓝海去了峤北县。"]
    before = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(texts)]
    nlp.to_disk(tmp_path / "pipe")
    assert all((tmp_path / "pipe/bulletin_ner/model" / n).is_file() for n in ner_hanlp.MODEL_FILES)
    again = spacy.load(tmp_path / "pipe")
    assert isinstance(again.get_pipe("bulletin_ner").backend, ner_hanlp.HanlpTagger)
    after = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in again.pipe(texts)]
    assert before == after and any(before)


# -- the switch documented in the README, on the shipped config and model ------------------

def _hanlp_config(tmp_path: Path) -> Path:
    """configs/pipeline.cfg with the two lines the README says to change."""
    text = (ROOT / "configs/pipeline.cfg").read_text("utf-8")
    spacy_line = '@misc = "bulletin.ner_backend.spacy_tagger.v1"'
    model_line = 'model_path = "${paths.root}/models/ner"'
    assert text.count(spacy_line) == 1 and text.count(model_line) == 1
    text = text.replace(spacy_line, f'@misc = "{BACKEND_NAME}"')
    text = text.replace(model_line, 'model_path = "${paths.root}/models/hanlp_ner"')
    path = tmp_path / "pipeline_hanlp.cfg"
    path.write_text(text, "utf-8")
    return path


def test_extract_with_hanlp_selected_but_missing_stops_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(ner_hanlp.importlib.util, "find_spec", lambda name: None)
    (tmp_path / "in.txt").write_text("峤南县公安局民警岑山巡逻。", "utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "in.txt"), "-o",
                                      str(tmp_path / "out.jsonl"),
                                      "--config", str(_hanlp_config(tmp_path))])
    assert result.exit_code == 2
    assert "cannot build the pipeline" in result.output and "pip install '.[hanlp]'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out.jsonl").exists()


def test_the_shipped_hanlp_model_runs_in_the_whole_pipeline(tmp_path):
    pytest.importorskip("hanlp")
    from pipeline.nlp import build_pipeline

    loaded = build_pipeline(_hanlp_config(tmp_path))
    assert isinstance(loaded.nlp.get_pipe("ner").backend, ner_hanlp.HanlpTagger)
    assert loaded.model_ids["ner"].startswith("ner-")
    doc = loaded.nlp("峤南县公安局局长岑山介绍，民警蓝海抓获嫌疑人。")
    rules = {doc._.entity_meta[(e.start_char, e.end_char)].get("rule", "") for e in doc.ents}
    assert any(r.startswith("model.ner") for r in rules)
