"""Streamlit's floor for each page: an app with the dashboard's own sidebar and page list, whose pages draw the
same Streamlit elements as the dashboard's, in the same containers, with trivial content (a two-point chart, a
one-row table, the years chosen as text).

Navigation to a page, or a years change on it, against its floor says how much of the page's cost is ours (its
data, its specs, its Python) and how much is what Streamlit costs to draw that many charts, tables and cards,
which only a different choice of elements changes.
"""

from __future__ import annotations

from pathlib import Path

# Each element kind the dashboard's pages draw, as the call that draws one with trivial content (TEXT: the page's
# title, so the benchmark sees the page change; KEY: a key of its own). Charts, tables, cards and text show the
# years chosen in the sidebar (SPAN; LOW, HIGH), so a years change redraws them as it redraws the dashboard's. A
# kind missing here stops the benchmark: a floor that skipped it would flatter the page.
ELEMENTS = {
    "title": "st.title(TEXT)",
    "subheader": "st.subheader('Heading')",
    "markdown": "st.markdown(SPAN)",
    "caption": "st.caption(SPAN)",
    "info": "st.info('Text.')",
    "warning": "st.warning('Text.')",
    "success": "st.success('Text.')",
    "metric": "st.metric('Label', SPAN, border=True)",
    "vega_lite_chart": "st.vega_lite_chart(trivial_chart(), width='stretch')",
    "deck_gl_json_chart": "st.pydeck_chart(trivial_deck(), height=560, on_select='rerun', key=KEY)",
    "dataframe": "st.dataframe({'a': [LOW], 'b': [SPAN]}, hide_index=True)",
    "table": "st.table({'a': [LOW], 'b': [SPAN]}, hide_index=True)",
    "download_button": "st.download_button('Download', data='x', key=KEY, on_click='ignore')",
    "button": "st.button('Button', key=KEY, shortcut=SHORTCUT)",
    "toggle": "st.toggle('Toggle', key=KEY)",
    "selectbox": "st.selectbox('Choice', ['a', 'b'], key=KEY)",
    # The Mission map's search above its chooser, drawn only with more than CHOOSER_MAX_OPTIONS missions (100x).
    "text_input": "st.text_input('Text', key=KEY)",
    "button_group": "st.segmented_control('Choice', ['a', 'b'], default='a', key=KEY)",
    "page_link": "st.page_link(pages[0], label='Link')",
    # The Briefing's scroll-to-top script (pages/briefing.py).
    "html": "st.html('<script>/* floor */</script>', unsafe_allow_javascript=True, width='content')",
}
TRIVIAL_CHART = """
def trivial_chart():
    return {
        "data": {"values": [{"x": "a", "y": LOW}, {"x": "b", "y": HIGH}]},
        "mark": "bar",
        "encoding": {"x": {"field": "x", "type": "nominal"}, "y": {"field": "y", "type": "quantitative"}},
    }
"""


# The Mission map's deck with trivial content: the same layers (outlines, lakes, missions, the chosen ring,
# project places and their names) with two shapes or points each, offline, where the years move the points.
TRIVIAL_DECK = """
import pydeck


def trivial_deck():
    def squares(size):
        return {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[
                [x, 0], [x + size, 0], [x + size, size], [x, size], [x, 0]]]}}
            for x in (0, 20)
        ]}

    points = [
        {"lon": LOW - 2000, "lat": 0, "r": 6, "label": "Place A"},
        {"lon": HIGH - 2000, "lat": 5, "r": 9, "label": "Place B"},
    ]
    scatter = dict(get_position=["lon", "lat"], get_radius="r", radius_units="'pixels'", pickable=True)
    return pydeck.Deck(
        layers=[
            pydeck.Layer("GeoJsonLayer", id="countries", data=squares(10), get_fill_color=[150, 150, 150, 55]),
            pydeck.Layer("GeoJsonLayer", id="hosts", data=squares(5), get_fill_color=[204, 170, 102, 120]),
            pydeck.Layer("GeoJsonLayer", id="lakes", data=squares(2), get_fill_color=[86, 180, 233, 210]),
            pydeck.Layer("ScatterplotLayer", id="missions", data=points, **scatter),
            pydeck.Layer("ScatterplotLayer", id="chosen", data=points, filled=False, stroked=True,
                         get_position=["lon", "lat"], get_radius="r", radius_units="'pixels'"),
            pydeck.Layer("ScatterplotLayer", id="places", data=points, **scatter),
            # The page names its project places beside their points (a text layer: deck.gl draws its font atlas).
            pydeck.Layer("TextLayer", id="place-labels", data=points, get_position=["lon", "lat"], get_text="label",
                         get_size=13, size_units="'pixels'", get_color=[17, 19, 24, 255], get_text_anchor="'start'",
                         get_alignment_baseline="'center'", get_pixel_offset=[8, 0], font_weight="'bold'",
                         font_family="'Source Sans Pro, Helvetica Neue, Arial, sans-serif'", outline_width=2,
                         outline_color=[255, 255, 255, 230], font_settings={"sdf": True}, pickable=False),
        ],
        initial_view_state=pydeck.ViewState(latitude=0, longitude=15, zoom=3),
        map_provider=None,
        tooltip={"text": "{lon}"},
    )
"""


