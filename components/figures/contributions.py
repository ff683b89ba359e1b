"""Contribution figures (pure): running totals, donor counts, the donor roster, known contributions."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import pandas as pd
from pandas.api.typing import DataFrameGroupBy

from components.data.bundle import DataBundle
from components.data.preferred import preferred_values
from components.data.schema import partial_date_start
from components.figures.cards import FigureCard
from components.figures.citations import SourceRef, source_columns, sources_of
from components.figures.filters import Filters
from components.figures.formatting import format_figure

# What a total counts, in the words shown next to the figure ("over $2.5M received").
BASIS_WORDS = {
    "received": "received",
    "available_incl_commitments": "available, incl. commitments not yet paid",
    "pledged": "pledged",
    "not_stated": "what it counts is not stated",
}
WITHHELD_WORDS = {
    basis: "part of a total whose basis is not stated" if basis == "not_stated" else f"part of a total {words}"
    for basis, words in BASIS_WORDS.items()
}
# The headline rule: the headline total is the latest total of money the Fund has (received, or a total whose
# source does not say it is a promise), never a pledge or a total that includes commitments not yet paid; those
# are shown beside it, labelled. Only US-dollar figures make a headline.
HEADLINE_BASES = ("received", "not_stated")
PROMISE_BASES = ("pledged", "available_incl_commitments")
# Withheld payments are money held back from personnel, never a promise, whatever the total they are part of counts.
WITHHELD_BASES = ("received", "not_stated", "available_incl_commitments")
# Two dated reports of one measure are one fact when their dates (at the precision the sources give) lie within
# this many days of each other: the same announcement is dated to its day by one source, its month by another,
# and relayed a few days later by a third.
SAME_REPORT_DAYS = 7
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
    "no_contribution_reported": "No contribution, as of the source's date",
}
# What the charts embed of each figure: what they draw and what their tooltips say, not every column.
CHART_COLUMNS = [
    "as_of",
    "measure",
    "value",
    "date",
    "when",
    "display",
    "basis_label",
    "alternatives",
    "source",
    "note",
]
MONEY_SERIES = {"cumulative_usd": "Total contributions", "withheld_usd": "Withheld payments"}
OTHER_MONEY = {
    "appeal_target_usd": "Fundraising appeal target",
    "received_to_date_usd": "Received to date (scope not stated)",
    "funds_remaining_usd": "Funds remaining",
    "additional_sought_usd": "Additional funding sought",
}
DATED = "dated by the source"
UNDATED = "undated, placed by us"
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
    return f"{one(as_of)} or later, undated" if basis == "our_bracket" else one(as_of)


def figure_text(value: float, qualifier: str, unit: str, short: bool = False) -> str:
    """A funding figure with its qualifier and unit: '25', 'about $600,000', '$1.5M (currency not stated)'."""
    text = format_figure(value, qualifier, "count" if unit == "donors" else "usd", short)
    return text + (" (currency not stated)" if unit == "dollars_unstated" else "")


def partial_date_end(text: str) -> dt.date:
    """The last day a partial date (or the end of an interval) can mean."""
    parts = [int(p) for p in text.split("/")[-1].split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], 12, 31)


def funding_fact_keys(funding: pd.DataFrame) -> pd.Series:
    """The fact each funding row states ('measure|first date|basis'), so that sources stating one figure are
    compared, as allegation rows of one year are.

    One fact is one measure reported at one time with one basis: dated rows whose dates lie within
    SAME_REPORT_DAYS of each other (at the precision each source gives: '2017-09' and '2017-09-27' are one time);
    a row whose basis is not stated joins the stated basis of the same time whose value is nearest. An undated row
    placed by us is a fact of its own: its bracket is our placing, not a date a source gives.
    """
    keys: dict[Hashable, str] = {}
    for measure, rows in funding.groupby("measure", sort=False):
        undated = rows["as_of_basis"] == "our_bracket"
        for index, row in rows[undated].iterrows():
            keys[index] = f"{measure}|{row['as_of']}|{row['basis']}"
        dated = rows[~undated].assign(
            start=[partial_date_start(a) for a in rows.loc[~undated, "as_of"]],
            end=[partial_date_end(a) for a in rows.loc[~undated, "as_of"]],
        )
        for _, group in _same_time_groups(dated.sort_values(["start", "end"])):
            time = str(group.iloc[0]["as_of"])
            stated = group[group["basis"] != "not_stated"]
            for index, row in group.iterrows():
                basis = row["basis"]
                if basis == "not_stated" and not stated.empty:
                    basis = stated.loc[(stated["value"] - row["value"]).abs().idxmin(), "basis"]
                keys[index] = f"{measure}|{time}|{basis}"
    return pd.Series(keys, index=funding.index, dtype="object")


def _same_time_groups(dated: pd.DataFrame) -> DataFrameGroupBy[Any, Literal[True]]:
    """Rows sorted by start date, grouped into runs whose dates lie within SAME_REPORT_DAYS of each other."""
    run, run_end, runs = 0, None, []
    for start, end in zip(dated["start"], dated["end"], strict=True):
        if run_end is not None and (start - run_end).days > SAME_REPORT_DAYS:
            run += 1
            run_end = None
        run_end = end if run_end is None else max(run_end, end)
        runs.append(run)
    return dated.groupby(pd.Series(runs, index=dated.index), sort=False)


def funding_facts(funding: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per funding fact: the preferred value by the documented rule (data/README.md), `alternatives`
    naming every other statement of it that differs in value, qualifier or currency ("$102,000 (Business
    Standard (PTI/AP), 2017-09-28)"), and `conflict` where there is one. For money "about $1.5M" and "$1.5M"
    disagree: one is a rounded figure, the other claims to be exact."""
    facts = funding.assign(fact=funding_fact_keys(funding))
    best = preferred_values(facts, sources, ["fact"])
    if best.empty:
        return best.assign(fact_basis=pd.Series(dtype="object"))
    publishers = sources.set_index("id")["publisher"]
    dates = sources.set_index("id")["date"]
    chosen = best.set_index("fact")
    alternatives: dict[str, list[str]] = {}
    columns = ["fact", "source_id", "value", "qualifier", "unit"]
    for fact, source_id, value, qualifier, unit in zip(*(facts[c] for c in columns), strict=True):
        preferred = chosen.loc[fact]
        if source_id == preferred["source_id"] and value == preferred["value"]:
            continue
        if (value, qualifier, unit) == (preferred["value"], preferred["qualifier"], preferred["unit"]):
            continue
        date = dates.get(source_id)
        source = str(publishers.get(source_id, source_id)) + ("" if pd.isna(date) else f", {date}")
        alternatives.setdefault(fact, []).append(f"{figure_text(value, qualifier, unit)} ({source})")
    best["alternatives"] = ["; ".join(alternatives.get(fact, [])) for fact in best["fact"]]
    best["conflict"] = best["alternatives"] != ""
    # The basis of the fact: a preferred row that does not say what it counts stands for a fact whose other
    # sources do.
    best["fact_basis"] = best["fact"].str.rsplit("|", n=1).str[-1]
    return best


