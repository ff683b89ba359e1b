"""Mission map: missions, project places and country outlines, drawn offline; a table of the same."""

import streamlit as st

from components.context import page_context
from components.filters import COUNTRIES_KEY, MISSIONS_KEY, UNCONFIRMED_KEY, YEARS_KEY, active_filter_labels
from components.maps import LAYER_NAMES, build_mission_map_view, mission_detail, mission_map_deck
from components.views import cached

SELECTED_KEY = "map_mission"

context = page_context()
view = cached(build_mission_map_view, context.bundle, context.filters)

st.title("Mission map")
active = active_filter_labels(
    context.filters, context.options, [YEARS_KEY, MISSIONS_KEY, COUNTRIES_KEY, UNCONFIRMED_KEY]
)
st.caption(("Filters: " + "; ".join(active) if active else "No filter set.") + f" {view.summary}")
st.caption(
    "Points are mission headquarters, coloured by type (blue peacekeeping, vermillion political mission, green "
    "support office) and sized by the allegations with a sourced count in the selected years; a small point with "
    "a black ring has no sourced count, which is not zero. Orange points are project places."
)

shown = st.pills(
    "Layers", list(LAYER_NAMES), default=list(LAYER_NAMES), selection_mode="multi", format_func=LAYER_NAMES.get
)


def _select_from_map() -> None:
    objects = st.session_state["mission_map"]["selection"]["objects"].get("missions", [])
    if objects:
        st.session_state[SELECTED_KEY] = objects[0]["acronym"]


map_column, detail_column = st.columns([2, 1])
with map_column:
    st.pydeck_chart(
        cached(mission_map_deck, context.bundle, context.filters, tuple(shown)),
        height=560,
        on_select=_select_from_map,
        selection_mode="single-object",
        key="mission_map",
        alt="Map of UN field missions and project places; the same figures are in the table below.",
    )
with detail_column:
    acronym = st.selectbox(
        "Mission",
        list(view.missions["acronym"]),
        index=None,
        key=SELECTED_KEY,
        placeholder="Click a mission on the map, or choose",
    )
    if acronym:
        detail = cached(mission_detail, context.bundle, context.filters, acronym)
        st.subheader(f"{detail['acronym']}")
        st.text(f"{detail['name']}\n{detail['type']}, {detail['dates']}")
        st.dataframe(detail["allegations"], hide_index=True, width="stretch")
        if not detail["personnel"].empty:
            st.dataframe(detail["personnel"], hide_index=True, width="stretch")
        if detail["projects"].empty:
            st.caption("No project of the Fund is tied to this mission in the data.")
        for project_id, title in zip(detail["projects"]["id"], detail["projects"]["title"], strict=True):
            st.page_link(
                "pages/projects.py", label=title, icon=":material/arrow_forward:", query_params={"project": project_id}
            )

st.subheader("The same figures as a table")
st.dataframe(view.table, hide_index=True, width="stretch")
if view.without_point:
    st.caption("No HQ point, so not on the map: " + ", ".join(view.without_point))
