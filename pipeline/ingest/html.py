"""HTML -> text with inscriptis, keeping block structure as lines and heading positions.

lxml's default parser silently cuts a document at 256 levels of nesting or inside a text
node of 10 M characters, which turned whole pages into "HTML without text". The page is
parsed with `huge_tree` (limits raised to 2048 levels and 1 GB nodes); when the parse
still stopped early (lxml logs a FATAL error: deeper nesting) or the layout cannot run, a
plain extraction that has no limits takes over and a warning names the file. The plain
extraction (the standard library's tokenizer, in Python) runs only then: on every page it
cost as much again as the parse it checked.
"""

from __future__ import annotations

import functools
import logging
import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from pipeline.ingest.settings import HtmlSettings

# lxml and inscriptis are imported by the functions that parse HTML: a batch of plain text
# files never needs them (~0.03 CPU-s of every start).
if TYPE_CHECKING:
    import lxml.html
    from inscriptis.model.config import ParserConfig

log = logging.getLogger(__name__)

_HEADING_LABEL = "heading"
# inscriptis strips an XML declaration before parsing; so do we, to keep its tree.
_XML_DECLARATION = re.compile(r"^<\?xml [^>]+?\?>")
# Elements whose content is never page text (the strict profile hides them too).
_NEVER_TEXT = frozenset({"script", "style", "title", "template"})
_SPACES = re.compile(r"[^\S\n]+")


def looks_like_html(text: str, settings: HtmlSettings) -> bool:
    """Sniff the start of a text for an HTML document."""
    return bool(settings.sniff.match(text[:2048].lstrip("\ufeff")))


def _parser_config(settings: HtmlSettings) -> ParserConfig:
    """The inscriptis configuration of `settings`, made once per element lists: building
    one deep-copies the CSS profile (~5 ms, as much as laying out a short page). Parsing
    never changes it: documents copy its elements before styling them (only `body` gets
    each new document's canvas, set as the document starts)."""
    return _config_for(tuple(settings.drop_elements), tuple(settings.heading_elements))


@functools.lru_cache(maxsize=8)
def _config_for(drop_elements: tuple[str, ...], heading_elements: tuple[str, ...]
                ) -> ParserConfig:
    # The strict profile already hides <head>, <script> and <style>; page furniture such as
    # <nav> and <footer> is hidden the same way so that only article text remains.
    from inscriptis.css_profiles import CSS_PROFILES
    from inscriptis.html_properties import Display
    from inscriptis.model.config import ParserConfig
    from inscriptis.model.html_element import HtmlElement

    css = dict(CSS_PROFILES["strict"])
    for tag in drop_elements:
        css[tag] = HtmlElement(display=Display.none)
    rules = {tag: [_HEADING_LABEL] for tag in heading_elements}
    return ParserConfig(css=css, annotation_rules=rules)


def _parse(html: str) -> lxml.html.HtmlElement | None:
    """The tree inscriptis would build, but without lxml's depth and text-node limits."""
    return _parse_whole(html)[0]


def _parse_whole(html: str) -> tuple[lxml.html.HtmlElement | None, bool]:
    """`_parse`, and whether lxml stopped before the end of the page (a FATAL error in its
    log, e.g. "Excessive depth in document": what follows is silently missing)."""
    import lxml.html
    from lxml import etree

    html = html.strip()
    if not html:
        return None, False
    if html.startswith("<?xml "):
        html = _XML_DECLARATION.sub("", html, count=1)
    # A parser per call: lxml parsers keep state and must not be shared across threads.
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except etree.ParserError:
        root = lxml.html.document_fromstring("<pre>" + html + "</pre>", parser=parser)
    return root, any(entry.level_name == "FATAL" for entry in parser.error_log)


def _drop_by_class(
    root: lxml.html.HtmlElement, settings: HtmlSettings
) -> lxml.html.HtmlElement:
    """Remove elements whose class or id marks them as page furniture."""
    if settings.drop_class is None:
        return root
    doomed = [
        el
        for el in root.iter()
        if isinstance(el.tag, str)
        and any(
            settings.drop_class.match(token)
            for token in (el.get("class", "").split() + el.get("id", "").split())
        )
    ]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    # The pruned page goes through serializer and parser again, as it always has: that
    # round trip reshapes some trees (text left behind a dropped element moves into its
    # open parent), and the text of every page read before must stay byte-identical.
    import lxml.html

    pruned = _parse(lxml.html.tostring(root, encoding="unicode"))
    return root if pruned is None else pruned


