"""Review and publish (pure, no Streamlit): what a change does, and writing it so that nothing is lost.

- `diff_records` and `headline_changes` say what an upload changes before anything is saved.
- `publish` writes the data files atomically (temporary file in the same folder, fsync, rename) under a
  file lock, refuses with `PublishConflict` when someone else published since the change was prepared,
  keeps every version's files under `<data>/.history/versions/`, and appends who, when, what and why to
  `<data>/.history/log.jsonl` (one JSON object per line, never rewritten).
- `restore` writes an earlier version back the same way, as a new version: history only grows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from components.data.bundle import DataBundle
from components.editing.uploads import EDITABLE, candidate_bundle, file_checksum
from components.figures.filters import filter_options
from components.figures.overview import build_overview_view

HISTORY_DIR = ".history"
LOG_FILE = "log.jsonl"
LOCK_FILE = "publish.lock"
LOCK_TIMEOUT_SECONDS = 10.0
# Every file an editor can change; each version keeps all of them, so any version restores whole.
VERSIONED_FILES = tuple(dict.fromkeys(d.file for d in EDITABLE.values()))


NOT_HEADLINE = "—"


class PublishConflict(Exception):
    """Someone else published (or is publishing) since this change was prepared: nothing was written."""


# ---------------------------------------------------------------------------------------------------------
# Review.


@dataclass(frozen=True)
class CellChange:
    key: str
    column: str
    old: str
    new: str


@dataclass(frozen=True)
class RecordDiff:
    file: str
    added: tuple[dict[str, str], ...]
    removed: tuple[dict[str, str], ...]
    changed: tuple[CellChange, ...]

    @property
    def changed_rows(self) -> int:
        return len({c.key for c in self.changed})

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> str:
        """'allegations.csv: 2 added, 1 changed' — only what happens."""
        counts = (("added", len(self.added)), ("changed", self.changed_rows), ("removed", len(self.removed)))
        parts = [f"{n} {word}" for word, n in counts if n]
        return f"{self.file}: {', '.join(parts) if parts else 'no change'}"


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        if value and isinstance(value[0], Mapping):
            return "; ".join(" ".join(str(v) for v in item.values() if v is not None) for item in value)
        return "; ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def flat_record(record: Mapping[str, Any]) -> dict[str, str]:
    """A stored record as text cells (nested project lists joined with '; '), for showing and comparing."""
    return {k: _cell_text(v) for k, v in record.items()}


def diff_records(
    file: str, key: Sequence[str], before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]]
) -> RecordDiff:
    """Rows added, removed, and changed cell by cell (old → new), matched by the dataset's key."""
    old = {tuple(flat_record(r).get(k, "") for k in key): flat_record(r) for r in before}
    new = {tuple(flat_record(r).get(k, "") for k in key): flat_record(r) for r in after}
    changed = []
    for row_key in (k for k in new if k in old):
        for column in dict.fromkeys([*old[row_key], *new[row_key]]):
            was, now = old[row_key].get(column, ""), new[row_key].get(column, "")
            if was != now:
                changed.append(CellChange(" | ".join(row_key), column, was, now))
    return RecordDiff(
        file,
        tuple(new[k] for k in new if k not in old),
        tuple(old[k] for k in old if k not in new),
        tuple(changed),
    )


def diffs_for(before: Mapping[str, list], after: Mapping[str, list]) -> list[RecordDiff]:
    keys = {d.file: d.key for d in EDITABLE.values()}
    return [diff_records(file, keys[file], before[file], after[file]) for file in after]


@dataclass(frozen=True)
class HeadlineChange:
    figure: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _overview(bundle: DataBundle):
    return build_overview_view(bundle, filter_options(bundle).defaults())


def headline_changes(before: DataBundle, after: DataBundle) -> list[HeadlineChange]:
    """The overview's headline figures (no filter set) before and after the change."""
    old, new = _overview(before), _overview(after)
    changes = [
        HeadlineChange("Contributions reported", f"{old.total} ({old.total_when})", f"{new.total} ({new.total_when})"),
        HeadlineChange("Donor countries", f"{old.donors} ({old.donors_when})", f"{new.donors} ({new.donors_when})"),
        HeadlineChange(
            "Projects (countries)", f"{old.projects} ({old.countries})", f"{new.projects} ({new.countries})"
        ),
    ]
    if old.allegations_label == new.allegations_label:
        return [*changes, HeadlineChange(new.allegations_label, old.allegations, new.allegations)]
    # A figure for a newer year becomes the headline: show what the old headline was and the new one.
    return [
        *changes,
        HeadlineChange(old.allegations_label, old.allegations, NOT_HEADLINE),
        HeadlineChange(new.allegations_label, NOT_HEADLINE, new.allegations),
    ]


# ---------------------------------------------------------------------------------------------------------
# Files: atomic writes and the history folder.


def history_dir(data_dir: Path) -> Path:
    return Path(data_dir) / HISTORY_DIR


def _fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _write_temporary(target: Path, data: bytes) -> Path:
    """Write and fsync a temporary file beside `target` (same folder, so the rename is atomic)."""
    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(name, target.stat().st_mode & 0o777)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def write_files_atomically(folder: Path, texts: Mapping[str, str]) -> None:
    """Every file is either wholly old or wholly new: all temporaries are written and synced first, then
    each is renamed over its target. A crash before a rename leaves that target as it was."""
    folder = Path(folder)
    temporaries: dict[str, Path] = {}
    try:
        for name, text in texts.items():
            temporaries[name] = _write_temporary(folder / name, text.encode("utf-8"))
        for name, temporary in temporaries.items():
            os.replace(temporary, folder / name)
        _fsync_dir(folder)
    finally:
        for temporary in temporaries.values():
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()


