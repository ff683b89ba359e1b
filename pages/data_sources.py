"""Data & sources: every dataset to download, every source, the rules and the gaps."""

import streamlit as st

from components.figures.catalogue import build_catalogue, coverage_scope, dataset_csv, dataset_label, shown_rows
from components.figures.glossary import DEFINITIONS, EMPTY_CELLS, NOT_PUBLIC, NOT_VERIFIED_CAVEAT
from components.language.translation import N_
from components.ui.caches import arrow_table, cached
from components.ui.cards import cited_table, view_tabs
from components.ui.context import page_context
from components.ui.navigation import DATA_SECTION_KEY, RULES_SECTION

context = page_context()
lang = context.lang
catalogue = cached(build_catalogue, context.bundle, lang)

st.title(lang._("Data & sources"))
st.success(
    lang._(
        "All {datasets} datasets pass their checks: {rows} rows from {sources} cited sources, the latest published "
        "{latest}.",
        datasets=lang.number(len(catalogue.tables)),
        rows=lang.number(catalogue.row_total),
        sources=lang.number(len(catalogue.sources)),
        latest=catalogue.latest_source or lang._("on an unknown date"),
    ),
    icon=":material/verified:",
)
st.caption(lang._("No filter applies on this page: it lists everything the dashboard holds."))

coverage, sources_tab, datasets, rules = view_tabs(
    [N_("Coverage and gaps"), N_("Sources"), N_("Datasets"), RULES_SECTION], DATA_SECTION_KEY
)
if coverage.open:
    with coverage:
        st.subheader(lang._("Coverage and known gaps"))
        st.caption(coverage_scope(catalogue, lang))
        cited_table(
            catalogue.coverage.rename(
                columns={
                    "dataset": lang.p_("coverage column", "dataset"),
                    "rows": lang.p_("coverage column", "rows"),
                    "years": lang.p_("coverage column", "years"),
                    "facts": lang.p_("coverage column", "facts"),
                    "conflicting facts": lang.p_("coverage column", "conflicting facts"),
                    "unknown": lang.p_("coverage column", "unknown"),
                }
            )
        )
        st.markdown(
            "\n".join(
                f"- {line}"
                for line in (
                    lang._(
                        "**Missing is not zero.** Where no public source gives a figure, the dashboard says "
                        "“{unknown}”.",
                        unknown=lang._("not known"),
                    ),
                    lang._(NOT_PUBLIC),
                    lang._(NOT_VERIFIED_CAVEAT),
                    lang._(
                        "Most citations are press reports of UN documents, because the full UN reports could not be "
                        "read; each source's kind is shown so you can judge it."
                    ),
                )
            )
        )
if sources_tab.open:
    with sources_tab:
        st.subheader(lang._("Every source cited"))
        sources, sources_note = shown_rows(catalogue.sources, lang=lang)
        st.caption(f"{lang._(EMPTY_CELLS)} {sources_note}")
        # Empty cells blank: the grid's default "None" reads as a value ("no category", "no date").
        st.dataframe(
            arrow_table(sources),
            hide_index=True,
            width="stretch",
            placeholder="",
            column_config={
                "id": lang._("Source id"),
                "kind_label": lang._("Kind"),
                "publisher": lang._("Publisher"),
                "date": lang._("Published"),
                "title": st.column_config.TextColumn(lang._("Title"), width="large"),
                "url": st.column_config.LinkColumn(lang.p_("table column", "Link")),
                "note": lang._("Note"),
            },
        )
        # Files made on click, as on the chart cards: bytes given directly are hashed and stored on every rerun.
        st.download_button(
            lang._("Download the source list (CSV)"),
            lambda: cached(dataset_csv, context.bundle, "sources", lang),
            "sources.csv",
            "text/csv",
            on_click="ignore",
        )
if datasets.open:
    with datasets:
        st.subheader(lang._("Every dataset, to download"))
        # One dataset at a time: drawing every table on each rerun made this the slowest page.
        name = st.segmented_control(
            lang._("Dataset"),
            list(catalogue.tables),
            format_func=lambda name: dataset_label(name, lang),
            default="allegations",
            key="dataset",
        )
        if name:
            frame, rows_note = shown_rows(catalogue.tables[name], lang=lang)
            description = catalogue.descriptions.get(name, "")
            rows = lang.n_("{n} row.", "{n} rows.", len(catalogue.tables[name]))
            st.caption(f"{description} {rows} {lang._(EMPTY_CELLS)} {rows_note}")
            st.dataframe(arrow_table(frame), hide_index=True, width="stretch", height=360, placeholder="")
            st.download_button(
                lang._("Download {dataset} (CSV)", dataset=dataset_label(name, lang)),
                lambda name=name: cached(dataset_csv, context.bundle, name),
                f"tfsea-{name}.csv",
                "text/csv",
                key="download-dataset",
                on_click="ignore",
            )
if rules.open:
    with rules:
        st.subheader(lang._("When sources disagree"))
        st.markdown(
            lang._(
                "Several sources often state the same fact, sometimes with different values. All are kept. The "
                "dashboard shows one **preferred** value and the others beside it, chosen in this order:\n"
                "1. the kind of source: a UN document over UN News, UN News over other UN pages, those over "
                "government, NGO and press reports;\n"
                "2. the most recent publication, because later UN reports restate earlier years;\n"
                "3. an exact value over a qualified one (“over”, “about”), then the value more sources give."
            )
        )
        st.subheader(lang._("Definitions"))
        st.markdown("\n\n".join(f"**{lang._(term)}.** {lang._(text)}" for term, text in DEFINITIONS.items()))
