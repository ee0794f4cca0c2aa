"""The batch job behind `bulletin extract`: files in, one JSONL record per report out.

Stages run one way: ingest (decode, split) -> normalize -> the spaCy pipeline
(segment, entities, events) -> records. A file that fails at any stage is reported on
one error line (to the caller and the errors file) and the batch goes on; output order
is the sorted input order, so the same inputs give byte-identical output.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .batch import Journal, JournalEntry, OutputLock, finished_map, ordered_map
from .docext import ReportContext
from .ingest import (
    Byline,
    IngestError,
    IngestSettings,
    RawReport,
    SourceFile,
    load_ingest_settings,
    read_source,
    split_reports,
)
from .ingest.bylines import inline_credits
from .ingest.dating import filename_date
from .ingest.sidecar import SidecarError, SourceMeta, read_sidecar
from .nlp import LoadedPipeline
from .normalize import NormalizedText, Normalizer, NormalizeSettings
from .normalize import load_settings as load_normalize_settings
from .records.build import build_record, dump_record
from .records.model import PipelineInfo
from .values import ReportYear, guess_report_year

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class ExtractStats:
    files: int = 0
    files_failed: int = 0
    reports: int = 0
    chars: int = 0
    errors: list[str] = field(default_factory=list)
    processed: int = 0  # files run in this run (the others came from the journal)
    resumed: int = 0
    interrupted: bool = False
    kept_old_output: bool = False  # nothing extracted: the previous output was left alone
    discarded_journal: bool = False


@dataclass(frozen=True)
class PreparedReport:
    report: RawReport
    title: str
    bylines: tuple[Byline, ...]
    normalized: NormalizedText


def make_normalizer(t2s: bool = True, settings: NormalizeSettings | None = None) -> Normalizer:
    """One normalizer per run: it holds the compiled rules and the OpenCC converter."""
    settings = settings or load_normalize_settings()
    if not t2s:
        settings = settings.model_copy(
            update={"t2s": settings.t2s.model_copy(update={"enabled": False})}
        )
    return Normalizer(settings)


def prepare_file(
    source: SourceFile, normalizer: Normalizer, settings: IngestSettings | None = None
) -> list[PreparedReport]:
    """Split and normalize one decoded file (no NLP yet)."""
    settings = settings or load_ingest_settings()
    prepared = []
    for report in split_reports(source, settings):
        normalized = normalizer.normalize_report(report)
        bylines = normalizer.normalize_bylines(report.bylines)
        prepared.append(
            PreparedReport(
                report,
                normalizer.normalize_title(report.title),
                _with_credits(bylines, inline_credits(normalized.text, settings.bylines)),
                normalized,
            )
        )
    return prepared


def _with_credits(
    bylines: tuple[Byline, ...], credits: tuple[Byline, ...]
) -> tuple[Byline, ...]:
    """Credit lines first, then credits found inside the text; each name once."""
    names = {b.name for b in bylines}
    return bylines + tuple(b for b in credits if b.name not in names)


@dataclass(frozen=True)
class PreparedFile:
    """A file split and normalized, with what every report's doc needs from the whole file
    (its text as context, the year it names): the part of `process_file` before NLP."""

    source: SourceFile
    reports: list[PreparedReport]
    context: str
    file_year: ReportYear | None
    in_name: str | None  # the date in the file's name


def prepare_whole_file(
    source: SourceFile,
    normalizer: Normalizer,
    settings: IngestSettings | None = None,
    id_stem: str | None = None,
) -> PreparedFile:
    """Split and normalize a file for `process_reports` (`id_stem` replaces its stem in ids)."""
    in_name = filename_date(source.stem, (settings or load_ingest_settings()).dating)
    if id_stem is not None:
        source = replace(source, stem=id_stem)
    prepared = [
        p for p in prepare_file(source, normalizer, settings) if p.normalized.text.strip() or p.title
    ]
    context = "\n".join(p.title + "\n" + p.normalized.text for p in prepared)
    return PreparedFile(source, prepared, context, guess_report_year(context), in_name)


def process_file(
    loaded: LoadedPipeline,
    source: SourceFile,
    info: PipelineInfo,
    normalizer: Normalizer,
    settings: IngestSettings | None = None,
    id_stem: str | None = None,
) -> list[str]:
    """All records of one file as JSONL lines; `id_stem` replaces the file's stem in ids."""
    return process_reports(loaded, prepare_whole_file(source, normalizer, settings, id_stem),
                           info)


