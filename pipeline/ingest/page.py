"""Read a scraped page: which lines are page chrome, which are the headline, when it was posted.

A scraped article page is a header (site name, search box, breadcrumb, the headline, perhaps a
kicker, a posting line with date, source and author), the article, and a footer (editor line,
copyright, related articles, pager). The cues are data (`configs/chrome/page.yaml`, matched on
a view of each line with pinyin debris removed and Traditional converted); this module only
applies them in a fixed order, on lines:

1. *Chrome lines* and *posting lines* are dropped wherever they are (credit lines never are); a
   posting line's date is the page's own publication date (`published`).
2. The article *body* starts at the first running-text line (clause punctuation, not a
   `key:value` widget such as `热线:12345`). Above it, bare dates and site names are chrome too.
3. A *footer cue* after the body start ends the article: it, everything after it and the
   punctuation-free lines just before it (site names, column names) are dropped. An *end
   marker* (`(完)`) ends it after its own line, unless a later credit line brings a new report.
4. The *headline* is the line above the body that the crawler's title names, else the last
   marked heading above the body if the source marks headings, else the last headline-like
   line above the body, skipping chrome, credit lines and dateline-only lines. Adjacent
   headline-like lines above it join it (a kicker or a headline set over two lines) when
   anything precedes them on the page; on the very first line a headline stands alone (the
   line under it is its photo caption) unless it is a short channel name over the headline.
   Everything above the headline is header chrome and dropped.
5. A *dateline-only* line (`本报讯`) runs on into the next line; a line opening with a dateline
   after a headline starts a new story (`story_openers`, for e-paper pages).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.ingest.settings import PageSettings
from pipeline.textutil import any_searcher


@dataclass(frozen=True)
class PageLine:
    """What the page reader needs to know about one non-blank source line."""

    text: str
    blank_before: int
    byline: bool
    headline_like: bool
    sentence: bool  # holds clause punctuation (running text)
    width: float
    ends: bool = False  # ends a sentence (。！？…)
    field: bool = False  # a `key:value` line (`热线:12345`)
    marked: bool = False  # the source marks it as a heading (HTML h1-h6, Markdown #)


@dataclass(frozen=True)
class PageReading:
    drop: frozenset[int] = frozenset()  # indexes of chrome lines
    title: tuple[int, ...] = ()  # indexes of the headline's lines, in order
    glue: frozenset[int] = frozenset()  # dateline-only lines that run on into the next
    plain: frozenset[int] = frozenset()  # lines that are never headlines (`本报讯`)
    opens_story: frozenset[int] = frozenset()  # lines opening with a dateline
    published: str | None = None  # ISO date of the page's posting line


@functools.cache
def _t2s_converter():  # noqa: ANN202 - opencc has no type stubs
    """One OpenCC t2s converter per process: building one costs ~20 ms, it never changes."""
    import opencc

    return opencc.OpenCC("t2s")


def page_view(settings: PageSettings) -> Callable[[str], str]:
    """The text cues are matched on: pinyin debris removed, Traditional converted."""
    converter = _t2s_converter() if settings.t2s else None

    def view(text: str) -> str:
        if settings.pinyin_debris is not None:
            text = settings.pinyin_debris.sub("", text)
        if converter is not None:
            out = converter.convert(text)
            text = out if len(out) == len(text) else text
        return text

    return view


def page_views(texts: list[str], settings: PageSettings) -> list[str]:
    """`page_view` of every text, Traditional converted in one OpenCC call for all of them
    (joined by line breaks, which no OpenCC phrase holds, so each line converts as it would
    alone: tests/ingest/test_ingest_page.py); a call per line cost more than converting."""
    converter = _t2s_converter() if settings.t2s else None
    debris = settings.pinyin_debris
    if debris is not None:
        texts = [debris.sub("", text) for text in texts]
    if converter is None or not texts:
        return list(texts)
    if any("\n" in text for text in texts):  # (lines never hold one; other callers might)
        return [page_view(settings)(text) for text in texts]
    out = converter.convert("\n".join(texts)).split("\n")
    if len(out) != len(texts):
        return [page_view(settings)(text) for text in texts]
    return [new if len(new) == len(old) else old for new, old in zip(out, texts, strict=True)]


def posting_date(text: str, settings: PageSettings, header: bool = False) -> str | None:
    """The ISO date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) of a posting line, else None.

    `header`: the line stands above the article body (bare dates count there too).
    """
    patterns = settings.posting_lines + (settings.header_posting_lines if header else [])
    for pattern in patterns:
        m = pattern.search(text)
        if not m:
            continue
        groups = m.groupdict()
        year = groups.get("year")
        if not year:
            return None
        parts = [f"{int(year):04d}"]
        month, day = groups.get("month"), groups.get("day")
        if month and 1 <= int(month) <= 12:
            parts.append(f"{int(month):02d}")
            if day and 1 <= int(day) <= 31:
                parts.append(f"{int(day):02d}")
        return "-".join(parts)
    return None


def read_page(
    lines: Sequence[PageLine], settings: PageSettings, hint: str | None = None
) -> PageReading:
    """Decide chrome, headline and posting date of one page (see the module docstring).

    `hint` is the title a crawler recorded (sidecar `title`): a line above the body that it
    names is the headline.
    """
    if not settings.enabled or not lines:
        return PageReading()
    drop: set[int] = set()
    dates: dict[int, str] = {}
    chrome = any_searcher(settings.chrome_lines)
    for i, line in enumerate(lines):
        date = posting_date(line.text, settings)
        if date is not None:
            dates[i] = date
        elif not line.byline and chrome(line.text):
            drop.add(i)  # a credit line is never chrome: its names go into bylines
    drop.update(dates)
    not_title_line = any_searcher(settings.not_title)
    not_title = [not_title_line(ln.text) for ln in lines]
    dateline_only = any_searcher(settings.dateline_only)
    glue = frozenset(i for i, ln in enumerate(lines) if dateline_only(ln.text))

    def sentence(i: int) -> bool:
        ln = lines[i]
        return (
            i not in drop
            and not ln.byline
            and i not in glue
            and ln.sentence
            and not ln.headline_like
            and ln.width >= settings.min_body_width
        )

    def is_body(i: int) -> bool:
        """Running text, not a `key:value` widget line (`热线:12345`) unless that ends a
        sentence or is wide."""
        if not sentence(i):
            return False
        ln = lines[i]
        return ln.ends or ln.width >= settings.min_paragraph_width or not ln.field

    body = next((i for i in range(len(lines)) if is_body(i)), None)
    header_chrome = any_searcher(settings.header_chrome)
    for i in range(len(lines) if body is None else body):  # above the article only
        date = None if i in dates else posting_date(lines[i].text, settings, header=True)
        if date is not None:
            dates[i] = date
            drop.add(i)
        elif not lines[i].byline and header_chrome(lines[i].text):
            drop.add(i)  # a site or paper name
    published = dates[min(dates)] if dates else None
    plain = frozenset(i for i, flag in enumerate(not_title) if flag)
    opener = any_searcher(settings.story_openers)
    opens = frozenset(i for i, ln in enumerate(lines) if opener(ln.text))
    if body is None:
        return PageReading(
            drop=frozenset(drop), glue=glue, plain=plain, opens_story=opens, published=published
        )
    drop |= _footer(lines, body, settings, drop)
    title = _hinted(lines, body, drop, hint) or _headline(
        lines, body, drop, not_title, glue, settings
    )
    if title and title[0] > 0:
        drop.update(i for i in range(title[0]) if not lines[i].byline)
    return PageReading(
        drop=frozenset(drop),
        title=title,
        glue=glue - drop,
        plain=plain,
        opens_story=opens - drop,
        published=published,
    )


def _footer(
    lines: Sequence[PageLine], body: int, settings: PageSettings, chrome: set[int]
) -> set[int]:
    """Lines from the end of the article on (empty when the page has no footer cue)."""
    cut: int | None = None
    later_byline = [False] * (len(lines) + 1)
    for i in range(len(lines) - 1, -1, -1):
        later_byline[i] = later_byline[i + 1] or lines[i].byline
    footer, end_marker = any_searcher(settings.footer_cues), any_searcher(settings.end_markers)
    for i in range(body + 1, len(lines)):
        if footer(lines[i].text):
            cut = i
            break
        if end_marker(lines[i].text) and not later_byline[i + 1]:
            cut = i + 1
            break
    if cut is None:
        return set()
    doomed = set(range(cut, len(lines)))
    k = cut - 1
    while k > body and (k in chrome or (lines[k].headline_like and not lines[k].byline)):
        doomed.add(k)
        k -= 1
    return doomed


def _compact(text: str) -> str:
    return "".join(text.split())


def _hinted(
    lines: Sequence[PageLine], body: int, drop: set[int], hint: str | None
) -> tuple[int, ...]:
    """The last line above the body that the crawler's title names (the title as printed,
    or the start of a browser title such as `标题-某某网`)."""
    # a browser title carries the site after a separator: `标题-某某网`, `标题_某某网`
    key = _compact(re.split(r"\s[-_|–—]\s|[_|]|-(?=[^-]*$)", hint or "")[0])
    if len(key) < 4:
        return ()
    for i in range(body - 1, -1, -1):
        text = _compact(lines[i].text)
        if i in drop or len(text) < 4:
            continue
        if text == key or (key.startswith(text) and len(text) >= 0.6 * len(key)):
            return (i,)
    return ()


def _headline(
    lines: Sequence[PageLine],
    body: int,
    drop: set[int],
    not_title: list[bool],
    glue: frozenset[int],
    settings: PageSettings,
) -> tuple[int, ...]:
    skip: Callable[[int], bool] = lambda i: (  # noqa: E731 - a local predicate reads best
        i in drop or lines[i].byline or not_title[i] or i in glue
    )
    marked = [i for i in range(body) if lines[i].marked and not skip(i)]
    if marked:  # the source says which line is the headline
        return (marked[-1],)
    k = body - 1
    while k >= 0 and skip(k):
        k -= 1
    if k < 0 or not lines[k].headline_like:
        return ()
    end = k
    while (
        end - k + 1 < settings.max_title_lines
        and k - 1 >= 0
        and lines[k].blank_before == 0
        and lines[k - 1].headline_like
        and not lines[k - 1].field  # `热线:12345` above a headline is no kicker
        and not skip(k - 1)
    ):
        k -= 1
    if k == 0 and end > 0 and lines[0].width <= settings.masthead_ratio * lines[1].width:
        k = 1  # a short first line over a headline is a site or channel name (`东河警方`)
    if k == 0:  # nothing above: a caption or kicker under the first line is not headline
        return (0,)
    return tuple(range(k, end + 1))
