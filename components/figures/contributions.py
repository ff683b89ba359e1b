"""Contribution figures (pure): running totals, donor counts, the donor roster, known contributions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import altair as alt
import pandas as pd

from components.charts.theme import LEGEND_GREY, YEAR_AXIS, ChartCard, chart_spec, series_scale, titled
from components.data.bundle import DataBundle
from components.data.preferred import FUNDING_FACT, preferred_values
from components.data.schema import partial_date_start
from components.figures.citations import SourceRef, source_columns, sources_of
from components.figures.filters import Filters, in_selection
from components.figures.formatting import format_figure

BASIS_LABELS = {
    "received": "Received",
    "available_incl_commitments": "Available, incl. commitments not yet paid",
    "pledged": "Pledged",
    "not_stated": "Total (what it counts is not stated)",
}
STATUS_LABELS = {
    "pledged": "Pledged",
    "received": "Received",
    "committed_amount_undisclosed": "Committed, amount not disclosed",
    "contributed_amount_unknown": "Contributed, amount not known",
    "under_discussion": "Under discussion",
}
OTHER_MONEY = {
    "appeal_target_usd": "Fundraising appeal target",
    "received_to_date_usd": "Received to date (scope not stated)",
    "funds_remaining_usd": "Funds remaining",
    "additional_sought_usd": "Additional funding sought",
}
DATED = "dated by the source"
UNDATED = "undated, placed by us"
DATE_SHAPES = alt.Scale(domain=[DATED, UNDATED], range=["circle", "diamond"])
GREY_SYMBOLS = alt.Legend(symbolFillColor=LEGEND_GREY, symbolStrokeColor=LEGEND_GREY)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def as_of_label(as_of: str, basis: str) -> str:
    """'Sep 2017', '31 Dec 2018', or 'undated, between Jul 2016 and Sep 2017' for our brackets."""

    def one(text: str) -> str:
        parts = text.split("-")
        if len(parts) == 1:
            return parts[0]
        month = MONTHS[int(parts[1]) - 1]
        return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"

    if "/" in as_of:
        start, end = as_of.split("/")
        return f"undated, between {one(start)} and {one(end)}"
    return f"undated, {one(as_of)} or later" if basis == "our_bracket" else one(as_of)


def figure_text(value: float, qualifier: str, unit: str, short: bool = False) -> str:
    """A funding figure with its qualifier and unit: '25', 'about $600,000', '$1.5M (currency not stated)'."""
    text = format_figure(value, qualifier, "count" if unit == "donors" else "usd", short)
    return text + (" (currency not stated)" if unit == "dollars_unstated" else "")


def preferred_funding(bundle: DataBundle) -> pd.DataFrame:
    """The preferred value of every funding figure, dated for charting and labelled for reading."""
    best = preferred_values(bundle.funding, bundle.sources, FUNDING_FACT)
    # Undated figures are drawn at the end of their bracket, the latest they can be; marked as placed by us.
    dates = [partial_date_start(a.split("/")[-1]) for a in best["as_of"]]
    best = best.assign(date=pd.to_datetime(dates), year=[d.year for d in dates])
    best["when"] = [as_of_label(a, b) for a, b in zip(best["as_of"], best["as_of_basis"], strict=True)]
    best["display"] = [
        figure_text(v, q, u) for v, q, u in zip(best["value"], best["qualifier"], best["unit"], strict=True)
    ]
    best["basis_label"] = best["basis"].map(BASIS_LABELS)
    best["placed_by_us"] = best["as_of_basis"] == "our_bracket"
    best["dated"] = best["placed_by_us"].map({True: UNDATED, False: DATED})
    return best.sort_values("date").reset_index(drop=True)


def funding_figures(bundle: DataBundle, filters: Filters) -> pd.DataFrame:
    """Preferred funding figures in the year range."""
    best = bundle.derived(preferred_funding)
    return best[best["year"].between(*filters.years)].reset_index(drop=True)


def latest(figures: pd.DataFrame, measure: str) -> pd.Series | None:
    rows = figures[figures["measure"] == measure]
    return None if rows.empty else rows.sort_values(["date", "placed_by_us"], ascending=[True, False]).iloc[-1]


def totals_chart(figures: pd.DataFrame) -> alt.Chart:
    money = figures[figures["measure"].isin(["cumulative_usd", "withheld_usd"])].assign(
        series=lambda f: f["measure"].map(
            {"cumulative_usd": "Total contributions", "withheld_usd": "Withheld payments"}
        )
    )
    domain = list(BASIS_LABELS.values())
    tooltip = [
        alt.Tooltip("when:N", title="As of"),
        alt.Tooltip("series:N", title="Figure"),
        alt.Tooltip("display:N", title="Amount"),
        alt.Tooltip("basis_label:N", title="What it counts"),
        alt.Tooltip("alternatives:N", title="Other sources say"),
    ]
    step = (
        alt.Chart(money[~money["placed_by_us"]])
        .mark_line(interpolate="step-after", strokeWidth=2, opacity=0.6)
        .encode(
            x=alt.X("date:T", title="As of", axis=YEAR_AXIS),
            y=alt.Y("value:Q", title="US dollars"),
            detail="basis_label:N",
            strokeDash=alt.StrokeDash("series:N", title="Figure"),
        )
    )
    points = (
        alt.Chart(money)
        .mark_point(size=110, filled=True)
        .encode(
            x="date:T",
            y="value:Q",
            color=alt.Color(
                "basis_label:N",
                title="What the total counts",
                scale=series_scale(domain),
                legend=alt.Legend(labelLimit=0),
            ),
            shape=alt.Shape("dated:N", title="Date", scale=DATE_SHAPES, legend=GREY_SYMBOLS),
            tooltip=tooltip,
        )
    )
    return titled(
        alt.layer(step, points).resolve_legend(color="independent"),
        "Reported running totals of the Trust Fund",
        "Each point is a total a source reported on a date; the step line holds a total until the next report and "
        "invents nothing in between. Totals count different things (received, pledged, incl. commitments), "
        "shown by colour. Diamonds are undated sources we placed between dated ones.",
    ).properties(height=360)


def donor_count_chart(figures: pd.DataFrame) -> alt.LayerChart | alt.FacetChart:
    counts = figures[figures["measure"] == "donor_count"]
    base = alt.Chart().encode(
        x=alt.X("date:T", title="As of", axis=YEAR_AXIS),
        # A short title: a vertical title longer than the plot pushed the chart's own title out of view.
        y=alt.Y("value:Q", title="Donor countries (count)", scale=alt.Scale(zero=True)),
        tooltip=[alt.Tooltip("when:N", title="As of"), alt.Tooltip("display:N", title="Donors"), "source_id:N"],
    )
    chart = alt.layer(
        base.mark_line(interpolate="step-after", opacity=0.6),
        base.mark_point(size=90, filled=True).encode(
            shape=alt.Shape("dated:N", title="Date", scale=DATE_SHAPES, legend=GREY_SYMBOLS)
        ),
        data=counts,
    )
    return titled(chart, "Number of donor countries", "Step line of the number of Member States that had contributed.")


def donor_first_appearance(roster: pd.DataFrame, filters: Filters, sources: pd.DataFrame) -> pd.DataFrame:
    """Each donor with the first donor list that names it (our reading of the lists), and that list's source."""
    frame = roster.assign(start=[partial_date_start(a.split("/")[-1]) for a in roster["as_of"]])
    frame = frame[in_selection(frame["donor_iso3"].fillna(""), filters.countries)]
    first = frame.sort_values("start").groupby("donor", as_index=False).first()
    first = first.sort_values(["start", "donor"])
    return pd.DataFrame(
        {
            "Donor": first["donor"],
            "First named in list of": [
                as_of_label(a, b) for a, b in zip(first["as_of"], first["as_of_basis"], strict=True)
            ],
            **source_columns(first["source_id"], sources),
        }
    )


