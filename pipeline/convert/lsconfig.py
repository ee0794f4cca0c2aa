"""The Label Studio labeling config for our labels, generated from the contract.

`configs/labelstudio.xml` is this function's output (regenerate with
`python -m pipeline.convert.lsconfig`); a test keeps the two equal, so a label or role
added to the contract cannot be forgotten in the annotation tool.
"""

from __future__ import annotations

from typing import get_args
from xml.sax.saxutils import quoteattr

from ..events.spec import EVENT_ROLES
from ..paths import project_root
from ..records.model import Entity
from .common import LABEL_COLORS

HEADER = """<!-- Label Studio labeling config for bulletin records (generated: python -m
     pipeline.convert.lsconfig). Import the tasks that `bulletin convert` writes for Label Studio.
     entity: entity spans, with per-region norm and attrs (key=value, one per line);
     trigger: one region per event, labelled with the event type;
     argument: one region per argument, labelled with its role, with a per-region value
     (normalized value: bare text, or JSON for numbers and {"n": …} quantities);
     a relation trigger -> argument puts the argument in that event. -->"""


def roles() -> list[str]:
    seen: dict[str, None] = {}
    for names in EVENT_ROLES.values():
        seen.update(dict.fromkeys(names))
    return list(seen)


def labelstudio_config() -> str:
    labels = get_args(Entity.model_fields["label"].annotation)
    lines = [HEADER, "<View>", '  <Header value="$title"/>',
             # offsets count every character: show spaces and line breaks as they are
             "  <Style>.htx-text { white-space: pre-wrap; }</Style>"]
    lines += _labels("entity", labels, colors=True)
    lines += _labels("trigger", list(EVENT_ROLES))
    lines += _labels("argument", roles())
    lines.append('  <Text name="text" value="$text" granularity="symbol"/>')
    lines.append("  <Relations>")
    lines += [f"    <Relation value={quoteattr(r)}/>" for r in roles()]
    lines.append("  </Relations>")
    lines += [
        '  <View visibleWhen="region-selected" whenTagName="entity">',
        '    <TextArea name="norm" toName="text" perRegion="true" editable="true"'
        ' maxSubmissions="1" placeholder="norm"/>',
        '    <TextArea name="attrs" toName="text" perRegion="true" editable="true"'
        ' placeholder="key=value (canonical, title, role)"/>',
        "  </View>",
        '  <View visibleWhen="region-selected" whenTagName="argument">',
        '    <TextArea name="value" toName="text" perRegion="true" editable="true"'
        ' maxSubmissions="1" placeholder="normalized value"/>',
        "  </View>",
        "</View>",
    ]
    return "\n".join(lines) + "\n"


def _labels(name: str, values, colors: bool = False) -> list[str]:
    out = [f'  <Labels name="{name}" toName="text">']
    for value in values:
        color = f" background={quoteattr(LABEL_COLORS[value])}" if colors else ""
        out.append(f"    <Label value={quoteattr(value)}{color}/>")
    return out + ["  </Labels>"]


def config_path():
    return project_root() / "configs" / "labelstudio.xml"


if __name__ == "__main__":
    config_path().write_text(labelstudio_config(), encoding="utf-8")
    print(f"wrote {config_path()}")