class UnknownElement(ValueError):
    pass


def _lines(node, depth: int, counter: list[int]) -> list[str]:
    """Code that draws `node` and what it holds, indented `depth` levels."""
    pad = "    " * depth
    counter[0] += 1
    key = f"floor-{counter[0]}"
    children = list(getattr(node, "children", {}).values())
    if node.type in ELEMENTS:
        text = getattr(node, "value", "") if node.type == "title" else ""
        # A button keeps its keyboard shortcut: the Briefing's arrow keys rerun the floor as they rerun the page.
        shortcut = getattr(node.proto, "shortcut", "") if node.type == "button" else ""
        code = ELEMENTS[node.type].replace("TEXT", repr(text)).replace("KEY", repr(key))
        return [pad + code.replace("SHORTCUT", repr(shortcut or None))]
    if node.type == "expander":
        head = [f"{pad}with st.expander('Sources', key={key!r}, on_change='rerun'):"]
        return head + _block(children, depth + 1, counter)
    if node.type == "tab_container":
        labels = [tab.label for tab in children]
        lines = [f"{pad}tabs = st.tabs({labels!r}, key={key!r}, on_change='rerun')"]
        for index, tab in enumerate(children):
            inner = list(tab.children.values())
            if inner:
                lines += [f"{pad}with tabs[{index}]:", *_block(inner, depth + 1, counter)]
        return lines
    if node.type == "flex_container":
        flex = node.proto.flex_container
        if children and all(child.type == "column" for child in children):
            name = f"columns_{counter[0]}"
            lines = [f"{pad}{name} = st.columns({len(children)})"]
            for index, column in enumerate(children):
                lines += [f"{pad}with {name}[{index}]:", *_block(list(column.children.values()), depth + 1, counter)]
            return lines
        horizontal = flex.direction == flex.Direction.HORIZONTAL
        head = [f"{pad}with st.container(border={flex.border!r}, horizontal={horizontal!r}):"]
        return head + _block(children, depth + 1, counter)
    raise UnknownElement(f"the floor app has no trivial stand-in for a {node.type!r} element")


def _block(children, depth: int, counter: list[int]) -> list[str]:
    lines = [line for child in children for line in _lines(child, depth, counter)]
    return lines or ["    " * depth + "pass"]


def page_outlines(data_dir: Path) -> dict[str, list[str]]:
    """The code of each page's floor, by title: its main area as AppTest sees it with the default filters."""
    from bench.run import pages_with_default_filters

    return {
        title: _block(list(app.main.children.values()), 1, [0]) for title, app in pages_with_default_filters(data_dir)
    }


def floor_app(data_dir: Path) -> str:
    """The floor app's script: the dashboard's entry (page list, sidebar filters, account control) with each
    page's body replaced by its outline."""
    from components.ui.navigation import PUBLIC_PAGES, SIGN_IN_PAGE

    outlines = page_outlines(data_dir)
    titles = [title for _path, title in PUBLIC_PAGES] + [SIGN_IN_PAGE[1]]
    functions = []
    for index, title in enumerate(titles):
        body = outlines.get(title, [f"    st.title({title!r})"])
        functions.append(f"def page_{index}():\n" + "\n".join(body))
    pages = ", ".join(
        f"st.Page(page_{index}, title={title!r}, url_path='page-{index}', default={index == 0})"
        for index, title in enumerate(titles)
    )
    return "\n".join(
        [
            "import streamlit as st",
            "from components.ui.caches import current_data",
            "from components.ui.sidebar import render_sidebar",
            "from components.ui.memory import freeze_long_lived_objects",
            "from components.ui.navigation import sidebar_page_menu",
            "from components.ui.session_user import sidebar_account_control",
            "from components.ui.embed import embed_this_view",
            "from components.ui.language import language_switch",
            "from components.ui.cards import figures_never_cut",
            "from components.ui.caches import app_filter_options",
            "st.set_page_config(page_title='Floor', layout='wide')",
            TRIVIAL_CHART,
            TRIVIAL_DECK,
            *functions,
            f"pages = [{pages}]",
            "language_switch()",
            "navigation = st.navigation(pages, position='hidden')",
            "sidebar_page_menu(pages)",
            "figures_never_cut()",
            "bundle = current_data().bundle",
            "LOW, HIGH = render_sidebar(app_filter_options(bundle, bundle.fingerprint)).years",
            "SPAN = f'{LOW}-{HIGH}'",
            "sidebar_account_control()",
            "embed_this_view(navigation.title)",
            "navigation.run()",
            "freeze_long_lived_objects()",
            "",
        ]
    )
