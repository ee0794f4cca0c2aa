"""Recognise credit lines: `通讯员 俞亮波`, `通讯员 俞亮波 田馨`, `记者 X 通讯员 Y`, `通讯员 X 摄`."""

from __future__ import annotations

import functools
import re

from pipeline.ingest.models import Byline
from pipeline.ingest.settings import BylineSettings


@functools.lru_cache(maxsize=16)
def _longest_first(roles: tuple[str, ...]) -> list[str]:
    """Roles sorted longest first, ties in their order (sorted once, not for every line;
    `parse_credit` sorted a set, whose order of ties changed from run to run)."""
    return sorted(roles, key=len, reverse=True)


@functools.lru_cache(maxsize=16)
def _credit_words(roles: tuple[str, ...], photo_suffixes: tuple[str, ...]) -> re.Pattern[str]:
    """Any role or photo word: a credit line holds one (as a token or glued to a name)."""
    words = sorted({*roles, *photo_suffixes}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words) if words else "(?!)")


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
    if not _credit_words(tuple(settings.roles), tuple(settings.photo_suffixes)).search(text):
        return None  # no role and no photo word anywhere: no credit (most short lines)
    roles = _longest_first(tuple(settings.roles))
    role: str | None = None
    names: list[str] = []
    result: list[Byline] = []
    photo = False
    tokens = [t for t in settings.separators.split(text) if t]
    while tokens and tokens[0] in settings.labels:
        tokens = tokens[1:]  # `作者: 记者 某某`
    if any(word in text for word in settings.credit_stop_words):
        return None
    for token in tokens:
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


def _split_role(token: str, roles: list[str], prefix_max: int) -> tuple[str, str] | None:
    """(role as written, glued name or "") when the token holds a role word, else None.

    `见习记者徐艳` -> (`见习记者`, `徐艳`); `西海新闻记者` -> (`西海新闻记者`, ``)."""
    for role in roles:  # longest first
        at = token.find(role)
        if at < 0 or at > prefix_max:
            continue
        return token[: at + len(role)], token[at + len(role) :]
    return None


def parse_credit(text: str, settings: BylineSettings) -> tuple[Byline, ...] | None:
    """A credit found inside the text (`记者 王珏 通讯员 胡佳晓 王凌彬`, `文/杜昌营 王敬峰`,
    `刘雪晴 记者 赵红星`, `杨迪 陈怀春`, `陈理杰 摄`), or None when it is not one.

    Roles are kept as written (`西海新闻记者`); names before any role have an empty role,
    or the photo word's role when one follows (`陈理杰 摄` -> role `摄`). Without any role
    word at least two names are needed (`(杨迪 陈怀春)`); a lone name is not a credit.
    """
    if any(word in text for word in settings.credit_stop_words):
        return None
    roles = _longest_first(tuple(dict.fromkeys(settings.roles)))
    extra = set(settings.inline_roles)
    result: list[tuple[str, str]] = []
    role = ""
    saw_role = False
    for token in re.split(r"[\s、，,/:：]+", text.strip()):
        if not token:
            continue
        if token in settings.photo_suffixes or token in extra:
            saw_role = True
            if token in settings.photo_suffixes and result and not role:
                result = [(r or token, n) for r, n in result]  # `陈理杰 摄`
            else:
                role = token
            continue
        split = _split_role(token, roles, settings.role_prefix_max_chars)
        if split is not None:
            role, rest = split
            saw_role = True
            if not rest:
                continue
            token = rest
        if not settings.name.match(token):
            return None
        result.append((role, token))
    if not result or (not saw_role and len(result) < 2):
        return None
    return tuple(Byline(r, n) for r, n in result)


def inline_credits(text: str, settings: BylineSettings) -> tuple[Byline, ...]:
    """Credits inside a normalized report text, in text order, each name once."""
    found: list[tuple[int, Byline]] = []
    for pattern in settings.inline_patterns:
        for m in pattern.finditer(text):
            credit = parse_credit(m.group("credit"), settings)
            found.extend((m.start("credit"), b) for b in credit or ())
    seen: set[str] = set()
    out: list[Byline] = []
    for _, byline in sorted(found, key=lambda x: x[0]):
        if byline.name not in seen:
            seen.add(byline.name)
            out.append(byline)
    return tuple(out)
