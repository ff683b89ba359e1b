"""Contributions: running totals, the donor roster, donors over time, known contributions."""

import streamlit as st

from components.figures.catalogue import dataset_csv, dataset_label, shown_rows
from components.figures.contributions import ROSTER_SHOWN_ROWS, build_contributions_view, donor_card
from components.figures.filters import DONOR_KEY, YEARS_KEY, active_filter_labels, filters_caption
from components.figures.formatting import escape_markdown
from components.figures.glossary import DEFINITIONS, NOT_PUBLIC
from components.language.translation import N_
from components.ui.caches import cached
from components.ui.cards import chart_card_or_unknown, cited_table, figure_card, show_sources, view_tabs
from components.ui.context import page_context

TAB_KEY = "table"
TABS = [N_("Donor roster"), N_("Donors over time"), N_("Known contributions"), N_("Other money figures")]

context = page_context()
lang = context.lang
view = cached(build_contributions_view, context.bundle, context.filters, lang)

st.title(lang._("Contributions to the Trust Fund"))
active = active_filter_labels(context.filters, context.options, [YEARS_KEY], lang)
st.caption(
    filters_caption(active, lang._("No filter set: all years."), lang)
    + " "
    + lang._("Only the years filter applies here; choose a donor country below.")
)
st.info(lang._(NOT_PUBLIC), icon=":material/lock:")

# The options are the donors' names as the data writes them, so a link names the same donor in either language.
donor = st.selectbox(
    lang._("Donor"),
    context.options.donors,
    index=None,
    key=DONOR_KEY,
    bind="query-params",
    # Short enough for a phone's 390 px in either language (the longer one was cut); the rest is the label's help.
    placeholder=lang._("Choose a donor country"),
    help=lang._(
        "Everything known about the donor you choose, in all years: pledges, contributions and statuses reported, "
        "the donor lists that name it and the projects its money is reported to have paid for, each with its source."
    ),
)
if donor is not None:
    card = cached(donor_card, context.bundle, donor, context.options.donors, lang, key=(donor, lang))
    with st.container(border=True, key="donor-card"):
        st.subheader(donor)
        st.markdown(escape_markdown(card.summary))
        st.caption(lang._("Everything the data holds about this donor, in all years; each row links to its source."))
        st.markdown("**" + lang._("Pledges, contributions and statuses reported") + "**")
        cited_table(card.contributions)
        st.markdown("**" + lang._("Donor lists that name it") + "**")
        if card.lists.empty:
            st.caption(lang._("No donor list read names it."))
        else:
            cited_table(card.lists)
        st.markdown("**" + lang._("Projects its money is reported to have paid for") + "**")
        if card.projects.empty:
            st.caption(lang._("No source read names a project paid for with its money. Not known, not none."))
        else:
            cited_table(card.projects)
        show_sources(card.sources, lang._("Sources on {donor}", donor=donor), key="donor")

first, second, third = st.columns(3)
# Each figure's caption says what it counts, when and who says so; its help holds its source's caveats in full.
total_help = escape_markdown(view.total_figure.note) or None
total_caption = escape_markdown(view.total_figure.caption)
figure_card(first, lang._("Total contributions reported"), view.total, [total_caption], help=total_help)
donors_help = escape_markdown(view.donors_figure.note) or None
figure_card(
    second,
    lang._("Donor countries"),
    view.donors,
    [escape_markdown(view.donors_figure.caption)],
    help=donors_help,
)
withheld_definition = DEFINITIONS["Withheld payments"]
withheld_help = "\n\n".join(filter(None, [lang._(withheld_definition), view.withheld_figure.note]))
figure_card(
    third,
    lang._("Withheld payments reported"),
    view.withheld,
    [escape_markdown(view.withheld_figure.caption)],
    help=escape_markdown(withheld_help),
)
if view.promise is not None:
    promise = lang._("A different measure, not added to the total: {figure}.", figure=view.promise.phrase)
    st.caption(escape_markdown(f"{promise} {view.promise.note}"))
show_sources(view.kpi_sources, lang._("Sources of these figures"))

chart_card_or_unknown(view.totals, lang._("No running total of the Fund is known for the selected years."))
roster, donors_over_time, known, other = view_tabs(TABS, TAB_KEY)
if roster.open:
    with roster:
        st.subheader(lang._("Donor roster"))
        st.caption(
            lang._(
                "The first donor list that names each country — our reading of the published lists, not a date of "
                "payment. {note}",
                note=view.roster_note,
            )
        )
        roster_rows, rows_note = shown_rows(view.roster, ROSTER_SHOWN_ROWS, lang)
        cited_table(roster_rows)
        if rows_note:
            st.caption(rows_note)
            st.download_button(
                lang._("Download {dataset} (CSV)", dataset=dataset_label("donor_roster", lang)),
                lambda: cached(dataset_csv, context.bundle, "donor_roster"),
                "tfsea-donor_roster.csv",
                "text/csv",
                key="download-roster",
                on_click="ignore",
            )
if donors_over_time.open:
    with donors_over_time:
        chart_card_or_unknown(view.donor_counts, lang._("No count of donor countries is known for the selected years."))
if known.open:
    with known:
        st.subheader(lang._("Known individual contributions"))
        st.caption(
            lang._(
                "Only these contributions are public with a donor and, for two, an amount. Everything else is not "
                "known."
            )
        )
        cited_table(view.contributions)
if other.open:
    with other:
        st.subheader(lang._("Other money figures"))
        cited_table(view.other_money)
