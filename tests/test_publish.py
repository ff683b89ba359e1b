"""Review and publish: the diff, atomic writes, the lock, the version log and restore (no browser)."""

from __future__ import annotations

import json
import os
import threading

import pytest

from components.data.bundle import SHIPPED_DATA_DIR, load_bundle, read_records, records_text
from components.editing.history import (
    HistoryError,
    PublishConflict,
    changed_since_published,
    finish_interrupted_publish,
    history_dir,
    publish_lock,
    read_log,
    write_files_atomically,
)
from components.editing.publish import (
    NOT_HEADLINE,
    VERSIONED_FILES,
    diff_records,
    diffs_for,
    headline_changes,
    history_rows,
    publish,
    restore,
    summary_text,
    version_label,
)
from components.editing.uploads import file_columns, prepare_change, read_upload
from components.language.translation import FRENCH
from tests.tiny_data import write_data

HEADER = "year,period,scope,mission,category,measure,value,qualifier,source_id,source_locator,note"


@pytest.fixture
def data_dir(tmp_path):
    return write_data(tmp_path / "data")


def _change(data_dir, rows: str, **options):
    bundle = load_bundle(data_dir)
    change = prepare_change(
        data_dir, bundle, "allegations", read_upload("new.csv", f"{HEADER}\n{rows}".encode()), **options
    )
    assert change.ok, [i.message() for i in change.issues]
    return change


def _publish(data_dir, change, who="alice", reason="annual report"):
    return publish(data_dir, change.new_texts, change.base_checksums, who, "allegations", "summary", reason)


ADD_2021 = "2021,year,peace_operations,,,allegations,70,exact,un-doc-2020,para 4,\n"
UPDATE_2019 = "2019,year,peace_operations,,,allegations,81,exact,un-doc-2020,para 1,\n"


def test_diff_lists_added_changed_old_to_new_and_removed_rows():
    key = ("id",)
    before = [{"id": "a", "value": "1"}, {"id": "b", "value": "2"}]
    after = [{"id": "a", "value": "5"}, {"id": "c", "value": "3"}]
    diff = diff_records("t.csv", key, before, after)
    assert diff.added == ({"id": "c", "value": "3"},)
    assert diff.removed == ({"id": "b", "value": "2"},)
    assert [(c.key, c.column, c.old, c.new) for c in diff.changed] == [("a", "value", "1", "5")]
    assert diff.summary() == "t.csv: 1 added, 1 changed, 1 removed"
    assert diff_records("t.csv", key, before, before).summary() == "t.csv: no change"


def test_diff_of_nested_project_records_compares_lists_as_text():
    before = [{"id": "p", "services": ["medical"], "budget_usd": 100.0}]
    after = [{"id": "p", "services": ["medical", "legal"], "budget_usd": 100}]
    diff = diff_records("projects.yaml", ("id",), before, after)
    assert [(c.column, c.old, c.new) for c in diff.changed] == [("services", "medical", "medical; legal")]


def test_headline_effect_shows_a_newer_year_replacing_the_old_headline(data_dir):
    change = _change(data_dir, ADD_2021)
    effect = {h.figure: (h.before, h.after) for h in headline_changes(load_bundle(data_dir), change.after_bundle)}
    assert effect["Allegations in 2020"] == ("66", NOT_HEADLINE)
    assert effect["Allegations in 2021"] == (NOT_HEADLINE, "70")
    assert effect["Contributions reported"][0] == effect["Contributions reported"][1]


def test_publish_writes_the_data_and_logs_who_when_what_why(data_dir):
    version = _publish(data_dir, _change(data_dir, ADD_2021))
    assert version.version == 2  # version 1 keeps the data as found
    assert 70 in load_bundle(data_dir).allegations["value"].tolist()
    log = [json.loads(line) for line in (history_dir(data_dir) / "log.jsonl").read_text().splitlines()]
    assert [entry["action"] for entry in log] == ["baseline", "publish"]
    assert (log[1]["who"], log[1]["dataset"], log[1]["reason"]) == ("alice", "allegations", "annual report")
    assert log[1]["when"].endswith("+00:00")
    assert len(log[1]["files"]["allegations.csv"]) == 64


def test_publish_needs_a_reason(data_dir):
    with pytest.raises(ValueError, match="say why"):
        _publish(data_dir, _change(data_dir, ADD_2021), reason="  ")


def test_crash_between_write_and_rename_leaves_the_old_data_intact(data_dir, monkeypatch):
    before = (data_dir / "allegations.csv").read_bytes()
    change = _change(data_dir, ADD_2021)

    def crash(*_args):
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="power cut"):
        _publish(data_dir, change)
    monkeypatch.undo()
    assert (data_dir / "allegations.csv").read_bytes() == before
    assert [p.name for p in data_dir.iterdir() if p.name.endswith(".tmp")] == []
    assert "publish" not in [v.action for v in read_log(data_dir)]
    assert len(load_bundle(data_dir).allegations) == 3


