"""Briefing: one idea per screen for a projector, stepped through with the arrow keys; files to send afterwards."""

from datetime import date
from functools import partial

import streamlit as st

from components.briefing.exports import (
    briefing_pptx,
    briefing_xlsx,
    chart_png,
    chart_svg,
    deck_file_stem,
    export_file_name,
    screen_csv,
)
from components.briefing.screens import (
    DEFAULT_STORY_MISSION,
    build_briefing,
    list_separator,
    position_label,
    screen_position,
    sources_line,
)
from components.figures.allegations import NOTE_MARK
from components.figures.filters import FILTER_KEYS, active_filter_labels
from components.figures.formatting import escape_markdown
from components.ui.caches import cached, page_views
from components.ui.cards import show_sources
from components.ui.context import page_context
from components.ui.navigation import PRESENTING_KEY

SCREEN_KEY = "screen"
STORY_KEY = "story"
CONTRAST_KEY = "contrast"

# A page may update the page config: the sidebar (filters) starts closed so the screen is all slide.
# The presenter can still open it; the filters it holds shape every screen.
st.set_page_config(initial_sidebar_state="collapsed")

context = page_context()
lang = context.lang
active_filters = active_filter_labels(context.filters, context.options, FILTER_KEYS, lang)
filters_text = list_separator(lang).join(active_filters) or lang._("No filter set")

# Laid out top to bottom, filled in another order: the settings at the bottom decide what the screens show.
navigation_row, screen_area, downloads_area, settings_area = (
    st.container(),
    st.container(),
    st.container(),
    st.container(),
)

with settings_area.expander(lang._("Presenter settings")):
    missions = list(context.options.missions)
    story = st.selectbox(
        lang._("Mission whose story ends the briefing"),
        missions,
        index=missions.index(DEFAULT_STORY_MISSION) if DEFAULT_STORY_MISSION in missions else 0,
        key=STORY_KEY,
        bind="query-params",
    )
    st.toggle(
        lang._("Presenting: hide the list of pages"),
        key=PRESENTING_KEY,
        bind="query-params",
        help=lang._("Only the slides show; switch this off to reach the other pages again."),
    )
    high_contrast = st.toggle(
        lang._("High contrast charts"),
        key=CONTRAST_KEY,
        bind="query-params",
        help=lang._("Black text and stronger lines."),
    )
    st.caption(
        lang._(
            "Keys: ← previous screen, → next screen. The address holds the screen number (?screen=3): "
            "copy it to open the briefing there. Filters are in the sidebar (›› at the top left)."
        )
    )

# The language is part of the key: a briefing holds its words.
briefing = cached(
    build_briefing,
    context.bundle,
    context.filters,
    story,
    page_views(context.bundle, context.filters, lang),
    lang,
    key=(context.filters, story, lang),
)
count = len(briefing.screens)
index, notice = screen_position(st.query_params.get(SCREEN_KEY), count, lang)
if st.query_params.get(SCREEN_KEY) != str(index + 1):
    st.query_params[SCREEN_KEY] = str(index + 1)
screen = briefing.screens[index]


def _go_to(target: int) -> None:
    st.query_params[SCREEN_KEY] = str(target + 1)


# The browser keeps the scroll position across reruns: after the Presenter settings at the bottom, the next screen
# opened scrolled past its title and position. The script changes with the screen number (an int of ours, no data),
# so it runs once per screen change and not on other reruns (a settings toggle keeps its place).
SCROLL_TO_TOP = """<script>/* screen {number} */
for (const box of [document.scrollingElement, document.querySelector('[data-testid="stMain"]')]) {{
  if (box) box.scrollTo(0, 0);
}}
</script>"""

# Streamlit's key shortcuts ignore every key while an <input> has the focus, a switch of the Presenter settings
# included: after switching one, the arrow keys did nothing. A switch or checkbox has no use for the arrows, so there
# they press Previous or Next; text fields, select boxes, sliders and radio buttons keep them. Constant code, no data;
# installed once per browser tab, and a no-op on other pages (no such buttons there).
ARROWS_FROM_SWITCHES = """<script>/* arrow keys from switches */
if (!window.briefingArrowsFromSwitches) {
  window.briefingArrowsFromSwitches = true;
  document.addEventListener('keydown', (event) => {
    const target = event.target;
    const step = {ArrowLeft: 'briefing_previous', ArrowRight: 'briefing_next'}[event.key];
    if (!step || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (!(target instanceof HTMLInputElement) || target.type !== 'checkbox') return;
    const button = document.querySelector(`.st-key-${step} button`);
    if (button && !button.disabled) {
      event.preventDefault();
      button.click();
    }
  }, true);
}
</script>"""


