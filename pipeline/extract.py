"""The batch job behind `bulletin extract`: files in, one JSONL record per report out.

Stages run one way: ingest (decode, split) -> normalize -> the spaCy pipeline
(segment, entities, events) -> records. A file that fails at any stage is reported on
one error line (to the caller and the errors file) and the batch goes on; output order
is the sorted input order, so the same inputs give byte-identical output.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__
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


@dataclass
class ExtractStats:
    files: int = 0
    files_failed: int = 0
    reports: int = 0
    chars: int = 0
    errors: list[str] = field(default_factory=list)


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


def process_file(
    loaded: LoadedPipeline,
    source: SourceFile,
    info: PipelineInfo,
    normalizer: Normalizer,
    settings: IngestSettings | None = None,
) -> list[str]:
    """All records of one file as JSONL lines."""
    prepared = [
        p for p in prepare_file(source, normalizer, settings) if p.normalized.text.strip() or p.title
    ]
    context = "\n".join(p.title + "\n" + p.normalized.text for p in prepared)
    file_year = guess_report_year(context)
    in_name = filename_date(source.stem, (settings or load_ingest_settings()).dating)
    docs = []
    for item in prepared:
        doc = loaded.nlp.make_doc(item.normalized.text)
        text_year = guess_report_year(item.title + "\n" + item.normalized.text) or file_year
        dated = _dated(source.meta.published, item.report.published_in_page, in_name)
        year, reference, origin = choose_report_date(text_year, dated)
        doc._.report = ReportContext(
            title=item.title,
            context=context,
            year=year,
            reference_date=reference,
            date_origin=origin,
        )
        docs.append(doc)
    lines = []
    for item, doc in zip(prepared, loaded.nlp.pipe(docs), strict=True):
        record = build_record(item.report, item.title, item.bylines, item.normalized, doc, info)
        lines.append(dump_record(record))
    return lines


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


def run_extract(
    loaded: LoadedPipeline,
    paths: list[Path | str],
    out_path: Path | None,
    errors_path: Path | None,
    t2s: bool = True,
    read_stdin: Callable[[], bytes] | None = None,
    on_file: Callable[[str], None] | None = None,
    manifest: Mapping[Path, SourceMeta] | None = None,
) -> tuple[ExtractStats, Iterator[str] | None]:
    """Process every path; records go to `out_path`, errors to `errors_path`.

    Records are streamed to `OUT.tmp` and moved into place when the batch ends, so a
    long batch holds one file's records in memory and a crash never leaves half a file
    under the final name. Without `out_path` the lines are returned instead. `manifest`
    gives metadata by resolved bulletin path; a sidecar beside a file wins over it.
    """
    stats = ExtractStats()
    info = pipeline_info(loaded)
    # The pipeline's own settings ([runner] of its config, or a saved pipeline's copies).
    normalizer = make_normalizer(t2s, loaded.normalize_settings)
    ingest_settings = loaded.ingest_settings or load_ingest_settings()
    kept: list[str] = []
    tmp = out_path.with_name(out_path.name + ".tmp") if out_path is not None else None
    if tmp is not None:
        tmp.parent.mkdir(parents=True, exist_ok=True)
    with open(tmp, "w", encoding="utf-8") if tmp is not None else nullcontext() as sink:
        for path in paths:
            file_lines = _extract_one(
                loaded, path, info, normalizer, ingest_settings, read_stdin, stats, manifest
            )
            if sink is not None:
                sink.writelines(line + "\n" for line in file_lines)
            else:
                kept.extend(file_lines)
            if on_file:
                on_file(str(path))
    if tmp is None:
        return stats, iter(kept)
    os.replace(tmp, out_path)
    if errors_path is not None:
        if stats.errors:
            _write_atomic(errors_path, "".join(e + "\n" for e in stats.errors))
        elif errors_path.exists():
            errors_path.unlink()  # a stale errors file would describe another run
    return stats, None


def _extract_one(
    loaded: LoadedPipeline,
    path: Path | str,
    info: PipelineInfo,
    normalizer: Normalizer,
    settings: IngestSettings,
    read_stdin: Callable[[], bytes] | None,
    stats: ExtractStats,
    manifest: Mapping[Path, SourceMeta] | None = None,
) -> list[str]:
    """One file's record lines; a failure is counted in `stats` and gives no lines."""
    stats.files += 1
    name = str(path)
    try:
        data = read_stdin() if name == "-" and read_stdin else None
        source = read_source(path if name != "-" else "-", data=data, settings=settings)
        source = replace(source, meta=_metadata(path, manifest, stats))
        lines = process_file(loaded, source, info, normalizer, settings)
        if not lines:
            raise IngestError(name, None, "no report text found after normalization")
    except IngestError as err:
        stats.files_failed += 1
        stats.errors.append(str(err))
        return []
    except Exception as err:  # noqa: BLE001 - one bad file must not stop the batch
        stats.files_failed += 1
        stats.errors.append(f"{name}: internal error: {type(err).__name__}: {err}")
        return []
    stats.reports += len(lines)
    stats.chars += len(source.text)
    return lines


def _metadata(
    path: Path | str, manifest: Mapping[Path, SourceMeta] | None, stats: ExtractStats
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
        stats.errors.append(f"{err} (bulletin read without it)")
        return meta
    return meta.merged(sidecar) if sidecar is not None else meta


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
