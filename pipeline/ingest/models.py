"""Data passed from ingest to normalize: decoded sources and the reports split from them."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.ingest.sidecar import SourceMeta


@dataclass(frozen=True)
class Byline:
    """A credit line entry such as `通讯员 俞亮波` (role as written, one name)."""

    role: str
    name: str


@dataclass(frozen=True)
class SourceFile:
    """One decoded input file.

    `text` is the decoded text (BOM removed, otherwise as in the file; for HTML the text that
    inscriptis extracted). Every "raw" offset of later stages refers to this string.
    `headings` holds ranges of `text` that the source itself marks as headings (HTML h1-h6);
    Markdown `#` headings are found in the text and need no entry here.
    """

    path: str
    stem: str
    sha256: str
    encoding: str
    kind: str  # "text" | "html"
    text: str
    headings: tuple[tuple[int, int], ...] = ()
    # What a sidecar or manifest said about the file (empty when nothing did).
    meta: SourceMeta = field(default_factory=SourceMeta)


@dataclass(frozen=True)
class RawReport:
    """One report (article) of a source file, before normalization.

    `body` lists the ranges of `source.text` that make up the body, one per source line, in
    order (bylines and the headline are not in it). `joins[i]` is the separator ingest decided
    between `body[i]` and `body[i + 1]`: "" (a line broken inside a sentence), " " (a headline
    set over two short lines) or "\\n" (a new paragraph). An empty `joins` means "\\n" everywhere.
    """

    source: SourceFile
    index: int
    title: str
    bylines: tuple[Byline, ...]
    body: tuple[tuple[int, int], ...]
    joins: tuple[str, ...] = ()
    # The page's own posting date (ISO `YYYY[-MM[-DD]]`) read from chrome that was removed.
    published_in_page: str | None = None

    @property
    def id(self) -> str:
        return f"{self.source.stem}#{self.index}"


class IngestError(Exception):
    """An input file that cannot be read as a bulletin; `str()` is one line naming the file."""

    def __init__(self, path: str, offset: int | None, message: str) -> None:
        self.path = str(path)
        self.offset = offset
        self.message = message
        super().__init__(f"{self.path}: {message}")