def rows_stating(funding: pd.DataFrame, facts: Iterable[str]) -> pd.DataFrame:
    """The funding rows that state these facts, the preferred and the others: each is cited where it is read,
    not every row its document gives."""
    return funding[funding_fact_keys(funding).isin(list(facts))]


def preferred_funding(bundle: DataBundle) -> pd.DataFrame:
    """The preferred value of every funding figure, dated for charting and labelled for reading."""
    best = funding_facts(bundle.funding, bundle.sources)
    # Undated figures are dated at the end of their bracket, the latest they can be, for choosing the latest; the
    # chart draws them across their whole bracket, marked as placed by us.
    dates = [partial_date_start(a.split("/")[-1]) for a in best["as_of"]]
    best = best.assign(
        date=pd.to_datetime(dates),
        date_from=pd.to_datetime([partial_date_start(a) for a in best["as_of"]]),
        year=[d.year for d in dates],
    )
    best["when"] = [as_of_label(a, b) for a, b in zip(best["as_of"], best["as_of_basis"], strict=True)]
    best["display"] = [
        figure_text(v, q, u) for v, q, u in zip(best["value"], best["qualifier"], best["unit"], strict=True)
    ]
    best["basis"] = best["fact_basis"]
    best["basis_label"] = best["basis"].map(BASIS_LABELS)
    best["placed_by_us"] = best["as_of_basis"] == "our_bracket"
    best["dated"] = best["placed_by_us"].map({True: UNDATED, False: DATED})
    publishers = bundle.sources.set_index("id")["publisher"]
    best["source"] = [str(publishers.get(s, s)) for s in best["source_id"]]
    best["note"] = best["note"].fillna("")
    return best.sort_values("date").reset_index(drop=True)


