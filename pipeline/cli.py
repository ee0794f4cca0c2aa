"""`bulletin`: extract records from police bulletins, evaluate them, train the segmenter."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import __version__

app = typer.Typer(
    name="bulletin",
    help="Turn Chinese police bulletins into structured event records (JSONL).",
    no_args_is_help=True,
    add_completion=False,
)
# soft_wrap: an error line stays one line (greppable) whatever the terminal width
err_console = Console(stderr=True, soft_wrap=True)

ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Pipeline config (default: configs/pipeline.cfg)."),
]


def _load(config: Path | None):
    """Build the pipeline, or stop with one line saying which file is wrong."""
    from .configfile import ConfigError
    from .nlp import build_pipeline

    try:
        return build_pipeline(config)
    except (ConfigError, FileNotFoundError, ValueError) as err:
        err_console.print(f"bulletin: cannot build the pipeline: {err}", markup=False)
        raise typer.Exit(code=2) from err


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
    t2s: Annotated[
        bool, typer.Option("--t2s/--no-t2s", help="Convert Traditional to Simplified.")
    ] = True,
    progress: Annotated[bool, typer.Option(help="Progress bar on stderr.")] = True,
) -> None:
    """Extract one record per report from bulletin files into OUTPUT (JSONL)."""
    from .extract import run_extract
    from .ingest import iter_input_paths

    errors_path = errors or output.with_name(output.stem + ".errors.txt")
    exclude = {output.resolve(), errors_path.resolve()}
    paths: list[Path | str] = ["-"] if inputs == ["-"] else []
    if not paths:
        paths.extend(iter_input_paths([i for i in inputs if i != "-"], exclude=exclude))
        if "-" in inputs:
            paths.append("-")
    if not paths:
        err_console.print(f"bulletin extract: no input files found in {' '.join(inputs)}")
        raise typer.Exit(code=2)
    loaded = _load(config)
    with _progress(progress) as bar:
        task = bar.add_task("extract", total=len(paths))
        stats, _ = run_extract(
            loaded,
            paths,
            output,
            errors_path,
            t2s=t2s,
            read_stdin=sys.stdin.buffer.read,
            on_file=lambda name: bar.update(task, advance=1, description=Path(name).name[:30]),
        )
    for line in stats.errors:
        err_console.print(f"error: {line}", markup=False, highlight=False)
    err_console.print(
        f"{stats.reports} reports from {stats.files - stats.files_failed}/{stats.files} files "
        f"-> {output}" + (f"; {len(stats.errors)} errors -> {errors_path}" if stats.errors else ""),
        markup=False,
        highlight=False,
    )
    if stats.reports == 0:
        raise typer.Exit(code=1)


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
) -> None:
    """Score predicted records against gold: entities, triggers, arguments (SCHEMA §6)."""
    from .evaluate import EvalInputError, evaluate_files, evaluate_records, render_tables
    from .evaluate import io as eval_io

    try:
        if input_paths:
            gold_records = [item.record for item in eval_io.read_jsonl(gold)]
            pred_records = _extract_records(input_paths, config)
            result = evaluate_records(gold_records, pred_records)
        elif pred is not None:
            result = evaluate_files(gold, pred)
        else:
            err_console.print("bulletin evaluate: give PRED or --input PATH")
            raise typer.Exit(code=2)
    except (EvalInputError, FileNotFoundError) as err:
        err_console.print(f"bulletin evaluate: {err}", markup=False)
        raise typer.Exit(code=2) from err
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        Console(width=max(130, Console().width)).print(render_tables(result))


def _extract_records(inputs: list[str], config: Path | None) -> list[dict]:
    from .extract import run_extract
    from .ingest import iter_input_paths

    loaded = _load(config)
    stats, lines = run_extract(loaded, list(iter_input_paths(inputs)), None, None)
    for line in stats.errors:
        err_console.print(f"error: {line}", markup=False)
    return [json.loads(line) for line in lines or []]


@app.command("validate-rules")
def validate_rules(
    rules_dir: Annotated[
        Path | None, typer.Argument(help="Entity rule folder (default: configs/entities).")
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Load every rule, lexicon and event file; fail with file and rule on any error."""
    from .configfile import ConfigError
    from .entities.rules import load_rules
    from .paths import project_root

    try:
        ruleset = load_rules(rules_dir or project_root() / "configs" / "entities")
    except (ConfigError, FileNotFoundError) as err:
        err_console.print(f"invalid: {err}", markup=False)
        raise typer.Exit(code=1) from err
    _load(config)  # the other config files (events, values, normalize …) load here
    typer.echo(
        f"ok: {len(ruleset.rules)} entity rules in {len(ruleset.source_files)} files, "
        f"{sum(len(v) for v in ruleset.lexicons.values())} lexicon entries"
    )


@app.command("train-segmenter")
def train_segmenter_cmd(
    out: Annotated[Path, typer.Option(help="Output model directory.")] = Path("models/pkuseg"),
    data_dir: Annotated[
        Path | None, typer.Option(help="Folder holding cws/ (default: ../shared/data).")
    ] = None,
) -> None:
    """Retrain the pkuseg model exactly as shipped (see models/pkuseg/MODEL.md)."""
    from .segment import train

    argv = ["--out", str(out)] + (["--data-dir", str(data_dir)] if data_dir else [])
    train.main(argv)


@app.command("score-segmenter")
def score_segmenter_cmd(
    model: Annotated[Path, typer.Option(help="Model directory.")] = Path("models/pkuseg"),
) -> None:
    """Word F1 of a pkuseg model on the SIGHAN-2005 PKU test set (through our view)."""
    from .segment import score

    score.main(["--model", str(model)])


@app.command("train-ner")
def train_ner_cmd(
    out: Annotated[Path, typer.Option(help="Output model directory.")] = Path("models/ner"),
    data_dir: Annotated[
        Path | None, typer.Option(help="Folder with msra_ner/, cluener/ (default ../shared/data).")
    ] = None,
    gold: Annotated[
        list[Path] | None, typer.Option(help="Gold JSONL to train on (default ../shared/dev/train).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of shuffling, generation and training.")] = 0,
) -> None:
    """Retrain the NER model exactly as shipped (see models/ner/MODEL.md)."""
    from .entities import ner_train

    ner_train.main(out, data_dir, gold, seed)


@app.command("score-ner")
def score_ner_cmd(
    model: Annotated[Path, typer.Option(help="Model directory.")] = Path("models/ner"),
    data_dir: Annotated[
        Path | None, typer.Option(help="Folder with msra_ner/, cluener/ (default ../shared/data).")
    ] = None,
) -> None:
    """Per-label P/R/F1 of an NER model on MSRA test and CLUENER dev."""
    from .entities import ner_score, ner_train

    typer.echo(ner_score.score_model(model, data_dir or ner_train.default_data_dir()))


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=not enabled,
        transient=True,
    )


if __name__ == "__main__":
    app()
