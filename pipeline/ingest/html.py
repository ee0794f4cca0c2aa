"""HTML -> text with inscriptis, keeping block structure as lines and heading positions."""

from __future__ import annotations

import lxml.html
from inscriptis import get_annotated_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.html_properties import Display
from inscriptis.model.config import ParserConfig
from inscriptis.model.html_element import HtmlElement
from lxml import etree

from pipeline.ingest.settings import HtmlSettings

_HEADING_LABEL = "heading"


def looks_like_html(text: str, settings: HtmlSettings) -> bool:
    """Sniff the start of a text for an HTML document."""
    return bool(settings.sniff.match(text[:2048].lstrip("\ufeff")))


def _parser_config(settings: HtmlSettings) -> ParserConfig:
    # The strict profile already hides <head>, <script> and <style>; page furniture such as
    # <nav> and <footer> is hidden the same way so that only article text remains.
    css = dict(CSS_PROFILES["strict"])
    for tag in settings.drop_elements:
        css[tag] = HtmlElement(display=Display.none)
    rules = {tag: [_HEADING_LABEL] for tag in settings.heading_elements}
    return ParserConfig(css=css, annotation_rules=rules)


def _drop_by_class(html: str, settings: HtmlSettings) -> str:
    """Remove elements whose class or id marks them as page furniture."""
    if settings.drop_class is None or not html.strip():
        return html
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
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
    return lxml.html.tostring(root, encoding="unicode")


def extract_html(html: str, settings: HtmlSettings) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Return the page text and the ranges of it that come from heading elements."""
    html = _drop_by_class(html, settings)
    result = get_annotated_text(html, _parser_config(settings))
    text: str = result["text"]
    headings = []
    for start, end, label in result.get("label", []):
        if label != _HEADING_LABEL:
            continue
        # inscriptis counts the newlines after a block into its span: trim them.
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            headings.append((start, end))
    return text, tuple(sorted(headings))
