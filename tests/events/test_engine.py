"""`engine.extract` leaves out the specs with no trigger word in the report and, per
sentence, those without a match: the same events as every spec in every sentence (issue 10)."""

from __future__ import annotations

import random
from typing import Any

from pipeline.events import engine
from pipeline.events.roles import DocView
from pipeline.events.spec import load_specs
from pipeline.paths import configs_dir
from pipeline.values import find_quantities
from pipeline.values.settings import settings_or_default

FILLER = ["，", "。", "警方", "3名", "12起", "5月9日", "在", "峤南县", "共", "同比下降15%",
          "嫌疑人", "尚未", "计划", "1000元", "、", "和"]


def _reference(specs: list, doc: DocView, sentences: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """The loop `extract` replaced: every spec's words in every sentence."""
    events: list[dict[str, Any]] = []
    for sent in sentences:
        matches = engine.find_matches(specs, doc.text, *sent, doc.engine)
        for spec in specs:
            for group in engine._groups(matches, spec, doc.text, doc.engine.clause_breaks, sent):
                hit = engine._context(group, matches, doc, sent)
                filled = engine._fill_roles(spec, hit, doc)
                if not engine._required([m.rule for m in group], filled):
                    continue
                rule = engine.trigger_rule_id(spec, group[0])
                for roles in engine._split(spec, filled, hit, doc):
                    events.append(engine._event(spec, hit, roles, rule, doc.text))
    return engine._dedupe(sorted(events, key=engine._order))


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == "。":
            out.append((start, i + 1))
            start = i + 1
    if start < len(text):
        out.append((start, len(text)))
    return out


def test_extract_equals_every_spec_in_every_sentence() -> None:
    eng, specs = load_specs(configs_dir() / "events")
    values = settings_or_default(None)
    words = sorted({w for spec in specs for rule in spec.triggers for w in rule.words})
    rng = random.Random(4)
    found = 0
    for _ in range(150):
        parts = [rng.choice(words) if rng.random() < 0.4 else rng.choice(FILLER)
                 for _ in range(rng.randint(1, 40))]
        text = "".join(parts)
        doc = DocView(text=text, year=2023, ents=[], quantities=find_quantities(text, 2023),
                      engine=eng, values=values)
        sentences = _sentences(text)
        got = engine.extract(specs, doc, sentences)
        assert got == _reference(specs, doc, sentences)
        found += len(got)
    assert found > 50

