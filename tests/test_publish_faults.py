"""A two-file publish with a fault injected at every I/O call: the data is always old or new, whole, with
its history line, once the interrupted publish is finished (as the next load or publish does)."""

from __future__ import annotations

import builtins
import io
import os
import shutil
import tempfile

import pytest

from components.data.bundle import load_bundle
from components.editing.history import file_checksum, finish_interrupted_publish, history_dir, read_log
from components.editing.publish import publish
from components.editing.uploads import prepare_change, read_upload
from tests.tiny_data import write_data

HEADER = "year,period,scope,mission,category,measure,value,qualifier,source_id,source_locator,note"
ROW_CITING_A_NEW_SOURCE = "2021,year,peace_operations,,,allegations,70,exact,un-doc-2022,para 4,"
NEW_SOURCE = {
    "id": "un-doc-2022",
    "title": "Test UN report 2022",
    "publisher": "UN",
    "kind": "un_document",
    "url": "https://example.org/2022",
    "date": "2022-02",
    "note": "",
}
OS_CALLS = ("open", "close", "fsync", "replace", "rename", "unlink", "remove", "mkdir", "rmdir", "chmod", "truncate")


class Injected(OSError):
    pass


class _Faults:
    """Counts I/O calls; the call numbered `fail_at` raises, and with `crash` every later call too (the
    process is dead from there on, as after a kill)."""

    def __init__(self, fail_at: int | None, crash: bool) -> None:
        self.calls = 0
        self.fail_at = fail_at
        self.crash = crash

    def tick(self) -> None:
        self.calls += 1
        if self.fail_at is not None and (self.calls == self.fail_at or (self.crash and self.calls > self.fail_at)):
            raise Injected(5, f"injected fault at I/O call {self.calls}")


class _CountedFile:
    """A file opened for writing whose write, flush and truncate are I/O calls too."""

    def __init__(self, handle, faults: _Faults) -> None:
        self._handle, self._faults = handle, faults

    def __getattr__(self, name):
        attribute = getattr(self._handle, name)
        if name in ("write", "flush", "truncate"):

            def counted(*args, **kwargs):
                self._faults.tick()
                return attribute(*args, **kwargs)

            return counted
        return attribute

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._handle.__exit__(*exc)


def _install(monkeypatch, faults: _Faults) -> None:
    for name in OS_CALLS:
        original = getattr(os, name)

        def counted(*args, _original=original, **kwargs):
            faults.tick()
            return _original(*args, **kwargs)

        monkeypatch.setattr(os, name, counted)
    real_open = io.open

    def counted_open(file, mode="r", *args, **kwargs):
        faults.tick()
        handle = real_open(file, mode, *args, **kwargs)
        return _CountedFile(handle, faults) if any(c in mode for c in "wax+") else handle

    monkeypatch.setattr(builtins, "open", counted_open)
    monkeypatch.setattr(io, "open", counted_open)
    for module, name in ((shutil, "copyfile"), (shutil, "copy2"), (tempfile, "mkstemp")):
        original = getattr(module, name)

        def counted_call(*args, _original=original, **kwargs):
            faults.tick()
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted_call)


def _prepared(data_dir):
    upload = read_upload("new.csv", f"{HEADER}\n{ROW_CITING_A_NEW_SOURCE}\n".encode())
    change = prepare_change(data_dir, load_bundle(data_dir), "allegations", upload, new_source=NEW_SOURCE)
    assert change.ok and set(change.new_texts) == {"allegations.csv", "sources.yaml"}
    return change


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """One data folder and its prepared change, made once: every run publishes that change into a fresh copy of
    the folder (same bytes, so the same base checksums), which saves loading and preparing again for each of the
    hundreds of runs."""
    data_dir = write_data(tmp_path_factory.mktemp("pristine") / "data")
    return data_dir, _prepared(data_dir)


def _run(tmp_path, monkeypatch, pristine, fail_at: int | None, crash: bool):
    source, change = pristine
    data_dir = tmp_path / f"data-{fail_at}-{crash}"
    shutil.copytree(source, data_dir)
    old = {name: (data_dir / name).read_bytes() for name in change.new_texts}
    faults = _Faults(fail_at, crash)
    with monkeypatch.context() as patch:
        _install(patch, faults)
        try:
            publish(data_dir, change.new_texts, change.base_checksums, "alice", "allegations", "two files", "why")
            outcome = "done"
        except OSError:
            outcome = "failed"
    return data_dir, change, old, faults.calls, outcome


def _check_old_or_new_whole_with_history(data_dir, change, old) -> str:
    finish_interrupted_publish(data_dir)  # what the next load (a restart) does first
    now = {name: (data_dir / name).read_bytes() for name in change.new_texts}
    new = {name: text.encode("utf-8") for name, text in change.new_texts.items()}
    assert now in (old, new), "the data files are a mix of the old and the new version"
    bundle = load_bundle(data_dir)  # whole: every row's source exists
    published = [v for v in read_log(data_dir) if v.action == "publish"]
    if now == new:
        assert len(bundle.allegations) == 4
        assert len(published) == 1, "the new data has no history line"
        assert published[0].files["allegations.csv"] == file_checksum(data_dir / "allegations.csv")
        assert published[0].files["sources.yaml"] == file_checksum(data_dir / "sources.yaml")
        assert (history_dir(data_dir) / "versions" / f"{published[0].version:05d}" / "sources.yaml").read_bytes() == (
            new["sources.yaml"]
        )
    else:
        assert len(bundle.allegations) == 3
        assert published == [], "a history line for data that was never published"
    leftovers = [p.name for folder in (data_dir, history_dir(data_dir)) for p in folder.glob(".*.tmp")]
    assert leftovers == []
    return "new" if now == new else "old"


def test_without_faults_the_publish_writes_both_files_and_its_line(tmp_path, monkeypatch, pristine):
    data_dir, change, old, calls, outcome = _run(tmp_path, monkeypatch, pristine, None, crash=False)
    assert outcome == "done" and calls > 20
    assert _check_old_or_new_whole_with_history(data_dir, change, old) == "new"


@pytest.mark.parametrize("crash", [False, True], ids=["one-failed-call", "killed-at-call"])
def test_a_fault_at_every_io_call_of_a_two_file_publish_leaves_old_or_new_whole_with_history(
    tmp_path, monkeypatch, pristine, crash
):
    _, _, _, total, _ = _run(tmp_path / "count", monkeypatch, pristine, None, crash=False)
    results = []
    for k in range(1, total + 1):
        data_dir, change, old, _, outcome = _run(tmp_path, monkeypatch, pristine, k, crash)
        state = _check_old_or_new_whole_with_history(data_dir, change, old)
        results.append(state)
        if outcome == "done":
            assert state == "new", f"fault at call {k}: publish said done but the data is old"
    # Faults early in the publish keep the old data; faults after the journal is written keep the new.
    assert results[0] == "old" and results[-1] == "new"
