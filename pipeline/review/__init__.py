"""`bulletin review`: one self-contained static HTML page per batch of records.

Each report's text with entities highlighted in displaCy's entity style, rendered from our
character offsets (not tokens), a table of events and arguments linked to their sentences,
provenance on hover, and filters by label and event type. CSS and JS are inlined from the
files beside this module: the page works offline. `browser.py` drives a headless Chromium
(Debian's package) for tests and screenshots.
"""

from .page import render_page

__all__ = ["render_page"]
