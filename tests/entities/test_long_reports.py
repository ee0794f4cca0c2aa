"""The entity engine's linear paths (token splits, repeated names, the combine policy)
give the same answers as the plain quadratic ones they replace."""

from __future__ import annotations

import numpy
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy import registry
from spacy.attrs import SENT_START
from spacy.tokens import Doc

from pipeline.docext import ensure_extensions
from pipeline.entities.merge import Candidate, _overlaps
from pipeline.entities.ruler import (
    _rebuild_split,
    _repeat_mentions,
    _split_with_retokenizer,
    split_tokens_at,
)

NLP = spacy.blank("zh")
WORDS = st.lists(st.text("公安局抓获张三 ", min_size=1, max_size=5).filter(str.strip),
                 min_size=1, max_size=25)


def _doc(words: list[str], sent_every: int = 3) -> Doc:
    words = [w.strip() for w in words]
    doc = Doc(NLP.vocab, words=words, spaces=[i % 4 == 3 for i in range(len(words))])
    starts = numpy.array([1 if i % sent_every == 0 else -1 for i in range(len(doc))],
                         dtype="int64").astype("uint64").reshape(-1, 1)
    doc.from_array([SENT_START], starts)
    return doc


def _tokens(doc: Doc) -> list[tuple[str, int, str]]:
    return [(t.text, t.idx, t.whitespace_) for t in doc]


@settings(max_examples=150, deadline=None)
@given(WORDS, st.sets(st.integers(0, 130), max_size=12))
def test_rebuilt_split_matches_the_retokenizer(words: list[str], offsets: set[int]) -> None:
    from pipeline.entities.ruler import _cuts_inside_tokens

    a, b = _doc(words), _doc(words)
    cuts = _cuts_inside_tokens(a, offsets)
    if not cuts:
        return
    fast, slow = _rebuild_split(a, cuts), _split_with_retokenizer(b, cuts)
    assert _tokens(fast) == _tokens(slow)
    assert fast.text == a.text
    # every cut is a token boundary now; sentence starts stay where they were
    bounds = {t.idx for t in fast} | {t.idx + len(t) for t in fast}
    inside = {o for o in offsets for t in a if t.idx < o < t.idx + len(t)}
    assert inside <= bounds
    old_starts = {t.idx for t in a if t.is_sent_start}
    assert {t.idx for t in fast if t.is_sent_start} == old_starts


def test_split_keeps_doc_values_and_entities() -> None:
    ensure_extensions()
    doc = _doc(["来到", "在古山", "派出所", "报案"])
    doc._.sent_spans = [(0, 10)]
    doc.ents = [doc.char_span(5, 8, label="UNIT")]
    out = split_tokens_at(doc, {3})
    assert [t.text for t in out] == ["来到", "在", "古山", "派出所", "报案"]
    assert out._.sent_spans == [(0, 10)]
    assert [(e.text, e.label_) for e in out.ents] == [("派出所", "UNIT")]


def test_nothing_to_split_returns_the_same_doc() -> None:
    doc = _doc(["来到", "派出所"])
    assert split_tokens_at(doc, {0, 2, 5}) is doc


def test_a_tagged_doc_goes_through_the_retokenizer() -> None:
    doc = _doc(["来到", "在古山"])
    doc[1].tag_ = "NN"
    out = split_tokens_at(doc, {3})
    assert out is doc  # split in place, the tags kept
    assert [t.text for t in out] == ["来到", "在", "古山"]


def _repeats_plain(chosen, text, labels):
    out = []
    for cand in chosen:
        name = text[cand.start : cand.end]
        if cand.label not in labels or len(name) < 2 or "某" in name:
            continue
        start = text.find(name)
        while start >= 0:
            if start != cand.start:
                out.append(Candidate(cand.label, start, start + len(name), 0.62,
                                     cand.rule + "+repeat", dict(cand.attrs)))
            start = text.find(name, start + 1)
    return out


def test_repeat_mentions_find_each_name_once_with_the_same_result() -> None:
    text = "所长王立新说，王立新带队，王某与王立新、王立王立新到场。"
    chosen = [Candidate("OFFICIAL", 2, 5, 0.9, "t.official", {"title": "所长"}),
              Candidate("PERSON", 7, 10, 0.8, "t.person"),
              Candidate("PERSON", 13, 15, 0.8, "t.pseudonym")]
    got = _repeat_mentions(chosen, text, {"OFFICIAL", "PERSON"})
    assert got == _repeats_plain(chosen, text, {"OFFICIAL", "PERSON"})
    assert [c.attrs for c in got] == [c.attrs for c in _repeats_plain(chosen, text,
                                                                      {"OFFICIAL", "PERSON"})]
    assert {(c.start, c.rule) for c in got} >= {(7, "t.official+repeat"), (2, "t.person+repeat")}



def _first_of_each(cands: list[Candidate]) -> list[Candidate]:
    seen, out = set(), []
    for c in cands:
        key = (c.label, c.start, c.end, c.score, c.rule, tuple(sorted(c.attrs.items())))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


@settings(max_examples=200, deadline=None)
@given(st.text("王立新某所长说", min_size=2, max_size=40),
       st.lists(st.tuples(st.integers(0, 39), st.integers(2, 4), st.sampled_from("ab"),
                          st.sampled_from(["PERSON", "OFFICIAL"])), max_size=8))
