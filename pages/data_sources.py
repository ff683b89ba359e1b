"""Data & sources: every dataset to download, every source, the rules and the gaps."""

import streamlit as st

from components.figures.catalogue import build_catalogue, coverage_scope, dataset_csv, shown_rows
from components.figures.formatting import plural
from components.figures.glossary import DEFINITIONS, EMPTY_CELLS, NOT_PUBLIC, NOT_VERIFIED_CAVEAT
from components.ui.caches import arrow_table, cached
from components.ui.cards import view_tabs
from components.ui.context import page_context
from components.ui.navigation import DATA_SECTION_KEY, RULES_SECTION

context = page_context()
catalogue = cached(build_catalogue, context.bundle)

st.title("Data & sources")
latest = catalogue.latest_source or "on an unknown date"
st.success(
    f"All {len(catalogue.tables)} datasets pass their checks: {catalogue.row_total:,} rows from "
    f"{len(catalogue.sources):,} cited sources, the latest published {latest}.",
    icon=":material/verified:",
)
st.caption("No filter applies on this page: it lists everything the dashboard holds.")

coverage, sources_tab, datasets, rules = view_tabs(
    ["Coverage and gaps", "Sources", "Datasets", RULES_SECTION], DATA_SECTION_KEY
)
if coverage.open:
    with coverage:
        st.subheader("Coverage and known gaps")
        st.caption(coverage_scope(catalogue))
        st.dataframe(arrow_table(catalogue.coverage), hide_index=True, width="stretch")
        st.markdown(
            "- **Missing is not zero.** Where no public source gives a figure, the dashboard says “not known”.\n"
            f"- {NOT_PUBLIC}\n"
            f"- {NOT_VERIFIED_CAVEAT}\n"
            "- Most citations are press reports of UN documents, because the full UN reports could not be read; "
            "each source's kind is shown so you can judge it."
        )
if sources_tab.open:
    with sources_tab:
        st.subheader("Every source cited")
        sources, sources_note = shown_rows(catalogue.sources)
        st.caption(f"{EMPTY_CELLS} {sources_note}")
        # Empty cells blank: the grid's default "None" reads as a value ("no category", "no date").
        st.dataframe(
            arrow_table(sources),
            hide_index=True,
            width="stretch",
            placeholder="",
            column_config={
                "id": "Source id",
                "kind_label": "Kind",
                "publisher": "Publisher",
                "date": "Published",
                "title": st.column_config.TextColumn("Title", width="large"),
                "url": st.column_config.LinkColumn("Link"),
                "note": "Note",
            },
        )
        # Files made on click, as on the chart cards: bytes given directly are hashed and stored on every rerun.
        st.download_button(
            "Download the source list (CSV)",
            lambda: cached(dataset_csv, context.bundle, "sources"),
            "sources.csv",
            "text/csv",
            on_click="ignore",
        )
if datasets.open:
    with datasets:
        st.subheader("Every dataset, to download")
        # One dataset at a time: drawing every table on each rerun made this the slowest page.
        name = st.segmented_control("Dataset", list(catalogue.tables), default="allegations", key="dataset")
        if name:
            frame, rows_note = shown_rows(catalogue.tables[name])
            description = catalogue.descriptions.get(name, "")
            st.caption(f"{description} {plural(len(catalogue.tables[name]), 'row', 'rows')}. {EMPTY_CELLS} {rows_note}")
            st.dataframe(arrow_table(frame), hide_index=True, width="stretch", height=360, placeholder="")
            st.download_button(
                f"Download {name} (CSV)",
                lambda name=name: cached(dataset_csv, context.bundle, name),
                f"tfsea-{name}.csv",
                "text/csv",
                key="download-dataset",
                on_click="ignore",
            )
if rules.open:
    with rules:
        st.subheader("When sources disagree")
        st.markdown(
            "Several sources often state the same fact, sometimes with different values. All are kept. The "
            "dashboard shows one **preferred** value and the others beside it, chosen in this order:\n"
            "1. the kind of source: a UN document over UN News, UN News over other UN pages, those over "
            "government, NGO and press reports;\n"
            "2. the most recent publication, because later UN reports restate earlier years;\n"
            "3. an exact value over a qualified one (“over”, “about”), then the value more sources give."
        )
        st.subheader("Definitions")
        st.markdown("\n\n".join(f"**{term}.** {text}" for term, text in DEFINITIONS.items()))