def funding_figures(bundle: DataBundle, filters: Filters) -> pd.DataFrame:
    """Preferred funding figures in the year range."""
    best = bundle.derived(preferred_funding)
    return best[best["year"].between(*filters.years)].reset_index(drop=True)


def latest(figures: pd.DataFrame, measure: str, bases: tuple[str, ...] | None = None) -> pd.Series | None:
    """The latest figure of a measure; with `bases`, the latest US-dollar figure counting one of those bases."""
    rows = figures[figures["measure"] == measure]
    if bases is not None:
        rows = rows[rows["basis"].isin(bases) & (rows["unit"] == "usd")]
    return None if rows.empty else rows.sort_values(["date", "placed_by_us"], ascending=[True, False]).iloc[-1]


def headline_row(figures: pd.DataFrame, measure: str) -> pd.Series | None:
    """The headline figure of a money measure by the headline rule (HEADLINE_BASES, WITHHELD_BASES)."""
    return latest(figures, measure, WITHHELD_BASES if measure == "withheld_usd" else HEADLINE_BASES)


def promise_row(figures: pd.DataFrame, headline: pd.Series | None) -> pd.Series | None:
    """The latest pledged (or incl.-commitments) total, where it is not older than the headline total: shown
    beside the headline, labelled, never in its place."""
    promise = latest(figures, "cumulative_usd", PROMISE_BASES)
    if promise is None or (headline is not None and promise["date"] < headline["date"]):
        return None
    return promise


# A tooltip of one text, not a table: Streamlit's tooltip table cuts each value at 5 lines, and a source's note must
# be read in full where its figure is. Streamlit's tooltip style folds line breaks, so the parts are joined by " · ".
TEXT_TOOLTIP = {"expr": "datum.tip"}
TOOLTIP_JOIN = " · "
TOTALS_TOOLTIP = [
    ("As of", "when"),
    ("Figure", "series"),
    ("Amount", "display"),
    ("What it counts", "basis_label"),
    ("Other sources say", "alternatives"),
    ("Source", "source"),
    ("Note", "note"),
]
DONORS_TOOLTIP = [
    ("As of", "when"),
    ("Donors", "display"),
    ("Other sources say", "alternatives"),
    ("Source", "source"),
    ("Note", "note"),
]


def tooltip_texts(frame: pd.DataFrame, lines: list[tuple[str, str]]) -> list[str]:
    """Each row's tooltip as 'Label: value' parts, every value whole; a part whose value is empty is left out."""
    return [
        TOOLTIP_JOIN.join(f"{label}: {row[column]}" for label, column in lines if str(row[column] or "").strip())
        for _, row in frame.iterrows()
    ]


