"""Read the page layout of a source text: headlines, bylines, body lines and how lines join.

The rules think of a newspaper page, not of particular files:

- A *headline-like* line has no clause punctuation and is short. In a document whose source
  marks headings (Markdown `#`, HTML h1-h6) only marked lines are headlines; otherwise a
  headline-like line that opens a paragraph is one.
- A line that does not end a sentence continues on the next line (column layout, page
  breaks), unless it is a headline, a `key:value` line, a Markdown hard break, or more than
  `max_blank_lines_in_paragraph` blank lines follow.
- A headline-like line that opens a paragraph is still running text when the next line opens
  with a one-character clause (`…反诈走心工` / `程,建强…`): no paragraph starts like that.
- In narrow-column layout a headline set over two adjacent short lines is one headline, its
  lines joined with a space.
"""

from __future__ import annotations

import functools
import re
import statistics
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import pairwise

from pipeline.ingest.bylines import parse_byline, parse_credit
from pipeline.ingest.models import Byline, SourceFile
from pipeline.ingest.page import PageLine, PageReading, page_view, page_views, read_page
from pipeline.ingest.settings import IngestSettings

_NEWLINE = re.compile(r"\r\n|\r|\n")
_ATX_CLOSE = re.compile(r"[ \t]+#+$")
_BRACKETED = re.compile(r"[(（]([^()（）]{2,40})[)）]")


class Kind(StrEnum):
    HEADING = "heading"
    BYLINE = "byline"
    BODY = "body"


@dataclass(frozen=True)
class Line:
    """One non-blank source line; `start:end` is its content in `SourceFile.text`."""

    number: int  # 0-based line number in the source
    start: int
    end: int
    text: str
    marked: bool  # the source marks it as a heading
    hard_break: bool
    blank_before: int


@dataclass(frozen=True)
class Layout:
    lines: tuple[Line, ...]
    kinds: tuple[Kind, ...]
    bylines: tuple[tuple[Byline, ...], ...]  # per line, empty unless a byline
    tip_titles: frozenset[int]  # indexes of lines that title a contact/tip box
    joins: tuple[str, ...]  # joins[i]: separator between line i and the next non-byline line
    sentence_end: tuple[bool, ...]  # the line ends a sentence
    marked: bool
    column: bool
    published: str | None = None  # the page's own posting date (ISO), if it shows one
    opens_story: frozenset[int] = frozenset()  # lines that open with a dateline
    # Credits read from chrome lines that were dropped (`来源:某报(记者 某某)`, `(某某 某某)`
    # closing a page): their names belong to the page's (single) report.
    chrome_credits: tuple[Byline, ...] = ()


_NARROW = re.compile("[\\x00-\\u2e7f]")


@functools.lru_cache(maxsize=4096)
def width(text: str) -> float:
    """Printed width: wide (CJK) characters count 1, narrow 0.5, spaces nothing.

    Cached: `analyze` asks for the width of the same line up to four times."""
    # counted by C loops, not per character in Python: `str.split()` drops exactly the
    # `isspace()` characters; halves and wholes add up exactly in a float
    visible = "".join(text.split())
    if not visible:
        return 0
    narrow = len(_NARROW.findall(visible))
    return float(len(visible) - narrow) + 0.5 * narrow


def _source_lines(source: SourceFile, settings: IngestSettings) -> list[Line]:
    text = source.text
    md = settings.layout.markdown_heading
    lines: list[Line] = []
    blank = 0
    pos = 0
    number = 0
    heading_ranges = source.headings
    while pos <= len(text):
        match = _NEWLINE.search(text, pos)
        end = match.start() if match else len(text)
        raw = text[pos:end]
        start, stop = pos, end
        marker = md.match(raw)
        marked = False
        if marker and raw[marker.end() :].strip():
            start = pos + marker.end()
            close = _ATX_CLOSE.search(text, start, stop)
            if close:
                stop = close.start()
            marked = True
        trim = settings.layout.trim_chars
        while start < stop and text[start].isspace():
            start += 1
        while stop > start and (text[stop - 1].isspace() or text[stop - 1] in trim):
            stop -= 1
        if start == stop:
            blank += 1
        else:
            marked = marked or any(s < stop and start < e for s, e in heading_ranges)
            lines.append(
                Line(
                    number=number,
                    start=start,
                    end=stop,
                    text=text[start:stop],
                    marked=marked,
                    hard_break=bool(settings.layout.hard_break.search(raw)),
                    blank_before=blank,
                )
            )
            blank = 0
        if match is None:
            break
        pos = match.end()
        number += 1
    return lines


