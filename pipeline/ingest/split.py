"""Split a source into reports at headlines.

A page holds several reports (main story, side story, photo news, tip-line box) and a story
holds sub-headings. A headline starts a new report when

1. a byline follows it directly (`## 标题` / `通讯员 X`), or
2. it titles a contact/tip box (`扫黑除恶举报方式` followed by `key:value` lines), or
2b. the line after it opens with a dateline (`本报讯`, `本报5月1日讯`): a story of an
   e-paper page, or
3. the current report already has its byline and the headline's section brings another one
   (a photo report with a trailing `通讯员 X 摄` after a signed story: one report has one
   credit block).

Any other headline is a sub-heading or caption of the current report and stays in its text.
The first headline of a file always titles the first report, also when only non-sentence
lines (breadcrumbs, a site name) come before it; those stay in the body for normalize's
chrome patterns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from pipeline.ingest.layout import Kind, Layout, analyze
from pipeline.ingest.models import Byline, RawReport, SourceFile
from pipeline.ingest.settings import IngestSettings, load_ingest_settings


@dataclass
class _Draft:
    title: str = ""
    bylines: list[Byline] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def untitled_preamble(self, layout: Layout) -> bool:
        """No headline yet and nothing but non-sentence lines (breadcrumbs, site names)."""
        return (
            not self.title
            and not self.bylines
            and not any(layout.sentence_end[i] for i in self.lines)
        )


@dataclass(frozen=True)
class _Item:
    kind: Kind
    lines: tuple[int, ...]  # a headline set over several lines is one item


def _items(layout: Layout) -> list[_Item]:
    items: list[_Item] = []
    i = 0
    n = len(layout.lines)
    while i < n:
        kind = layout.kinds[i]
        group = [i]
        if kind == Kind.HEADING:
            while (
                layout.joins[group[-1]] == " "
                and group[-1] + 1 < n
                and layout.kinds[group[-1] + 1] == Kind.HEADING
            ):
                group.append(group[-1] + 1)
        items.append(_Item(kind, tuple(group)))
        i = group[-1] + 1
    return items


def _starts_report(k: int, items: list[_Item], layout: Layout, draft: _Draft) -> bool:
    if items[k].lines[0] in layout.tip_titles:
        return True
    if k + 1 < len(items) and items[k + 1].kind == Kind.BYLINE:
        return True
    if (
        k + 1 < len(items)
        and items[k + 1].kind == Kind.BODY
        and items[k + 1].lines[0] in layout.opens_story
        and (draft.lines or draft.bylines)
    ):
        return True  # a story opening with its dateline (`本报讯`): e-paper pages hold several
    if draft.bylines:
        for item in items[k + 1 :]:
            if item.kind == Kind.HEADING:
                break
            if item.kind == Kind.BYLINE:
                return True
    return False


def _next_content(layout: Layout) -> dict[int, int]:
    """Each content line's next content line (bylines skipped), computed once per file."""
    content = [i for i, k in enumerate(layout.kinds) if k != Kind.BYLINE]
    return dict(pairwise(content))


def _to_report(
    source: SourceFile, index: int, draft: _Draft, layout: Layout, next_content: dict[int, int]
) -> RawReport:
    joins = []
    for a, b in pairwise(draft.lines):
        joins.append(layout.joins[a] if next_content.get(a) == b else "\n")
    return RawReport(
        source=source,
        index=index,
        title=draft.title,
        bylines=tuple(draft.bylines),
        body=tuple((layout.lines[i].start, layout.lines[i].end) for i in draft.lines),
        joins=tuple(joins),
        published_in_page=layout.published,
    )


def split_reports(source: SourceFile, settings: IngestSettings | None = None) -> list[RawReport]:
    """The reports of one source, in page order, numbered from 1."""
    settings = settings or load_ingest_settings()
    layout = analyze(source, settings)
    items = _items(layout)
    drafts: list[_Draft] = []
    draft: _Draft | None = None
    for k, item in enumerate(items):
        if item.kind == Kind.HEADING:
            title = " ".join(layout.lines[i].text for i in item.lines)
            if draft is None or draft.untitled_preamble(layout):
                if draft is None:
                    draft = _Draft()
                    drafts.append(draft)
                draft.title = title
            elif _starts_report(k, items, layout, draft):
                draft = _Draft(title=title)
                drafts.append(draft)
            else:
                draft.lines.extend(item.lines)
            continue
        if draft is None:
            draft = _Draft()
            drafts.append(draft)
        if item.kind == Kind.BYLINE:
            draft.bylines.extend(layout.bylines[item.lines[0]])
        else:
            draft.lines.extend(item.lines)
    kept = [d for d in drafts if d.title or d.lines]
    if len(kept) == 1 and layout.chrome_credits:
        names = {b.name for b in kept[0].bylines}
        kept[0].bylines.extend(b for b in layout.chrome_credits if b.name not in names)
    next_content = _next_content(layout)
    return [_to_report(source, n, d, layout, next_content) for n, d in enumerate(kept, start=1)]
