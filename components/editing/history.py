"""The version history on disk (pure, no Streamlit): atomic writes, the publish journal, the log.

A publish (or restore) is one atomic step for all its files and its history line:

1. every versioned file of the new version is written whole into `<data>/.history/versions/NNNNN/`;
2. the journal `<data>/.history/pending.json`, naming that version and its who/when/why, is renamed into
   place: this rename is the moment the version exists;
3. each changed data file is replaced by a rename from the version folder's copy, the log line is
   appended, and the journal is removed.

A crash before step 2 leaves the old data and no version (the half-written folder is removed later);
a crash after it is completed by `finish_interrupted_publish`, which every load and every publish calls
first. So the files are always wholly the old version or wholly the new one, and the new one always
has its log line.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from components.language.translation import ENGLISH, N_, Language

HISTORY_DIR = ".history"
LOG_FILE = "log.jsonl"
LOCK_FILE = "publish.lock"
JOURNAL_FILE = "pending.json"
LOCK_TIMEOUT_SECONDS = 10.0

log = logging.getLogger("tfsea.publish")


class SaidError(Exception):
    """A refusal an editor reads: the catalogue message and its values, written in the viewer's language by
    `text` (str() is the English, for logs)."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message.format(**values))
        self.message_id = message
        self.values = values

    def text(self, lang: Language = ENGLISH) -> str:
        return lang._(self.message_id, **self.values)


class PublishConflict(SaidError):
    """Someone else published (or is publishing) since this change was prepared: nothing was written."""


class PublishIncomplete(SaidError, OSError):
    """The version is recorded (its journal is written) but the data folder could not be brought to it
    yet; the next load or publish completes it."""


class HistoryError(ValueError):
    """The version log is damaged somewhere other than a torn last line: said with the line number."""


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


def history_dir(data_dir: Path) -> Path:
    return Path(data_dir) / HISTORY_DIR


def version_dir(data_dir: Path, number: int) -> Path:
    return history_dir(data_dir) / "versions" / f"{number:05d}"


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_checksum(path: Path) -> str:
    """sha256 of a file's bytes; '' for a file that does not exist."""
    return checksum(path.read_bytes()) if path.exists() else ""


# ---------------------------------------------------------------------------------------------------------
# Atomic files.


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


def write_files_atomically(folder: Path, contents: Mapping[str, bytes | str]) -> None:
    """Each file is either wholly old or wholly new: all temporaries are written and synced first, then
    each is renamed over its target. (As a set they are made atomic by the journal, not here.)"""
    folder = Path(folder)
    temporaries: dict[str, Path] = {}
    try:
        for name, content in contents.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            temporaries[name] = _write_temporary(folder / name, data)
        for name, temporary in temporaries.items():
            os.replace(temporary, folder / name)
        _fsync_dir(folder)
    finally:
        for temporary in temporaries.values():
            with contextlib.suppress(OSError):
                temporary.unlink()


def _stale_temporaries(data_dir: Path) -> list[Path]:
    folders = (Path(data_dir), history_dir(data_dir))
    return [path for folder in folders if folder.is_dir() for path in folder.glob(".*.tmp")]


def remove_stale_temporaries(data_dir: Path) -> list[Path]:
    """Hidden `.<name>.<random>.tmp` files a killed write left behind (called under the publish lock only,
    so no live write's temporary is removed)."""
    removed = []
    for path in _stale_temporaries(data_dir):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    if removed:
        log.info("removed %d temporary files left by an interrupted write", len(removed))
    return removed


# ---------------------------------------------------------------------------------------------------------
# The log.


def _log_path(data_dir: Path) -> Path:
    return history_dir(data_dir) / LOG_FILE


def read_log(data_dir: Path) -> list[Version]:
    """Every version, oldest first. Only a torn last line (a crash while appending: no final newline) is
    skipped; any other unreadable line, or version numbers that do not increase, raise HistoryError."""
    path = _log_path(data_dir)
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    torn_tail = lines.pop()  # "" when the file ends with a newline, as every complete append does
    versions: list[Version] = []
    for number, line in enumerate(lines, start=1):
        try:
            version = Version(**json.loads(line))
        except (json.JSONDecodeError, TypeError) as exc:
            raise HistoryError(f"{path}, line {number}: not a version record ({exc})") from exc
        if versions and version.version <= versions[-1].version:
            raise HistoryError(
                f"{path}, line {number}: version {version.version} follows version {versions[-1].version}"
            )
        versions.append(version)
    if torn_tail:
        log.warning("%s: the last line is torn (a crash while appending); it is not a version", path)
    return versions


