"""`bulletin`: extract records from police bulletins, evaluate them, train the segmenter."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from .extract import ExtractStats

app = typer.Typer(
    name="bulletin",
    help="Turn Chinese police bulletins into structured event records (JSONL).",
    no_args_is_help=True,
    add_completion=False,
)


class _ErrConsole:
    """rich's stderr Console, made when first used: importing rich.console and
    rich.progress took ~0.03-0.05 CPU-s of every start-up, before any work (`extract
    --no-progress` only needs them for its closing lines)."""

    _console: Console | None = None

    def real(self) -> Console:
        if self._console is None:
            from rich.console import Console

            # soft_wrap: an error line stays one line (greppable) whatever the terminal width
            _ErrConsole._console = Console(stderr=True, soft_wrap=True)
        return self._console

    def __getattr__(self, name: str) -> object:
        return getattr(self.real(), name)


err_console = _ErrConsole()

ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Pipeline config (default: the package's configs/pipeline.cfg). A config inside "
        "a configs/ folder reads its data from that folder's parent.",
    ),
]
PipelineOpt = Annotated[
    Path | None,
    typer.Option("--pipeline", help="Run a pipeline saved by `bulletin save-pipeline`."),
]
# Exit codes: 1 = nothing extracted / rules invalid, 2 = bad arguments, inputs or config.
EXIT_INVALID = 1
EXIT_USAGE = 2


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """One line on stderr (no traceback), and the exit to raise."""
    err_console.print(message, markup=False, highlight=False)
    return typer.Exit(code=code)


def _load(config: Path | None, saved: Path | None = None):
    """Build (or load) the pipeline, or stop with one line saying which file is wrong."""
    from .configfile import ConfigError
    from .nlp import build_pipeline, load_saved_pipeline

    if config is not None and saved is not None:
        raise _fail("bulletin: give --config or --pipeline, not both")
    try:
        return load_saved_pipeline(saved) if saved is not None else build_pipeline(config)
    except (ConfigError, OSError, ValueError, KeyError, ImportError) as err:
        # ImportError: an optional backend selected in the config but not installed (hanlp)
        raise _fail(f"bulletin: cannot build the pipeline: {_one_line(err)}") from None


def _one_line(err: BaseException) -> str:
    """The error as one line: `file: what` for OS errors, else its lines joined."""
    if isinstance(err, OSError) and err.filename:
        return f"{err.filename}: {err.strerror or type(err).__name__}"
    text = " ".join(line.strip() for line in str(err).splitlines() if line.strip())
    return text or type(err).__name__


def _input_paths(inputs: list[str], exclude: set[Path] | None = None) -> list[Path | str]:
    """Expand the input arguments; a missing file or an unmatched glob is one error line.

    Error files of earlier runs (`*.errors.*`) found in a folder or by a glob are output,
    not bulletins: they are skipped (a file named explicitly is still read)."""
    from .ingest import IngestError, iter_input_paths

    named = [i for i in inputs if i != "-"]
    try:
        found = iter_input_paths(named, exclude=exclude or set())
    except IngestError as err:
        raise _fail(f"bulletin: {_one_line(err)}") from None
    explicit = {Path(i).resolve() for i in named if Path(i).is_file()}
    paths: list[Path | str] = [
        p for p in found if ".errors." not in p.name or p.resolve() in explicit
    ]
    if "-" in inputs:
        paths.append("-")
    if not paths:
        raise _fail(f"bulletin: no input files found in {' '.join(inputs)}")
    return paths


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bulletin {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Turn Chinese police bulletins into structured event records (JSONL)."""


