"""Data management (editors only): upload → problems or review → publish, and the version history."""

import pandas as pd
import streamlit as st

from components.data.bundle import data_directory
from components.data.downloads import csv_bytes
from components.data.schema import SOURCE_KIND_LABELS, SOURCE_KINDS, DataIssue, DataValidationError
from components.editing.history import (
    HistoryError,
    PublishConflict,
    PublishIncomplete,
    Version,
    changed_since_published,
    read_log,
)
from components.editing.publish import (
    NOT_HEADLINE,
    RecordDiff,
    diffs_for,
    drift_headline_changes,
    headline_changes,
    history_rows,
    publish,
    restore,
    version_label,
)
from components.editing.uploads import (
    EDITABLE,
    MAX_UPLOAD_BYTES,
    MERGE,
    REPLACE,
    PreparedChange,
    column_guide,
    prepare_change,
    problems_markdown,
    read_upload,
    template_csv,
)
from components.figures.formatting import escape_markdown, plural
from components.ui.caches import clear_loaded_data
from components.ui.context import page_context
from components.ui.session_user import current_editor

MAX_PROBLEMS_SHOWN = 100
MODES = {
    MERGE: "Add new rows and update rows with the same key (other rows stay)",
    REPLACE: "Replace the whole dataset with this file (rows not in it are removed)",
}

context = page_context()  # a first visit by this page's own address goes through the entry script's navigation
st.title("Data management")
editor = current_editor()
if editor is None:
    # The navigation offers this page to editors only; this guards its address too.
    st.error("Only a signed-in editor can change the data. Sign in on the “Editor sign-in” page.")
    st.stop()

data_dir = data_directory()
who = f"{editor.name} <{editor.id}> ({editor.method})"
st.caption(f"Signed in as {escape_markdown(editor.name)}. Data folder: {escape_markdown(data_dir)}")


def write_failure(error: OSError) -> None:
    """A data folder that cannot be written (read-only, disk full), said in plain words."""
    if isinstance(error, PublishIncomplete):
        st.warning(str(error))
        return
    reason = error.strerror or str(error)
    st.error(
        f"The data folder could not be written ({reason}). Nothing was published and no data was lost. "
        "Ask whoever runs the server to check that the folder is writable and the disk is not full, then "
        "publish again."
    )


try:
    versions = read_log(data_dir)
except HistoryError as damaged:
    st.error(f"The version history is damaged, so nothing can be published until it is repaired: {damaged}")
    st.stop()

published = st.session_state.pop("_published_message", None)
if published:
    st.success(published)
    st.page_link("pages/overview.py", label="See the overview with the new data", icon=":material/arrow_forward:")


def show_problems(issues: tuple[DataIssue, ...] | list[DataIssue], label: str, what_to_do: str) -> None:
    count = f"{len(issues)} problem{'s' if len(issues) != 1 else ''}"
    st.error(f"{count} in {label}. Nothing was saved: {what_to_do}")
    st.markdown(problems_markdown(issues, label, MAX_PROBLEMS_SHOWN))
    problems = pd.DataFrame([i.__dict__ for i in issues])
    st.download_button("Download the list of problems (CSV)", csv_bytes(problems), "problems.csv", "text/csv")


def new_source_entry() -> dict[str, str] | None:
    """A source typed in beside the upload, for rows that cite a document not yet in sources.yaml."""
    with st.expander("The rows cite a new source"):
        if not st.checkbox("Add this source with the upload", key="add-new-source"):
            return None
        entry = {
            "id": st.text_input("Source id (lower-case letters, digits and -)", key="new-source-id"),
            "title": st.text_input("Title", key="new-source-title"),
            "publisher": st.text_input("Publisher", key="new-source-publisher"),
            "kind": st.selectbox(
                "Kind", SOURCE_KINDS, format_func=SOURCE_KIND_LABELS.get, key="new-source-kind", index=0
            ),
            "url": st.text_input("Web address", key="new-source-url"),
            "date": st.text_input("Publication date (YYYY, YYYY-MM or YYYY-MM-DD)", key="new-source-date"),
            "note": st.text_input("Note (optional)", key="new-source-note"),
        }
        return {k: v.strip() for k, v in entry.items()}