def chart_money(figures: pd.DataFrame) -> pd.DataFrame:
    """The totals and withheld payments the running-totals chart draws: US-dollar figures only."""
    money = figures.loc[
        figures["measure"].isin(list(MONEY_SERIES)) & (figures["unit"] == "usd"),
        [*CHART_COLUMNS, "qualifier", "unit", "date_from", "placed_by_us"],
    ]
    return money.assign(
        series=money["measure"].map(MONEY_SERIES),
        short=[
            figure_text(v, q, u, short=True)
            for v, q, u in zip(money["value"], money["qualifier"], money["unit"], strict=True)
        ],
        label_date=money["date_from"] + (money["date"] - money["date_from"]) / 2,
        tip=tooltip_texts(money.assign(series=money["measure"].map(MONEY_SERIES)), TOTALS_TOOLTIP),
    )


def off_chart_money(figures: pd.DataFrame) -> pd.DataFrame:
    """Totals the chart cannot draw on a US-dollar axis: the source does not say which dollar."""
    return figures[figures["measure"].isin(list(MONEY_SERIES)) & (figures["unit"] != "usd")]


def donor_first_appearance(roster: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Each donor with the first donor list that names it (our reading of the lists), and that list's source. The
    Countries filter (host countries) does not apply: a donor is chosen with the donor picker (donor_card)."""
    frame = roster.assign(start=[partial_date_start(a.split("/")[-1]) for a in roster["as_of"]])
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


def contribution_rows(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Reported contributions as a table: amount as the source gives it, status, and each row's source."""
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
            "Note": rows["note"].fillna(""),
            **source_columns(rows["source_id"], sources),
        }
    )


def donor_lists(roster: pd.DataFrame, donor: str, sources: pd.DataFrame) -> pd.DataFrame:
    """Each dated donor list that names the donor, oldest first, with whether the list could be read in full."""
    rows = roster[roster["donor"] == donor]
    rows = rows.assign(start=[partial_date_start(a.split("/")[0]) for a in rows["as_of"]]).sort_values("start")
    return pd.DataFrame(
        {
            "Donor list of": [as_of_label(a, b) for a, b in zip(rows["as_of"], rows["as_of_basis"], strict=True)],
            "List read": ["in full" if c == "true" else "only in part" for c in rows["list_complete"]],
            **source_columns(rows["source_id"], sources),
        }
    )


def names_in(text: str, names: Iterable[str]) -> list[str]:
    """The names a text mentions as whole words, in the order given."""
    return [name for name in names if re.search(rf"\b{re.escape(name)}\b", text)]


def donor_projects(bundle: DataBundle, donor: str, donors: Iterable[str]) -> tuple[pd.DataFrame, tuple[SourceRef, ...]]:
    """The projects whose budget note says the donor's money paid for them, with every donor the note names (a
    budget paid by two donors is not split: no source splits it), and the project sources that say so."""
    projects = bundle.projects
    notes = projects["budget_note"].fillna("")
    paid = projects[[bool(names_in(note, [donor])) for note in notes]]
    cited = bundle.project_sources[
        bundle.project_sources["project_id"].isin(paid["id"])
        & bundle.project_sources["locator"].fillna("").str.contains(donor, regex=False)
    ]
    first_source = cited.groupby("project_id")["source_id"].first()
    donors = list(donors)
    table = pd.DataFrame(
        {
            "Project": paid["title"],
            "Id": paid["id"],
            "Trust Fund money for the project": [
                format_figure(v, q, "usd") for v, q in zip(paid["budget_usd"], paid["budget_qualifier"], strict=True)
            ],
            "Money from": [" and ".join(names_in(n, donors)) for n in paid["budget_note"].fillna("")],
            **source_columns([first_source.get(i) for i in paid["id"]], bundle.sources),
            "As reported": paid["budget_note"],
        }
    )
    return table, sources_of(cited, bundle.sources, "locator")


# On the card the source comes before the long note, so that it is seen without scrolling sideways.
CARD_CONTRIBUTION_COLUMNS = ["Date", "Amount as reported", "US dollars", "Status", "Source", "Link", "Kind", "Note"]


