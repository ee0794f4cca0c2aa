"""The generic event engine: triggers -> role fillers -> requirements -> split -> events.

Sentence by sentence: every spec's trigger words are matched (longest first, vetoed by
`exclude` contexts), a match lying strictly inside a longer match of another type is
dropped (`获` inside `破获`), and the remaining matches bound each other's scopes (a list
`收网…11个,打处…135人` gives each trigger its own object). Each match then fills its roles
from the spec's sources; a match whose required roles stay empty makes no event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..textutil import strip_marks
from .roles import Arg, DocView, HitContext, fill, rx, rx_at_end
from .spec import EngineSettings, EventSpec, Source, TriggerRule, per_spec, role_order


@dataclass(frozen=True)
class Match:
    spec: EventSpec
    rule: TriggerRule
    word: str
    start: int
    end: int


def _vetoed(text: str, start: int, end: int, exclude: list[str]) -> bool:
    for ctx in exclude:
        lo = max(0, start - len(ctx) + 1)
        # Only an occurrence starting before `end` can overlap: bound the search there, or
        # a context word absent from the rest of the report costs a scan to its end, per
        # trigger (quadratic on one long report).
        hi = end + len(ctx) - 1
        pos = text.find(ctx, lo, hi)
        while 0 <= pos < end:
            if pos < end and start < pos + len(ctx):
                return True
            pos = text.find(ctx, pos + 1, hi)
    return False


def _ordered_words(spec: EventSpec) -> list[tuple[str, TriggerRule]]:
    """The spec's trigger words, longest first (then by text); sorted once per spec (a
    loaded spec is never changed), not once per report."""
    return per_spec(_ORDERED, spec, lambda: sorted(
        ((w, rule) for rule in spec.triggers for w in rule.words),
        key=lambda x: (-len(x[0]), x[0]),
    ))


_ORDERED: dict[int, tuple[EventSpec, list[tuple[str, TriggerRule]]]] = {}


def _in_text(words: list[tuple[str, TriggerRule]], text: str,
             present: dict[str, bool]) -> list[tuple[str, TriggerRule]]:
    """The words (in their order) that occur in the report: a word it lacks matches in no
    sentence, so it is looked for once per report, not once per sentence. `present`
    remembers each word's answer across the specs of one report."""
    out = []
    for word, rule in words:
        hit = present.get(word)
        if hit is None:
            hit = present[word] = word in text
        if hit:
            out.append((word, rule))
    return out


def _spec_matches(spec: EventSpec, text: str, lo: int, hi: int,
                  words: list[tuple[str, TriggerRule]] | None = None) -> list[Match]:
    """Non-overlapping matches of one spec's trigger words in text[lo:hi], longest first.
    `words`: the spec's `_ordered_words`, when the caller sorted them once per report."""
    if words is None:
        words = _ordered_words(spec)
    taken: list[Match] = []
    for word, rule in words:
        pos = text.find(word, lo, hi)
        while pos >= 0 and pos + len(word) <= hi:
            end = pos + len(word)
            # The same word may be listed by several rules with other conditions: each
            # rule may take it (the events they make are the same and deduplicated).
            free = all(end <= m.start or m.end <= pos or (m.start, m.word) == (pos, word)
                       for m in taken)
            follows = rule.followed_by is None or rx(rule.followed_by).match(text[end:hi])
            follows = follows and (rule.preceded_by is None
                                   or rx_at_end(rule.preceded_by).search(text[lo:pos]))
            if free and follows and not _vetoed(text, pos, end, rule.exclude):
                taken.append(Match(spec, rule, word, pos, _extended(rule, text, end, hi)))
            pos = text.find(word, pos + 1, hi)
    return taken


def _extended(rule: TriggerRule, text: str, end: int, hi: int) -> int:
    """The trigger's end after the rule's `extend` regex (if it matches right after)."""
    if rule.extend is None:
        return end
    m = rx(rule.extend).match(text[end:hi])
    return end + m.end() if m else end