def process_reports(
    loaded: LoadedPipeline,
    whole: PreparedFile,
    info: PipelineInfo,
    part: Part | None = None,
) -> list[str]:
    """The records of a prepared file, or of its reports in `part` (`(k, n)`: the k-th of n
    blocks, `report_block`); every report still sees the whole file as its context, so a
    file's records are the same bytes whether it runs whole or in parts."""
    source, context, file_year = whole.source, whole.context, whole.file_year
    prepared = whole.reports
    if part is not None:
        prepared = prepared[slice(*report_block(len(prepared), *part, unit=batch_unit(loaded)))]
    longest = max((len(p.normalized.text) for p in prepared), default=0)
    if longest >= loaded.nlp.max_length:
        # spaCy's limit (E088) guards parser/NER memory; our components are linear in the
        # text, so a very long report is processed whole (offsets stay exact).
        loaded.nlp.max_length = longest + 1

    def docs() -> Iterator[Doc]:
        # made as the pipeline asks for them: a file of thousands of reports holds one
        # batch of tokenized docs at a time, not all of them
        for item, doc in zip(prepared, _tokenized(loaded, prepared), strict=True):
            text_year = guess_report_year(item.title + "\n" + item.normalized.text) or file_year
            dated = _dated(source.meta.published, item.report.published_in_page, whole.in_name)
            year, reference, origin = choose_report_date(text_year, dated)
            doc._.report = ReportContext(
                title=item.title,
                context=context,
                year=year,
                reference_date=reference,
                date_origin=origin,
            )
            if item.normalized.quote_gaps:  # side data of a source that lost its quotes
                doc._.quote_gaps = item.normalized.quote_gaps
            yield doc

    lines = []
    for item, doc in zip(prepared, loaded.nlp.pipe(docs()), strict=True):
        record = build_record(item.report, item.title, item.bylines, item.normalized, doc, info)
        lines.append(dump_record(record))
    return lines


# Reports tokenized together (`make_docs`): up to this many characters in one pass (and
# at most the pipeline's batch size of reports: a file's docs are made batch by batch).
TOKENIZE_CHARS = 64 * 1024


def _tokenized(loaded: LoadedPipeline, prepared: list[PreparedReport]) -> Iterator[Doc]:
    """The reports' docs, in order, made by the tokenizer in passes of several reports
    when it can (`make_docs`: one numpy pass for many short reports)."""
    make_docs = getattr(loaded.nlp.tokenizer, "make_docs", None)
    if make_docs is None:
        yield from (loaded.nlp.make_doc(item.normalized.text) for item in prepared)
        return
    most = max(int(getattr(loaded.nlp, "batch_size", 1) or 1), 1)
    batch: list[str] = []
    size = 0
    for item in prepared:
        batch.append(item.normalized.text)
        size += len(item.normalized.text)
        if size >= TOKENIZE_CHARS or len(batch) >= most:
            yield from make_docs(batch)
            batch, size = [], 0
    if batch:
        yield from make_docs(batch)