@dataclass(frozen=True)
class DonorCard:
    """Everything the data holds about one donor: its pledges and contributions, the donor lists that name it and
    the projects its money is reported to have paid for, each row with its source."""

    donor: str
    summary: str
    contributions: pd.DataFrame
    lists: pd.DataFrame
    projects: pd.DataFrame
    sources: tuple[SourceRef, ...]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def donor_card(bundle: DataBundle, donor: str, donors: Iterable[str]) -> DonorCard:
    """The donor card of one donor (`donors`: every donor name, to say who shares a project's money)."""
    own = bundle.contributions[bundle.contributions["donor"] == donor]
    roster = bundle.donor_roster[bundle.donor_roster["donor"] == donor]
    lists = donor_lists(bundle.donor_roster, donor, bundle.sources)
    projects, project_sources = donor_projects(bundle, donor, donors)
    giving = _count(len(own), "report on its giving", "reports on its giving")
    paid = _count(len(projects), "project", "projects")
    named = _count(len(lists), "donor list", "donor lists")
    summary = f"{donor}: {giving}; named in {named}; {paid} reported as paid for with its money."
    return DonorCard(
        donor=donor,
        summary=summary,
        contributions=contribution_rows(own, bundle.sources)[CARD_CONTRIBUTION_COLUMNS],
        lists=lists,
        projects=projects,
        sources=sources_of(own, bundle.sources) + sources_of(roster, bundle.sources) + project_sources,
    )


