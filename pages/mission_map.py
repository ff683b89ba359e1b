"""Mission map: missions, project places, country outlines and lakes, drawn offline with deck.gl (or, for browsers
without WebGL, as a simple Vega-Lite map); the same figures as a table."""

from functools import partial

import streamlit as st

from components.charts.maps import (
    BLANK_MAP_HELP,
    DECK_DESCRIPTION,
    DECK_HOW_TO,
    DECK_LAYER_IDS,
    LAYER_NAMES,
    MAP_HEIGHT_PX,
    MAP_HOW_TO,
    build_mission_map_view,
    layer_name,
    selections_for,
)
from components.figures.filters import (
    COUNTRIES_KEY,
    MISSIONS_KEY,
    SERVICES_KEY,
    STATUSES_KEY,
    UNCONFIRMED_KEY,
    YEARS_KEY,
    active_filter_labels,
    filters_caption,
)
from components.figures.formatting import escape_markdown
from components.figures.missions import CHOOSER_MAX_OPTIONS, chooser_options, mission_detail
from components.ui.caches import arrow_table, cached
from components.ui.cards import cited_table, show_sources
from components.ui.context import page_context

SELECTED_KEY = "map_mission"
# The search that narrows the chooser when more than CHOOSER_MAX_OPTIONS missions are shown.
FIND_KEY = "map_mission_find"
LAYERS_KEY = "map_layers"
TABLE_KEY = "map_table"
# Three lines of the grid's text: a mission's full name (up to about 90 characters) takes two in a large column.
TABLE_ROW_PX = 72
# The "simple map (no WebGL)" switch, kept in the link so a colleague without WebGL can be sent it.
SIMPLE_KEY = "simple_map"
# Bumped when a mission is chosen outside the map, so the map drops a highlight that no longer matches, and by
# "Reset view", so the deck starts again from its first view.
MAP_GENERATION_KEY = "_map_generation"

context = page_context()
lang = context.lang
view = cached(build_mission_map_view, context.bundle, context.filters, lang)
generation = st.session_state.setdefault(MAP_GENERATION_KEY, 0)

st.title(lang._("Mission map"))
active = active_filter_labels(
    context.filters,
    context.options,
    [YEARS_KEY, MISSIONS_KEY, COUNTRIES_KEY, STATUSES_KEY, SERVICES_KEY, UNCONFIRMED_KEY],
    lang,
)
st.caption(
    lang._(
        "{filters} The personnel-category filter does not apply here (per-mission counts cover all personnel); the "
        "status and service filters apply to project places only.",
        filters=filters_caption(active, lang=lang),
    )
)
st.caption(view.legend)


def _forget_map_selection() -> None:
    st.session_state[MAP_GENERATION_KEY] = generation + 1


def _select_from_map(key: str) -> None:
    picked = st.session_state[key]["selection"].get("mission", [])
    # A click on another layer's mark leaves an entry without the field.
    missions = [point["acronym"] for point in picked if "acronym" in point]
    if missions:
        st.session_state[SELECTED_KEY] = missions[0]


def _select_from_deck(key: str) -> None:
    picked = st.session_state[key]["selection"]["objects"].get(DECK_LAYER_IDS["missions"], [])
    missions = [point["acronym"] for point in picked if "acronym" in point]
    if missions:
        st.session_state[SELECTED_KEY] = missions[0]


def _select_from_table(table_missions: list[str]) -> None:
    rows = st.session_state[TABLE_KEY]["selection"]["rows"]
    if rows:
        st.session_state[SELECTED_KEY] = table_missions[rows[0]]
        _forget_map_selection()


layers_column, simple_column, reset_column = st.columns([4, 2, 1], vertical_alignment="bottom")
with layers_column:
    shown = st.pills(
        lang._("Layers"),
        list(LAYER_NAMES),
        default=list(LAYER_NAMES),
        selection_mode="multi",
        format_func=lambda layer: layer_name(layer, lang),
        key=LAYERS_KEY,
    )
with simple_column:
    simple = st.toggle(
        lang._("Simple map (no WebGL)"),
        key=SIMPLE_KEY,
        bind="query-params",
        help=lang._("A plain picture map for browsers where WebGL is off: it zooms and pans, with no hover outlines."),
    )
with reset_column:
    st.button(
        lang._("Reset view"),
        on_click=_forget_map_selection,
        disabled=simple,
        help=lang._("Back to the first view of the map."),
    )