def review(change: PreparedChange, diffs: list[RecordDiff]) -> None:
    st.subheader("Review: what will change")
    if change.note:
        st.caption(f"Read as {change.note} text.")
    if change.warnings:
        cells = plural(len(change.warnings), "cell", "cells")
        st.warning(f"{cells} will be stored changed, so they open as text in a spreadsheet:")
        st.markdown(problems_markdown(change.warnings, change.label, MAX_PROBLEMS_SHOWN))
    for diff in diffs:
        st.markdown(
            f"**{escape_markdown(diff.file)}**: {plural(len(diff.added), 'row', 'rows')} added, "
            f"{diff.changed_rows} changed, {len(diff.removed)} removed"
        )
        if diff.added:
            st.caption(f"Added ({len(diff.added)})")
            st.dataframe(pd.DataFrame(diff.added), hide_index=True)
        if diff.changed:
            cells = plural(len(diff.changed), "cell", "cells")
            st.caption(f"Changed: {cells} in {plural(diff.changed_rows, 'row', 'rows')} (old → new)")
            st.dataframe(pd.DataFrame([c.__dict__ for c in diff.changed]), hide_index=True)
        if diff.removed:
            st.caption(f"Removed ({len(diff.removed)})")
            st.dataframe(pd.DataFrame(diff.removed), hide_index=True)
    st.markdown("**Effect on the headline figures** (overview, no filter set)")
    effect = headline_changes(context.bundle, change.after_bundle)
    st.table(
        pd.DataFrame([{"figure": h.figure, "now": h.before, "after publishing": h.after} for h in effect]),
        hide_index=True,
    )
    if any(NOT_HEADLINE in (h.before, h.after) for h in effect):
        st.caption(f"“{NOT_HEADLINE}”: on that side, the year is not the latest with a figure, so not the headline.")


def publish_controls(change: PreparedChange, diffs: list[RecordDiff], review_key: str) -> None:
    # The files as they were when the editor saw this review: if they change before the click, the
    # publish is refused rather than overwriting someone else's work.
    bases = st.session_state.setdefault("_review_bases", {})
    base = bases.setdefault(review_key, change.base_checksums)
    reason = st.text_input("Why this change (kept in the version history)", key=f"reason-{review_key}")
    if not st.button("Publish", type="primary", disabled=not reason.strip()):
        return
    summary = "; ".join(d.summary() for d in diffs)
    try:
        version = publish(data_dir, change.new_texts, base, who, change.dataset, summary, reason)
    except PublishConflict as conflict:
        # The review above was built from the latest files in this run: it becomes the one to publish.
        bases[review_key] = change.base_checksums
        st.warning(f"{conflict} The review above now shows your file against the latest data.")
        return
    except OSError as error:
        write_failure(error)
        return
    clear_loaded_data()
    bases.pop(review_key, None)
    st.session_state["_upload_round"] = st.session_state.get("_upload_round", 0) + 1
    st.session_state["_published_message"] = f"Published version {version.version}: {summary}."
    st.rerun()