def find_matches(specs: list[EventSpec], text: str, lo: int, hi: int,
                 engine: EngineSettings | None = None,
                 ordered: list[list[tuple[str, TriggerRule]]] | None = None) -> list[Match]:
    """All trigger matches of a sentence, minus those inside a longer match of another type
    and those negated or planned (`尚未抓获`, `力争破获`). `ordered`: each spec's
    `_ordered_words`, sorted once per report instead of once per sentence and spec."""
    if ordered is None:
        ordered = [_ordered_words(spec) for spec in specs]
    matches = [m for spec, words in zip(specs, ordered, strict=True)
               for m in _spec_matches(spec, text, lo, hi, words)]
    if engine is not None and engine.negated_or_planned:
        matches = [m for m in matches if not _negated(text, engine, lo, m)]
    if engine is not None and engine.names_a_metric:
        metric = rx(engine.names_a_metric)
        matches = [m for m in matches
                   if m.spec.type == "STAT_CHANGE" or not metric.match(text[m.end:hi])]
    kept = [
        m for m in matches
        if not any(
            o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
            for o in matches
        )
    ]
    return sorted(kept, key=lambda m: (m.start, m.end, m.spec.type))


def _negated(text: str, engine: EngineSettings, lo: int, m: Match) -> bool:
    a = m.start
    while a > lo and text[a - 1] not in engine.clause_breaks:
        a -= 1
    return rx(engine.negated_or_planned or "(?!)").search(text[a:m.start]) is not None