# The two maps keep their selections apart: a simple map's selection means nothing to the deck.
map_key = f"mission_map-{'simple' if simple else 'deck'}-{generation}"
map_column, detail_column = st.columns([2, 1])
# The chooser is drawn first (in the right-hand column) so the map can ring the chosen mission.
with detail_column:
    picked = st.session_state.get(map_key)
    if picked is None:
        picked_places = []
    elif simple:
        picked_places = picked["selection"].get("place", [])
    else:
        picked_places = picked["selection"].get("objects", {}).get(DECK_LAYER_IDS["projects"], [])
    places = view.places_at(picked_places)
    for title, project_ids in zip(places["tooltip_title"], places["project_ids"], strict=True):
        st.markdown(f"**{escape_markdown(title)}**")
        for project_id in project_ids:
            st.page_link(
                "pages/projects.py",
                label=escape_markdown(view.project_titles.get(project_id, project_id)),
                icon=":material/arrow_forward:",
                query_params={"project": project_id},
            )
    options, more = view.mission_ids, 0
    if len(view.mission_ids) > CHOOSER_MAX_OPTIONS:
        query = st.text_input(lang._("Find a mission (name or acronym)"), key=FIND_KEY)
        # The mission chosen by a link, a click on the map or the table stays listed whatever the search.
        kept = st.session_state.get(SELECTED_KEY) or st.query_params.get(SELECTED_KEY)
        narrowed = chooser_options(view.mission_words, query, kept)
        options, more = narrowed.missions, narrowed.more
    chosen = st.selectbox(
        lang._("Mission"),
        options,
        index=None,
        key=SELECTED_KEY,
        bind="query-params",
        on_change=_forget_map_selection,
        placeholder=lang._("Click a mission on the map, or choose"),
    )
    if more:
        st.caption(
            lang.n_(
                "{n} more mission matches: type more letters to find it.",
                "{n} more missions match: type more letters to find them.",
                more,
            )
        )
    detail = cached(mission_detail, context.bundle, context.filters, chosen, lang) if chosen else None
    detail_slot = st.container()

with map_column:
    if not shown:
        st.caption(lang._("No layer chosen: pick one above to draw it."))
    elif simple:
        spec, selections = view.spec_for(shown), selections_for(shown)
        if selections:
            st.vega_lite_chart(
                spec,
                width="stretch",
                on_select=partial(_select_from_map, map_key),
                selection_mode=selections,
                key=map_key,
            )
        else:
            st.vega_lite_chart(spec, width="stretch", key=map_key)
        st.caption(f"{view.summary} {lang._(MAP_HOW_TO)}")
    else:
        st.pydeck_chart(
            view.deck_for(shown, chosen),
            height=MAP_HEIGHT_PX,
            on_select=partial(_select_from_deck, map_key),
            selection_mode="single-object",
            key=map_key,
            alt=lang._(DECK_DESCRIPTION),
        )
        st.caption(f"{view.summary} {lang._(DECK_HOW_TO)} {lang._(BLANK_MAP_HELP)}")

with detail_slot:
    if detail is None:
        st.caption(lang._("Click a mission's point on the map, choose it here, or select its row in the table below."))
    else:
        st.subheader(escape_markdown(detail.acronym))
        st.text(f"{detail.name}\n{detail.facts}")
        st.markdown(lang._("**Allegations:** {total}", total=escape_markdown(detail.allegations_total)))
        cited_table(detail.allegations)
        st.markdown("**{}**".format(lang._("Uniformed personnel")))
        if detail.personnel.empty:
            st.caption(lang._("No personnel figure for these years: not known."))
        else:
            st.caption(lang._("Yearly means of the UN's monthly reports; the note says which months a mean covers."))
            cited_table(detail.personnel)
        st.markdown("**{}**".format(lang._("Projects")))
        st.caption(escape_markdown(detail.projects_note))
        for project_id, label in detail.projects:
            st.page_link(
                "pages/projects.py",
                label=escape_markdown(label),
                icon=":material/arrow_forward:",
                query_params={"project": project_id},
            )
        show_sources(detail.sources, lang._("Sources for {mission}", mission=detail.acronym), key=detail.acronym)

st.subheader(lang._("The same figures as a table"))
# Above CHOOSER_MAX_OPTIONS missions the table lists the chooser's missions: thousands of rows were decoded and laid
# out again in the browser on every filter change, and the search box finds any mission for both.
table = view.table if options is view.mission_ids else view.table_of(options)
rows = list(table["Mission"])
left_out = 0 if table is view.table else len(view.table) - len(rows)
if left_out:
    st.caption(
        lang.n_(
            "The table lists the same missions as the chooser; {n} other mission is left out: find it with “Find a "
            "mission”.",
            "The table lists the same missions as the chooser; {n} other missions are left out: find them with “Find "
            "a mission”.",
            left_out,
        )
    )
st.dataframe(
    arrow_table(table),
    hide_index=True,
    width="stretch",
    # Rows taller than 4 rem let the grid wrap a cell's text (Streamlit's rule), and the long columns get room:
    # cut to one line, the notes and names ended in "…". The selection stays: it is the keyboard's way in.
    row_height=TABLE_ROW_PX,
    column_config={
        lang._("Note"): st.column_config.TextColumn(width="large"),
        lang._("Name"): st.column_config.TextColumn(width="large"),
        lang._("Years with a sourced count"): st.column_config.TextColumn(width="medium"),
        lang._("Host countries"): st.column_config.TextColumn(width="medium"),
    },
    on_select=partial(_select_from_table, rows),
    selection_mode="single-row",
    selection_default={"selection": {"rows": [rows.index(chosen)]}} if chosen in rows else None,
    key=TABLE_KEY,
)
if view.without_point:
    st.caption(
        lang._("No HQ point, so not on the map: {missions}", missions=escape_markdown(", ".join(view.without_point)))
    )
show_sources(view.sources, lang._("Sources of the allegation counts"), key="allegation-counts")
show_sources(view.mission_sources, lang._("Sources of mission dates and headquarters"), key="mission-dates")
