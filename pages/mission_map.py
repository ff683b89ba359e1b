"""Mission map: missions, project places and country outlines, drawn offline; the same figures as a table."""

from functools import partial

import streamlit as st

from components.charts.maps import LAYER_NAMES, MAP_HOW_TO, build_mission_map_view, mission_detail, selections_for
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
from components.ui.caches import arrow_table, cached
from components.ui.cards import cited_table, show_sources
from components.ui.context import page_context

SELECTED_KEY = "map_mission"
LAYERS_KEY = "map_layers"
TABLE_KEY = "map_table"
# Bumped when a mission is chosen outside the map, so the map drops a highlight that no longer matches.
MAP_GENERATION_KEY = "_map_generation"

context = page_context()
view = cached(build_mission_map_view, context.bundle, context.filters)
generation = st.session_state.setdefault(MAP_GENERATION_KEY, 0)
map_key = f"mission_map-{generation}"

st.title("Mission map")
active = active_filter_labels(
    context.filters,
    context.options,
    [YEARS_KEY, MISSIONS_KEY, COUNTRIES_KEY, STATUSES_KEY, SERVICES_KEY, UNCONFIRMED_KEY],
)
st.caption(
    filters_caption(active)
    + " The personnel-category filter does not apply here (per-mission counts cover all personnel); the status "
    "and service filters apply to project places only."
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


def _select_from_table() -> None:
    rows = st.session_state[TABLE_KEY]["selection"]["rows"]
    if rows:
        st.session_state[SELECTED_KEY] = view.table["Mission"].iloc[rows[0]]
        _forget_map_selection()


shown = st.pills(
    "Layers",
    list(LAYER_NAMES),
    default=list(LAYER_NAMES),
    selection_mode="multi",
    format_func=LAYER_NAMES.get,
    key=LAYERS_KEY,
)

map_column, detail_column = st.columns([2, 1])
with map_column:
    spec, selections = view.spec_for(shown), selections_for(shown)
    picked_places = []
    if spec is None:
        st.caption("No layer chosen: pick one above to draw it.")
    elif selections:
        event = st.vega_lite_chart(
            spec,
            width="stretch",
            on_select=partial(_select_from_map, map_key),
            selection_mode=selections,
            key=map_key,
        )
        picked_places = event.selection.get("place", [])
    else:
        st.vega_lite_chart(spec, width="stretch", key=map_key)
    if spec is not None:
        st.caption(f"{view.summary} {MAP_HOW_TO}")

with detail_column:
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
    chosen = st.selectbox(
        "Mission",
        view.mission_ids,
        index=None,
        key=SELECTED_KEY,
        bind="query-params",
        on_change=_forget_map_selection,
        placeholder="Click a mission on the map, or choose",
    )
    detail = cached(mission_detail, context.bundle, context.filters, chosen) if chosen else None
    if detail is None:
        st.caption("Click a mission's point on the map, choose it here, or select its row in the table below.")
    else:
        st.subheader(escape_markdown(detail.acronym))
        st.text(f"{detail.name}\n{detail.facts}")
        st.markdown("**Allegations:** " + escape_markdown(detail.allegations_total))
        cited_table(detail.allegations)
        st.markdown("**Uniformed personnel**")
        if detail.personnel.empty:
            st.caption("No personnel figure for these years: not known.")
        else:
            st.caption("Yearly means of the UN's monthly reports; the note says which months a mean covers.")
            cited_table(detail.personnel)
        st.markdown("**Projects**")
        st.caption(escape_markdown(detail.projects_note))
        for project_id, label in detail.projects:
            st.page_link(
                "pages/projects.py",
                label=escape_markdown(label),
                icon=":material/arrow_forward:",
                query_params={"project": project_id},
            )
        show_sources(detail.sources, f"Sources for {detail.acronym}")

st.subheader("The same figures as a table")
rows = list(view.table["Mission"])
st.dataframe(
    arrow_table(view.table),
    hide_index=True,
    width="stretch",
    on_select=_select_from_table,
    selection_mode="single-row",
    selection_default={"selection": {"rows": [rows.index(chosen)]}} if chosen in rows else None,
    key=TABLE_KEY,
)
if view.without_point:
    st.caption("No HQ point, so not on the map: " + escape_markdown(", ".join(view.without_point)))
show_sources(view.sources, "Sources of the allegation counts")
show_sources(view.mission_sources, "Sources of mission dates and headquarters")
