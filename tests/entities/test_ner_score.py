"""The NER scorer: strict spans per label, micro ALL."""

from __future__ import annotations

from pipeline.entities.ner_score import render, span_scores


def test_span_scores_per_label_and_micro():
    gold = [{(0, 2, "PER"), (3, 5, "LOC")}, {(1, 4, "ORG")}]
    pred = [{(0, 2, "PER"), (3, 6, "LOC")}, {(1, 4, "ORG"), (5, 7, "PER")}]
    rows = {r.label: r for r in span_scores(gold, pred)}
    assert (rows["PER"].tp, rows["PER"].fp, rows["PER"].fn) == (1, 1, 0)
    assert (rows["LOC"].tp, rows["LOC"].fp, rows["LOC"].fn) == (0, 1, 1)
    assert rows["ORG"].f1 == 1.0
    assert (rows["ALL"].tp, rows["ALL"].fp, rows["ALL"].fn) == (2, 2, 1)
    assert round(rows["ALL"].p, 3) == 0.5 and round(rows["ALL"].r, 3) == 0.667


def test_render_is_a_markdown_table():
    text = render("t", span_scores([{(0, 1, "LOC")}], [set()]))
    assert "| LOC | 0.00 | 0.00 | 0.00 | 1 |" in text