@app.command()
def extract(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, directories (recursive), globs, or - for stdin.")
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output JSONL file.")],
    errors: Annotated[
        Path | None,
        typer.Option(help="Errors file (default: OUTPUT with .errors.txt beside it)."),
    ] = None,
    config: ConfigOpt = None,
    pipeline_dir: PipelineOpt = None,
    t2s: Annotated[
        bool, typer.Option("--t2s/--no-t2s", help="Convert Traditional to Simplified.")
    ] = True,
    progress: Annotated[bool, typer.Option(help="Progress bar on stderr.")] = True,
    manifest: Annotated[
        Path | None,
        typer.Option(
            help="JSONL of metadata per bulletin (`path` + url/published/site/title/region); "
            "a sidecar X.meta.json beside a file wins over it."
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes (default: all cores)."),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(help="Continue an interrupted run: skip files its journal lists as done."),
    ] = False,
    engine: Annotated[
        str,
        typer.Option(help="local: worker processes on this machine (--jobs); dask: a Dask "
                     "cluster (pip install .[dask]), a LocalCluster of --jobs workers "
                     "unless --scheduler is given."),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (tcp://host:8786); implies --engine dask."),
    ] = None,
) -> None:
    """Extract one record per report from bulletin files into OUTPUT (JSONL)."""
    from .batch import LockError, OutputLock
    from .batch.workers import default_jobs
    from .extract import run_extract
    from .ingest.sidecar import SidecarError, read_manifest

    metadata = None
    if manifest is not None:
        try:
            metadata = read_manifest(manifest)
        except SidecarError as err:
            err_console.print(f"bulletin extract: {err}", markup=False, highlight=False)
            raise typer.Exit(code=2) from None
    errors_path = errors or output.with_name(output.stem + ".errors.txt")
    exclude = {output.resolve(), errors_path.resolve()}
    if manifest is not None:
        exclude.add(manifest.resolve())
    paths = _input_paths(inputs, exclude)
    for target in (output, errors_path):  # fail before the pipeline is built, not after
        problem = _unwritable(target)
        if problem:
            raise _fail(f"bulletin extract: {target}: cannot write: {problem}")
    try:  # refuse a second run on this output now, not after building the pipeline
        OutputLock(output).acquire().release()
    except LockError as err:
        raise _fail(f"bulletin extract: {err}") from None
    if engine not in ("local", "dask"):
        raise _fail(f"bulletin extract: --engine {engine}: expected local or dask")
    if scheduler or engine == "dask":
        stats, signal_name = _extract_on_dask(paths, output, errors_path, config,
                                              pipeline_dir, t2s, metadata, jobs, resume,
                                              scheduler, progress)
        _report_extract(stats, output, errors_path, signal_name)
        return
    stop = _StopFlag()
    try:
        with stop, _progress(progress) as bar:  # a signal while building stops after one file
            loaded = _load(config, pipeline_dir)
            task = bar.add_task("extract", total=len(paths))
            stats, _ = run_extract(
                loaded,
                paths,
                output,
                errors_path,
                t2s=t2s,
                read_stdin=sys.stdin.buffer.read,
                on_file=lambda name: bar.update(task, advance=1, description=Path(name).name[:30]),
                manifest=metadata,
                jobs=jobs or default_jobs(),
                resume=resume,
                should_stop=stop,
            )
    except LockError as err:
        raise _fail(f"bulletin extract: {err}") from None
    except OSError as err:  # the output or errors file (input files fail one by one)
        raise _fail(f"bulletin extract: cannot write output: {_one_line(err)}") from None
    _report_extract(stats, output, errors_path, stop.signal_name)


def _extract_on_dask(
    paths: list[Path | str],
    output: Path,
    errors_path: Path,
    config: Path | None,
    pipeline_dir: Path | None,
    t2s: bool,
    metadata: dict | None,
    jobs: int | None,
    resume: bool,
    scheduler: str | None,
    progress: bool,
) -> tuple[ExtractStats, str | None]:
    """`extract --engine dask`: the workers build the pipeline (this process does not)."""
    from .batch import LockError
    from .batch.dask_engine import (
        DaskEngineError,
        PipelineRecipe,
        connect,
        run_batch,
        start_workers,
    )
    from .batch.workers import default_jobs

    if config is not None and pipeline_dir is not None:
        raise _fail("bulletin: give --config or --pipeline, not both")
    for given in (config, pipeline_dir):
        if given is not None and not given.exists():
            raise _fail(f"bulletin: cannot build the pipeline: {given}: not found")
    recipe = PipelineRecipe.of(config, pipeline_dir, t2s)
    stop = _StopFlag()
    try:
        with stop, _progress(progress) as bar:
            starting = bar.add_task("starting Dask workers", total=None)
            with connect(scheduler, jobs or default_jobs()) as client:
                start_workers(client, recipe)
                bar.remove_task(starting)
                task = bar.add_task("extract", total=len(paths))
                stats = run_batch(
                    client, paths, output, errors_path, read_stdin=sys.stdin.buffer.read,
                    on_file=lambda name: bar.update(task, advance=1,
                                                    description=Path(name).name[:30]),
                    manifest=metadata, resume=resume, should_stop=stop)
    except DaskEngineError as err:
        raise _fail(f"bulletin extract: {err}") from None
    except LockError as err:
        raise _fail(f"bulletin extract: {err}") from None
    except OSError as err:
        raise _fail(f"bulletin extract: cannot write output: {_one_line(err)}") from None
    return stats, stop.signal_name


def _report_extract(
    stats: ExtractStats, output: Path, errors_path: Path, signal_name: str | None
) -> None:
    """What a finished (or stopped) extract run says, whatever the engine."""
    if stats.discarded_journal:
        err_console.print("note: an unfinished earlier run on this output was discarded "
                          "(give --resume to continue one)", markup=False, highlight=False)
    if stats.interrupted:
        raise _fail(
            f"bulletin extract: stopped by {signal_name} after {stats.processed} more "
            f"file(s); finished work is journaled in {output}.journal.jsonl. Resume with the "
            "same command and --resume", 130)
    for line in stats.errors:
        err_console.print(f"error: {line}", markup=False, highlight=False)
    err_console.print(
        f"{stats.reports} reports from {stats.files - stats.files_failed}/{stats.files} files "
        f"-> {output}" + (f"; {len(stats.errors)} errors -> {errors_path}" if stats.errors else ""),
        markup=False,
        highlight=False,
    )
    if stats.kept_old_output:
        err_console.print(f"nothing extracted: the existing {output} was left as it was",
                          markup=False, highlight=False)
    if stats.reports == 0:
        raise typer.Exit(code=1)


def _unwritable(target: Path) -> str | None:
    """Why the output `target` cannot be written, or None (checked before any work)."""
    if str(target) == "-":
        return "stdout is not supported; give a file name"
    if target.is_dir():
        return "is a directory"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        return _one_line(err)
    if target.exists() and not (os.access(target, os.W_OK) and target.stat().st_mode & 0o222):
        return "file is read-only"  # (root may write anyway; a read-only file is meant so)
    probe = target.with_name(f".{target.name}.{os.getpid()}.probe")
    try:  # the final name is written by rename, so the folder must take new files
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as err:
        return f"folder {target.parent} does not take new files: {err.strerror or err}"
    return None


class _StopFlag:
    """SIGINT/SIGTERM during `extract`: finish the current file, journal it, then stop.
    A second signal stops at once (the journal still holds every finished file)."""

    def __init__(self) -> None:
        self.signal_name: str | None = None
        self._old: dict[int, object] = {}

    def __call__(self) -> bool:
        return self.signal_name is not None

    def _handle(self, signum: int, frame: object) -> None:
        if self.signal_name is not None:
            raise KeyboardInterrupt
        self.signal_name = signal.Signals(signum).name
        err_console.print(f"{self.signal_name}: finishing the current file, then stopping",
                          markup=False, highlight=False)

    def __enter__(self) -> _StopFlag:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._old[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._old.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (SCHEMA §5).")],
    pred: Annotated[Path | None, typer.Argument(help="Predicted JSONL.")] = None,
    input_paths: Annotated[
        list[str] | None,
        typer.Option("--input", help="Extract these inputs first instead of reading PRED."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print metrics as JSON.")] = False,
    config: ConfigOpt = None,
    pipeline_dir: PipelineOpt = None,
) -> None:
    """Score predicted records against gold: entities, triggers, arguments (SCHEMA §6)."""
    from .evaluate import EvalInputError, evaluate_files, evaluate_records, render_tables
    from .evaluate import io as eval_io

    try:
        if input_paths:
            gold_records = [item.record for item in eval_io.read_jsonl(gold)]
            pred_records = _extract_records(input_paths, config, pipeline_dir)
            result = evaluate_records(gold_records, pred_records)
        elif pred is not None:
            result = evaluate_files(gold, pred)
        else:
            raise _fail("bulletin evaluate: give PRED or --input PATH")
    except (EvalInputError, OSError) as err:
        raise _fail(f"bulletin evaluate: {_one_line(err)}") from None
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        from rich.console import Console

        Console(width=max(130, Console().width)).print(render_tables(result))


def _extract_records(inputs: list[str], config: Path | None, saved: Path | None) -> list[dict]:
    from .extract import run_extract

    paths = _input_paths(inputs)
    loaded = _load(config, saved)
    stats, lines = run_extract(loaded, paths, None, None)
    for line in stats.errors:
        err_console.print(f"error: {line}", markup=False)
    return [json.loads(line) for line in lines or []]


@app.command("validate-rules")
def validate_rules(config: ConfigOpt = None) -> None:
    """Read and check every rule, lexicon, event and settings file the pipeline config
    names, without loading the segmenter model (a few seconds). Exit 1 with one line naming
    the file and key when anything is invalid."""
    import time

    from .configfile import ConfigError
    from .nlp import validate_pipeline

    start = time.perf_counter()
    try:
        report = validate_pipeline(config)
    except (ConfigError, OSError, ValueError, KeyError) as err:
        raise _fail(f"invalid: {_one_line(err)}", EXIT_INVALID) from None
    typer.echo(
        f"ok: {len(report.opened_files)} files read for {', '.join(report.components)} "
        f"in {time.perf_counter() - start:.1f} s"
    )


@app.command("save-pipeline")
def save_pipeline_cmd(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write (must not exist or be empty).")],
    config: ConfigOpt = None,
) -> None:
    """Write the assembled pipeline (config, segmenter model, every rule, lexicon and
    settings file) to OUT_DIR; run it with `bulletin extract --pipeline OUT_DIR` or load it
    with `import pipeline; spacy.load(OUT_DIR)`."""
    from .nlp import save_pipeline

    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise _fail(f"bulletin save-pipeline: {out_dir}: exists and is not an empty folder")
    loaded = _load(config)
    try:
        save_pipeline(loaded, out_dir)
    except OSError as err:
        raise _fail(f"bulletin save-pipeline: {out_dir}: {_one_line(err)}") from None
    typer.echo(f"saved: {out_dir} (config_hash {loaded.config_hash})")


def _default_model_dir() -> Path:
    from .paths import models_dir

    return models_dir() / "pkuseg"


@app.command("train-segmenter")
def train_segmenter_cmd(
    out: Annotated[
        Path | None, typer.Option(help="Output model directory (default: the shipped one).")
    ] = None,
    data_dir: Annotated[
        Path | None, typer.Option(help="Folder holding cws/ (default: ../shared/data).")
    ] = None,
) -> None:
    """Retrain the pkuseg model exactly as shipped (see models/pkuseg/MODEL.md)."""
    from .segment import train

    if data_dir is not None and not (data_dir / "cws").is_dir():
        raise _fail(f"bulletin train-segmenter: {data_dir / 'cws'}: no such folder")
    if data_dir is None and not train.DEFAULT_DATA_DIR.is_dir():
        raise _fail(f"bulletin train-segmenter: {train.DEFAULT_DATA_DIR}: no corpora; "
                    "give --data-dir")
    out = out or _default_model_dir()
    argv = ["--out", str(out)] + (["--data-dir", str(data_dir / "cws")] if data_dir else [])
    train.main(argv)


@app.command("score-segmenter")
def score_segmenter_cmd(
    model: Annotated[
        Path | None, typer.Option(help="Model directory (default: the shipped one).")
    ] = None,
    data_dir: Annotated[
        Path | None, typer.Option(help="icwb2 folder (default: ../shared/data/icwb2).")
    ] = None,
) -> None:
    """Word F1 of a pkuseg model on the SIGHAN-2005 PKU test set (through our view)."""
    from .segment import score
    from .segment.tokenizer import PKUSEG_FILES

    model = model or _default_model_dir()
    missing = [name for name in PKUSEG_FILES if not (model / name).is_file()]
    if missing:
        raise _fail(f"bulletin score-segmenter: {model}: expected {' + '.join(PKUSEG_FILES)}")
    data = data_dir or score.DEFAULT_ICWB2_DIR
    if not (data / score.PKU_TEST).is_file():
        raise _fail(f"bulletin score-segmenter: {data / score.PKU_TEST}: not found; "
                    "give --data-dir")
    score.main(["--model", str(model), "--data-dir", str(data)])


@app.command("export")
def export_cmd(
    records: Annotated[Path, typer.Argument(help="Records JSONL (bulletin extract output).")],
    to: Annotated[
        Path | None, typer.Option("--to", help="Folder for the Parquet tables.")
    ] = None,
    duckdb_file: Annotated[
        Path | None, typer.Option("--duckdb", help="Also write one DuckDB database with views.")
    ] = None,
) -> None:
    """Tables reports/entities/events/arguments as Parquet (and DuckDB) for analysts."""
    from .export.cli import run_export

    if to is None and duckdb_file is None:
        err_console.print("bulletin export: give --to DIR and/or --duckdb FILE.duckdb")
        raise typer.Exit(code=2)
    try:
        for line in run_export(records, to, duckdb_file):
            err_console.print(line, markup=False, highlight=False)
    except (ImportError, ValueError, FileNotFoundError, KeyError) as err:
        err_console.print(f"bulletin export: {err}", markup=False)
        raise typer.Exit(code=2) from err


@app.command("convert")
def convert_cmd(
    src: Annotated[
        Path, typer.Argument(help="Gold/record JSONL, Label Studio JSON or doccano JSONL.")
    ],
    to: Annotated[str, typer.Option("--to", help="labelstudio | doccano | gold")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output file.")],
    kind: Annotated[
        str,
        typer.Option(help="Label Studio: annotations, predictions or auto (records: predictions)."),
    ] = "auto",
) -> None:
    """Convert between our JSONL and Label Studio / doccano (input format detected)."""
    from .convert import convert_file
    from .convert.common import ConvertError

    try:
        fmt, count = convert_file(src, to, output, kind)
    except (ConvertError, FileNotFoundError, KeyError, ValueError) as err:
        err_console.print(f"bulletin convert: {src}: {err}", markup=False)
        raise typer.Exit(code=2) from err
    err_console.print(f"{count} reports: {fmt} -> {to}: {output}", markup=False, highlight=False)


@app.command("serve")
def serve_cmd(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    max_bytes: Annotated[int, typer.Option(help="Largest request body accepted.")] = 2_000_000,
    limit_max_requests: Annotated[
        int | None, typer.Option(help="Stop after this many requests (tests, batch use).")
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """HTTP service: POST /extract (JSON text or a file upload), GET /health, GET /schema."""
    try:
        import uvicorn

        from .service.app import create_app
    except ImportError as err:
        err_console.print(f"bulletin serve needs the [serve] extra ({err.name} is missing): "
                          "pip install 'bulletin-pipeline[serve]'", markup=False)
        raise typer.Exit(code=2) from err
    loaded = _load(config)  # built once, before the port opens
    uvicorn.run(create_app(loaded, max_bytes=max_bytes), host=host, port=port,
                limit_max_requests=limit_max_requests, log_level="info")


@app.command("review")
def review_cmd(
    records: Annotated[Path, typer.Argument(help="Records JSONL (or gold JSONL).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output HTML page.")],
    report: Annotated[
        list[str] | None, typer.Option("--report", help="Only these report ids (repeatable).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Page title.")] = None,
    gold: Annotated[
        Path | None, typer.Option(help="Gold JSONL: flag false alarms, list missed items.")
    ] = None,
    screenshot: Annotated[
        Path | None, typer.Option(help="Also save a PNG of the page (headless Chromium).")
    ] = None,
) -> None:
    """One self-contained HTML page: highlighted entities, event tables, filters."""
    from .review.cli import run_review

    try:
        count = run_review(records, output, report, title, gold)
    except (FileNotFoundError, ValueError, KeyError) as err:
        err_console.print(f"bulletin review: {err}", markup=False)
        raise typer.Exit(code=2) from err
    err_console.print(f"{count} reports -> {output}", markup=False, highlight=False)
    if screenshot is not None:
        import subprocess

        from .review.browser import screenshot as take

        try:
            take(output, screenshot)
        except (OSError, RuntimeError, subprocess.SubprocessError) as err:
            err_console.print(f"bulletin review: screenshot failed: {err}", markup=False)
            raise typer.Exit(code=1) from err
        err_console.print(f"screenshot -> {screenshot}", markup=False, highlight=False)


NER_BACKENDS = ("spacy", "hanlp")
NER_MODEL_DIRS = {"spacy": Path("models/ner"), "hanlp": Path("models/hanlp_ner")}
BackendOpt = Annotated[
    str, typer.Option(help="NER backend: spacy (char CNN tagger) or hanlp (BiLSTM-CRF, .[hanlp]).")
]


def _ner_backend(backend: str) -> str:
    if backend not in NER_BACKENDS:
        raise _fail(f"bulletin: unknown NER backend {backend!r} (one of {', '.join(NER_BACKENDS)})")
    if backend == "hanlp":
        from .entities.ner_hanlp import HanlpMissing, require_hanlp

        try:
            require_hanlp()
        except HanlpMissing as err:
            raise _fail(f"bulletin: {err}") from None
    return backend


@app.command("train-ner")
def train_ner_cmd(
    out: Annotated[
        Path | None,
        typer.Option(help="Output model directory (default models/ner, models/hanlp_ner)."),
    ] = None,
    data_dir: Annotated[
        Path | None, typer.Option(help="Folder with msra_ner/, cluener/ (default ../shared/data).")
    ] = None,
    gold: Annotated[
        list[Path] | None, typer.Option(help="Gold JSONL to train on (default ../shared/dev/train).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of shuffling, generation and training.")] = 0,
    backend: BackendOpt = "spacy",
) -> None:
    """Retrain the NER model exactly as shipped (models/ner/MODEL.md, models/hanlp_ner/MODEL.md)."""
    from .entities import ner_train

    backend = _ner_backend(backend)
    out = out or NER_MODEL_DIRS[backend]
    if backend == "hanlp":
        from .entities import ner_hanlp_train

        ner_hanlp_train.main(out, data_dir, gold, seed)
        return
    ner_train.main(out, data_dir, gold, seed)


@app.command("score-ner")
def score_ner_cmd(
    model: Annotated[
        Path | None, typer.Option(help="Model directory (default models/ner, models/hanlp_ner).")
    ] = None,
    data_dir: Annotated[
        Path | None, typer.Option(help="Folder with msra_ner/, cluener/ (default ../shared/data).")
    ] = None,
    backend: BackendOpt = "spacy",
) -> None:
    """Per-label P/R/F1 of an NER model on MSRA test and CLUENER dev."""
    from .entities import ner_score, ner_train

    backend = _ner_backend(backend)
    typer.echo(ner_score.score_model(model or NER_MODEL_DIRS[backend],
                                     data_dir or ner_train.default_data_dir(), backend=backend))


def _progress(enabled: bool) -> Progress | _NoProgress:
    if not enabled:
        return _NoProgress()
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console.real(),
        transient=True,
    )


class _NoProgress:
    """`--no-progress`: what a disabled rich Progress does (nothing), without importing it."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def add_task(self, description: str, total: float | None = None) -> int:
        return 0

    def update(self, task: int, **fields: object) -> None:
        return None

    def remove_task(self, task: int) -> None:
        return None


if __name__ == "__main__":
    app()