def import_section() -> None:
    dataset = st.selectbox("Dataset", list(EDITABLE), format_func=lambda name: EDITABLE[name].label)
    template, guide = st.columns([1, 3])
    template.download_button(
        "Download the template (CSV)", template_csv(dataset), f"{dataset}-template.csv", "text/csv"
    )
    with guide.expander("What each column holds"):
        st.table(pd.DataFrame(column_guide(dataset)))
    if dataset == "projects":
        st.caption(
            "One row per project with its flat fields; services and partners separated by “;”. Places and "
            "beneficiaries are not in the table: an updated project keeps its own, a new one starts with none."
        )
    mode = st.radio("What the file does", list(MODES), format_func=MODES.get)
    new_source = new_source_entry()
    upload = st.file_uploader(
        f"Upload a CSV (UTF-8) or Excel (.xlsx) file, at most {MAX_UPLOAD_BYTES // 1024 // 1024} MB",
        type=["csv", "xlsx"],
        max_upload_size=MAX_UPLOAD_BYTES // 1024 // 1024,
        key=f"upload-{st.session_state.get('_upload_round', 0)}",
    )
    if upload is None:
        return
    review_key = "|".join([upload.file_id, dataset, mode, repr(sorted((new_source or {}).items()))])
    # Preparing is a full staged load: done once per upload (and data version), not on every rerun.
    prepared_key = (review_key, context.bundle.fingerprint)
    kept = st.session_state.get("_prepared_upload")
    if kept is None or kept[0] != prepared_key:
        try:
            table = read_upload(upload.name, upload.getvalue(), size=upload.size)
        except DataValidationError as refused:
            show_problems(
                refused.issues, upload.name, "this file cannot be read. Save it as asked and upload it again."
            )
            return
        change = prepare_change(data_dir, context.bundle, dataset, table, mode, new_source)
        diffs = diffs_for(change.before, change.after) if change.ok else []
        kept = (prepared_key, change, diffs)
        st.session_state["_prepared_upload"] = kept
    _, change, diffs = kept
    if not change.ok:
        show_problems(change.issues, upload.name, "fix the file and upload it again.")
        return
    st.success(f"{upload.name}: every row passes the checks.")
    review(change, diffs)
    if all(d.empty for d in diffs):
        st.info("The file holds exactly what the data holds already: there is nothing to publish.")
        return
    publish_controls(change, diffs, review_key)


def drift_notice(versions: list[Version]) -> bool:
    """Say so when the files in use are not the last published version (edited or cut outside this page)."""
    changed = changed_since_published(data_dir, versions)
    if not changed:
        return False
    last = versions[-1].version
    files = ", ".join(f"{escape_markdown(name)} ({what})" for name, what in changed.items())
    st.warning(
        f"The data files in use differ from the last published version, {last}: {files}. They were changed "
        f"outside this page. If that was not meant, restore version {last} in the “Version history” tab."
    )
    effect = drift_headline_changes(data_dir, last, context.bundle)
    if effect:
        st.table(
            pd.DataFrame([{"figure": h.figure, f"version {last}": h.before, "in use now": h.after} for h in effect]),
            hide_index=True,
        )
    return True


def history_section(drifted: bool) -> None:
    if not versions:
        st.info("Nothing has been published from this page yet. The first publish also keeps the data as found.")
        return
    st.dataframe(pd.DataFrame(history_rows(versions)), hide_index=True)
    # The latest version can be restored too when the files in use are no longer it.
    earlier = {v.version: v for v in reversed(versions if drifted else versions[:-1])}
    if not earlier:
        return
    st.markdown("**Restore an earlier version** (it becomes a new version; nothing is deleted)")
    number = st.selectbox("Version", list(earlier), format_func=lambda n: version_label(earlier[n]))
    reason = st.text_input("Why restore it", key="restore-reason")
    if st.button(f"Restore version {number}", disabled=not reason.strip()):
        try:
            version = restore(data_dir, number, who, reason)
        except DataValidationError as refused:
            show_problems(refused.issues, f"version {number}", "it does not fit today's other data files.")
            return
        except (PublishConflict, ValueError) as refused:
            st.warning(str(refused))
            return
        except OSError as error:
            write_failure(error)
            return
        clear_loaded_data()
        st.session_state["_published_message"] = f"Restored version {number} as version {version.version}."
        st.rerun()


drifted = drift_notice(versions)
import_tab, history_tab = st.tabs(["Import and publish", "Version history"])
with import_tab:
    import_section()
with history_tab:
    history_section(drifted)
