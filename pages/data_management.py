"""Data management (editors only): upload → problems or review → publish, and the version history."""

import pandas as pd
import streamlit as st

from components.data.bundle import data_directory
from components.data.downloads import csv_bytes
from components.data.schema import SOURCE_KIND_LABELS, SOURCE_KINDS, DataIssue, DataValidationError, issue_rows
from components.editing.history import (
    HistoryError,
    PublishConflict,
    PublishIncomplete,
    SaidError,
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
    summary_text,
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
from components.figures.formatting import escape_markdown
from components.language.translation import N_
from components.ui.caches import clear_loaded_data
from components.ui.context import page_context
from components.ui.session_user import current_editor

MAX_PROBLEMS_SHOWN = 100
MODES = {
    MERGE: N_("Add new rows and update rows with the same key (other rows stay)"),
    REPLACE: N_("Replace the whole dataset with this file (rows not in it are removed)"),
}
# What happened to a data file changed outside this page (components/editing/history.py, changed_since_published).
FILE_CHANGES = {"missing": N_("missing"), "changed": N_("changed")}

context = page_context()  # a first visit by this page's own address goes through the entry script's navigation
lang = context.lang
st.title(lang._("Data management"))
editor = current_editor()
if editor is None:
    # The navigation offers this page to editors only; this guards its address too.
    st.error(lang._("Only a signed-in editor can change the data. Sign in on the “Editor sign-in” page."))
    st.stop()

data_dir = data_directory()
who = f"{editor.name} <{editor.id}> ({editor.method})"
st.caption(
    lang._(
        "Signed in as {name}. Data folder: {folder}",
        name=escape_markdown(editor.name),
        folder=escape_markdown(data_dir),
    )
)


def write_failure(error: OSError) -> None:
    """A data folder that cannot be written (read-only, disk full), said in plain words."""
    if isinstance(error, PublishIncomplete):
        st.warning(error.text(lang))
        return
    # The system's reason (read-only file system, no space left) is for whoever runs the server: as it says it.
    reason = error.strerror or str(error)
    st.error(
        lang._(
            "The data folder could not be written ({reason}). Nothing was published and no data was lost. "
            "Ask whoever runs the server to check that the folder is writable and the disk is not full, then "
            "publish again.",
            reason=reason,
        )
    )


try:
    versions = read_log(data_dir)
except HistoryError as damaged:
    st.error(
        lang._(
            "The version history is damaged, so nothing can be published until it is repaired: {detail}",
            detail=damaged,
        )
    )
    st.stop()

published = st.session_state.pop("_published_message", None)
if published:
    st.success(published)
    st.page_link(
        "pages/overview.py", label=lang._("See the overview with the new data"), icon=":material/arrow_forward:"
    )


def show_problems(issues: tuple[DataIssue, ...] | list[DataIssue], label: str, what_to_do: str) -> None:
    """`what_to_do` is already in the viewer's language."""
    st.error(
        lang.n_(
            "{n} problem in {label}. Nothing was saved: {what_to_do}",
            "{n} problems in {label}. Nothing was saved: {what_to_do}",
            len(issues),
            label=label,
            what_to_do=what_to_do,
        )
    )
    st.markdown(problems_markdown(issues, label, MAX_PROBLEMS_SHOWN, lang=lang))
    problems = pd.DataFrame(issue_rows(issues, lang))
    st.download_button(
        lang._("Download the list of problems (CSV)"),
        csv_bytes(problems),
        lang._("problems.csv"),
        "text/csv",
    )


def new_source_entry() -> dict[str, str] | None:
    """A source typed in beside the upload, for rows that cite a document not yet in sources.yaml."""
    with st.expander(lang._("The rows cite a new source")):
        if not st.checkbox(lang._("Add this source with the upload"), key="add-new-source"):
            return None
        entry = {
            "id": st.text_input(lang._("Source id (lower-case letters, digits and -)"), key="new-source-id"),
            "title": st.text_input(lang.p_("new source", "Title"), key="new-source-title"),
            "publisher": st.text_input(lang.p_("new source", "Publisher"), key="new-source-publisher"),
            "kind": st.selectbox(
                lang.p_("new source", "Kind"),
                SOURCE_KINDS,
                format_func=lambda kind: lang._(SOURCE_KIND_LABELS[kind]),
                key="new-source-kind",
                index=0,
            ),
            "url": st.text_input(lang._("Web address"), key="new-source-url"),
            "date": st.text_input(lang._("Publication date (YYYY, YYYY-MM or YYYY-MM-DD)"), key="new-source-date"),
            "note": st.text_input(lang._("Note (optional)"), key="new-source-note"),
        }
        return {k: v.strip() for k, v in entry.items()}


def review(change: PreparedChange, diffs: list[RecordDiff]) -> None:
    st.subheader(lang._("Review: what will change"))
    if change.note:
        st.caption(lang._("Read as {encoding} text.", encoding=lang._(change.note)))
    if change.warnings:
        st.warning(
            lang.n_(
                "{n} cell will be stored changed, so it opens as text in a spreadsheet:",
                "{n} cells will be stored changed, so they open as text in a spreadsheet:",
                len(change.warnings),
            )
        )
        st.markdown(problems_markdown(change.warnings, change.label, MAX_PROBLEMS_SHOWN, lang=lang))
    for diff in diffs:
        st.markdown(
            lang.n_(
                "**{file}**: {n} row added, {changed} changed, {removed} removed",
                "**{file}**: {n} rows added, {changed} changed, {removed} removed",
                len(diff.added),
                file=escape_markdown(diff.file),
                changed=lang.number(diff.changed_rows),
                removed=lang.number(len(diff.removed)),
            )
        )
        if diff.added:
            st.caption(lang._("Added ({n})", n=lang.number(len(diff.added))))
            st.dataframe(pd.DataFrame(diff.added), hide_index=True)
        if diff.changed:
            rows = lang.n_("{n} row", "{n} rows", diff.changed_rows)
            st.caption(
                lang.n_(
                    "Changed: {n} cell in {rows} (old → new)",
                    "Changed: {n} cells in {rows} (old → new)",
                    len(diff.changed),
                    rows=rows,
                )
            )
            changed = [
                {
                    lang.p_("changed cells", "key"): c.key,
                    lang.p_("changed cells", "column"): c.column,
                    lang.p_("changed cells", "old"): c.old,
                    lang.p_("changed cells", "new"): c.new,
                }
                for c in diff.changed
            ]
            st.dataframe(pd.DataFrame(changed), hide_index=True)
        if diff.removed:
            st.caption(lang._("Removed ({n})", n=lang.number(len(diff.removed))))
            st.dataframe(pd.DataFrame(diff.removed), hide_index=True)
    st.markdown(lang._("**Effect on the headline figures** (overview, no filter set)"))
    effect = headline_changes(context.bundle, change.after_bundle, lang=lang)
    st.table(
        pd.DataFrame(
            [
                {
                    lang.p_("headline effect", "figure"): h.figure,
                    lang.p_("headline effect", "now"): h.before,
                    lang.p_("headline effect", "after publishing"): h.after,
                }
                for h in effect
            ]
        ),
        hide_index=True,
    )
    if any(NOT_HEADLINE in (h.before, h.after) for h in effect):
        st.caption(
            lang._(
                "“{mark}”: on that side, the year is not the latest with a figure, so not the headline.",
                mark=NOT_HEADLINE,
            )
        )


def publish_controls(change: PreparedChange, diffs: list[RecordDiff], review_key: str) -> None:
    # The files as they were when the editor saw this review: if they change before the click, the
    # publish is refused rather than overwriting someone else's work.
    bases = st.session_state.setdefault("_review_bases", {})
    base = bases.setdefault(review_key, change.base_checksums)
    reason = st.text_input(lang._("Why this change (kept in the version history)"), key=f"reason-{review_key}")
    if not st.button(lang._("Publish"), type="primary", disabled=not reason.strip()):
        return
    summary = "; ".join(d.summary() for d in diffs)
    try:
        version = publish(data_dir, change.new_texts, base, who, change.dataset, summary, reason)
    except PublishConflict as conflict:
        # The review above was built from the latest files in this run: it becomes the one to publish.
        bases[review_key] = change.base_checksums
        st.warning(
            lang._(
                "{refusal} The review above now shows your file against the latest data.",
                refusal=conflict.text(lang),
            )
        )
        return
    except OSError as error:
        write_failure(error)
        return
    clear_loaded_data()
    bases.pop(review_key, None)
    st.session_state["_upload_round"] = st.session_state.get("_upload_round", 0) + 1
    st.session_state["_published_message"] = lang._(
        "Published version {version}: {summary}.", version=version.version, summary=summary_text(summary, lang)
    )
    st.rerun()


def import_section() -> None:
    dataset = st.selectbox(
        lang.p_("upload", "Dataset"), list(EDITABLE), format_func=lambda name: lang._(EDITABLE[name].label)
    )
    template, guide = st.columns([1, 3])
    # The template's headers are the column names the file must have: the same in every language.
    template.download_button(
        lang._("Download the template (CSV)"), template_csv(dataset), f"{dataset}-template.csv", "text/csv"
    )
    with guide.expander(lang._("What each column holds")):
        st.table(pd.DataFrame(column_guide(dataset, lang=lang)))
    if dataset == "projects":
        st.caption(
            lang._(
                "One row per project with its flat fields; services and partners separated by “;”. Places and "
                "beneficiaries are not in the table: an updated project keeps its own, a new one starts with none."
            )
        )
    mode = st.radio(lang._("What the file does"), list(MODES), format_func=lambda code: lang._(MODES[code]))
    new_source = new_source_entry()
    upload = st.file_uploader(
        lang._(
            "Upload a CSV (UTF-8) or Excel (.xlsx) file, at most {size} MB",
            size=lang.number(MAX_UPLOAD_BYTES // 1024 // 1024),
        ),
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
                refused.issues,
                upload.name,
                lang._("this file cannot be read. Save it as asked and upload it again."),
            )
            return
        change = prepare_change(data_dir, context.bundle, dataset, table, mode, new_source)
        diffs = diffs_for(change.before, change.after) if change.ok else []
        kept = (prepared_key, change, diffs)
        st.session_state["_prepared_upload"] = kept
    _, change, diffs = kept
    if not change.ok:
        show_problems(change.issues, upload.name, lang._("fix the file and upload it again."))
        return
    st.success(lang._("{file}: every row passes the checks.", file=upload.name))
    review(change, diffs)
    if all(d.empty for d in diffs):
        st.info(lang._("The file holds exactly what the data holds already: there is nothing to publish."))
        return
    publish_controls(change, diffs, review_key)


def drift_notice(versions: list[Version]) -> bool:
    """Say so when the files in use are not the last published version (edited or cut outside this page)."""
    changed = changed_since_published(data_dir, versions)
    if not changed:
        return False
    last = versions[-1].version
    files = ", ".join(
        lang._("{file} ({change})", file=escape_markdown(name), change=lang._(FILE_CHANGES[what]))
        for name, what in changed.items()
    )
    st.warning(
        lang._(
            "The data files in use differ from the last published version, {version}: {files}. They were changed "
            "outside this page. If that was not meant, restore version {version} in the “Version history” tab.",
            version=last,
            files=files,
        )
    )
    effect = drift_headline_changes(data_dir, last, context.bundle, lang=lang)
    if effect:
        rows = [
            {
                lang.p_("headline effect", "figure"): h.figure,
                lang._("version {number}", number=last): h.before,
                lang.p_("headline effect", "in use now"): h.after,
            }
            for h in effect
        ]
        st.table(pd.DataFrame(rows), hide_index=True)
    return True


def history_section(drifted: bool) -> None:
    if not versions:
        st.info(
            lang._("Nothing has been published from this page yet. The first publish also keeps the data as found.")
        )
        return
    st.dataframe(pd.DataFrame(history_rows(versions, lang=lang)), hide_index=True)
    # The latest version can be restored too when the files in use are no longer it.
    earlier = {v.version: v for v in reversed(versions if drifted else versions[:-1])}
    if not earlier:
        return
    st.markdown(lang._("**Restore an earlier version** (it becomes a new version; nothing is deleted)"))
    number = st.selectbox(
        lang.p_("restore", "Version"), list(earlier), format_func=lambda n: version_label(earlier[n], lang=lang)
    )
    reason = st.text_input(lang._("Why restore it"), key="restore-reason")
    if st.button(lang._("Restore version {number}", number=number), disabled=not reason.strip()):
        try:
            version = restore(data_dir, number, who, reason)
        except DataValidationError as refused:
            show_problems(
                refused.issues,
                lang._("version {number}", number=number),
                lang._("it does not fit today's other data files."),
            )
            return
        except (PublishConflict, ValueError) as refused:
            st.warning(refused.text(lang) if isinstance(refused, SaidError) else str(refused))
            return
        except OSError as error:
            write_failure(error)
            return
        clear_loaded_data()
        st.session_state["_published_message"] = lang._(
            "Restored version {number} as version {version}.", number=number, version=version.version
        )
        st.rerun()


drifted = drift_notice(versions)
import_tab, history_tab = st.tabs([lang._("Import and publish"), lang._("Version history")])
with import_tab:
    import_section()
with history_tab:
    history_section(drifted)