def clause_of(text: str, breaks: str, sent: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    lo, hi = sent
    a = start
    while a > lo and text[a - 1] not in breaks:
        a -= 1
    b = end
    while b < hi and text[b] not in breaks:
        b += 1
    return a, b


def _groups(matches: list[Match], spec: EventSpec, text: str, breaks: str,
            sent: tuple[int, int]) -> list[list[Match]]:
    """The spec's matches, grouped per clause when the spec merges (else one per group)."""
    own = [m for m in matches if m.spec is spec]
    if spec.merge != "clause":
        return [[m] for m in own]
    groups: dict[tuple[int, int], list[Match]] = {}
    for m in own:
        groups.setdefault(clause_of(text, breaks, sent, m.start, m.end), []).append(m)
    return list(groups.values())


def _context(group: list[Match], matches: list[Match], doc: DocView,
             sent: tuple[int, int]) -> HitContext:
    first, last = group[0], group[-1]
    # `m in group` compares Matches by value (their specs through pydantic's __eq__): only
    # a match at the place and with the word of a group member can equal one.
    places = {(g.start, g.end, g.word) for g in group}
    others = [m for m in matches if (m.start, m.end) != (first.start, first.end)
              and ((m.start, m.end, m.word) not in places or m not in group)]
    prev_end = max((m.end for m in others if m.end <= first.start), default=-1)
    next_start = min((m.start for m in others if m.start >= last.end), default=len(doc.text))
    clause = clause_of(doc.text, doc.engine.clause_breaks, sent, first.start, last.end)
    # `after` scopes start right after the first trigger of a merged group
    # (`拘留十二日并罚款800元`), and end at the next trigger outside the group.
    return HitContext(first.word, first.start, first.end, sent, clause, prev_end, next_start)


def _fill_roles(spec: EventSpec, hit: HitContext, doc: DocView) -> dict[str, list[Arg]]:
    """Each role from its first source that yields anything; roles in `role_order`, so
    the order of roles in the YAML file never matters."""
    filled: dict[str, list[Arg]] = {}
    for role, sources in _role_sources(spec):
        for src, rule in sources:
            args = fill(role, src, hit, doc, filled, rule)
            if args:
                filled[role] = args
                break
    return filled


def _role_sources(spec: EventSpec) -> list[tuple[str, list[tuple[Source, str]]]]:
    """Per role in `role_order`: its sources with their ids (`detain_suspects:count[1]`),
    built once per spec object instead of once per trigger."""
    return per_spec(_ROLE_SOURCES, spec, lambda: [
        (role, [(src, f"{spec.name}:{role}[{i}]") for i, src in enumerate(spec.roles[role])])
        for role in role_order(spec)
    ])


_ROLE_SOURCES: dict[int, tuple[EventSpec, list[tuple[str, list[tuple[Source, str]]]]]] = {}


def _required(rules: list[TriggerRule], filled: dict[str, list[Arg]]) -> bool:
    def ok(rule: TriggerRule) -> bool:
        if rule.requires_all and not all(r in filled for r in rule.requires_all):
            return False
        return not rule.requires_any or any(r in filled for r in rule.requires_any)

    return any(ok(r) for r in rules)


def _cut_parts(arg: Arg, n: int, seps: str, doc: DocView) -> list[Arg] | None:
    """Cut a filler at separator characters into exactly n parts, else None."""
    parts: list[tuple[int, int]] = []
    s = arg.start
    for i in range(arg.start, arg.end):
        if doc.text[i] in seps:
            parts.append((s, i))
            s = i + 1
    parts.append((s, arg.end))
    parts = [(a, b) for a, b in parts if b > a]
    if len(parts) != n:
        return None
    strip = doc.engine.strip_chars
    return [
        Arg(arg.role, a, b, doc.text[a:b],
            strip_marks(doc.text[a:b], strip),
            arg.rule + "+split")
        for a, b in parts
    ]


def _split(spec: EventSpec, filled: dict[str, list[Arg]], hit: HitContext,
           doc: DocView) -> list[dict[str, list[Arg]]]:
    clause_text = doc.text[hit.clause[0]:hit.clause[1]]
    active = [
        s for s in spec.split
        if s.role in filled and (not s.only_with or any(w in clause_text for w in s.only_with))
    ]
    leading = [s.role for s in active if s.paired_with is None]
    if not leading:
        return [filled]
    n = max(len(filled[r]) for r in leading)
    roles = leading + [
        s.role for s in active
        if s.paired_with in leading and len(filled[s.role]) == n
    ]
    if n > 1 and spec.split_separators:
        for r in roles:
            if len(filled[r]) == 1:
                parts = _cut_parts(filled[r][0], n, spec.split_separators, doc)
                if parts:
                    filled = {**filled, r: parts}
    split_roles = [r for r in roles if len(filled[r]) == n]
    if n <= 1:
        return [filled]
    out = []
    for i in range(n):
        ev = dict(filled)
        for r in split_roles:
            ev[r] = [filled[r][i]]
        out.append(ev)
    return out


def _event(spec: EventSpec, hit: HitContext, roles: dict[str, list[Arg]],
           rule: str, text: str) -> dict[str, Any]:
    args = sorted({a for lst in roles.values() for a in lst}, key=lambda a: (a.start, a.role, a.end))
    # hit.end is the first trigger's end, grown by its rule's `extend` where it matched.
    return {
        "type": spec.type,
        "trigger": {"start": hit.start, "end": hit.end, "text": text[hit.start:hit.end]},
        "arguments": [a.as_dict() for a in args],
        "rule": rule,
    }


def trigger_rule_id(spec: EventSpec, match: Match) -> str:
    """`detain_suspects:triggers[1]:落网`: the file, the trigger rule and the word."""
    index = next(i for i, r in enumerate(spec.triggers) if r is match.rule)
    return f"{spec.name}:triggers[{index}]:{match.word}"


def extract(specs: list[EventSpec], doc: DocView,
            sentences: list[tuple[int, int]]) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    present: dict[str, bool] = {}
    ordered = [_in_text(_ordered_words(spec), doc.text, present) for spec in specs]
    # A spec none of whose words occur in the report matches in no sentence: it is left
    # out (the others keep their order, so the events and their order are the same).
    live = [(spec, words) for spec, words in zip(specs, ordered, strict=True) if words]
    live_specs = [spec for spec, _ in live]
    live_words = [words for _, words in live]
    for sent in sentences:
        matches = find_matches(live_specs, doc.text, *sent, doc.engine, live_words)
        matched = {id(m.spec) for m in matches}
        for spec in live_specs:
            if id(spec) not in matched:  # no match of its own: no group, no event
                continue
            for group in _groups(matches, spec, doc.text, doc.engine.clause_breaks, sent):
                hit = _context(group, matches, doc, sent)
                filled = _fill_roles(spec, hit, doc)
                if not _required([m.rule for m in group], filled):
                    continue
                rule = trigger_rule_id(spec, group[0])
                for roles in _split(spec, filled, hit, doc):
                    events.append(_event(spec, hit, roles, rule, doc.text))
    return _dedupe(sorted(events, key=_order))


def _order(ev: dict[str, Any]) -> tuple[Any, ...]:
    return (ev["trigger"]["start"], ev["type"],
            [(a["start"], a["role"]) for a in ev["arguments"]])


def _dedupe(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for ev in events:
        key = repr((ev["type"], ev["trigger"], [(a["role"], a["start"], a["end"])
                                                 for a in ev["arguments"]]))
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return out