def incomplete_lists_note(roster: pd.DataFrame, funding: pd.DataFrame) -> str:
    """Which donor lists could be read only in part, with how many names they were meant to hold where the same
    date has one donor count ('The 31 Dec 2024 list was only partly readable (20 of 25 names).')."""
    notes = []
    partial = roster[roster["list_complete"] == "false"]
    for (as_of, basis), names in partial.groupby(["as_of", "as_of_basis"], sort=True):
        counts = funding[(funding["measure"] == "donor_count") & (funding["as_of"] == as_of)]["value"].unique()
        of = f" of {int(counts[0])}" if len(counts) == 1 else ""
        notes.append(
            f"The {as_of_label(str(as_of), str(basis))} list was only partly readable ({len(names)}{of} names)."
        )
    return " ".join(notes)


def contributions_table(contributions: pd.DataFrame, filters: Filters, sources: pd.DataFrame) -> pd.DataFrame:
    rows = contributions[in_selection(contributions["donor_iso3"].fillna(""), filters.countries)]
    original = [
        "not known" if pd.isna(a) else f"{format_figure(a, q)} {c}"
        for a, q, c in zip(rows["amount_original"], rows["qualifier"], rows["currency"].fillna(""), strict=True)
    ]
    return pd.DataFrame(
        {
            "Donor": rows["donor"],
            "Date": rows["date"].fillna("not known"),
            "Amount as reported": original,
            "US dollars": [
                format_figure(v, q, "usd") for v, q in zip(rows["amount_usd"], rows["qualifier"], strict=True)
            ],
            "Status": rows["status"].map(STATUS_LABELS),
            "Kind": rows["payment_type"],
            **source_columns(rows["source_id"], sources),
        }
    )


