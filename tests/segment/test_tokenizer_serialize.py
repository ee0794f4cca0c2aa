"""The view tokenizer saves its pkuseg model byte for byte and loads it without pkuseg's
default dictionary; a loaded tokenizer survives `initialize(pkuseg_model=None)`."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from pipeline.nlp import pkuseg_model_id
from pipeline.paths import models_dir
from pipeline.segment.tokenizer import PKUSEG_FILES, ViewChineseTokenizer

TEXT = "２０２５年3月，云溪县公安局网安大队破获电信网络诈骗案件5起，挽回损失12.5万元。"


def _fresh() -> ViewChineseTokenizer:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {
        "@tokenizers": "bulletin.ChineseTokenizer.v1", "segmenter": "pkuseg"}}})
    assert isinstance(nlp.tokenizer, ViewChineseTokenizer)
    return nlp.tokenizer


def _words(tok) -> list[str]:
    return [t.text for t in tok(TEXT)]


def test_to_disk_copies_the_model_and_from_disk_reads_it(loaded, tmp_path: Path) -> None:
    tok = loaded.nlp.tokenizer
    tok.to_disk(tmp_path / "tokenizer")
    for name in PKUSEG_FILES:
        saved = (tmp_path / "tokenizer" / "pkuseg_model" / name).read_bytes()
        assert saved == (models_dir() / "pkuseg" / name).read_bytes()
    assert pkuseg_model_id(tmp_path / "tokenizer" / "pkuseg_model") == {
        "pkuseg": loaded.model_ids["pkuseg"]
    }
    fresh = _fresh().from_disk(tmp_path / "tokenizer")
    assert _words(fresh) == _words(tok)
    # pkuseg's 390K-word default dictionary stays off (PITFALLS §2.1)
    assert fresh.pkuseg_seg.postprocesser.do_process is False


def test_bytes_round_trip_and_resave(loaded, tmp_path: Path) -> None:
    tok = loaded.nlp.tokenizer
    fresh = _fresh().from_bytes(tok.to_bytes())
    assert _words(fresh) == _words(tok)
    fresh.to_disk(tmp_path / "again")  # saved from memory: same words when read back
    assert _words(_fresh().from_disk(tmp_path / "again")) == _words(tok)


def test_initialize_without_a_model(loaded) -> None:
    fresh = _fresh().from_bytes(loaded.nlp.tokenizer.to_bytes())
    fresh.initialize(pkuseg_model=None)  # a loaded pipeline's config says null
    assert _words(fresh) == _words(loaded.nlp.tokenizer)
    with pytest.raises(FileNotFoundError, match="pkuseg model directory"):
        _fresh().initialize(pkuseg_model=None)
