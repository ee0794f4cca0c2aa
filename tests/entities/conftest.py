"""Fixtures shared by the entity tests: the rule layer alone, and a writer of tiny MSRA files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import spacy

from pipeline.entities.merge import score_then_longest
from pipeline.entities.ruler import EntityRuler
from pipeline.paths import project_root

RULES = project_root() / "configs" / "entities"


@pytest.fixture(scope="module")
def found() -> Callable[[str], set[tuple[str, str]]]:
    """(label, text) of every entity the rules alone find in a text."""
    nlp = spacy.blank("zh")
    ruler = EntityRuler(nlp, "entity_rules", score_then_longest(), ["OFFICIAL", "PERSON"])
    ruler.initialize(rules_dir=str(RULES))

    def _found(text: str) -> set[tuple[str, str]]:
        doc = ruler(nlp.make_doc(text))
        return {(e.label_, e.text) for e in doc.ents}

    return _found


def write_msra(path: Path, rows: list[tuple[str, dict[str, str]]]) -> None:
    """Write invented (text, {surface: kind}) rows in MSRA's char-per-line BIO shape."""
    lines = []
    for text, ents in rows:
        tags = ["O"] * len(text)
        for surface, kind in ents.items():
            at = text.index(surface)
            tags[at] = "B-" + kind
            for i in range(at + 1, at + len(surface)):
                tags[i] = "I-" + kind
        lines.extend(f"{c}\t{t}" for c, t in zip(text, tags, strict=True))
        lines.append("")
    path.write_text("\n".join(lines), "utf-8")


@pytest.fixture(scope="session")
def msra_writer() -> Callable[[Path, list[tuple[str, dict[str, str]]]], None]:
    return write_msra