def append_log(data_dir: Path, version: Version) -> None:
    """Append one line; a torn last line left by a crash is cut off first, so it never ends up mid-file."""
    path = _log_path(data_dir)
    with path.open("a+b") as handle:
        handle.seek(0)
        content = handle.read()
        if content and not content.endswith(b"\n"):
            handle.truncate(content.rfind(b"\n") + 1)
        handle.seek(0, os.SEEK_END)
        handle.write((json.dumps(version.__dict__, ensure_ascii=False) + "\n").encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())


# ---------------------------------------------------------------------------------------------------------
# Versions, the journal and the lock.


def write_version_folder(data_dir: Path, number: int, contents: Mapping[str, bytes]) -> dict[str, str]:
    """The files of version `number`, whole and synced; returns their checksums. A folder left by a
    publish that crashed before its journal never became a version, so it is replaced."""
    target = version_dir(data_dir, number)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name, data in contents.items():
        with open(target / name, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    _fsync_dir(target)
    _fsync_dir(target.parent)
    return {name: checksum(data) for name, data in contents.items()}


def _journal_path(data_dir: Path) -> Path:
    return history_dir(data_dir) / JOURNAL_FILE


def _apply(data_dir: Path, version: Version) -> None:
    """Make the data folder version `version` and log it; safe to repeat after a crash at any point."""
    folder = version_dir(data_dir, version.version)
    changed = {
        name: (folder / name).read_bytes()
        for name, wanted in version.files.items()
        if file_checksum(Path(data_dir) / name) != wanted
    }
    for name, data in changed.items():
        if checksum(data) != version.files[name]:
            raise HistoryError(f"{folder / name} does not hold what version {version.version} recorded")
    if changed:
        write_files_atomically(Path(data_dir), changed)
    logged = read_log(data_dir)
    if not logged or logged[-1].version < version.version:
        append_log(data_dir, version)
    os.unlink(_journal_path(data_dir))
    _fsync_dir(history_dir(data_dir))


def commit_version(data_dir: Path, version: Version, contents: Mapping[str, bytes]) -> None:
    """Write version `version` with these file contents as one atomic step (call under the publish lock)."""
    files = write_version_folder(data_dir, version.version, contents)
    if files != version.files:
        raise HistoryError(f"version {version.version}: the files written differ from the record")
    journal = _journal_path(data_dir)
    write_files_atomically(journal.parent, {journal.name: json.dumps(version.__dict__, ensure_ascii=False)})
    # From here the version exists: if finishing fails now, the next load or publish finishes it.
    try:
        _apply(data_dir, version)
    except OSError as exc:
        raise PublishIncomplete(
            N_(
                "Version {version} is recorded, but the data folder could not be fully written ({reason}). It is "
                "completed the next time the data is loaded or published."
            ),
            version=version.version,
            reason=exc.strerror or str(exc),
        ) from exc


def _finish_locked(data_dir: Path) -> Version | None:
    journal = _journal_path(data_dir)
    version = None
    if journal.exists():
        version = Version(**json.loads(journal.read_text(encoding="utf-8")))
        _apply(data_dir, version)
        log.warning("completed version %d, interrupted while being published", version.version)
    remove_stale_temporaries(data_dir)
    return version


@contextlib.contextmanager
def publish_lock(data_dir: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Only one publish or restore at a time, across processes; a second waits up to `timeout` seconds.
    An interrupted publish found on entry is finished first."""
    folder = history_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / LOCK_FILE), timeout=timeout)
    try:
        lock.acquire()
    except Timeout as exc:
        raise PublishConflict(
            N_("Another editor is publishing right now. Nothing was saved: wait a moment, review again and publish.")
        ) from exc
    try:
        _finish_locked(data_dir)
        yield
    finally:
        lock.release()


def finish_interrupted_publish(data_dir: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Version | None:
    """Complete a publish a crash interrupted after its journal was written; returns that version.

    Also removes temporaries a killed write left. Cheap when there is nothing to do (a stat and a listing
    of two folders), so every load calls it. A publish running right now has a journal or temporaries
    too: waiting for the lock lets it finish, so readers never load its half-way state.
    """
    if not _journal_path(data_dir).exists() and not _stale_temporaries(data_dir):
        return None
    lock = FileLock(str(history_dir(data_dir) / LOCK_FILE), timeout=timeout)
    with lock:
        return _finish_locked(data_dir)


def changed_since_published(data_dir: Path, versions: Sequence[Version]) -> dict[str, str]:
    """Files in use that differ from the last published version, each with what happened to it."""
    if not versions:
        return {}
    changes = {}
    for name, wanted in versions[-1].files.items():
        now = file_checksum(Path(data_dir) / name)
        if now != wanted:
            changes[name] = "missing" if not now else "changed"
    return changes
