"""Recognise credit lines: `通讯员 俞亮波`, `通讯员 俞亮波 田馨`, `记者 X 通讯员 Y`, `通讯员 X 摄`."""

from __future__ import annotations

from pipeline.ingest.models import Byline
from pipeline.ingest.settings import BylineSettings


def _strip_brackets(text: str, brackets: str) -> str:
    text = text.strip()
    while len(text) >= 2 and text[0] in brackets and text[-1] in brackets:
        text = text[1:-1].strip()
    return text


def parse_byline(text: str, settings: BylineSettings) -> tuple[Byline, ...] | None:
    """The bylines of a line that is nothing but a credit, or None for any other line.

    The whole line must be roles, names and photo-credit words; a role glued to a name
    (`通讯员俞亮波`) is accepted. Names without a role before a photo word (`王学武 摄`) get
    `photo_role`.
    """
    text = _strip_brackets(text, settings.brackets)
    if not text or len(text) > settings.max_chars:
        return None
    roles = sorted(settings.roles, key=len, reverse=True)
    role: str | None = None
    names: list[str] = []
    result: list[Byline] = []
    photo = False
    for token in settings.separators.split(text):
        if not token:
            continue
        if token in settings.roles:
            if names:  # a new role closes the names of the previous one
                result.extend(Byline(role or settings.photo_role, n) for n in names)
                names = []
            role = token
            continue
        if token in settings.photo_suffixes:
            photo = True
            continue
        glued = next((r for r in roles if token.startswith(r) and len(token) > len(r)), None)
        rest = token[len(glued) :] if glued else ""
        if glued and len(rest) <= settings.glued_name_max_chars and settings.name.match(rest):
            if names:
                result.extend(Byline(role or settings.photo_role, n) for n in names)
                names = []
            role = glued
            token = token[len(glued) :]
        if not settings.name.match(token):
            return None
        if photo:  # nothing may follow the photo word
            return None
        names.append(token)
    if not names:
        return None
    if role is None and not photo:
        return None
    result.extend(Byline(role or settings.photo_role, n) for n in names)
    return tuple(result)
