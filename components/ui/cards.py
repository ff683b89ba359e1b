"""The few drawing helpers every page shares: a chart card, a figure with its source, the
data-problem banner. Only layout lives here; what is shown is computed elsewhere."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Literal

import pandas as pd
import streamlit as st

from components.charts.cards import chart_card as drawn_card
from components.data.bundle import LoadResult
from components.data.schema import DataIssue
from components.figures.cards import FigureCard
from components.figures.citations import SourceRef, markdown_cells, source_list_markdown
from components.figures.formatting import escape_markdown
from components.language.translation import ENGLISH, LANGUAGES, Language
from components.ui.caches import arrow_table
from components.ui.context import page_context


def _viewer_language() -> Language:
    """The language of the page being drawn (the entry script sets it before any page runs)."""
    return page_context().lang


def show_sources(sources: Sequence[SourceRef], label: str | None = None, key: str | None = None) -> None:
    """The sources in an expander, listed only once it is opened: a page holds several lists, some of dozens of
    linked sources, and drawing them all, closed, slowed every visit. `label` is "Sources" in the viewer's language
    unless given (translated by the caller); `key` (the label by default) must be unique on the page."""
    if not sources:
        return
    lang = _viewer_language()
    label = label or lang._("Sources")
    expander = st.expander(
        lang._("{label} ({count})", label=label, count=lang.number(len(sources))),
        key=f"sources-{key or label}",
        on_change="rerun",
    )
    if expander.open:
        # One element for the whole list: an element per source made large selections slow to redraw.
        expander.markdown(source_list_markdown(sources, lang=lang))


# Past this many rows a static table is a page to scroll through and slow to draw (every cell is markdown, drawn
# again on every rerun: the Projects table at 100x data had 900 rows); the grid scrolls them in place.
STATIC_TABLE_MAX_ROWS = 100


def cited_table(frame: pd.DataFrame) -> None:
    """A table whose every cell is read in full, at any width: a static table, whose cells wrap (a canvas grid cuts
    a long note, a place or a partner at its column's edge with an ellipsis, and a phone showed only its first
    column). Rows that name their source ('Source', 'Link': sources.source_columns) link to it; a row without a
    source has a blank link. Data text is shown literally (citations.markdown_cells). Past STATIC_TABLE_MAX_ROWS
    rows, the grid."""
    lang = _viewer_language()
    link_header = lang.p_("table column", "Link")
    if len(frame) > STATIC_TABLE_MAX_ROWS:
        st.dataframe(
            arrow_table(frame),
            hide_index=True,
            width="stretch",
            placeholder="",
            column_config={"Link": st.column_config.LinkColumn(link_header, display_text=lang._("open source"))},
        )
        return
    st.table(markdown_cells(frame, lang._("open source"), link_header), hide_index=True)


def view_tabs(labels: Sequence[str], key: str) -> Sequence[st.delta_generator.DeltaGenerator]:
    """Tabs that show one view of a page at a time, built only when open (test each tab's `.open`): a page opens
    on its headline and one view, not every chart and table at once. The open tab is in the link under `key`, so
    a presenter can share it; `key` must differ from page to page.

    `labels` are the English labels (marked with N_): they are shown in the viewer's language while the link keeps
    the English one, so a link opens the same tab in either language (Streamlit's bind="query-params" would put the
    shown label in the link). A label given already translated is shown and linked as given."""
    lang = _viewer_language()
    shown = {label: lang._(label) for label in labels}
    in_link = st.query_params.get(key)
    # A tab by its name in any language: a link may name it in the other language, and when the viewer switches
    # language the tabs are new widgets (their labels changed) that would otherwise open on the first one.
    named = {other._(label): label for other in LANGUAGES.values() for label in labels}
    if key not in st.session_state:
        if in_link in named:
            st.session_state[key] = shown[named[in_link]]
    else:
        if st.session_state[key] in named:
            st.session_state[key] = shown[named[st.session_state[key]]]
    tabs = st.tabs(list(shown.values()), key=key, on_change="rerun")
    open_label = next((label for label, text in shown.items() if text == st.session_state.get(key)), labels[0])
    if open_label == labels[0]:
        if key in st.query_params:
            del st.query_params[key]
    elif in_link != open_label:
        st.query_params[key] = open_label
    return tabs


def linked_choice(label: str, choices: Mapping[str, str], key: str) -> str:
    """A selectbox of `choices` (code: English label marked with N_), shown in the viewer's language, whose code is
    kept in the link under `key` (the first choice, the default, is left out of it), so a link opens the same choice
    in either language; Streamlit's bind="query-params" would put the shown label in the link. Returns the code."""
    lang = _viewer_language()
    codes = list(choices)
    in_link = st.query_params.get(key)
    if key not in st.session_state:
        st.session_state[key] = in_link if in_link in choices else codes[0]
    elif st.session_state[key] in choices:
        # Set again by code on every run: after a language switch the browser still holds the label it showed, which
        # the new language's widget would not find among its own and would drop.
        st.session_state[key] = st.session_state[key]
    chosen = st.selectbox(label, codes, key=key, format_func=lambda code: lang._(choices[code]))
    if chosen == codes[0]:
        if key in st.query_params:
            del st.query_params[key]
    elif in_link != chosen:
        st.query_params[key] = chosen
    return str(chosen)


# Streamlit cuts a metric's value that is wider than its card with an ellipsis: "plus de 2,…" for « plus de
# 2,5 M $US », a figure a reader takes for another. A figure wraps instead (money keeps its no-break spaces together),
# and so does its label ("Projects s…" on a 1024 px laptop).
# A static table in a narrow place (a side column, a phone) squeezed its long notes to a word a line, a cell taller
# than the screen: there, a cell is at least as wide as its text up to 12rem, and the table scrolls sideways instead
# (a browser without calc-size() squeezes them as before, never cutting them). A page-wide table is left to the
# browser, which shares the width out and wraps.
# Constant CSS, no data.
# A row of pills (the Mission map's "Layers") scrolls sideways past a phone's edge, its last pill cut: it wraps too.
FIGURES_WRAP_CSS = """<style>
[data-testid="stMetricValue"], [data-testid="stMetricValue"] *, [data-testid="stMetricLabel"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stTable"] { container-type: inline-size; }
@container (max-width: 560px) {
  [data-testid="stTable"] :is(td, th) [data-testid="stMarkdownContainer"] {
    min-width: calc-size(max-content, min(size, 12rem)); }
}
[data-testid="stButtonGroup"] > div { flex-wrap: wrap !important; row-gap: 0.5rem;
  overflow-x: visible !important; }
</style>"""


def figures_never_cut() -> None:
    """Once per run, from the entry script: every headline figure and its label on every page wraps instead of
    being cut, a static table in a narrow place keeps its long cells readable, and a row of pills wraps."""
    st.html(FIGURES_WRAP_CSS)


def figure_card(
    place: st.delta_generator.DeltaGenerator,
    label: str,
    value: str,
    captions: Sequence[str] = (),
    delta: str | None = None,
    help: str | None = None,
    delta_color: Literal["normal", "inverse", "off"] = "normal",
) -> None:
    """A headline figure with its "as of" and scope lines in one bordered card: captions drawn under a bordered
    metric sat outside its border, and on a phone, where the cards stack, they floated between cards. `captions` are
    markdown, escaped by the caller."""
    with place.container(border=True):
        st.metric(label, value, delta, delta_color=delta_color, help=help)
        for caption in captions:
            if caption:
                st.caption(caption)


def chart_card(figure: FigureCard, caption: str | None = None) -> None:
    """Draw a chart with its takeaway, its sources one click away and a CSV of the data behind it. A switch shows
    the same figures as a table instead (as Our World in Data's grapher does): a reader, a screen reader or a phone
    gets every figure without reading it off a chart. `caption` (an "as of" line) goes inside the card, under its
    takeaway: outside it floated between cards once they stacked on a phone."""
    card = drawn_card(figure)
    lang = _viewer_language()
    with st.container(border=True):
        if st.toggle(lang._("Show as table"), key=f"as-table-{card.key}"):
            st.dataframe(arrow_table(card.data), hide_index=True, width="stretch", placeholder="")
        else:
            st.vega_lite_chart(card.streamlit_spec, width="stretch", key=f"chart-{card.key}")
        st.markdown(escape_markdown(card.takeaway))
        if caption:
            st.caption(escape_markdown(caption))
        # Stacked, not side by side: in a half-width card a side column cut the button's label short.
        show_sources(card.sources, key=card.key)
        # Deferred, and no rerun on click: with the bytes given directly Streamlit hashed and stored every
        # card's CSV on every rerun, though the file is made only when someone clicks.
        st.download_button(
            lang._("Download data (CSV)"),
            data=lambda: card.csv,
            file_name=f"{card.file_stem}.csv",
            mime="text/csv",
            key=f"csv-{card.key}",
            on_click="ignore",
        )


def chart_card_or_unknown(card: FigureCard | None, unknown: str, caption: str | None = None) -> None:
    """The chart card, or `unknown` said plainly when the selection holds no figure to chart: no chart is not an
    empty chart."""
    if card is None:
        st.info(unknown)
    else:
        chart_card(card, caption)


def problem_files(issues: Sequence[DataIssue], lang: Language = ENGLISH) -> str:
    """What a viewer is told: the names of the files with problems, never paths or cell values."""
    counts = Counter(PurePath(issue.file).name for issue in issues)
    files = [lang.n_("{name} ({n} problem)", "{name} ({n} problems)", n, name=name) for name, n in counts.items()]
    return ", ".join(files)


def data_problem_banner(result: LoadResult, show_detail: bool, lang: Language = ENGLISH) -> None:
    """Say plainly that the data files have a problem, and which data the app shows meanwhile. Viewers
    get the files' names; editors (`show_detail`) get every problem with its place. The problems were found
    once for everyone; each viewer reads them in their own language."""
    if result.error is None:
        return
    issues = result.error.issues
    files = escape_markdown(problem_files(issues, lang))
    if result.bundle:
        message = lang._(
            "The data files have problems: {files}. The dashboard keeps showing the last data that passed its checks.",
            files=files,
        )
    else:
        message = lang._(
            "The data files have problems: {files}. No good data has been loaded yet, so there is nothing to show "
            "until the files are fixed.",
            files=files,
        )
    st.error(message, icon=":material/error:")
    if show_detail:
        with st.expander(lang._("What is wrong, file by file")):
            for issue in issues[:200]:
                st.text(issue.message(lang))