@functools.lru_cache(maxsize=16)
def _deletion(chars: str) -> re.Pattern[str]:
    """A regex of `chars`, to delete them (`str.translate` looks every character of the
    text up in a dict; the regex scans in C)."""
    return re.compile(f"[{re.escape(chars)}]") if chars else re.compile("(?!)")


class _Rules:
    """Line predicates bound to one settings object."""

    def __init__(self, settings: IngestSettings) -> None:
        self.s = settings.layout
        self.tip_words = settings.tip_box.title_words
        self.clause = frozenset(self.s.clause_punctuation)
        self.final = frozenset(self.s.final_punctuation)

    def ends_sentence(self, text: str) -> bool:
        stripped = text.rstrip(self.s.closing_marks + " \t")
        return bool(stripped) and stripped[-1] in self.final

    def ends_caption(self, text: str) -> bool:
        """The line closes with a photo credit (`…某某 摄`, `…供图`): its paragraph ends."""
        stripped = text.rstrip(self.s.closing_marks + " \t")
        return any(stripped.endswith(w) for w in self.s.paragraph_end_words)

    def has_clause_punct(self, text: str) -> bool:
        return not self.clause.isdisjoint(text)

    def headline_like(self, text: str, max_chars: float | None = None) -> bool:
        marker = self.s.numbered_heading.match(text) if self.s.numbered_heading else None
        if marker and marker.end() < len(text):
            text = text[marker.end() :]
        limit = self.s.heading_max_chars if max_chars is None else max_chars
        if self.has_clause_punct(text) or width(text) > limit:
            return False
        if not any(ch.isalpha() for ch in text):
            return False
        return not any(p.search(text) for p in self.s.non_heading)

    def title_like(self, text: str, allowed: str, max_chars: float) -> bool:
        """Headline-like, also with the marks a page headline may hold (`…城市!`, `X:Y`)
        and up to the page headline's width."""
        stripped = _deletion(allowed).sub("", text)
        return bool(stripped) and self.headline_like(stripped, max_chars)

    def first_clause(self, text: str) -> int:
        for i, ch in enumerate(text):
            if ch in self.clause:
                return i
        return len(text)

    def field(self, text: str) -> bool:
        return bool(self.s.field_line.match(text))


def _is_column(lines: list[Line], rules: _Rules) -> tuple[bool, float]:
    widths = [width(line.text) for line in lines]
    if not widths:
        return False, 0.0
    sentence = [ln for ln in lines if rules.has_clause_punct(ln.text) and not rules.field(ln.text)]
    broken = [ln for ln in sentence if not rules.ends_sentence(ln.text)]
    share = len(broken) / len(sentence) if sentence else 0.0
    median = statistics.median(widths)
    column_width = statistics.median([width(ln.text) for ln in broken]) if broken else median
    cfg = rules.s.column
    column = (
        len(sentence) >= cfg.min_lines
        and median <= cfg.max_median_width
        and share >= cfg.min_broken_share
    )
    return column, column_width


def _read_page(
    lines: list[Line],
    bylines: list[tuple[Byline, ...]],
    rules: _Rules,
    settings: IngestSettings,
    hint: str | None = None,
) -> tuple[PageReading, list[str]]:
    """The page reading, and the page view of every line (`page_views`)."""
    final = settings.page.title_marks
    views = page_views([ln.text for ln in lines], settings.page)
    reading = read_page(
        [
            PageLine(
                text=view,
                blank_before=ln.blank_before,
                byline=bool(b),
                headline_like=rules.title_like(ln.text, final, settings.page.title_max_chars),
                sentence=rules.has_clause_punct(ln.text),
                width=width(ln.text),
                ends=rules.ends_sentence(ln.text),
                field=rules.field(ln.text),
                marked=ln.marked,
            )
            for ln, b, view in zip(lines, bylines, views, strict=True)
        ],
        settings.page,
        hint=page_view(settings.page)(hint) if hint else None,
    )
    return reading, views


def _chrome_credits(texts: list[str], settings: IngestSettings) -> tuple[Byline, ...]:
    """Bracketed credits inside dropped chrome lines (`(通讯员 某某 记者 某某)`)."""
    out: list[Byline] = []
    for text in texts:
        for m in _BRACKETED.finditer(text):
            out.extend(parse_credit(m.group(1), settings.bylines) or ())
    return tuple(out)


def _drop_lines(lines: list[Line], drop: frozenset[int]) -> tuple[list[Line], dict[int, int]]:
    """Lines without the dropped ones; a dropped line counts as a blank line for the next.

    Returns the kept lines and, for each kept line, its index in the original list.
    """
    kept: list[Line] = []
    where: dict[int, int] = {}
    extra = 0
    for i, ln in enumerate(lines):
        if i in drop:
            extra += ln.blank_before + 1
            continue
        if extra and kept:
            ln = replace(ln, blank_before=ln.blank_before + extra)
        extra = 0
        where[len(kept)] = i
        kept.append(ln)
    return kept, where