def _tree_chars(root: lxml.html.HtmlElement) -> int:
    """Non-space characters of text the tree holds outside script/style/title."""
    count = 0
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag not in _NEVER_TEXT and el.text:
            count += _visible(el.text)
        if el.tail:
            count += _visible(el.tail)
    return count


def _visible(text: str) -> int:
    return len("".join(text.split()))


class _PlainText(HTMLParser):
    """Text of a page from the standard library's tokenizer, which keeps no tree and so has
    no nesting or size limit: one line per block element, furniture elements skipped."""

    def __init__(self, settings: HtmlSettings) -> None:
        super().__init__(convert_charrefs=True)
        self._skip_tags = _NEVER_TEXT | set(settings.drop_elements)
        self._breaks = set(settings.fallback_line_elements)
        self._hidden = 0  # inside script/style/title: not text at all
        self._skipping = 0  # inside those or furniture: not article text
        self.parts: list[str] = []
        self.all_chars = 0  # text outside script/style/title, furniture included

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in _NEVER_TEXT
        self._skipping += tag in self._skip_tags
        if tag in self._breaks:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        # Counters never go below 0: a stray end tag must not unhide what follows.
        if tag in _NEVER_TEXT and self._hidden:
            self._hidden -= 1
        if tag in self._skip_tags and self._skipping:
            self._skipping -= 1
        if tag in self._breaks:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        self.all_chars += _visible(data)
        if not self._skipping:
            self.parts.append(data)

    def text(self) -> str:
        lines = (_SPACES.sub(" ", line).strip() for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


def _plain(html: str, settings: HtmlSettings) -> _PlainText:
    reader = _PlainText(settings)
    reader.feed(html)
    reader.close()
    return reader


def _layout(
    root: lxml.html.HtmlElement, settings: HtmlSettings
) -> tuple[str, tuple[tuple[int, int], ...]]:
    from inscriptis import Inscriptis

    inscriptis = Inscriptis(root, _parser_config(settings))
    text = inscriptis.get_text()
    headings = []
    for annotation in inscriptis.get_annotations():
        start, end = annotation.start, annotation.end
        if annotation.metadata != _HEADING_LABEL:
            continue
        # inscriptis counts the newlines after a block into its span: trim them.
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            headings.append((start, end))
    return text, tuple(sorted(headings))


def extract_html(
    html: str, settings: HtmlSettings, name: str = "<html>"
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Return the page text and the ranges of it that come from heading elements."""
    from lxml import etree

    try:
        root, stopped = _parse_whole(html)
    except (etree.ParserError, ValueError) as exc:
        log.warning("%s: HTML parser failed (%s); read as plain text without headings",
                    name, exc)
        return _plain(html, settings).text(), ()
    if root is None:
        return "", ()
    parsed = _tree_chars(root)
    if stopped:
        plain = _plain(html, settings)
        if parsed < settings.min_parsed_share * plain.all_chars:
            log.warning(
                "%s: HTML parser kept %d of %d text characters (nesting too deep?); "
                "read as plain text without headings", name, parsed, plain.all_chars,
            )
            return plain.text(), ()
    if parsed > settings.max_layout_chars:
        # inscriptis lays text out one character at a time in Python (~7 s per 10 M
        # characters); a page this size is an archive dump, not an article with a layout.
        log.warning("%s: HTML page holds %d text characters (layout limit %d); "
                    "read as plain text without headings", name, parsed,
                    settings.max_layout_chars)
        return _plain(html, settings).text(), ()
    root = _drop_by_class(root, settings)
    try:
        return _layout(root, settings)
    except RecursionError:
        log.warning("%s: HTML nested too deep for layout; read as plain text without headings",
                    name)
        return _plain(html, settings).text(), ()
