"""Bytes -> text: BOM, UTF-16 without BOM, strict UTF-8, then GB18030/Big5 detection.

Order follows PITFALLS §5: charset-normalizer alone misreads short GBK input as cp949 and
"first codec that decodes" reads Big5 as GB18030, so detection is restricted to the codecs
bulletins really use and only consulted when more than one of them decodes cleanly.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import logging
import re
from pathlib import Path

from pipeline.ingest.html import extract_html, looks_like_html
from pipeline.ingest.models import IngestError, SourceFile
from pipeline.ingest.settings import DecodeSettings, IngestSettings, load_ingest_settings

log = logging.getLogger(__name__)

# (BOM, codec that strips it). UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F (checked in the tests);
# the controls that count against a file are those minus the allowed ones.
_CONTROLS = re.compile(
    "["
    + "".join(
        re.escape(chr(c))
        for c in [*range(0x20), *range(0x7F, 0xA0)]
        if chr(c) not in _ALLOWED_CONTROLS
    )
    + "]"
)
STDIN_NAME = "-"


def _codec_name(name: str) -> str:
    return codecs.lookup(name).name


def _strict(data: bytes, codec: str, path: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise IngestError(
            path, exc.start, f"undecodable bytes at offset {exc.start} for {codec} (BOM present)"
        ) from None


def _from_bom(data: bytes, path: str) -> tuple[str, str] | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec, path)
            name = {"utf-8-sig": "utf-8-sig"}.get(
                codec, codec + ("-le" if bom[0] == 0xFF else "-be")
            )
            return text.lstrip("\ufeff"), name
    return None


def _plausible(ch: str) -> bool:
    """A character that ordinary bulletin text is made of (not CJK Ext A, not rare scripts)."""
    o = ord(ch)
    return (
        0x20 <= o < 0x7F
        or ch in "\t\n\r"
        or 0x4E00 <= o <= 0x9FFF
        or 0x2000 <= o <= 0x206F  # general punctuation: dashes, quotes, ellipsis
        or 0x3000 <= o <= 0x303F  # CJK punctuation
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
    )


def _utf16_without_bom(data: bytes, settings: DecodeSettings, path: str) -> tuple[str, str]:
    """Text with NUL bytes: UTF-16 if one byte order gives plausible text, else binary.

    NUL bytes alone do not tell the byte order: CJK characters such as U+5F00 hold one too.
    Decoded in the wrong order, newlines and digits become rare scripts, which the
    plausibility share catches.
    """
    first_nul = data.index(b"\x00")
    best: tuple[float, str, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share = sum(map(_plausible, text)) / max(len(text), 1)
        if best is None or share > best[0]:
            best = (share, text, codec)
    if best is not None and best[0] >= settings.utf16_min_plausible:
        return best[1], best[2]
    raise IngestError(
        path,
        first_nul,
        f"binary content (NUL bytes at offset {first_nul}), expected text or HTML",
    )


def _control_offset(text: str, settings: DecodeSettings) -> int | None:
    """Offset of the first control character if there are too many of them, else None."""
    # one regex pass instead of a Python loop over every character (~1 us/char)
    first = _CONTROLS.search(text)
    if first is None:
        return None
    count = sum(1 for _ in _CONTROLS.finditer(text, first.start()))
    if count > settings.max_control_ratio * len(text):
        return first.start()
    return None


def _detect(data: bytes, settings: DecodeSettings, path: str, hint: str | None) -> tuple[str, str]:
    """Decode non-UTF-8 bytes with one of the candidate codecs."""
    decoded: dict[str, str] = {}
    first_error: int | None = None
    candidates = [_codec_name(c) for c in settings.candidate_encodings]
    if hint:
        candidates.insert(0, hint)
    for codec in dict.fromkeys(candidates):
        if codec == "utf-8":
            continue  # strict UTF-8 already failed
        try:
            decoded[codec] = data.decode(codec)
        except UnicodeDecodeError as exc:
            first_error = exc.start if first_error is None else max(first_error, exc.start)
    if not decoded:
        names = ", ".join(dict.fromkeys(candidates))
        offset = first_error if first_error is not None else 0
        raise IngestError(
            path, offset, f"undecodable bytes at offset {offset} (tried {names}), expected text"
        )
    if hint and hint in decoded:
        return decoded[hint], hint
    if len(decoded) == 1:
        codec = next(iter(decoded))
        return decoded[codec], codec
    fallback = _codec_name(settings.fallback_encoding)
    if len(data) >= settings.min_detect_bytes:
        from charset_normalizer import from_bytes  # only here: ~0.015 CPU-s to import

        best = from_bytes(data, cp_isolation=list(decoded)).best()
        if best is not None and _codec_name(best.encoding) in decoded:
            codec = _codec_name(best.encoding)
            return decoded[codec], codec
    else:
        # Too short for statistics: the reading with fewer characters outside both codecs'
        # common sets wins (Big5 read as GB18030 gives kana, Cyrillic, rare hanzi); a tie
        # keeps the fallback.
        codec = min(decoded, key=lambda c: (_uncommon(decoded[c]), c != fallback))
        if _uncommon(decoded[codec]) < _uncommon(decoded.get(fallback, decoded[codec])):
            log.warning("%s: short input read as %s (fewer rare characters than as %s)",
                        path, codec, fallback)
            return decoded[codec], codec
        log.warning("%s: input too short to detect its encoding, read as %s", path, fallback)
    codec = fallback if fallback in decoded else next(iter(decoded))
    return decoded[codec], codec


@functools.cache
def _common_hanzi() -> frozenset[str]:
    """GB2312 level 1 (3,755 common simplified hanzi) and Big5 level 1 (5,401 common
    traditional ones), read from the codecs themselves: no table to maintain."""
    chars: set[str] = set()
    for codec, leads, trails in (
        ("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
        ("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]),
    ):
        for lead in leads:
            for trail in trails:
                try:
                    chars.add(bytes((lead, trail)).decode(codec))
                except UnicodeDecodeError:
                    continue
    return frozenset(chars)


def _uncommon(text: str) -> int:
    """Characters a Chinese text rarely has: not ASCII, CJK or full-width punctuation, nor
    a common hanzi of either standard."""
    common = _common_hanzi()
    return sum(
        1 for ch in text
        if not (ch.isascii() or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
                or ch in common)
    )


def _html_hint(data: bytes, settings: IngestSettings) -> str | None:
    head = data[:4096].decode("ascii", errors="ignore")
    if not looks_like_html(head, settings.html):
        return None
    match = settings.html.meta_charset.search(head)
    if not match:
        return None
    try:
        name = _codec_name(match.group(1))
    except LookupError:
        return None
    # Pages labelled gb2312/gbk routinely hold GB18030-only characters: read the superset.
    return "gb18030" if name in {"gb2312", "gbk"} else name


def decode_bytes(data: bytes, path: str, settings: IngestSettings) -> tuple[str, str]:
    """Return (text, encoding name) or raise IngestError (empty, binary, undecodable)."""
    if not data:
        raise IngestError(path, None, "empty file (0 bytes), expected text or HTML")
    result = _from_bom(data, path)
    if result is None and b"\x00" in data:
        result = _utf16_without_bom(data, settings.decode, path)
    if result is None:
        try:
            result = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            result = _detect(data, settings.decode, path, _html_hint(data, settings))
    text, encoding = result
    bad = _control_offset(text, settings.decode)
    if bad is not None:
        raise IngestError(
            path, bad, f"binary content (control characters at character {bad}), expected text"
        )
    if not text.strip():
        raise IngestError(path, None, "empty file (only whitespace), expected text or HTML")
    return text, encoding


def read_source(
    path: Path | str, data: bytes | None = None, settings: IngestSettings | None = None
) -> SourceFile:
    """Read and decode one input file; `data` gives the bytes for stdin (path `-`)."""
    settings = settings or load_ingest_settings()
    name = str(path)
    is_stdin = name == STDIN_NAME
    if data is None:
        if is_stdin:
            raise IngestError(name, None, "stdin given without data")
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise IngestError(name, None, "no such file") from None
        except IsADirectoryError:
            raise IngestError(name, None, "is a directory, expected a file") from None
        except OSError as exc:
            raise IngestError(name, None, f"cannot read file: {exc.strerror or exc}") from None
    text, encoding = decode_bytes(data, name, settings)
    suffix = "" if is_stdin else Path(name).suffix.lower()
    kind = (
        "html"
        if suffix in settings.html.extensions or looks_like_html(text, settings.html)
        else "text"
    )
    headings: tuple[tuple[int, int], ...] = ()
    if kind == "html":
        text, headings = extract_html(text, settings.html, name)
        if not text.strip():
            raise IngestError(name, None, "empty file (HTML without text), expected a report")
    return SourceFile(
        path=name,
        stem="stdin" if is_stdin else Path(name).stem,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        kind=kind,
        text=text,
        headings=headings,
    )