with navigation_row:
    st.html(SCROLL_TO_TOP.format(number=int(index) + 1), unsafe_allow_javascript=True, width="content")
    st.html(ARROWS_FROM_SWITCHES, unsafe_allow_javascript=True, width="content")
    if notice:
        st.warning(notice, icon=":material/info:")
    previous, position, following = st.columns([2, 3, 2], vertical_alignment="center")
    # No icons: the shortcut's own key badge (← and →) is the arrow; an icon beside it showed two.
    previous.button(
        lang._("Previous"),
        shortcut="Left",
        on_click=_go_to,
        args=(index - 1,),
        disabled=index == 0,
        width="stretch",
        key="briefing_previous",
    )
    position.markdown(f"### {position_label(index, count)}", text_alignment="center")
    following.button(
        lang._("Next"),
        shortcut="Right",
        type="primary",
        on_click=_go_to,
        args=(index + 1,),
        disabled=index == count - 1,
        width="stretch",
        key="briefing_next",
    )

with screen_area:
    st.title(escape_markdown(screen.title), anchor=False)
    st.subheader(escape_markdown(screen.takeaway), anchor=False)
    chart_column, points_column = st.columns([3, 2]) if screen.points else (st.container(), None)
    with chart_column:
        if screen.spec is not None:
            st.vega_lite_chart(
                screen.projector_spec(high_contrast),
                theme=None,
                width="stretch",
                key=f"briefing-chart-{screen.slug}",
            )
        else:
            st.info(escape_markdown(screen.no_chart), icon=":material/info:")
    if points_column is not None:
        points_column.markdown("\n\n".join(f"#### {escape_markdown(point)}" for point in screen.points))
    # The caveat at the size of the key points, to be read from the back of the room; one short sources line
    # under it; the citations in full, and the notes of marked figures, one click away.
    if screen.caveat:
        st.markdown(f"#### {escape_markdown(screen.caveat)}")
    all_sources = lang._("All sources of this screen")
    where = lang._("listed under “{heading}”", heading=all_sources)
    st.markdown(escape_markdown(sources_line(screen.sources, where, lang=lang)))
    st.caption(lang._("Filters: {filters}", filters=escape_markdown(filters_text)))
    if screen.figure_notes:
        notes_heading = lang._("Notes on the figures marked {mark}", mark=NOTE_MARK)
        st.expander(notes_heading).markdown(escape_markdown(screen.figure_notes))
    show_sources(screen.sources, all_sources)

# The buttons are made only once the expander is opened: closed, they were still drawn on every visit.
downloads = downloads_area.expander(lang._("Downloads (with the filters above)"), key="downloads", on_change="rerun")
if downloads.open:
    with downloads:
        today = date.today()
        chart_name = partial(export_file_name, screen.file_stem, made_on=today)
        png, svg, csv = st.columns(3)
        for column, make, extension, mime in (
            (png, chart_png, "png", "image/png"),
            (svg, chart_svg, "svg", "image/svg+xml"),
        ):
            column.download_button(
                lang._("This chart ({format})", format=extension.upper()),
                data=partial(make, screen.spec, high_contrast),
                file_name=chart_name(extension),
                mime=mime,
                disabled=screen.spec is None,
                on_click="ignore",
                width="stretch",
            )
        csv.download_button(
            lang._("This screen's data (CSV)"),
            data=partial(screen_csv, screen),
            file_name=chart_name("csv"),
            mime="text/csv",
            on_click="ignore",
            width="stretch",
        )
        deck_column, workbook_column = st.columns(2)
        deck_column.download_button(
            lang._("The whole briefing (PowerPoint)"),
            data=partial(briefing_pptx, briefing, filters_text, today, high_contrast),
            file_name=export_file_name(deck_file_stem(briefing), "pptx", today),
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
            on_click="ignore",
            icon=":material/slideshow:",
            width="stretch",
        )
        workbook_column.download_button(
            lang._("Every screen's data (Excel)"),
            data=partial(briefing_xlsx, briefing, filters_text, today),
            file_name=export_file_name(deck_file_stem(briefing), "xlsx", today),
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
            icon=":material/table:",
            width="stretch",
        )

# Last, once the screen is drawn: the arrow keys' next and previous screens are made while the room reads this one.
briefing.screens.prepare_neighbours(index, high_contrast)
