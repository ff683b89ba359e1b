"""Review and publish (pure, no Streamlit): what a change does, and writing it so that nothing is lost.

- `diff_records` and `headline_changes` say what an upload changes before anything is saved.
- `publish` refuses with `PublishConflict` when someone else published since the change was prepared,
  else writes the new version's files, the data files and its history line as one atomic step
  (components/editing/history.py says how), keeping every version's files under `<data>/.history/versions/`
  and who, when, what and why in `<data>/.history/log.jsonl`.
- `restore` writes an earlier version back the same way, as a new version: history only grows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from components.data.bundle import DataBundle
from components.data.schema import DataValidationError
from components.editing.history import (
    LOCK_TIMEOUT_SECONDS,
    PublishConflict,
    SaidError,
    Version,
    checksum,
    commit_version,
    file_checksum,
    log,
    publish_lock,
    read_log,
    version_dir,
)
from components.editing.uploads import EDITABLE, candidate_bundle
from components.figures.filters import filter_options
from components.figures.overview import build_overview_view
from components.language.translation import ENGLISH, N_, Language

# Every file an editor can change; each version keeps all of them, so any version restores whole.
VERSIONED_FILES = tuple(dict.fromkeys(d.file for d in EDITABLE.values()))


NOT_HEADLINE = "—"
# Who made the first version, as the history keeps it (in English, like every summary it keeps).
BASELINE_WHO = N_("(before the first publish)")


class RestoreRefused(SaidError, ValueError):
    """A publish or restore that cannot be done as asked (no reason given, no such version, nothing to do)."""


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
        """'allegations.csv: 2 added, 1 changed' — only what happens. In English: it is kept in the version
        history, which every editor reads (`summary_text` writes it in a viewer's language)."""
        counts = (("added", len(self.added)), ("changed", self.changed_rows), ("removed", len(self.removed)))
        parts = [f"{n} {word}" for word, n in counts if n]
        return f"{self.file}: {', '.join(parts) if parts else 'no change'}"


_SUMMARY_COUNT = re.compile(r"^(\d+) (added|changed|removed)$")


def _row_count(kind: str, count: int, lang: Language) -> str:
    if kind == "added":
        return lang.n_("{n} row added", "{n} rows added", count)
    if kind == "changed":
        return lang.n_("{n} row changed", "{n} rows changed", count)
    return lang.n_("{n} row removed", "{n} rows removed", count)


def summary_text(summary: str, lang: Language = ENGLISH) -> str:
    """A version's summary as the history keeps it ('allegations.csv: 2 added; sources.yaml: 1 added',
    'restored version 3', 'the data as found') in the viewer's language; English as kept. Text of another shape
    (a log written by hand) is shown as it is."""
    if lang == ENGLISH:
        return summary
    restored = re.fullmatch(r"restored version (\d+)", summary)
    if restored:
        return lang._("restored version {number}", number=restored.group(1))
    if summary == "the data as found":
        return lang._("the data as found")
    files = []
    for item in summary.split("; "):
        file, _, what = item.partition(": ")
        if not what:
            return summary
        if what == "no change":
            files.append(lang._("{file}: no change", file=file))
            continue
        parts = []
        for part in what.split(", "):
            count = _SUMMARY_COUNT.match(part)
            if count is None:
                return summary
            parts.append(_row_count(count.group(2), int(count.group(1)), lang))
        files.append(lang._("{file}: {changes}", file=file, changes=", ".join(parts)))
    return "; ".join(files)


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


def headline_changes(before: DataBundle, after: DataBundle, lang: Language = ENGLISH) -> list[HeadlineChange]:
    """The overview's headline figures (no filter set) before and after the change."""
    old, new = _overview(before), _overview(after)
    changes = [
        HeadlineChange(
            lang._("Contributions reported"), f"{old.total} ({old.total_when})", f"{new.total} ({new.total_when})"
        ),
        HeadlineChange(
            lang._("Donor countries"), f"{old.donors} ({old.donors_when})", f"{new.donors} ({new.donors_when})"
        ),
        HeadlineChange(
            lang._("Projects (countries)"), f"{old.projects} ({old.countries})", f"{new.projects} ({new.countries})"
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
# Versions.


def _action_text(version: Version, lang: Language) -> str:
    if version.restored_from is not None:
        return lang._("restore of version {number}", number=version.restored_from)
    actions = {"baseline": N_("baseline"), "publish": N_("publish"), "restore": N_("restore")}
    return lang._(actions[version.action]) if version.action in actions else version.action


def _who_text(version: Version, lang: Language) -> str:
    return lang._(BASELINE_WHO) if version.who == BASELINE_WHO else version.who


def history_rows(versions: Sequence[Version], lang: Language = ENGLISH) -> list[dict[str, object]]:
    """The version log as a table for people: newest first, times in UTC to the minute. The reason stays as its
    editor wrote it."""
    return [
        {
            lang.p_("version history", "version"): v.version,
            lang.p_("version history", "when (UTC)"): v.when[:16].replace("T", " "),
            lang.p_("version history", "who"): _who_text(v, lang),
            lang.p_("version history", "what"): _action_text(v, lang),
            lang.p_("version history", "change"): summary_text(v.summary, lang),
            lang.p_("version history", "why"): v.reason,
        }
        for v in reversed(versions)
    ]


def version_label(version: Version, lang: Language = ENGLISH) -> str:
    """'3 — 2026-11-24 18:18 UTC, Alice: allegations.csv: 2 added'."""
    return lang._(
        "{version} — {when} UTC, {who}: {summary}",
        version=version.version,
        when=version.when[:16].replace("T", " "),
        who=_who_text(version, lang),
        summary=summary_text(version.summary, lang),
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _current_contents(data_dir: Path) -> dict[str, bytes]:
    return {name: (data_dir / name).read_bytes() for name in VERSIONED_FILES if (data_dir / name).exists()}


def _record_baseline(data_dir: Path, versions: list[Version]) -> list[Version]:
    """Before the first publish, keep the files as found, so the very first state can be restored."""
    if versions:
        return versions
    contents = _current_contents(data_dir)
    files = {name: checksum(data) for name, data in contents.items()}
    baseline = Version(1, "baseline", BASELINE_WHO, _now(), "", "the data as found", "", files)
    commit_version(data_dir, baseline, contents)
    return [baseline]


def _commit(
    data_dir: Path, texts: Mapping[str, str], base: Mapping[str, str], entry: dict[str, Any], timeout: float
) -> Version:
    with publish_lock(data_dir, timeout):
        current = {name: file_checksum(data_dir / name) for name in base}
        if dict(current) != dict(base):
            changed = ", ".join(sorted(n for n in base if current[n] != base[n]))
            raise PublishConflict(
                N_(
                    "The data changed since you prepared this ({files}): someone else published. Nothing was saved. "
                    "Review the change again against the latest data, then publish."
                ),
                files=changed,
            )
        versions = _record_baseline(data_dir, read_log(data_dir))
        contents = {**_current_contents(data_dir), **{name: text.encode("utf-8") for name, text in texts.items()}}
        files = {name: checksum(data) for name, data in contents.items()}
        version = Version(versions[-1].version + 1, when=_now(), files=files, **entry)
        commit_version(data_dir, version, contents)
        log.info(
            "version %d: %s by %s (%s): %s",
            version.version,
            version.action,
            version.who,
            version.dataset,
            version.summary,
        )
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
        raise RestoreRefused(N_("say why: the reason is kept in the version history"))
    entry = {"action": "publish", "who": who, "dataset": dataset, "summary": summary, "reason": reason.strip()}
    return _commit(Path(data_dir), new_texts, base_checksums, entry, timeout)


def version_texts(data_dir: Path, number: int) -> dict[str, str]:
    folder = version_dir(data_dir, number)
    if not folder.is_dir():
        raise RestoreRefused(N_("version {number} is not in the history"), number=number)
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.iterdir()) if path.is_file()}


def drift_headline_changes(
    data_dir: Path, number: int, in_use: DataBundle, lang: Language = ENGLISH
) -> list[HeadlineChange]:
    """The headline figures that differ between version `number` and the data in use ([] if that version
    no longer loads with today's other files)."""
    try:
        published = candidate_bundle(Path(data_dir), version_texts(data_dir, number))
    except (DataValidationError, ValueError):  # RestoreRefused too: that version is not in the history
        return []
    return [h for h in headline_changes(published, in_use, lang=lang) if h.changed]


def restore(data_dir: Path, number: int, who: str, reason: str, timeout: float = LOCK_TIMEOUT_SECONDS) -> Version:
    """Write version `number` back as a new version, after checking the data as a whole would still load."""
    data_dir = Path(data_dir)
    if not reason.strip():
        raise RestoreRefused(N_("say why: the reason is kept in the version history"))
    texts = {
        name: text
        for name, text in version_texts(data_dir, number).items()
        if not (data_dir / name).exists() or (data_dir / name).read_text(encoding="utf-8") != text
    }
    if not texts:
        raise RestoreRefused(N_("the data is already as in version {number}"), number=number)
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
