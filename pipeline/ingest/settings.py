"""Settings of the ingest stage, read from `configs/ingest.yaml` and validated at load.

Unknown keys are rejected and every regular expression is compiled when the file is read, so
a typo fails with a message naming the file and the key instead of silently changing output.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.configfile import load_model
from pipeline.paths import configs_dir


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class DecodeSettings(_Strict):
    # Codecs charset-normalizer may choose from (PITFALLS §5: isolation makes it reliable).
    candidate_encodings: list[str] = ["utf_8", "gb18030", "big5"]
    # Below this many bytes detection is a guess; such input is decoded with the fallback.
    min_detect_bytes: int = Field(24, ge=0)
    fallback_encoding: str = "gb18030"
    # Share of control characters (other than tab/newline/CR/FF) above which text is binary.
    max_control_ratio: float = Field(0.02, ge=0, le=1)
    # UTF-16 without BOM: share of ordinary text characters the better byte order must give.
    utf16_min_plausible: float = Field(0.9, ge=0, le=1)

    @field_validator("candidate_encodings", "fallback_encoding")
    @classmethod
    def _codecs_exist(cls, value: list[str] | str) -> list[str] | str:
        for name in [value] if isinstance(value, str) else value:
            try:
                codecs.lookup(name)
            except LookupError:
                raise ValueError(f"unknown encoding {name!r}") from None
        return value


class HtmlSettings(_Strict):
    extensions: list[str] = [".html", ".htm", ".xhtml"]
    sniff: re.Pattern[str] = re.compile(r"(?is)\A\s*(<!doctype\s+html|<html\b|<head\b|<body\b)")
    meta_charset: re.Pattern[str] = re.compile(
        r"""(?is)<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)"""
    )
    drop_elements: list[str] = ["nav", "header", "footer", "aside", "form", "noscript"]
    # Elements whose class or id token matches are page furniture too (`<div class="nav">`).
    drop_class: re.Pattern[str] | None = None
    heading_elements: list[str] = ["h1", "h2", "h3", "h4", "h5", "h6"]


class PathSettings(_Strict):
    # Files picked up when walking a directory (files named explicitly are always read).
    extensions: list[str] = [".txt", ".md", ".markdown", ".text", ".html", ".htm"]


class ColumnSettings(_Strict):
    # Fewer sentence lines than this say nothing about the layout.
    min_lines: int = Field(6, ge=1)
    # A document is in narrow-column layout when its typical line is this short ...
    max_median_width: float = Field(30, gt=0)
    # ... and at least this share of its sentence lines end inside a sentence.
    min_broken_share: float = Field(0.5, ge=0, le=1)
    # In column layout a headline line is clearly shorter than the column.
    heading_max_width_ratio: float = Field(0.75, gt=0, le=1)
    # ... or wider than the column by this factor (a headline spanning several columns).
    heading_min_span_ratio: float = Field(1.25, ge=1)


class LayoutSettings(_Strict):
    markdown_heading: re.Pattern[str] = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+")
    # A line ending (before closing quotes/brackets) in one of these closes a paragraph.
    final_punctuation: str = "。！？!?…⋯"
    closing_marks: str = "”’」』）)》〉】\"'"
    # Outside narrow columns a line ending in one of these (a salutation or lead-in such as
    # `各分局、派出所：`) ends its paragraph too.
    final_outside_columns: str = "：:"
    # A line holding any of these is running text, never a headline or caption.
    clause_punctuation: str = "，。；：！？、,;:!?…⋯"
    heading_max_chars: int = Field(40, gt=0)
    # A headline-like line is a broken sentence when the next line's first clause is this
    # short (a paragraph never opens with a one-character clause such as `程,建强…`).
    continuation_max_first_clause: int = Field(1, ge=0)
    # More blank lines than this end a paragraph even inside a sentence.
    max_blank_lines_in_paragraph: int = Field(2, ge=0)
    # `key:value` lines of a contact box: each is its own line.
    field_line: re.Pattern[str] = re.compile(r"^[^\s:：，。,；;]{2,8}[:：]\S[^，。,；;]*$")
    # Markdown hard line break (two trailing spaces) keeps a line on its own.
    hard_break: re.Pattern[str] = re.compile(r"[ \t]{2,}$")
    # Lines that can never be a headline (breadcrumbs, page widgets).
    non_heading: list[re.Pattern[str]] = []
    # A numbered section heading (`一、…`, `（二）…`): its marker's punctuation does not
    # make it running text; what follows the marker is judged like any headline.
    numbered_heading: re.Pattern[str] | None = None
    column: ColumnSettings = ColumnSettings()


class BylineSettings(_Strict):
    roles: list[str] = ["通讯员", "记者", "摄影", "实习生"]
    # Trailing words of a photo credit (`通讯员 王学武 摄`); no role given -> photo_role.
    photo_suffixes: list[str] = ["摄", "摄影"]
    photo_role: str = "摄影"
    name: re.Pattern[str] = re.compile(
        r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,6}$"
    )
    separators: re.Pattern[str] = re.compile(r"[\s、，,]+")
    brackets: str = "()（）[]【】"
    max_chars: int = Field(40, gt=0)
    # A name glued to its role (`通讯员俞亮波`) is accepted up to this length only, so that
    # ordinary words after a role (`记者节日快乐`) are not taken for names.
    glued_name_max_chars: int = Field(3, ge=0)


class TipBoxSettings(_Strict):
    # A headline-like line holding one of these words and followed by `key:value` lines
    # (a contact or tip-line box) is a report of its own.
    title_words: list[str] = ["举报方式", "举报电话", "举报热线", "联系方式"]


class IngestSettings(_Strict):
    decode: DecodeSettings = DecodeSettings()
    html: HtmlSettings = HtmlSettings()
    paths: PathSettings = PathSettings()
    layout: LayoutSettings = LayoutSettings()
    bylines: BylineSettings = BylineSettings()
    tip_box: TipBoxSettings = TipBoxSettings()


def load_ingest_settings(path: Path | str | None = None) -> IngestSettings:
    """Load ingest settings (default `configs/ingest.yaml`)."""
    path = Path(path) if path is not None else configs_dir() / "ingest.yaml"
    return load_model(path, IngestSettings)