@dataclass(frozen=True)
class Version:
    version: int
    action: str  # "baseline" | "publish" | "restore"
    who: str
    when: str
    dataset: str
    summary: str
    reason: str
    files: dict[str, str]  # file -> sha256 of its content in this version
    restored_from: int | None = None


def read_log(data_dir: Path) -> list[Version]:
    """Every version, oldest first. A torn last line (a crash while appending) is skipped, not fatal."""
    path = history_dir(data_dir) / LOG_FILE
    if not path.exists():
        return []
    versions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(json.JSONDecodeError, TypeError):
            versions.append(Version(**json.loads(line)))
    return versions


def _append_log(data_dir: Path, version: Version) -> None:
    path = history_dir(data_dir) / LOG_FILE
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(version.__dict__, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _snapshot(data_dir: Path, number: int) -> dict[str, str]:
    """Copy every versioned file into the history as version `number`; returns their checksums."""
    target = history_dir(data_dir) / "versions" / f"{number:05d}"
    if target.exists():  # left by a publish that crashed before logging: it never became a version
        shutil.rmtree(target)
    target.mkdir(parents=True)
    checksums = {}
    for name in VERSIONED_FILES:
        source = Path(data_dir) / name
        if source.exists():
            shutil.copy2(source, target / name)
            checksums[name] = file_checksum(source)
    _fsync_dir(target)
    return checksums


def history_rows(versions: Sequence[Version]) -> list[dict[str, object]]:
    """The version log as a table for people: newest first, times in UTC to the minute."""
    return [
        {
            "version": v.version,
            "when (UTC)": v.when[:16].replace("T", " "),
            "who": v.who,
            "what": v.action if v.restored_from is None else f"restore of version {v.restored_from}",
            "change": v.summary,
            "why": v.reason,
        }
        for v in reversed(versions)
    ]


def version_label(version: Version) -> str:
    """'3 — 2026-11-24 18:18 UTC, Alice: allegations.csv: 2 added'."""
    return f"{version.version} — {version.when[:16].replace('T', ' ')} UTC, {version.who}: {version.summary}"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@contextlib.contextmanager
def publish_lock(data_dir: Path, timeout: float = LOCK_TIMEOUT_SECONDS):
    """Only one publish or restore at a time, across processes; a second waits up to `timeout` seconds."""
    folder = history_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / LOCK_FILE), timeout=timeout)
    try:
        lock.acquire()
    except Timeout as exc:
        raise PublishConflict(
            "Another editor is publishing right now. Nothing was saved: wait a moment, review again and publish."
        ) from exc
    try:
        yield
    finally:
        lock.release()


def _record_baseline(data_dir: Path, versions: list[Version]) -> list[Version]:
    """Before the first publish, keep the files as found, so the very first state can be restored."""
    if versions:
        return versions
    files = _snapshot(data_dir, 1)
    baseline = Version(1, "baseline", "(before the first publish)", _now(), "", "the data as found", "", files)
    _append_log(data_dir, baseline)
    return [baseline]


def _commit(
    data_dir: Path, texts: Mapping[str, str], base: Mapping[str, str], entry: dict[str, Any], timeout: float
) -> Version:
    with publish_lock(data_dir, timeout):
        current = {name: file_checksum(Path(data_dir) / name) for name in base}
        if dict(current) != dict(base):
            changed = ", ".join(sorted(n for n in base if current[n] != base[n]))
            raise PublishConflict(
                f"The data changed since you prepared this ({changed}): someone else published. Nothing was saved. "
                "Review the change again against the latest data, then publish."
            )
        versions = _record_baseline(data_dir, read_log(data_dir))
        number = max(v.version for v in versions) + 1
        write_files_atomically(Path(data_dir), texts)
        version = Version(number, when=_now(), files=_snapshot(data_dir, number), **entry)
        _append_log(data_dir, version)
        return version


def publish(
    data_dir: Path,
    new_texts: Mapping[str, str],
    base_checksums: Mapping[str, str],
    who: str,
    dataset: str,
    summary: str,
    reason: str,
    timeout: float = LOCK_TIMEOUT_SECONDS,
) -> Version:
    """Write a prepared change if the files are still those it was prepared from; raise PublishConflict if not."""
    if not reason.strip():
        raise ValueError("say why: the reason is kept in the version history")
    entry = {"action": "publish", "who": who, "dataset": dataset, "summary": summary, "reason": reason.strip()}
    return _commit(Path(data_dir), new_texts, base_checksums, entry, timeout)


def version_texts(data_dir: Path, number: int) -> dict[str, str]:
    folder = history_dir(data_dir) / "versions" / f"{number:05d}"
    if not folder.is_dir():
        raise ValueError(f"version {number} is not in the history")
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.iterdir()) if path.is_file()}


def restore(data_dir: Path, number: int, who: str, reason: str, timeout: float = LOCK_TIMEOUT_SECONDS) -> Version:
    """Write version `number` back as a new version, after checking the data as a whole would still load."""
    data_dir = Path(data_dir)
    if not reason.strip():
        raise ValueError("say why: the reason is kept in the version history")
    texts = {
        name: text
        for name, text in version_texts(data_dir, number).items()
        if not (data_dir / name).exists() or (data_dir / name).read_text(encoding="utf-8") != text
    }
    if not texts:
        raise ValueError(f"the data is already as in version {number}")
    base = {name: file_checksum(data_dir / name) for name in texts}
    candidate_bundle(data_dir, texts)  # raises DataValidationError naming each problem
    entry = {
        "action": "restore",
        "who": who,
        "dataset": ", ".join(sorted(texts)),
        "summary": f"restored version {number}",
        "reason": reason.strip(),
        "restored_from": number,
    }
    return _commit(data_dir, texts, base, entry, timeout)
