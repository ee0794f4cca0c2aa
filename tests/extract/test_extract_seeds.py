"""The development set (../shared, not part of the project): skipped where it is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate import evaluate_files
from pipeline.extract import run_extract
from pipeline.ingest import iter_input_paths
from pipeline.paths import project_root

SHARED = project_root().parent / "shared"

pytestmark = pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared absent")


def test_seeds_give_seven_reports_above_the_floor(loaded, tmp_path: Path) -> None:
    out = tmp_path / "seeds.jsonl"
    stats, _ = run_extract(loaded, iter_input_paths([str(SHARED / "seeds")]), out, None)
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 7
    for rec in recs:
        assert " 的 " not in rec["text"] and "党 的 十 八 大" not in rec["text"]
    head = evaluate_files(SHARED / "gold" / "seeds.jsonl", out).to_dict()["headline"]
    assert head["core_mention_set_f1"] >= 0.70
    assert head["argument_f1"] >= 0.40


def test_a_file_of_many_reports_is_tokenized_batch_by_batch(loaded, tmp_path, monkeypatch) -> None:
    """Docs are made as the pipeline asks for them: when the first record is built, only
    the first batch of the file's reports is tokenized (issue 10: memory of big files)."""
    import pipeline.extract as extract
    from pipeline.ingest import read_source

    texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    path = tmp_path / "all.txt"
    path.write_text("\n\n".join(texts * 3), encoding="utf-8")
    made: list[int] = []
    at_first_record: list[int] = []
    make_doc, build = loaded.nlp.make_doc, extract.build_record
    make_docs = loaded.nlp.tokenizer.make_docs

    def counting_make_doc(text):
        made.append(1)
        return make_doc(text)

    def counting_make_docs(texts):  # the runner tokenizes several reports in one pass
        made.extend(1 for _ in texts)
        return make_docs(texts)

    def noting_build(*args, **kwargs):
        at_first_record.append(len(made))
        return build(*args, **kwargs)

    monkeypatch.setattr(loaded.nlp, "make_doc", counting_make_doc)
    monkeypatch.setattr(loaded.nlp.tokenizer, "make_docs", counting_make_docs, raising=False)
    monkeypatch.setattr(loaded.nlp, "batch_size", 2)
    monkeypatch.setattr(extract, "build_record", noting_build)
    info = extract.pipeline_info(loaded)
    normalizer = extract.make_normalizer(True, loaded.normalize_settings)
    lines = extract.process_file(loaded, read_source(path), info, normalizer,
                                 loaded.ingest_settings)
    assert len(lines) == len(made) >= 9
    assert at_first_record[0] <= 4
