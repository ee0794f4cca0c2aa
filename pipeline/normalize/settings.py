"""Settings of the normalize stage, read from `configs/normalize.yaml` and validated at load."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.configfile import ConfigError, load_model
from pipeline.paths import configs_dir


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WidthSettings(_Strict):
    # Full-width digits and Latin letters -> ASCII, U+3000 -> space (a fixed 1:1 table; never
    # NFKC, which changes lengths). Full-width punctuation is kept as in the source.
    enabled: bool = True


class PinyinSettings(_Strict):
    # Debris of a conversion that put pinyin after each character: `機(jī)關(guān)` -> `機關`.
    enabled: bool = True
    pattern: re.Pattern[str] = re.compile(r"[(（][a-zA-Zü]+[)）]")
    # A bracket is debris only if it holds at least one of these tone-marked letters.
    tone_marks: str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"


class ChromeSettings(_Strict):
    # Page furniture that is not report text. A line matching a line pattern is dropped;
    # an inline pattern removes only the matched part of a line.
    line_patterns: list[re.Pattern[str]] = []
    inline_patterns: list[re.Pattern[str]] = []


class LostQuoteSettings(_Strict):
    # Some sources lose their quotation marks and leave a space (`深入推进 践行新使命`).
    # When a document has many spaces between two-character CJK runs inside lines that hold
    # sentence punctuation, every CJK-CJK space of that document is such an artefact.
    enabled: bool = True
    min_count: int = Field(3, ge=1)
    min_per_1000_chars: float = Field(1.0, ge=0)
    sentence_punctuation: str = "，。；,;"
    # Where such a space stood between two phrases (two-character runs of Han, or Han and a
    # Latin/digit word) it is recorded as side data of the report (`NormalizedText.
    # quote_gaps`), never put back into the text: the entity rules may read it as a quote.
    record_gaps: bool = True
    # Recorded gaps alternate opening/closing quote within a clause: these marks (and line
    # breaks) end a clause. The enumeration comma is not one: `“甲、乙”` is one name.
    clause_punctuation: str = "，。；：！？,;:!?"


class SpaceSettings(_Strict):
    # A space next to a CJK run this short (`党 的 十 八 大`) is letter spacing.
    letter_spacing_max_run: int = Field(1, ge=0)
    # A space between digits next to a digit run this short (`2 0 1 9`, `1 2起`) is letter
    # spacing inside a number; longer runs on both sides (`0531-8519 6329`) stay apart.
    digit_spacing_max_run: int = Field(1, ge=0)
    # A space between a number and one of these (`5 %`, `3. 5`) is inside the number.
    number_marks: str = "%‰℃."
    cjk_punctuation: str = "，。、；：？！“”‘’（）《》〈〉【】「」『』…⋯—～·"
    ascii_punctuation: str = ",.;:!?()"
    lost_quote: LostQuoteSettings = LostQuoteSettings()
    # Spaces inside a match of one of these stay as one space whatever the rules above say
    # (fields of a credit `(记者 王某 通讯员 李某)`, a dateline `本报讯 8月4日`); they are not
    # counted as lost quotation marks either.
    keep_patterns: list[re.Pattern[str]] = []


class T2SSettings(_Strict):
    enabled: bool = True
    # Same-length phrase corrections applied after conversion where OpenCC's character
    # choice is wrong in context (`隨著` -> `随著` -> `随着`). Only when conversion changed
    # the text (a Traditional source).
    fixups: dict[str, str] = {}

    @field_validator("fixups")
    @classmethod
    def _same_length(cls, value: dict[str, str]) -> dict[str, str]:
        for bad, good in value.items():
            if len(bad) != len(good):
                raise ValueError(f"fixup {bad!r} -> {good!r} changes the length")
        return value
    # Only length-preserving configs (t2s, hk2s, tw2s): offsets must stay valid (PITFALLS §5).
    config: Literal["t2s", "hk2s", "tw2s"] = "t2s"
    # always: convert every text; auto: only when conversion changes at least this share of
    # the text's CJK characters (text that looks Traditional).
    mode: Literal["always", "auto"] = "always"
    min_changed_share: float = Field(0.05, ge=0, le=1)


class TitleSettings(_Strict):
    # Leading characters stripped from a headline (Markdown marks, kicker dashes).
    strip_leading: str = "#—–-─―~～ \t\u3000"
    # A headline whose every space stands between single characters (`警 方 提 醒`) is
    # letter-spaced: its spaces go (other headline spaces separate phrases and stay).
    collapse_letter_spacing: bool = True


class MojibakeSettings(_Strict):
    # A table of certain repairs: `bad<TAB>good` per line (good may be empty: the bad
    # sequence carries no recoverable text). Relative to the configs folder.
    enabled: bool = True
    table: str | None = None


class SpamSettings(_Strict):
    # Spam a compromised site wrote over report text (`某某体育在线_某某投注-彩票平台:`):
    # `flag` keeps it in the text, lists it in the record and keeps entities out of it;
    # `remove` drops it from the text.
    action: Literal["flag", "remove"] = "flag"
    patterns: list[re.Pattern[str]] = []


class NormalizeSettings(_Strict):
    width: WidthSettings = WidthSettings()
    pinyin: PinyinSettings = PinyinSettings()
    chrome: ChromeSettings = ChromeSettings()
    spaces: SpaceSettings = SpaceSettings()
    t2s: T2SSettings = T2SSettings()
    title: TitleSettings = TitleSettings()
    mojibake: MojibakeSettings = MojibakeSettings()
    spam: SpamSettings = SpamSettings()


def load_settings(path: Path | str | None = None) -> NormalizeSettings:
    """Load normalize settings (default `configs/normalize.yaml`)."""
    path = Path(path) if path is not None else configs_dir() / "normalize.yaml"
    return load_model(path, NormalizeSettings)


def load_mojibake_table(settings: NormalizeSettings, base: Path | None = None) -> dict[str, str]:
    """The certain-repairs table (`bad -> good`), empty when none is configured."""
    cfg = settings.mojibake
    if not cfg.enabled or not cfg.table:
        return {}
    path = (base or configs_dir()) / cfg.table
    table: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read mojibake table: {exc.strerror or exc}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        bad, sep, good = line.partition("\t")
        if not sep or not bad:
            raise ConfigError(f"{path}:{number}: expected `bad<TAB>good`")
        if bad in table:
            raise ConfigError(f"{path}:{number}: {bad!r} listed twice")
        table[bad] = good
    return table