def test_repeats_of_a_name_found_often_are_made_once_and_merge_the_same(text, picks) -> None:
    from pipeline.entities.merge import score_then_longest

    chosen = [Candidate(label, s, s + n, 0.8, f"t.{rule}", {"k": rule})
              for s, n, rule, label in picks if s + n <= len(text)]
    labels = {"OFFICIAL", "PERSON"}
    plain = _repeats_plain(chosen, text, labels)
    got = _repeat_mentions(chosen, text, labels)
    # the plain list without its later identical copies, in the same order
    assert [(c, c.attrs) for c in got] == [(c, c.attrs) for c in _first_of_each(plain)]
    policy = score_then_longest("fallback")
    merged, merged_plain = policy(chosen + got), policy(chosen + plain)
    assert [(c, c.attrs) for c in merged] == [(c, c.attrs) for c in merged_plain]


# --- the rules+model combine policy: bisection vs the plain scan ---------------------------

SETTINGS = {
    "add": ["PERSON", "LOC", "ORG"],
    "override": {"PERSON": ["LOC", "ORG"]},
    "override_below": {"PERSON": 0.8},
    "extend_same_label": ["PERSON", "UNIT", "LOC", "ORG"],
}


def _plain_policy(rules, model):
    """The policy as it was written before (a scan over every kept entity)."""
    def may_replace(m, r):
        if m.label in SETTINGS["extend_same_label"] and r.label == m.label:
            if m.start <= r.start and r.end <= m.end and m.length > r.length:
                return True
        allowed = SETTINGS["override"].get(m.label, [])
        return r.label in allowed and r.score < SETTINGS["override_below"].get(m.label, 0.0)

    kept = list(rules)
    for cand in sorted(model, key=lambda c: (-c.length, c.start, c.label)):
        clashes = [r for r in kept if _overlaps(r, cand)]
        if not clashes:
            if cand.label in SETTINGS["add"]:
                kept.append(cand)
            continue
        if all(may_replace(cand, r) for r in clashes):
            kept = [r for r in kept if not _overlaps(r, cand)]
            kept.append(cand)
    return sorted(kept, key=lambda c: (c.start, c.end))


LABELS = st.sampled_from(["PERSON", "LOC", "ORG", "UNIT"])
SPAN = st.tuples(LABELS, st.integers(0, 60), st.integers(1, 6), st.sampled_from([0.5, 0.9]))


def _cands(spans, rule: str) -> list[Candidate]:
    return [Candidate(lab, s, s + n, score, rule) for lab, s, n, score in spans]


def _non_overlapping(cands: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (c.start, c.end)):
        if not out or out[-1].end <= c.start:
            out.append(c)
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(SPAN, max_size=15), st.lists(SPAN, max_size=15), st.booleans())
def test_combine_policy_matches_the_plain_scan(rule_spans, model_spans, disjoint) -> None:
    rules = _cands(rule_spans, "rule")
    if disjoint:  # doc.ents never overlap: the bisection path; else the fallback
        rules = _non_overlapping(rules)
    model = _cands(model_spans, "model")
    policy = registry.misc.get("bulletin.rules_then_model.v1")(**SETTINGS)
    assert policy(rules, model) == _plain_policy(rules, model)


# --- the char NER scores a long text in windows: same rows as in one piece -----------------


def test_windowed_ner_scores_equal_the_whole_text(monkeypatch) -> None:
    import numpy as np

    from pipeline.entities import ner
    from pipeline.paths import project_root

    model = spacy.load(project_root() / "models" / "ner")
    assert ner._reach(model) == 3  # window 1, depth 3: a score sees 3 characters each side
    text = "市公安局刑侦大队民警王立新在东山县抓获犯罪嫌疑人李某等3人。\n" * 40
    monkeypatch.setattr(ner, "CHUNK_CHARS", 10**9)
    (whole,) = ner._score_matrices(model, [text])
    spans = ner.tag_spans(model, [text])
    monkeypatch.setattr(ner, "CHUNK_CHARS", 97)  # cuts fall mid-word, mid-name
    (parts,) = ner._score_matrices(model, [text])
    assert parts.shape == whole.shape == (len(text), len(model.get_pipe("tagger").labels))
    assert np.allclose(parts, whole, atol=1e-5)
    assert ner.tag_spans(model, [text]) == spans
    assert ner._chunks(10, 4, 2) == [(0, 6, 0, 4), (2, 10, 4, 8), (6, 10, 8, 10)]


def test_a_name_found_at_every_place_by_one_rule_repeats_once_per_place() -> None:
    from pipeline.entities.merge import score_then_longest

    text = "王立新说王立新说王立新"
    chosen = [Candidate("PERSON", s, s + 3, 0.8, "t.a", {"k": "a"}) for s in (0, 4, 8)]
    plain = _repeats_plain(chosen, text, {"PERSON"})
    got = _repeat_mentions(chosen, text, {"PERSON"})
    assert len(plain) == 6
    assert [(c.start, c.rule) for c in got] == [(4, "t.a+repeat"), (8, "t.a+repeat"),
                                                (0, "t.a+repeat")]
    policy = score_then_longest("fallback")
    assert policy(chosen + got) == policy(chosen + plain)