def test_write_files_atomically_replaces_whole_files(tmp_path):
    (tmp_path / "a.csv").write_text("old\n")
    write_files_atomically(tmp_path, {"a.csv": "new\n", "b.csv": "b\n"})
    assert (tmp_path / "a.csv").read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv"]


def test_second_of_two_publishes_prepared_from_the_same_data_gets_a_conflict(data_dir):
    first = _change(data_dir, ADD_2021)
    second = _change(data_dir, UPDATE_2019)
    _publish(data_dir, first, who="alice")
    with pytest.raises(PublishConflict, match="someone else published"):
        _publish(data_dir, second, who="bob")
    assert 70 in load_bundle(data_dir).allegations["value"].tolist()
    reapplied = _change(data_dir, UPDATE_2019)
    _publish(data_dir, reapplied, who="bob")
    values = load_bundle(data_dir).allegations["value"].tolist()
    assert 70 in values and 81 in values and 80 not in values


def test_concurrent_publishes_never_lose_work(data_dir):
    changes = [_change(data_dir, ADD_2021), _change(data_dir, UPDATE_2019)]
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def run(change, who):
        start.wait()
        try:
            _publish(data_dir, change, who=who)
            outcomes.append("published")
        except PublishConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=run, args=(c, w)) for c, w in zip(changes, ("alice", "bob"), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "published"]
    assert [v.action for v in read_log(data_dir)] == ["baseline", "publish"]


def test_publish_while_another_holds_the_lock_is_refused(data_dir):
    change = _change(data_dir, ADD_2021)
    with publish_lock(data_dir), pytest.raises(PublishConflict, match="Another editor is publishing"):
        publish(data_dir, change.new_texts, change.base_checksums, "bob", "allegations", "s", "r", timeout=0.2)
    assert 70 not in load_bundle(data_dir).allegations["value"].tolist()


def test_restore_brings_back_an_earlier_version_as_a_new_version(data_dir):
    original = (data_dir / "allegations.csv").read_text()
    _publish(data_dir, _change(data_dir, ADD_2021))
    _publish(data_dir, _change(data_dir, UPDATE_2019))
    version = restore(data_dir, 1, "carol", "wrong report year")
    assert (data_dir / "allegations.csv").read_text() == original
    assert (version.version, version.action, version.restored_from) == (4, "restore", 1)
    assert [v.version for v in read_log(data_dir)] == [1, 2, 3, 4]
    restore(data_dir, 3, "carol", "it was right after all")
    values = load_bundle(data_dir).allegations["value"].tolist()
    assert 70 in values and 81 in values


def test_restore_of_the_current_state_is_refused(data_dir):
    _publish(data_dir, _change(data_dir, ADD_2021))
    with pytest.raises(ValueError, match="already as in version 2"):
        restore(data_dir, 2, "carol", "again")


def test_log_is_append_only_and_survives_a_torn_last_line(data_dir):
    _publish(data_dir, _change(data_dir, ADD_2021))
    log = history_dir(data_dir) / "log.jsonl"
    first_lines = log.read_text()
    with log.open("a") as handle:
        handle.write('{"version": 3, "act')
    assert [v.version for v in read_log(data_dir)] == [1, 2]
    _publish(data_dir, _change(data_dir, UPDATE_2019))
    assert log.read_text().startswith(first_lines)


def test_history_does_not_change_the_data_fingerprint(data_dir):
    from components.data.bundle import data_fingerprint

    before = data_fingerprint(data_dir)
    (history_dir(data_dir) / "versions" / "00009").mkdir(parents=True)
    (history_dir(data_dir) / "versions" / "00009" / "allegations.csv").write_text("x")
    assert data_fingerprint(data_dir) == before


@pytest.mark.parametrize("file", VERSIONED_FILES)
def test_rewriting_a_shipped_file_unchanged_gives_the_same_bytes(file):
    """A publish that touches one row must not reformat the rest of the file (reviewable diffs)."""
    original = (SHIPPED_DATA_DIR / file).read_text(encoding="utf-8")
    rewritten = records_text(file, read_records(SHIPPED_DATA_DIR, file), file_columns(file), original)
    assert rewritten == original