def other_money_table(figures: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    rows = figures[figures["measure"].isin(list(OTHER_MONEY))]
    return pd.DataFrame(
        {
            "As of": rows["when"],
            "Figure": rows["measure"].map(OTHER_MONEY),
            "Amount": rows["display"],
            "Other sources say": rows["alternatives"],
            "Note": rows["note"],
            **source_columns(rows["source_id"], sources),
        }
    )


@dataclass(frozen=True)
class MoneyFigure:
    """A headline money figure as shown: the figure, what it counts, when, who says so, and its caveats in full."""

    value: str
    when: str
    basis: str = ""
    source: str = ""
    note: str = ""
    others: str = ""

    @property
    def caption(self) -> str:
        """'Received, as of 31 Dec 2018 — Conduct in UN Field Missions', written under the figure."""
        if not self.source:
            return self.when
        text = (
            f"{self.basis[:1].upper()}{self.basis[1:]}, {self.when}"
            if self.basis
            else self.when[:1].upper() + self.when[1:]
        )
        text += f" — {self.source}"
        return text + (f". Other sources say: {self.others}" if self.others else "")

    @property
    def phrase(self) -> str:
        """'over $2.5M received (as of 31 Dec 2018, Conduct in UN Field Missions)', for sentences."""
        if not self.source:
            return f"{self.value} ({self.when})"
        if self.basis.startswith(BASIS_WORDS["not_stated"]) or self.basis.startswith("part of"):
            return f"{self.value} ({self.when}, {self.source}; {self.basis})"
        return f"{self.value} {self.basis} ({self.when}, {self.source})"


def money_figure(row: pd.Series | None) -> MoneyFigure:
    """The figure of a funding row as a headline shows it; a withheld figure says what its total counts."""
    if row is None:
        return MoneyFigure("not known", "no figure in the selected years")
    return MoneyFigure(
        # Headline cards are narrow: whole thousands as K.
        value=figure_text(row["value"], row["qualifier"], row["unit"], short=True),
        when=f"as of {row['when']}",
        basis=(
            ""  # a count of donors counts donors, whatever the total beside it counts
            if row["unit"] == "donors"
            else WITHHELD_WORDS[row["basis"]]
            if row["measure"] == "withheld_usd"
            else BASIS_WORDS[row["basis"]]
        ),
        source=row["source"],
        note=row["note"],
        others=row["alternatives"],
    )


def _kpi(row: pd.Series | None) -> tuple[str, str]:
    figure = money_figure(row)
    return figure.value, figure.when


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
    # The headline total and withheld figure with their basis, source and caveats; the latest pledged total beside
    # the headline where there is one (see HEADLINE_BASES).
    total_figure: MoneyFigure
    promise: MoneyFigure | None
    donors_figure: MoneyFigure
    withheld_figure: MoneyFigure
    bundle: DataBundle = field(repr=False, compare=False)
    filters: Filters = field(repr=False, compare=False)
    # The selection's preferred funding figures, which the charts and tables are made from.
    figures: pd.DataFrame = field(repr=False, compare=False)

    def _card(self, measures: list[str], key: str, takeaway: str, stem: str) -> FigureCard:
        rows = self.figures[self.figures["measure"].isin(measures)]
        return FigureCard(
            key=key,
            drawn=self.figures,
            takeaway=takeaway,
            data=rows[["when", "measure", "display", "basis_label", "alternatives", "source", "source_id", "note"]],
            sources=sources_of(rows_stating(self.bundle.funding, rows["fact"]), self.bundle.sources),
            file_stem=f"{stem}_{self.filters.span_slug}",
        )

    @cached_property
    def totals(self) -> FigureCard | None:
        if not self.figures["measure"].isin(["cumulative_usd", "withheld_usd"]).any():
            return None
        return self._card(
            ["cumulative_usd", "withheld_usd"],
            "funding-totals",
            totals_takeaway(self.figures),
            "trust-fund-totals",
        )

    @cached_property
    def donor_counts(self) -> FigureCard | None:
        counts = self.figures[self.figures["measure"] == "donor_count"]
        if counts.empty:
            return None
        latest_count = counts.iloc[-1]
        takeaway = f"{latest_count['display']} Member States had contributed as of {latest_count['when']}."
        return self._card(["donor_count"], "funding-donors", takeaway, "donor-count")

    @cached_property
    def roster(self) -> pd.DataFrame:
        return donor_first_appearance(self.bundle.donor_roster, self.bundle.sources)

    @cached_property
    def roster_note(self) -> str:
        return incomplete_lists_note(self.bundle.donor_roster, self.bundle.funding)

    @cached_property
    def contributions(self) -> pd.DataFrame:
        return contribution_rows(self.bundle.contributions, self.bundle.sources)

    @cached_property
    def other_money(self) -> pd.DataFrame:
        return other_money_table(self.figures, self.bundle.sources)


def totals_takeaway(figures: pd.DataFrame) -> str:
    total, withheld = headline_row(figures, "cumulative_usd"), headline_row(figures, "withheld_usd")
    promise = promise_row(figures, total)
    if total is None and promise is None:
        return "No running total in US dollars is reported for the selected years."
    parts = []
    if total is not None:
        parts.append(f"The latest total reported is {money_figure(total).phrase}")
    if promise is not None:
        parts.append(f"a total that includes promises, {money_figure(promise).phrase}, is a different measure")
    if withheld is not None:
        parts.append(f"the latest withheld-payments figure is {money_figure(withheld).phrase}")
    text = "; ".join(parts)
    text = text[:1].upper() + text[1:] + ". Totals between reports are not known."
    off_chart = off_chart_money(figures)
    if not off_chart.empty:
        listed = "; ".join(
            f"{d}, reported {w} by {s}"
            for d, w, s in zip(off_chart["display"], off_chart["when"], off_chart["source"], strict=True)
        )
        text += f" Not on the US-dollar chart: {listed}."
    return text


def build_contributions_view(bundle: DataBundle, filters: Filters) -> ContributionsView:
    figures = funding_figures(bundle, filters)
    total, withheld = headline_row(figures, "cumulative_usd"), headline_row(figures, "withheld_usd")
    donors, promise = latest(figures, "donor_count"), promise_row(figures, total)
    kpi_rows = rows_stating(bundle.funding, [r["fact"] for r in (total, donors, withheld, promise) if r is not None])
    return ContributionsView(
        *_kpi(total),
        *_kpi(donors),
        *_kpi(withheld),
        kpi_sources=sources_of(kpi_rows, bundle.sources),
        total_figure=money_figure(total),
        promise=None if promise is None else money_figure(promise),
        donors_figure=money_figure(donors),
        withheld_figure=money_figure(withheld),
        bundle=bundle,
        filters=filters,
        figures=figures,
    )
