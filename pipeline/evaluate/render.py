"""Readable tables of an `EvalResult` (rich), and their plain-text form.

The summary block comes LAST on purpose: a session hook shows only the tail of the output,
so the headline numbers must be in the final lines.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from pipeline.evaluate.metrics import ENTITY_MODES, Counts, EvalResult

# Short column prefixes keep the entity table within ~110 columns; the caption spells them out.
MODE_TITLES = {"strict": "str", "lenient": "len", "mention_set": "set"}
ENTITY_CAPTION = (
    "str = strict (same offsets), len = lenient (overlapping spans), "
    "set = mention-set ((label, norm) per report)"
)

# rich's SIMPLE box drawn with ASCII '-' so that text output is plain ASCII apart from data.
ASCII_SIMPLE = box.Box(
    "    \n"
    "    \n"
    " -- \n"
    "    \n"
    "    \n"
    " -- \n"
    "    \n"
    "    \n",
    ascii=True,
)


def _prf(c: Counts) -> list[str]:
    return [f"{c.precision:.4f}", f"{c.recall:.4f}", f"{c.f1:.4f}"]


def _counts(c: Counts) -> list[str]:
    return [str(c.tp), str(c.fp), str(c.fn), str(c.support)]


def entity_table(result: EvalResult, box_style: box.Box = box.SIMPLE) -> Table:
    table = Table(
        title="Entities (strict / lenient / mention-set) per label",
        caption=ENTITY_CAPTION,
        box=box_style,
        title_justify="left",
        caption_justify="left",
    )
    table.add_column("label", no_wrap=True, min_width=len("Core labels micro"))
    for mode in ENTITY_MODES:
        for metric in ("P", "R", "F1"):
            table.add_column(f"{MODE_TITLES[mode]} {metric}", justify="right", no_wrap=True)
    # gold mentions, and gold distinct (label, norm) pairs summed over reports
    table.add_column("gold", justify="right", no_wrap=True)
    table.add_column("gold set", justify="right", no_wrap=True)

    def row(name: str, cells: dict[str, Counts], end_section: bool = False) -> None:
        values = [v for mode in ENTITY_MODES for v in _prf(cells[mode])]
        table.add_row(
            name, *values, str(cells["strict"].support), str(cells["mention_set"].support),
            end_section=end_section,
        )

    labels = result.entity_labels()
    for i, label in enumerate(labels):
        cells = {m: result.entities[m].get(label, Counts()) for m in ENTITY_MODES}
        row(label, cells, end_section=i == len(labels) - 1)
    row("Core labels micro", {m: result.entity_micro(m, core_only=True) for m in ENTITY_MODES})
    row("All labels micro", {m: result.entity_micro(m) for m in ENTITY_MODES})
    return table


SET_CAPTION = "set = per report, as sets (SCHEMA §6): offsets ignored"
SET_COLUMNS = ("set P", "set R", "set F1", "set gold")


def _set_cells(c: Counts) -> list[str]:
    return [*_prf(c), str(c.support)]


def trigger_table(result: EvalResult, box_style: box.Box = box.SIMPLE) -> Table:
    table = Table(title="Triggers per event type (offsets / sets)", caption=SET_CAPTION,
                  box=box_style, title_justify="left", caption_justify="left")
    for name in ("type", "P", "R", "F1", "tp", "fp", "fn", "support", *SET_COLUMNS):
        table.add_column(name, justify="left" if name == "type" else "right", no_wrap=True)
    types = [t for t in result.event_types() if t in result.triggers or t in result.trigger_sets]
    for i, t in enumerate(types):
        c = result.triggers.get(t, Counts())
        sc = result.trigger_sets.get(t, Counts())
        table.add_row(t, *_prf(c), *_counts(c), *_set_cells(sc),
                      end_section=i == len(types) - 1)
    c = result.trigger_micro()
    table.add_row("micro", *_prf(c), *_counts(c), *_set_cells(result.trigger_set_micro()))
    return table


def argument_table(result: EvalResult, box_style: box.Box = box.SIMPLE) -> Table:
    table = Table(title="Arguments per event type (offsets / sets)", caption=SET_CAPTION,
                  box=box_style, title_justify="left", caption_justify="left")
    for name in ("type", "P", "R", "F1", "tp", "fp", "fn", "support", "F1 strict-value",
                 *SET_COLUMNS):
        table.add_column(name, justify="left" if name == "type" else "right", no_wrap=True)
    types = result.event_types()
    for i, t in enumerate(types):
        c = result.argument_type(t)
        sv = result.argument_type(t, "arguments_strict_value")
        table.add_row(t, *_prf(c), *_counts(c), f"{sv.f1:.4f}",
                      *_set_cells(result.argument_set_type(t)), end_section=i == len(types) - 1)
    c = result.argument_micro()
    sv = result.argument_micro("arguments_strict_value")
    table.add_row("micro", *_prf(c), *_counts(c), f"{sv.f1:.4f}",
                  *_set_cells(result.argument_set_micro()))
    return table


def summary_lines(result: EvalResult) -> list[str]:
    """The headline block (plain strings, so it reads the same in colour and in files)."""
    h = result.headline()
    trig, arg = result.trigger_micro(), result.argument_micro()
    return [
        "== Summary ==",
        f"reports          matched {len(result.matched_reports)}  missing (gold only) "
        f"{len(result.missing_reports)}  extra (pred only) {len(result.extra_reports)}  "
        f"offset warnings {len(result.warnings)}",
        f"core entities    strict F1 {h['core_strict_f1']:.4f}  lenient F1 "
        f"{h['core_lenient_f1']:.4f}  mention-set F1 {h['core_mention_set_f1']:.4f}",
        f"all entities     strict F1 {h['all_strict_f1']:.4f}  lenient F1 "
        f"{h['all_lenient_f1']:.4f}  mention-set F1 {h['all_mention_set_f1']:.4f}",
        f"triggers         F1 {h['trigger_f1']:.4f}  (P {trig.precision:.4f} R {trig.recall:.4f}"
        f"  tp {trig.tp} fp {trig.fp} fn {trig.fn})",
        f"arguments        F1 {h['argument_f1']:.4f}  (P {arg.precision:.4f} R {arg.recall:.4f}"
        f"  tp {arg.tp} fp {arg.fp} fn {arg.fn})  strict-value F1 "
        f"{h['argument_strict_value_f1']:.4f}",
        f"event sets       trigger set F1 {h['trigger_set_f1']:.4f}  argument set F1 "
        f"{h['argument_set_f1']:.4f}",
    ]


def render_tables(result: EvalResult, box_style: box.Box = box.SIMPLE) -> RenderableType:
    """All tables followed by the summary, as one rich renderable for `Console.print`."""
    parts: list[RenderableType] = [
        entity_table(result, box_style),
        trigger_table(result, box_style),
        argument_table(result, box_style),
    ]
    if result.warnings:
        shown = result.warnings[:5]
        more = len(result.warnings) - len(shown)
        lines = "\n".join(f"  {w}" for w in shown) + (f"\n  … and {more} more" if more else "")
        parts.append(Text(f"Warnings ({len(result.warnings)}):\n{lines}", style="yellow"))
    parts.append(Text("\n".join(summary_lines(result)), style="bold"))
    return Group(*parts)


def format_text(result: EvalResult, width: int = 120) -> str:
    """Plain text (no colour, ASCII rules) of `render_tables`, for tests and files."""
    buf = io.StringIO()
    console = Console(
        file=buf, width=width, color_system=None, force_terminal=False, no_color=True,
        highlight=False, emoji=False, legacy_windows=False,
    )
    console.print(render_tables(result, box_style=ASCII_SIMPLE))
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"