def analyze(source: SourceFile, settings: IngestSettings) -> Layout:
    """Classify every non-blank line of a source and decide how consecutive lines join."""
    rules = _Rules(settings)
    lay = settings.layout
    lines = _source_lines(source, settings)
    bylines = [parse_byline(ln.text, settings.bylines) or () for ln in lines]
    page, views = _read_page(lines, bylines, rules, settings, hint=source.meta.title)
    credits = _chrome_credits([views[i] for i in sorted(page.drop)], settings)
    lines, where = _drop_lines(lines, page.drop)
    back = {old: new for new, old in where.items()}
    bylines = [bylines[where[i]] for i in range(len(lines))]
    page_title = frozenset(back[i] for i in page.title if i in back)
    glue = frozenset(back[i] for i in page.glue if i in back)
    plain = frozenset(back[i] for i in page.plain if i in back)
    opens_story = frozenset(back[i] for i in page.opens_story if i in back)
    texts = [ln.text for ln in lines]
    like = [rules.headline_like(t) for t in texts]
    fields = [rules.field(t) for t in texts]
    marked_doc = any(ln.marked for ln in lines)
    column, column_width = _is_column(
        [ln for ln, b in zip(lines, bylines, strict=True) if not b], rules
    )
    content = [i for i, b in enumerate(bylines) if not b]  # non-byline lines, in order
    next_of = dict(pairwise(content))

    tips = frozenset(
        i
        for i in content
        if like[i]
        and any(w in texts[i] for w in rules.tip_words)
        and i in next_of
        and fields[next_of[i]]
    )

    def guard(i: int) -> bool:
        """A headline-like line whose next line continues its sentence."""
        j = next_of.get(i)
        if j is None or like[j] or lines[j].blank_before > lay.max_blank_lines_in_paragraph:
            return False
        return rules.first_clause(texts[j]) <= lay.continuation_max_first_clause

    kinds = [Kind.BYLINE if b else Kind.BODY for b in bylines]
    open_after: dict[int, bool] = {}
    is_open = False
    seen_text = False
    for i in content:
        ln = lines[i]
        if ln.blank_before > lay.max_blank_lines_in_paragraph:
            is_open = False
        # In columns a headline is either clearly shorter than the column or spans columns;
        # a punctuation-free line about as wide as the column is running text.
        w = width(ln.text)
        # Before any running text (the page's headline) width says nothing.
        narrow = (
            not column
            or not seen_text
            or w <= lay.column.heading_max_width_ratio * column_width
            or w >= lay.column.heading_min_span_ratio * column_width
        )
        starts_paragraph = like[i] and not is_open and not guard(i) and i not in plain
        if i in glue:
            is_open = True  # `本报讯` runs on into the next line
        elif i in plain:
            is_open = False  # a dateline line (`据新华社某地5月1日电`) stands on its own
        elif i in page_title or i in tips or (
            ln.marked if marked_doc else starts_paragraph and narrow
        ):
            kinds[i] = Kind.HEADING
            is_open = False
        elif starts_paragraph:
            is_open = False  # a caption, slogan or list line standing on its own
        else:
            ends = rules.ends_sentence(ln.text) or rules.ends_caption(ln.text) or (
                not column and ln.text[-1] in lay.final_outside_columns
            )
            joins_next = column or lay.join_outside_columns
            is_open = joins_next and not (ends or ln.hard_break or fields[i])
        open_after[i] = is_open
        seen_text = seen_text or kinds[i] == Kind.BODY

    joins: list[str] = []
    for i in content:
        j = next_of.get(i)
        if j is None:
            joins.append("")
            continue
        both_heads = kinds[i] == kinds[j] == Kind.HEADING
        if i in page_title and j in page_title:
            joins.append(" ")
        elif both_heads and column and lines[j].blank_before == 0 and j not in tips:
            joins.append(" ")
        elif Kind.HEADING in (kinds[i], kinds[j]):
            joins.append("\n")
        elif open_after[i] and lines[j].blank_before <= lay.max_blank_lines_in_paragraph:
            joins.append("")
        else:
            joins.append("\n")
    join_by_line = dict(zip(content, joins, strict=True))
    return Layout(
        lines=tuple(lines),
        kinds=tuple(kinds),
        bylines=tuple(bylines),
        tip_titles=tips,
        joins=tuple(join_by_line.get(i, "\n") for i in range(len(lines))),
        sentence_end=tuple(rules.ends_sentence(t) for t in texts),
        marked=marked_doc,
        column=column,
        published=page.published,
        opens_story=opens_story,
        chrome_credits=credits,
    )
