"""Batch behaviour of `run_extract`: workers, journal and resume, errors as data, ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.batch import LockError, OutputLock
from pipeline.batch.journal import journal_path, part_path
from pipeline.extract import id_stems, run_extract
from pipeline.ingest import iter_input_paths

BODY = "市公安局破获一起盗窃案，抓获犯罪嫌疑人2名，追回被盗电动车3辆。\n"


def _write(path: Path, title: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {title}\n\n{BODY}", encoding="utf-8")
    return path


def test_jobs_two_gives_the_same_bytes(loaded, samples_dir: Path, tmp_path: Path) -> None:
    paths = iter_input_paths([str(samples_dir)])
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run_extract(loaded, paths, one, None, jobs=1)
    stats, _ = run_extract(loaded, paths, two, None, jobs=2)
    assert stats.reports > len(paths) // 2
    assert one.read_bytes() == two.read_bytes()
    _, lines = run_extract(loaded, paths, None, None, jobs=2)
    assert "".join(line + "\n" for line in lines or []).encode() == one.read_bytes()


def test_interrupted_run_resumes_to_the_same_output(loaded, resume_case,
                                                    tmp_path: Path) -> None:
    _, paths, clean = resume_case
    out = tmp_path / "out.jsonl"
    calls = []

    def stop_after_two() -> bool:
        calls.append(1)
        return len(calls) >= 2

    stats, _ = run_extract(loaded, paths, out, tmp_path / "out.errors.txt",
                           should_stop=stop_after_two)
    assert stats.interrupted and stats.processed == 2 and not out.exists()
    assert len(journal_path(out).read_text(encoding="utf-8").splitlines()) == 2
    stats, _ = run_extract(loaded, paths, out, tmp_path / "out.errors.txt", resume=True)
    assert stats.resumed == 2 and stats.processed == len(paths) - 2
    assert out.read_bytes() == clean.read_bytes()
    assert (tmp_path / "out.errors.txt").read_bytes() == (
        tmp_path / "clean.errors.txt").read_bytes()
    assert not journal_path(out).exists() and not part_path(out).exists()


def test_resume_reruns_a_file_that_changed(loaded, tmp_path: Path) -> None:
    a, b = _write(tmp_path / "a.txt", "甲案"), _write(tmp_path / "b.txt", "乙案")
    out = tmp_path / "out.jsonl"
    stats, _ = run_extract(loaded, [a, b], out, None, should_stop=lambda: True)
    assert stats.interrupted
    _write(a, "丙案")
    stats, _ = run_extract(loaded, [a, b], out, None, resume=True)
    assert stats.resumed == 0 and stats.processed == 2
    assert "丙案" in out.read_text(encoding="utf-8")


def test_a_fresh_run_discards_an_old_journal(loaded, tmp_path: Path) -> None:
    a = _write(tmp_path / "a.txt", "甲案")
    out = tmp_path / "out.jsonl"
    run_extract(loaded, [a], out, None, should_stop=lambda: True)
    stats, _ = run_extract(loaded, [a], out, None)
    assert stats.discarded_journal and stats.resumed == 0 and stats.reports == 1


def test_torn_journal_and_part_are_cut_back(loaded, tmp_path: Path) -> None:
    a, b = _write(tmp_path / "a.txt", "甲案"), _write(tmp_path / "b.txt", "乙案")
    out, clean = tmp_path / "out.jsonl", tmp_path / "clean.jsonl"
    run_extract(loaded, [a, b], clean, None)
    run_extract(loaded, [a, b], out, None, should_stop=lambda: True)
    with open(part_path(out), "ab") as f:  # a crash in the middle of the next file
        f.write(b'{"id": "half a rec')
    with open(journal_path(out), "a", encoding="utf-8") as f:
        f.write('{"file": "b.t')
    stats, _ = run_extract(loaded, [a, b], out, None, resume=True)
    assert stats.resumed == 1 and out.read_bytes() == clean.read_bytes()


def test_lock_refuses_a_second_run(loaded, tmp_path: Path) -> None:
    a = _write(tmp_path / "a.txt", "甲案")
    out = tmp_path / "out.jsonl"
    out.write_text("good\n", encoding="utf-8")
    with OutputLock(out), pytest.raises(LockError, match="another run"):
        run_extract(loaded, [a], out, None)
    assert out.read_text(encoding="utf-8") == "good\n"
    stats, _ = run_extract(loaded, [a], out, None)  # the lock is gone with its holder
    assert stats.reports == 1


def test_nothing_extracted_keeps_the_old_output(loaded, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "old#1"}\n', encoding="utf-8")
    stats, _ = run_extract(loaded, [empty], out, tmp_path / "out.errors.txt")
    assert stats.kept_old_output and stats.reports == 0
    assert out.read_text(encoding="utf-8") == '{"id": "old#1"}\n'


def test_errors_as_data(loaded, tmp_path: Path) -> None:
    a = _write(tmp_path / "a.txt", "甲案")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    errors = tmp_path / "out.errors.txt"
    run_extract(loaded, [a, empty], tmp_path / "out.jsonl", errors)
    rows = [json.loads(x) for x in (tmp_path / "out.errors.jsonl").read_text(
        encoding="utf-8").splitlines()]
    assert len(rows) == 1
    assert set(rows[0]) == {"file", "offset", "kind", "message", "stage"}
    assert rows[0]["file"] == str(empty) and rows[0]["stage"] == "read"
    assert errors.read_text(encoding="utf-8").startswith(f"{empty}: ")
    run_extract(loaded, [a], tmp_path / "out.jsonl", errors)  # a clean run: no stale errors
    assert not errors.exists() and not (tmp_path / "out.errors.jsonl").exists()


def test_ids_unique_across_folders(loaded, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    x1, x2 = _write(tmp_path / "a" / "x.txt", "甲案"), _write(tmp_path / "b" / "x.txt", "甲案")
    y = _write(tmp_path / "b" / "y.txt", "乙案")
    assert id_stems([x1, x2, y]) == {str(x1): "a/x", str(x2): "b/x"}
    _, lines = run_extract(loaded, [x1, x2, y], None, None)
    assert [json.loads(line)["id"] for line in lines or []] == ["a/x#1", "b/x#1", "y#1"]


def test_file_name_that_is_not_utf8(loaded, tmp_path: Path) -> None:
    raw = bytes(tmp_path) + b"/bad\xff.txt"
    with open(raw, "wb") as f:
        f.write(f"# 甲案\n\n{BODY}".encode())
    out = tmp_path / "out.jsonl"
    stats, _ = run_extract(loaded, iter_input_paths([str(tmp_path)]), out,
                           tmp_path / "out.errors.txt")
    record = json.loads(out.read_text(encoding="utf-8"))
    assert stats.reports == 1 and record["id"] == "bad\ufffd#1"
    row = json.loads((tmp_path / "out.errors.jsonl").read_text(encoding="utf-8"))
    assert row["kind"] == "file_name" and row["file"].endswith("bad\ufffd.txt")


def test_file_mentions_match_the_masked_scan(loaded) -> None:
    """Locality is found once per file; masking names must give what a full rescan gives."""
    import random

    attrs = loaded.nlp.get_pipe("entity_attrs")
    gaz = attrs.gazetteer
    places = sorted(gaz.by_name)[:: max(1, len(gaz.by_name) // 40)]
    rng = random.Random(3)
    context = "".join(rng.choice(places) + rng.choice(["公安局", "人", "，", "邝"])
                      for _ in range(300))
    mentions = attrs._file_mentions(context)
    paths = {"fast": 0, "rescan": 0}
    for _ in range(200):
        a = rng.choice(places)
        names = [rng.choice(["邝", "张"]) + a[: rng.randint(1, len(a))], "李明华"]
        if rng.random() < 0.5:
            names = names[1:]  # a name that touches no place: the file's counts hold
        masked = context
        for name in names:
            masked = masked.replace(name, " " * len(name))
        touched = any(mentions._touched(name) for name in names)
        paths["rescan" if touched else "fast"] += 1
        if not touched:
            assert mentions.masked_counts(names) is mentions.counts, names
        assert mentions.masked_counts(names) == gaz.mention_counts(masked), names
    assert paths["fast"] > 20 and paths["rescan"] > 20, paths


def test_masked_counts_equal_a_full_rescan_in_order(loaded) -> None:
    """The local rescan gives the masked text's counts, first-seen order included (the
    locality's tie-break follows it), for names that touch, split or join place mentions."""
    import random

    attrs = loaded.nlp.get_pipe("entity_attrs")
    gaz = attrs.gazetteer
    places = sorted(gaz.by_name)[:: max(1, len(gaz.by_name) // 60)]
    rng = random.Random(11)
    context = "".join(rng.choice(places) + rng.choice(["公安局", "人", "，", "邝", ""])
                      for _ in range(400))
    mentions = attrs._file_mentions(context)
    changed = 0
    for _ in range(300):
        names = []
        for _ in range(rng.randint(1, 3)):
            a = rng.choice(places)
            cut = rng.randint(0, len(a) - 1)
            names.append(rng.choice(["邝", "张", ""]) + a[cut : rng.randint(cut + 1, len(a))])
        masked = context
        for name in names:
            masked = masked.replace(name, " " * len(name))
        want = gaz.mention_counts(masked)
        got = mentions.masked_counts(names)
        assert got is not None and list(got.items()) == list(want.items()), names
        changed += want != mentions.counts
    assert changed > 100


def test_masked_counts_rescan_only_near_the_names(loaded) -> None:
    """Regression (issue 10): a report's names used to make the whole file be rescanned, so
    a file of n reports cost n whole-file scans. The masked text built stays local."""
    attrs = loaded.nlp.get_pipe("entity_attrs")
    place = next(n for n in sorted(attrs.gazetteer.by_name) if len(n) == 3)
    filler = "今天天气很好，大家都去了。" * 100
    context = ("邝" + place + "公安局" + filler) * 200  # a file of 200 short reports
    mentions = attrs._file_mentions(context)
    name = "邝" + place[:2]  # a person whose name overlaps the place once per report
    masked = context.replace(name, " " * len(name))
    got = mentions.masked_counts([name])
    assert got != mentions.counts
    assert list(got.items()) == list(attrs.gazetteer.mention_counts(masked).items())
    # one short window per touched mention, never the file again
    assert 0 < mentions.scanned <= 200 * (4 * mentions.max_len + 2 * len(name))
    assert mentions.scanned < len(context) // 10
