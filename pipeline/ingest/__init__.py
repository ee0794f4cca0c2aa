"""Ingest: read bulletin files, decode them, extract HTML text and split them into reports."""

from pipeline.configfile import ConfigError
from pipeline.ingest.decode import decode_bytes, read_source
from pipeline.ingest.html import extract_html
from pipeline.ingest.layout import Layout, analyze
from pipeline.ingest.models import Byline, IngestError, RawReport, SourceFile
from pipeline.ingest.paths import iter_input_paths
from pipeline.ingest.settings import IngestSettings, load_ingest_settings
from pipeline.ingest.split import split_reports

__all__ = [
    "Byline",
    "ConfigError",
    "IngestError",
    "IngestSettings",
    "Layout",
    "RawReport",
    "SourceFile",
    "analyze",
    "decode_bytes",
    "extract_html",
    "iter_input_paths",
    "load_ingest_settings",
    "read_source",
    "split_reports",
]