def _log_lines(data_dir) -> list[str]:
    return (history_dir(data_dir) / "log.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)


def test_read_log_skips_only_a_torn_last_line(data_dir):
    _publish(data_dir, _change(data_dir, ADD_2021))
    path = history_dir(data_dir) / "log.jsonl"
    path.write_text(path.read_text(encoding="utf-8") + '{"version": 3, "act', encoding="utf-8")
    assert [v.version for v in read_log(data_dir)] == [1, 2]


def test_read_log_refuses_a_damaged_line_that_is_not_the_last(data_dir):
    _publish(data_dir, _change(data_dir, ADD_2021))
    lines = _log_lines(data_dir)
    (history_dir(data_dir) / "log.jsonl").write_text("garbage\n" + "".join(lines[1:]), encoding="utf-8")
    with pytest.raises(HistoryError, match="line 1"):
        read_log(data_dir)


def test_read_log_refuses_a_version_number_given_twice(data_dir):
    _publish(data_dir, _change(data_dir, ADD_2021))
    lines = _log_lines(data_dir)
    (history_dir(data_dir) / "log.jsonl").write_text("".join([*lines, lines[-1]]), encoding="utf-8")
    with pytest.raises(HistoryError, match="version 2 follows version 2"):
        read_log(data_dir)


def test_a_publish_after_a_torn_line_cuts_it_off_so_the_log_stays_readable(data_dir):
    _publish(data_dir, _change(data_dir, ADD_2021))
    path = history_dir(data_dir) / "log.jsonl"
    path.write_text(path.read_text(encoding="utf-8") + '{"version": 3, "act', encoding="utf-8")
    version = _publish(data_dir, _change(data_dir, UPDATE_2019))
    assert version.version == 3
    assert [v.version for v in read_log(data_dir)] == [1, 2, 3]


def test_temporaries_left_by_a_killed_publish_are_removed_by_the_next_load(data_dir):
    _publish(data_dir, _change(data_dir, ADD_2021))
    stale = [data_dir / ".allegations.csv.x1y2.tmp", history_dir(data_dir) / ".pending.json.abc.tmp"]
    for path in stale:
        path.write_text("half")
    finish_interrupted_publish(data_dir)
    assert [p for p in stale if p.exists()] == []


def test_files_in_use_that_differ_from_the_last_version_are_named(data_dir):
    _publish(data_dir, _change(data_dir, ADD_2021))
    assert changed_since_published(data_dir, read_log(data_dir)) == {}
    path = data_dir / "allegations.csv"
    path.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:2]), encoding="utf-8")
    assert changed_since_published(data_dir, read_log(data_dir)) == {"allegations.csv": "changed"}


def test_validate_warns_when_the_files_in_use_are_not_the_last_published_version(data_dir, capsys):
    from components.data.validate import main as validate

    _publish(data_dir, _change(data_dir, ADD_2021))
    assert validate([str(data_dir)]) == 0
    assert "Warning" not in capsys.readouterr().err
    path = data_dir / "allegations.csv"
    path.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:-1]), encoding="utf-8")
    assert validate([str(data_dir)]) == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        "Warning: allegations.csv (changed) differs from the last published version, 2. If that was not meant, "
        "restore version 2 on the Data management page (Version history)."
    )


# In French ------------------------------------------------------------------------------------------------

NBSP = "\u00a0"


def test_the_history_keeps_english_summaries_and_shows_them_in_the_readers_language(data_dir):
    change = _change(data_dir, ADD_2021 + UPDATE_2019)
    summary = "; ".join(d.summary() for d in diffs_for(change.before, change.after))
    assert summary == "allegations.csv: 1 added, 1 changed"
    publish(data_dir, change.new_texts, change.base_checksums, "alice", "allegations", summary, "rapport annuel")
    versions = read_log(data_dir)
    assert versions[-1].summary == "allegations.csv: 1 added, 1 changed"  # the record stays as written

    assert summary_text(summary, FRENCH) == f"allegations.csv{NBSP}: 1 ligne ajoutée, 1 ligne modifiée"
    assert summary_text("allegations.csv: 3 added; sources.yaml: no change", FRENCH) == (
        f"allegations.csv{NBSP}: 3 lignes ajoutées; sources.yaml{NBSP}: aucune modification"
    )
    assert summary_text("restored version 3", FRENCH) == "version 3 rétablie"
    assert summary_text("written by hand", FRENCH) == "written by hand"  # not ours: shown as it is

    newest, baseline = history_rows(versions, lang=FRENCH)
    assert newest["action"] == "publication" and newest["motif"] == "rapport annuel"
    assert newest["modification"] == f"allegations.csv{NBSP}: 1 ligne ajoutée, 1 ligne modifiée"
    assert baseline["auteur"] == "(avant la première publication)"
    assert version_label(versions[0], lang=FRENCH).endswith(
        f"UTC, (avant la première publication){NBSP}: les données telles qu'elles étaient"
    )
    assert version_label(versions[0]).endswith("UTC, (before the first publish): the data as found")


def test_a_conflict_is_said_in_the_readers_language(data_dir):
    first = _change(data_dir, ADD_2021)
    second = _change(data_dir, UPDATE_2019)
    _publish(data_dir, first)
    with pytest.raises(PublishConflict) as conflict:
        _publish(data_dir, second, who="bob")
    assert str(conflict.value).startswith("The data changed since you prepared this (allegations.csv)")
    assert conflict.value.text(FRENCH).startswith(
        f"Les données ont changé depuis la préparation de cette modification (allegations.csv){NBSP}: quelqu'un "
        "d'autre a publié. Rien n'a été enregistré."
    )