def report_block(reports: int, k: int, n: int, unit: int = 1) -> tuple[int, int]:
    """Start and end of the k-th of n blocks of a file's reports: consecutive, as even as
    whole multiples of `unit` reports allow (a component that scores docs in batches sees
    the batches of the whole file), trailing blocks possibly empty."""
    size = -(-reports // n)  # ceil
    size = -(-size // unit) * unit
    return min(k * size, reports), min((k + 1) * size, reports)


def batch_unit(loaded: LoadedPipeline) -> int:
    """The least common multiple of the batch sizes the components use on their own."""
    sizes = [getattr(proc, "batch_size", None) for _, proc in loaded.nlp.pipeline]
    return math.lcm(*(s for s in sizes if isinstance(s, int) and s > 0))


def _dated(
    sidecar: str | None, page: str | None, in_name: str | None
) -> tuple[str, str] | None:
    """The best date from outside the text: sidecar, then the page's posting line, then the
    file name (SCHEMA §1: the crawler's date is the reference; the page's own next). A page
    date that only refines the sidecar's (`2018` -> `2018-02-05`) is taken for its day."""
    if sidecar and page and len(page) > len(sidecar) and page.startswith(sidecar):
        return page, "page"
    for value, origin in ((sidecar, "sidecar"), (page, "page"), (in_name, "filename")):
        if value:
            return value, origin
    return None


def choose_report_date(
    text_year: int | None, dated: tuple[str, str] | None
) -> tuple[int | None, str | None, str | None]:
    """The report's year, reference date and its origin.

    Every year the text names is a lower bound of when it was written (`guess_report_year`),
    so a date from outside the text (sidecar, page, file name) wins unless the text states a
    later year than it (then the outside date is wrong or about something else). When the
    outside date's year is the text's writing year, the text's year keeps its "about" part
    (a review of 2020 written in 2021).
    """
    written = getattr(text_year, "written", text_year)
    stated = getattr(text_year, "stated", text_year is not None)
    if dated is not None:
        value, origin = dated
        year = int(value[:4])
        if text_year is None or not (stated and written is not None and written > year):
            if text_year is not None and written == year:
                return text_year, value, origin
            return ReportYear(year, year, stated=False), value, origin
    if text_year is None:
        return None, None, None
    return text_year, str(written), "text"


def pipeline_info(loaded: LoadedPipeline) -> PipelineInfo:
    return PipelineInfo(version=__version__, config_hash=loaded.config_hash, models=loaded.model_ids)


@dataclass(frozen=True)
class BatchError:
    """One bad input as data (a line of `OUT.errors.jsonl`); `text()` is the errors.txt line."""

    file: str
    offset: int | None
    kind: str  # "input" | "no_text" | "sidecar" | "internal"
    message: str
    stage: str  # "read" | "metadata" | "extract"
    line: str = ""

    def text(self) -> str:
        return self.line or f"{self.file}: {self.message}"

    def to_dict(self) -> dict:
        return {"file": self.file, "offset": self.offset, "kind": self.kind,
                "message": self.message, "stage": self.stage, "line": self.text()}


# (k, n): the k-th of n blocks of a big file's reports, run as a task of its own
Part = tuple[int, int]
Task = tuple[Path | str, bytes | None] | tuple[Path | str, bytes | None, Part | None]
# Under `--jobs N` a file of at least twice this many bytes runs in parts of about this
# size, so one big file keeps every worker busy (~85k characters, seconds of CPU a part).
PART_BYTES = 256 * 1024
# Error kinds after which a file (or a part of it) has no records.
_FAILED = frozenset({"input", "internal"})
_NO_TEXT = "no report text found after normalization"


@dataclass
class FileResult:
    name: str
    lines: list[str]
    errors: list[BatchError]
    chars: int = 0
    sha256: str | None = None
    part: Part | None = None


@dataclass(frozen=True)
class _Job:
    """What every worker needs, set once per run (inherited by forked workers)."""

    loaded: LoadedPipeline
    info: PipelineInfo
    normalizer: Normalizer
    settings: IngestSettings
    manifest: Mapping[Path, SourceMeta] | None
    id_stems: Mapping[str, str]
    # The file last prepared for a part, kept for the next part of it (per process).
    prepared: dict[tuple[str, str], PreparedFile] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __call__(self, task: Task) -> FileResult:
        path, data, *part = task
        if not part or part[0] is None:
            self.prepared.clear()
            return extract_file(self, path, data)
        return extract_file(self, path, data, part[0])

    def prepared_file(self, source: SourceFile, name: str) -> PreparedFile:
        """The whole file split and normalized, once per process for all its parts."""
        key = (name, source.sha256)
        if key not in self.prepared:
            self.prepared.clear()
            self.prepared[key] = prepare_whole_file(source, self.normalizer, self.settings,
                                                    self.id_stems.get(name))
        return self.prepared[key]

    def warm(self) -> None:
        """One short invented file through every stage before workers are forked, so what
        is loaded or compiled on first use (the Chinese-numeral parser, regex caches, ...)
        is loaded once in the parent and shared, not once per worker. Components with a
        `warm_up()` method also prepare what one short text does not reach (e.g. every
        entity rule's regex, compiled on first use)."""
        extract_file(self, "-", WARM_UP_TEXT.encode("utf-8"))
        for _, component in self.loaded.nlp.pipeline:
            warm_up = getattr(component, "warm_up", None)
            if callable(warm_up):
                warm_up()


# Invented, in the shape of a report: headline, byline, Chinese and Arabic numerals, units,
# a date, a place head and event triggers.
WARM_UP_TEXT = (
    "# 某县公安局破获系列盗窃案\n\n通讯员 张某\n\n"
    "2023年5月2日，某县公安局破获盗窃案件十二起，抓获犯罪嫌疑人3名，追回损失两万余元。\n"
)


def task_size(task: Task) -> int:
    """Bytes of a task's input (its share of them for a part): the cost `--jobs` schedules
    by, biggest first."""
    path, data, *part = task
    if data is not None:
        size = len(data)
    else:
        try:
            size = os.stat(path).st_size
        except (OSError, ValueError):
            size = 0
    return size // part[0][1] if part and part[0] else size


def split_tasks(tasks: list[Task], jobs: int, part_bytes: int | None = None) -> list[Task]:
    """Each task; a file of at least 2 x `part_bytes` as one task per part of ~`part_bytes`
    (only with several workers, and not stdin: its bytes would travel with every part)."""
    part_bytes = part_bytes or PART_BYTES
    out: list[Task] = []
    for path, data, *_ in tasks:
        size = task_size((path, data))
        if jobs > 1 and data is None and size >= 2 * part_bytes:
            n = -(-size // part_bytes)
            out.extend((path, data, (k, n)) for k in range(n))
        else:
            out.append((path, data, None))
    return out


def whole_files(results: Iterable[FileResult]) -> Iterator[FileResult]:
    """Results per file: the parts of a file merged as soon as its last part is in (parts
    may finish in any order; a file's place among the others is where its last part was)."""
    waiting: dict[str, list[FileResult]] = {}
    for result in results:
        if result.part is None:
            yield result
            continue
        parts = waiting.setdefault(result.name, [])
        parts.append(result)
        if len(parts) == result.part[1]:
            del waiting[result.name]
            yield merge_parts(parts)


def merge_parts(parts: list[FileResult]) -> FileResult:
    """One file's result from its parts: records in report order, each error once; a part
    that failed fails the file (as when the file runs whole)."""
    parts = sorted(parts, key=lambda r: r.part[0] if r.part else 0)
    first = parts[0]
    errors = list(dict.fromkeys(e for r in parts for e in r.errors))
    if any(not r.lines and any(e.kind in _FAILED for e in r.errors) for r in parts):
        return FileResult(first.name, [], errors, 0, first.sha256)
    lines = [line for r in parts for line in r.lines]
    if not lines:
        errors.append(BatchError(first.name, None, "no_text", _NO_TEXT, "extract"))
        return FileResult(first.name, [], errors, 0, first.sha256)
    return FileResult(first.name, lines, errors, first.chars, first.sha256)


def run_extract(
    loaded: LoadedPipeline,
    paths: list[Path | str],
    out_path: Path | None,
    errors_path: Path | None,
    t2s: bool = True,
    read_stdin: Callable[[], bytes] | None = None,
    on_file: Callable[[str], None] | None = None,
    manifest: Mapping[Path, SourceMeta] | None = None,
    jobs: int = 1,
    resume: bool = False,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[ExtractStats, Iterator[str] | None]:
    """Process every path; records go to `out_path`, errors to `errors_path`.

    With `out_path` the run is journaled (`batch.journal`): records of finished files sit in
    `OUT.records.part` until the batch ends, then the output is assembled in input order
    under a per-run temporary name and moved into place, so a crash never leaves half a
    file under the final name and `resume=True` skips what a killed run finished. Without
    `out_path` the lines are returned instead. `manifest` gives metadata by resolved
    bulletin path; a sidecar beside a file wins over it. `jobs` > 1 runs files on worker
    processes; the output is the same bytes. `should_stop` is asked between files (signals):
    then the run stops with `stats.interrupted` and the journal ready for `--resume`.
    """
    stats = ExtractStats()
    # The pipeline's own settings ([runner] of its config, or a saved pipeline's copies).
    job = _Job(loaded, pipeline_info(loaded), make_normalizer(t2s, loaded.normalize_settings),
               loaded.ingest_settings or load_ingest_settings(), manifest, id_stems(paths))
    data = {"-": read_stdin()} if read_stdin and any(str(p) == "-" for p in paths) else {}
    if out_path is None:
        kept: list[str] = []
        tasks = split_tasks([(p, data.get(str(p))) for p in paths], jobs)
        results = ordered_map(job, tasks, jobs, cost=task_size, warm=job.warm)
        for result in whole_files(results):
            _count(stats, result)
            kept.extend(result.lines)
            if on_file:
                on_file(result.name)
        return stats, iter(kept)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with OutputLock(out_path):
        journal = Journal(out_path, resume)
        stats.discarded_journal = journal.discarded
        try:
            _run_journaled(job, paths, data, journal, stats, jobs, on_file, should_stop)
        finally:
            journal.close()
        if stats.interrupted:
            return stats, None
        finish_batch(journal, paths, out_path, errors_path, stats)
    return stats, None


def _run_journaled(
    job: _Job,
    paths: list[Path | str],
    data: dict[str, bytes],
    journal: Journal,
    stats: ExtractStats,
    jobs: int,
    on_file: Callable[[str], None] | None,
    should_stop: Callable[[], bool] | None,
) -> None:
    todo = pending_files(paths, data, journal, stats, on_file)
    results = finished_map(job, split_tasks(todo, jobs), jobs, cost=task_size, warm=job.warm)
    for result in whole_files(results):
        journal.record(result.name, result.sha256, result.lines, result.chars,
                       [e.to_dict() for e in result.errors])
        if file_done(stats, result.name, on_file, should_stop):
            return


def file_done(
    stats: ExtractStats,
    name: str,
    on_file: Callable[[str], None] | None,
    should_stop: Callable[[], bool] | None,
) -> bool:
    """Count a journaled file and report it; True when the run was asked to stop (both
    engines stop taking results there, so an interrupt finishes the files already done)."""
    stats.processed += 1
    if on_file:
        on_file(name)
    if should_stop is not None and should_stop():
        stats.interrupted = True
        return True
    return False


def pending_files(
    paths: list[Path | str],
    data: dict[str, bytes],
    journal: Journal,
    stats: ExtractStats,
    on_file: Callable[[str], None] | None,
) -> list[tuple[Path | str, bytes | None]]:
    """The files still to run, as tasks; files the journal has with the same sha256 are
    counted as resumed (every engine skips the same files)."""
    todo = []
    for path in paths:
        name = display_name(path)
        entry = journal.done(name, _sha256(path, data.get(name))) if journal.exists else None
        if entry is not None:
            stats.resumed += 1
            if on_file:
                on_file(name)
        else:
            todo.append((path, data.get(name)))
    return todo


def finish_batch(
    journal: Journal,
    paths: list[Path | str],
    out_path: Path,
    errors_path: Path | None,
    stats: ExtractStats,
) -> None:
    """Assemble the output in input order; never replace good output with an empty one."""
    entries = [journal.entries[display_name(p)] for p in paths]
    for entry in entries:
        _count_entry(stats, entry)
    if stats.reports == 0 and out_path.exists() and out_path.stat().st_size > 0:
        stats.kept_old_output = True
    else:
        tmp = out_path.with_name(f"{out_path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as sink:
            for entry in entries:
                sink.write(journal.read(entry))
            sink.flush()
            os.fsync(sink.fileno())
        os.replace(tmp, out_path)
    if errors_path is not None:
        _write_errors(errors_path, [e for entry in entries for e in entry.errors], stats)
    journal.remove()


def _write_errors(errors_path: Path, errors: list[dict], stats: ExtractStats) -> None:
    """`errors.txt` (one line per error, as before) and `errors.jsonl` beside it."""
    as_json = errors_path.with_suffix(".jsonl")
    if errors:
        _write_atomic(errors_path, "".join(e["line"] + "\n" for e in errors))
        _write_atomic(as_json, "".join(
            json.dumps({k: v for k, v in e.items() if k != "line"}, ensure_ascii=False) + "\n"
            for e in errors))
        return
    for stale in (errors_path, as_json):  # a stale errors file would describe another run
        if stale.exists():
            stale.unlink()


def _count(stats: ExtractStats, result: FileResult) -> None:
    stats.files += 1
    stats.errors.extend(e.text() for e in result.errors)
    if result.lines:
        stats.reports += len(result.lines)
        stats.chars += result.chars
    else:
        stats.files_failed += 1


def _count_entry(stats: ExtractStats, entry: JournalEntry) -> None:
    stats.files += 1
    stats.errors.extend(e["line"] for e in entry.errors)
    if entry.records:
        stats.reports += entry.records
        stats.chars += entry.chars
    else:
        stats.files_failed += 1


def _sha256(path: Path | str, data: bytes | None) -> str | None:
    try:
        raw = data if data is not None else Path(path).read_bytes()
    except OSError:
        return None
    return hashlib.sha256(raw).hexdigest()


def id_stems(paths: list[Path | str]) -> dict[str, str]:
    """Report ids are `<stem>#n`; when two inputs share a stem (same name in two folders),
    those files' ids use their path relative to the current folder instead (`a/x#1`,
    `b/x#1`), so ids stay unique and every other id stays as it was."""
    by_stem: dict[str, list[Path]] = {}
    for path in paths:
        if str(path) != "-":
            by_stem.setdefault(Path(path).stem, []).append(Path(path))
    result = {}
    for group in by_stem.values():
        if len(group) > 1:
            for path in group:
                result[str(path)] = _relative(path).with_suffix("").as_posix()
    return result


def _relative(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path.resolve()


def display_name(path: Path | str) -> str:
    """The path as text that can be written: bytes of a file name that are not UTF-8 (kept
    by Python as surrogates) become U+FFFD, so records and journals stay valid UTF-8."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def extract_file(
    job: _Job, path: Path | str, data: bytes | None = None, part: Part | None = None
) -> FileResult:
    """One file's record lines (of its reports in `part` only, if given: see
    `process_reports`); a failure gives error items and no lines."""
    name = display_name(path)
    result = FileResult(name, [], [], part=part)
    stage = "read"
    try:
        source = read_source(path if name != "-" else "-", data=data, settings=job.settings)
        result.sha256 = source.sha256
        if name != str(path):
            source = replace(source, path=name, stem=display_name(source.stem))
            result.errors.append(BatchError(name, None, "file_name", "file name is not UTF-8 "
                                            "(shown with U+FFFD; the file is read)", stage))
        stage = "metadata"
        source = replace(source, meta=_metadata(path, job.manifest, result.errors))
        stage = "extract"
        if part is None:
            lines = process_file(job.loaded, source, job.info, job.normalizer, job.settings,
                                 id_stem=job.id_stems.get(name))
        else:  # an empty block is no error: `merge_parts` judges the whole file
            lines = process_reports(job.loaded, job.prepared_file(source, name), job.info, part)
        if not lines and part is None:
            result.errors.append(BatchError(name, None, "no_text", _NO_TEXT, stage))
            return result
    except IngestError as err:
        result.errors.append(BatchError(err.path, err.offset, "input", err.message, stage,
                                        str(err)))
        return result
    except Exception as err:  # noqa: BLE001 - one bad file must not stop the batch
        message = f"internal error: {type(err).__name__}: {err}"
        result.errors.append(BatchError(name, None, "internal", message, stage))
        return result
    result.lines = lines
    result.chars = len(source.text)
    return result


def _metadata(
    path: Path | str, manifest: Mapping[Path, SourceMeta] | None, errors: list[BatchError]
) -> SourceMeta:
    """Manifest fields, overridden by the sidecar beside the file. A sidecar that cannot be
    used is an error line; the bulletin is still read (without it)."""
    meta = SourceMeta()
    if str(path) == "-":
        return meta
    if manifest:
        meta = manifest.get(Path(path).resolve(), meta)
    try:
        sidecar = read_sidecar(path)
    except SidecarError as err:
        errors.append(BatchError(str(path), None, "sidecar", f"{err} (bulletin read without it)",
                                 "metadata", f"{err} (bulletin read without it)"))
        return meta
    return meta.merged(sidecar) if sidecar is not None else meta


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
