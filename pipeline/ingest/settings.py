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
    # The parsed tree must keep at least this share of the text characters the markup holds
    # (a limit of the parser cut it otherwise); below it the page is read as plain text.
    min_parsed_share: float = Field(0.8, ge=0, le=1)
    # Pages with more text characters than this are read as plain text too (layout is slow).
    max_layout_chars: int = Field(2_000_000, gt=0)
    # In that plain reading these elements start and end a line.
    fallback_line_elements: list[str] = [
        "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
        "section", "article", "table", "ul", "ol", "blockquote", "pre", "dd", "dt", "hr",
    ]


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
    # Characters trimmed from both ends of a line besides whitespace: table-cell bars left
    # by an HTML-to-text conversion (`标题 | ||`, `| 某某网`).
    trim_chars: str = ""
    # Outside narrow columns a line break is kept even inside a sentence (scraped pages put
    # each paragraph or caption on its own line; a break there is the source's own).
    join_outside_columns: bool = True
    # A line ending in one of these words (before closing brackets) ends its paragraph: a
    # photo caption or credit (`…记者 某某 摄`, `…供图`).
    paragraph_end_words: list[str] = []
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
    # Credits inside the text (`…1月8日电 (记者 某某)`, a closing `(记者某某、通讯员某某)`,
    # `记者某某报道:`, `(某某 摄)`): regexes over the normalized text whose group `credit`
    # is read like a byline line; the text keeps them, the names go into `bylines` too.
    inline_patterns: list[re.Pattern[str]] = []
    # Labels that may open a credit line and are skipped (`作者: 记者 某某`).
    labels: list[str] = []
    # A bracket holding one of these is an editor or source note, never a credit.
    credit_stop_words: list[str] = []
    # Words that credit a part of the work inside such a credit (`文/某某`).
    inline_roles: list[str] = []
    # An outlet or rank written before a role (`西海新闻记者`, `本网记者`) up to this length
    # stays part of the role as written.
    role_prefix_max_chars: int = Field(8, ge=0)


class TipBoxSettings(_Strict):
    # A headline-like line holding one of these words and followed by `key:value` lines
    # (a contact or tip-line box) is a report of its own.
    title_words: list[str] = ["举报方式", "举报电话", "举报热线", "联系方式"]


class PageSettings(_Strict):
    """Cues of scraped pages (`configs/chrome/page.yaml`, read by `pipeline/ingest/page.py`)."""

    enabled: bool = True
    # Cues are matched on a view of the line with pinyin debris removed (`關(guān)` -> `關`)
    # and, if `t2s` is on, Traditional characters converted (OpenCC t2s, length-preserving).
    pinyin_debris: re.Pattern[str] | None = None
    t2s: bool = True
    # Lines that are page furniture wherever they stand (search boxes, share bars, pagers).
    chrome_lines: list[re.Pattern[str]] = []
    # Posting lines (`2021-09-03 11:43 来源:…`): chrome whose named groups `year`, `month`,
    # `day` give the page's own publication date.
    posting_lines: list[re.Pattern[str]] = []
    # Posting lines recognised only above the article body (a bare date: below the body it
    # is the date of a signed notice).
    header_posting_lines: list[re.Pattern[str]] = []
    # A line matching one of these after the body started ends the article with everything
    # after it (related articles, copyright blocks, pagers).
    footer_cues: list[re.Pattern[str]] = []
    # A line holding one of these is the article's last (`(完)`); later lines are dropped
    # unless a credit line there brings another report.
    end_markers: list[re.Pattern[str]] = []
    # Lines that are chrome above the article body only (a site or channel name standing
    # alone: `某某新闻网`, `某某日报`); below it the same words may be text.
    header_chrome: list[re.Pattern[str]] = []
    # A headline whose next line opens with one of these (a dateline: `本报讯`, `本报5月1日
    # 讯`, `新华社某地5月1日电`) starts a new story: e-paper pages hold several.
    story_openers: list[re.Pattern[str]] = []
    # Lines that never title a report (a dateline standing alone: `本报讯`).
    not_title: list[re.Pattern[str]] = []
    # Lines that are only a dateline: they run on into the next line without a break.
    dateline_only: list[re.Pattern[str]] = []
    # The body starts at the first line with clause punctuation at least this wide.
    min_body_width: float = Field(12, ge=0)
    # A `key:value` line (`热线:12345`) starts the body only if it ends a sentence or is at
    # least this wide.
    min_paragraph_width: float = Field(15, ge=0)
    # A headline set over more lines than this is not one headline.
    max_title_lines: int = Field(3, ge=1)
    # A page headline may hold these (`…的省会城市!`, `某地警方:再破…`) and still be one.
    title_marks: str = "!?！？:："
    # A first line at most this share as wide as the headline-like line under it is a site
    # or channel name, not the headline (a long first line over a short one is the headline
    # over its photo caption).
    masthead_ratio: float = Field(0.5, ge=0, le=1)
    # A page headline may be this wide (printed width; wider than a sub-heading).
    title_max_chars: float = Field(60, gt=0)


class DatingSettings(_Strict):
    # Dates in a file name (`2021-06-02_bulletin.txt`, `news20210602.txt`, `2021年报.txt`):
    # named groups `year`, optional `month`, `day`; the first pattern that matches wins.
    filename_dates: list[re.Pattern[str]] = []


class IngestSettings(_Strict):
    # Page-reading cues live in their own file (relative to the configs folder).
    page_rules: str | None = None
    page: PageSettings = PageSettings()
    decode: DecodeSettings = DecodeSettings()
    html: HtmlSettings = HtmlSettings()
    paths: PathSettings = PathSettings()
    layout: LayoutSettings = LayoutSettings()
    bylines: BylineSettings = BylineSettings()
    tip_box: TipBoxSettings = TipBoxSettings()
    dating: DatingSettings = DatingSettings()


def load_ingest_settings(path: Path | str | None = None) -> IngestSettings:
    """Load ingest settings (default `configs/ingest.yaml`)."""
    path = Path(path) if path is not None else configs_dir() / "ingest.yaml"
    settings = load_model(path, IngestSettings)
    if settings.page_rules:
        page = load_model(path.parent / settings.page_rules, PageSettings)
        settings = settings.model_copy(update={"page": page})
    return settings