def other_money_table(figures: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    rows = figures[figures["measure"].isin(list(OTHER_MONEY))]
    return pd.DataFrame(
        {
            "As of": rows["when"],
            "Figure": rows["measure"].map(OTHER_MONEY),
            "Amount": rows["display"],
            **source_columns(rows["source_id"], sources),
        }
    )


@dataclass(frozen=True)
class ContributionsView:
    """What the Contributions page shows. Its charts and tables are made when first read: the overview needs the
    headline figures only, and the page the open tab's table."""

    total: str
    total_when: str
    donors: str
    donors_when: str
    withheld: str
    withheld_when: str
    kpi_sources: tuple[SourceRef, ...]
    bundle: DataBundle = field(repr=False, compare=False)
    filters: Filters = field(repr=False, compare=False)
    # The selection's preferred funding figures, which the charts and tables are made from.
    figures: pd.DataFrame = field(repr=False, compare=False)

    def _card(
        self,
        measures: list[str],
        key: str,
        chart: Callable[[pd.DataFrame], alt.TopLevelMixin],
        takeaway: str,
        stem: str,
    ) -> ChartCard:
        rows = self.figures[self.figures["measure"].isin(measures)]
        funding = self.bundle.funding
        return ChartCard(
            key=key,
            spec=chart_spec(chart(self.figures)),
            takeaway=takeaway,
            data=rows[["when", "measure", "display", "basis_label", "source_id", "alternatives"]],
            sources=sources_of(funding[funding["source_id"].isin(rows["source_id"])], self.bundle.sources),
            file_stem=f"{stem}_{self.filters.span_slug}",
        )

    @cached_property
    def totals(self) -> ChartCard | None:
        if not self.figures["measure"].isin(["cumulative_usd", "withheld_usd"]).any():
            return None
        return self._card(
            ["cumulative_usd", "withheld_usd"],
            "funding-totals",
            totals_chart,
            totals_takeaway(self.figures),
            "trust-fund-totals",
        )

    @cached_property
    def donor_counts(self) -> ChartCard | None:
        counts = self.figures[self.figures["measure"] == "donor_count"]
        if counts.empty:
            return None
        latest_count = counts.iloc[-1]
        takeaway = f"{latest_count['display']} Member States had contributed as of {latest_count['when']}."
        return self._card(["donor_count"], "funding-donors", donor_count_chart, takeaway, "donor-count")

    @cached_property
    def roster(self) -> pd.DataFrame:
        return donor_first_appearance(self.bundle.donor_roster, self.filters, self.bundle.sources)

    @cached_property
    def roster_note(self) -> str:
        return incomplete_lists_note(self.bundle.donor_roster, self.bundle.funding)

    @cached_property
    def contributions(self) -> pd.DataFrame:
        return contributions_table(self.bundle.contributions, self.filters, self.bundle.sources)

    @cached_property
    def other_money(self) -> pd.DataFrame:
        return other_money_table(self.figures, self.bundle.sources)


def _kpi(row: pd.Series | None) -> tuple[str, str]:
    if row is None:
        return "not known", "no figure in the selected years"
    # Headline cards are narrow: whole thousands as K.
    return figure_text(row["value"], row["qualifier"], row["unit"], short=True), f"as of {row['when']}"


def totals_takeaway(figures: pd.DataFrame) -> str:
    total, withheld = latest(figures, "cumulative_usd"), latest(figures, "withheld_usd")
    if total is None:
        return "No running total is reported for the selected years."
    text = f"The latest reported total is {total['display']} ({total['when']})"
    if withheld is not None:
        text += f"; the latest withheld-payments figure is {withheld['display']} ({withheld['when']})"
    return text + ". Totals between reports are not known."


def build_contributions_view(bundle: DataBundle, filters: Filters) -> ContributionsView:
    figures = funding_figures(bundle, filters)
    total, donors, withheld = (latest(figures, m) for m in ("cumulative_usd", "donor_count", "withheld_usd"))
    kpi_rows = bundle.funding[
        bundle.funding["source_id"].isin([r["source_id"] for r in (total, donors, withheld) if r is not None])
    ]
    return ContributionsView(
        *_kpi(total),
        *_kpi(donors),
        *_kpi(withheld),
        kpi_sources=sources_of(kpi_rows, bundle.sources),
        bundle=bundle,
        filters=filters,
        figures=figures,
    )
