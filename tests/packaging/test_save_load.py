"""Save and load: each component's to_disk/from_disk and bytes, the whole pipeline through
`bulletin save-pipeline` / `--pipeline`, `spacy.load`, and docs crossing process borders."""

from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.docext import ReportContext
from pipeline.nlp import load_saved_pipeline
from pipeline.values.dates import ReportYear

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

# Invented sentences in the shape of a bulletin: a unit, a named official, a penalty.
TEXT = (
    "3月5日，峤南市公安局治安大队在“清风2025”专项行动中破获盗窃案件12起，抓获犯罪嫌疑人8名。"
    "局长张建国带队检查。违法行为人王某被依法行政拘留十日，并处罚款500元。"
)
CONTEXT = ReportContext(title="峤南警方通报", context=TEXT, year=ReportYear(2025, 2026))


def _doc(nlp, text: str = TEXT, ctx: ReportContext = CONTEXT):
    doc = nlp.make_doc(text)
    doc._.report = ctx
    return doc


def _plain(value):
    """Tuples as lists, recursively (dict keys kept): what JSON records see."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _output(doc) -> tuple:
    """Everything the records are built from."""
    return (
        [t.text for t in doc],
        [(e.start_char, e.end_char, e.label_) for e in doc.ents],
        doc._.entity_meta,
        doc._.sent_spans and [tuple(s) for s in doc._.sent_spans],
        doc._.events,
        doc._.locality,
    )


@pytest.mark.parametrize("name", ["sentences", "entity_rules", "entity_attrs", "events"])
def test_component_round_trips_through_disk_and_bytes(loaded, name: str, tmp_path: Path) -> None:
    nlp = loaded.nlp
    proc = nlp.get_pipe(name)
    proc.to_disk(tmp_path / name)
    saved_files = sorted(p.name for p in (tmp_path / name / "files").rglob("*") if p.is_file())
    assert saved_files, "a component saves the data files it read"
    fresh_disk = nlp.create_pipe(nlp.get_pipe_meta(name).factory, name=name)
    fresh_disk.from_disk(tmp_path / name)
    fresh_bytes = nlp.create_pipe(nlp.get_pipe_meta(name).factory, name=name)
    fresh_bytes.from_bytes(proc.to_bytes())
    expected = _output(nlp(_doc(nlp)))
    assert expected[1] and expected[4], "the fixture text must give entities and events"
    for fresh in (fresh_disk, fresh_bytes):
        doc = _doc(nlp)
        for other_name, other in nlp.pipeline:
            doc = (fresh if other_name == name else other)(doc)
        assert _output(doc) == expected


def test_uninitialized_component_refuses_to_save(loaded, tmp_path: Path) -> None:
    fresh = loaded.nlp.create_pipe("bulletin_entity_rules", name="x")
    with pytest.raises(ValueError, match="not initialized"):
        fresh.to_disk(tmp_path / "x")


def test_saved_folder_is_self_contained(saved_dir: Path) -> None:
    config = (saved_dir / "config.cfg").read_text(encoding="utf-8")
    root = str(Path(__file__).resolve().parents[2])
    assert root not in config, "the saved config must not point back into the checkout"
    assert (saved_dir / "tokenizer" / "pkuseg_model" / "weights.npz").is_file()
    assert (saved_dir / "runner" / "normalize.yaml").is_file()
    assert (saved_dir / "entity_rules" / "files" / "entities" / "unit.yaml").is_file()


def test_spacy_load_after_import(saved_dir: Path, loaded) -> None:
    nlp = spacy.load(saved_dir)
    assert nlp.pipe_names == loaded.nlp.pipe_names
    assert _output(nlp(_doc(nlp))) == _output(loaded.nlp(_doc(loaded.nlp)))
    # PITFALLS §2.2: the saved config says pkuseg_model = null; the tokenizer keeps its model.
    nlp.tokenizer.initialize(pkuseg_model=None)
    assert [t.text for t in nlp.make_doc(TEXT)] == [t.text for t in loaded.nlp.make_doc(TEXT)]


def test_loaded_pipeline_keeps_provenance(saved_dir: Path, loaded) -> None:
    again = load_saved_pipeline(saved_dir)
    assert again.config_hash == loaded.config_hash
    assert again.model_ids == loaded.model_ids
    assert again.normalize_settings == loaded.normalize_settings
    assert again.ingest_settings == loaded.ingest_settings


def test_cli_save_pipeline_writes_a_loadable_folder(tmp_path: Path, loaded) -> None:
    runner = CliRunner()
    saved = tmp_path / "saved"
    result = runner.invoke(app, ["save-pipeline", str(saved)])
    assert result.exit_code == 0, result.output
    assert load_saved_pipeline(saved).nlp.pipe_names == loaded.nlp.pipe_names
    assert "events" in loaded.nlp.pipe_names
    again = runner.invoke(app, ["save-pipeline", str(saved)])
    assert again.exit_code == 2 and "not an empty folder" in again.stderr


@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/seeds")
def test_extract_from_the_saved_pipeline_gives_identical_records(
    loaded, saved_dir: Path, tmp_path: Path
) -> None:
    from pipeline.extract import run_extract
    from pipeline.ingest import iter_input_paths

    paths = list(iter_input_paths([str(SEEDS)]))
    default = tmp_path / "default.jsonl"
    run_extract(loaded, paths, default, tmp_path / "default.errors.txt")
    from_saved = tmp_path / "saved.jsonl"
    result = CliRunner().invoke(app, ["extract", str(SEEDS), "-o", str(from_saved),
                                      "--no-progress", "--pipeline", str(saved_dir)])
    assert result.exit_code == 0, result.output
    assert default.read_bytes() == from_saved.read_bytes()
    records = [json.loads(line) for line in default.read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 7 and any(r["events"] for r in records)


def test_two_processes_give_the_same_docs(loaded) -> None:
    nlp = loaded.nlp
    texts = [TEXT, TEXT.replace("峤南", "云溪"), "无关的一句话。", TEXT[:40]]
    contexts = [CONTEXT, ReportContext(title="", year=None), ReportContext(), CONTEXT]
    pairs = list(zip(texts, contexts, strict=True))
    one = [_output(d) for d in nlp.pipe(_doc(nlp, t, c) for t, c in pairs)]
    docs = list(nlp.pipe((_doc(nlp, t, c) for t, c in pairs), n_process=2, batch_size=1))
    assert [_output(d) for d in docs] == one
    # The report context (with its ReportYear) comes back typed from the workers.
    assert docs[0]._.report == CONTEXT and docs[0]._.report.year.written == 2026


def _worker_extract(saved: str, text: str) -> tuple:
    """Runs in a fresh (spawned) interpreter: nothing of the parent's state is there."""
    import pipeline  # noqa: F401  (registers the factories and Doc extensions)
    from pipeline.nlp import load_saved_pipeline as load

    nlp = load(Path(saved)).nlp
    return _output(nlp(_doc(nlp, text)))


def test_a_fresh_process_loads_the_saved_pipeline(saved_dir: Path, loaded) -> None:
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        remote = pool.submit(_worker_extract, str(saved_dir), TEXT).result(timeout=300)
    assert remote == _output(loaded.nlp(_doc(loaded.nlp)))


def test_a_loaded_pipeline_reads_only_its_own_files(saved_dir: Path) -> None:
    from pipeline.configfile import recording

    with recording() as opened:
        load_saved_pipeline(saved_dir)
    outside = [str(p) for p in opened if not p.is_relative_to(saved_dir.resolve())]
    assert not outside


def test_processed_docs_survive_docbin(loaded) -> None:
    """What a distributed run ships between machines: a DocBin with user data."""
    from spacy.tokens import DocBin

    nlp = loaded.nlp
    doc = nlp(_doc(nlp))
    payload = DocBin(docs=[doc], store_user_data=True).to_bytes()
    (back,) = DocBin().from_bytes(payload).get_docs(nlp.vocab)
    # DocBin reads msgpack arrays back as tuples: equal once both are plain lists (as JSON)
    assert _plain(_output(back)) == _plain(_output(doc))
    assert back._.report == CONTEXT and back._.report.year.written == 2026
