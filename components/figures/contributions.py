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
from components.figures.formatting import format_figure, unknown
from components.language.translation import ENGLISH, N_, Language

# What a total counts, in the words shown next to the figure ("over $2.5M received").
BASIS_WORDS = {
    "received": N_("received"),
    "available_incl_commitments": N_("available, incl. commitments not yet paid"),
    "pledged": N_("pledged"),
    "not_stated": N_("what it counts is not stated"),
}
WITHHELD_WORDS = {
    "received": N_("part of a total received"),
    "available_incl_commitments": N_("part of a total available, incl. commitments not yet paid"),
    "pledged": N_("part of a total pledged"),
    "not_stated": N_("part of a total whose basis is not stated"),
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
    "received": N_("Received"),
    "available_incl_commitments": N_("Available, incl. commitments not yet paid"),
    "pledged": N_("Pledged"),
    "not_stated": N_("Total (what it counts is not stated)"),
}


def status_label(status: str, lang: Language = ENGLISH) -> str:
    """A contribution's status in words (a contribution's, not a total's: French agrees them differently)."""
    labels = {
        "pledged": lang.p_("contribution status", "Pledged"),
        "received": lang.p_("contribution status", "Received"),
        "committed_amount_undisclosed": lang.p_("contribution status", "Committed, amount not disclosed"),
        "contributed_amount_unknown": lang.p_("contribution status", "Contributed, amount not known"),
        "under_discussion": lang.p_("contribution status", "Under discussion"),
        "no_contribution_reported": lang.p_("contribution status", "No contribution, as of the source's date"),
    }
    return labels[status]


# How a contribution was made (the data's payment_type codes).
PAYMENT_TYPE_LABELS = {"voluntary": N_("voluntary"), "withheld": N_("withheld")}
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
MONEY_SERIES = {"cumulative_usd": N_("Total contributions"), "withheld_usd": N_("Withheld payments")}
OTHER_MONEY = {
    "appeal_target_usd": N_("Fundraising appeal target"),
    "received_to_date_usd": N_("Received to date (scope not stated)"),
    "funds_remaining_usd": N_("Funds remaining"),
    "additional_sought_usd": N_("Additional funding sought"),
}
DATED = N_("dated by the source")
UNDATED = N_("undated, placed by us")


def partial_date_label(text: str, lang: Language = ENGLISH) -> str:
    """A date as precise as its source gives it: '2017', 'Sep 2017' / 'sept. 2017', '31 Dec 2018' / '31 déc. 2018'."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return lang.month(dt.date(parts[0], parts[1], 1))
    return lang.date(dt.date(*parts))


def as_of_label(as_of: str, basis: str, lang: Language = ENGLISH) -> str:
    """'Sep 2017', '31 Dec 2018', or 'undated, between Jul 2016 and Sep 2017' for our brackets."""
    if "/" in as_of:
        start, end = as_of.split("/")
        return lang._(
            "undated, between {start} and {end}",
            start=partial_date_label(start, lang),
            end=partial_date_label(end, lang),
        )
    if basis == "our_bracket":
        return lang._("{date} or later, undated", date=partial_date_label(as_of, lang))
    return partial_date_label(as_of, lang)


def as_of_phrase(as_of: str, basis: str, lang: Language = ENGLISH) -> str:
    """'as of 31 Dec 2018', 'as of Sep 2017' ('au 31 déc. 2018', 'en sept. 2017': French says a day and a month
    differently), 'as of undated, between Jul 2016 and Sep 2017'."""
    if "/" in as_of:
        start, end = as_of.split("/")
        return lang._(
            "as of undated, between {start} and {end}",
            start=partial_date_label(start, lang),
            end=partial_date_label(end, lang),
        )
    if basis == "our_bracket":
        return lang._("as of {date} or later, undated", date=partial_date_label(as_of, lang))
    label = as_of_label(as_of, basis, lang)
    if as_of.count("-") == 2:
        return lang.p_("as of a day", "as of {date}", date=label)
    return lang.p_("as of a month or year", "as of {date}", date=label)


def list_separator(lang: Language = ENGLISH) -> str:
    """'; ' between the parts of a sentence (French puts a space before the semicolon)."""
    return lang.p_("between the parts of a sentence", "; ")


def figure_text(value: float, qualifier: str, unit: str, short: bool = False, lang: Language = ENGLISH) -> str:
    """A funding figure with its qualifier and unit: '25', 'about $600,000', '$1.5M (currency not stated)'."""
    text = format_figure(value, qualifier, "count" if unit == "donors" else "usd", short, lang=lang)
    return lang._("{figure} (currency not stated)", figure=text) if unit == "dollars_unstated" else text


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


def funding_facts(funding: pd.DataFrame, sources: pd.DataFrame, lang: Language = ENGLISH) -> pd.DataFrame:
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
        alternatives.setdefault(fact, []).append(f"{figure_text(value, qualifier, unit, lang=lang)} ({source})")
    best["alternatives"] = [list_separator(lang).join(alternatives.get(fact, [])) for fact in best["fact"]]
    best["conflict"] = best["alternatives"] != ""
    # The basis of the fact: a preferred row that does not say what it counts stands for a fact whose other
    # sources do.
    best["fact_basis"] = best["fact"].str.rsplit("|", n=1).str[-1]
    return best


def rows_stating(funding: pd.DataFrame, facts: Iterable[str]) -> pd.DataFrame:
    """The funding rows that state these facts, the preferred and the others: each is cited where it is read,
    not every row its document gives."""
    return funding[funding_fact_keys(funding).isin(list(facts))]


def preferred_funding(bundle: DataBundle, lang: Language = ENGLISH) -> pd.DataFrame:
    """The preferred value of every funding figure, dated for charting and labelled for reading (in `lang`). Made
    once per data and language: `bundle.derived(preferred_funding, lang)`."""
    best = funding_facts(bundle.funding, bundle.sources, lang)
    # Undated figures are dated at the end of their bracket, the latest they can be, for choosing the latest; the
    # chart draws them across their whole bracket, marked as placed by us.
    dates = [partial_date_start(a.split("/")[-1]) for a in best["as_of"]]
    best = best.assign(
        date=pd.to_datetime(dates),
        date_from=pd.to_datetime([partial_date_start(a) for a in best["as_of"]]),
        year=[d.year for d in dates],
    )
    best["when"] = [as_of_label(a, b, lang) for a, b in zip(best["as_of"], best["as_of_basis"], strict=True)]
    best["as_of_phrase"] = [as_of_phrase(a, b, lang) for a, b in zip(best["as_of"], best["as_of_basis"], strict=True)]
    best["display"] = [
        figure_text(v, q, u, lang=lang) for v, q, u in zip(best["value"], best["qualifier"], best["unit"], strict=True)
    ]
    best["basis"] = best["fact_basis"]
    best["basis_label"] = best["basis"].map(lambda basis: lang._(BASIS_LABELS[basis]))
    best["placed_by_us"] = best["as_of_basis"] == "our_bracket"
    best["dated"] = best["placed_by_us"].map({True: lang._(UNDATED), False: lang._(DATED)})
    publishers = bundle.sources.set_index("id")["publisher"]
    best["source"] = [str(publishers.get(s, s)) for s in best["source_id"]]
    best["note"] = best["note"].fillna("")
    return best.sort_values("date").reset_index(drop=True)


def funding_figures(bundle: DataBundle, filters: Filters, lang: Language = ENGLISH) -> pd.DataFrame:
    """Preferred funding figures in the year range, their words in `lang`."""
    best = bundle.derived(preferred_funding, lang)
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
    (N_("As of"), "when"),
    (N_("Figure"), "series"),
    (N_("Amount"), "display"),
    (N_("What it counts"), "basis_label"),
    (N_("Other sources say"), "alternatives"),
    (N_("Source"), "source"),
    (N_("Note"), "note"),
]
DONORS_TOOLTIP = [
    (N_("As of"), "when"),
    (N_("Donors"), "display"),
    (N_("Other sources say"), "alternatives"),
    (N_("Source"), "source"),
    (N_("Note"), "note"),
]


def tooltip_texts(frame: pd.DataFrame, lines: list[tuple[str, str]], lang: Language = ENGLISH) -> list[str]:
    """Each row's tooltip as 'Label: value' parts, every value whole; a part whose value is empty is left out."""
    return [
        TOOLTIP_JOIN.join(
            lang._("{label}: {value}", label=lang._(label), value=row[column])
            for label, column in lines
            if str(row[column] or "").strip()
        )
        for _, row in frame.iterrows()
    ]


def chart_money(figures: pd.DataFrame, lang: Language = ENGLISH) -> pd.DataFrame:
    """The totals and withheld payments the running-totals chart draws: US-dollar figures only."""
    money = figures.loc[
        figures["measure"].isin(list(MONEY_SERIES)) & (figures["unit"] == "usd"),
        [*CHART_COLUMNS, "qualifier", "unit", "date_from", "placed_by_us"],
    ]
    money = money.assign(series=money["measure"].map(lambda measure: lang._(MONEY_SERIES[measure])))
    return money.assign(
        short=[
            figure_text(v, q, u, short=True, lang=lang)
            for v, q, u in zip(money["value"], money["qualifier"], money["unit"], strict=True)
        ],
        label_date=money["date_from"] + (money["date"] - money["date_from"]) / 2,
        tip=tooltip_texts(money, TOTALS_TOOLTIP, lang),
    )


def off_chart_money(figures: pd.DataFrame) -> pd.DataFrame:
    """Totals the chart cannot draw on a US-dollar axis: the source does not say which dollar."""
    return figures[figures["measure"].isin(list(MONEY_SERIES)) & (figures["unit"] != "usd")]


# The roster rows the Contributions page shows (23 in the shipped data); past them its note points to the whole
# roster's CSV. At 100x data the 6,953 rows were 0.84 MB sent on every visit to the page, on its first tab.
ROSTER_SHOWN_ROWS = 100


def donor_first_appearance(roster: pd.DataFrame, sources: pd.DataFrame, lang: Language = ENGLISH) -> pd.DataFrame:
    """Each donor with the first donor list that names it (our reading of the lists), and that list's source. The
    Countries filter (host countries) does not apply: a donor is chosen with the donor picker (donor_card)."""
    frame = roster.assign(start=[partial_date_start(a.split("/")[-1]) for a in roster["as_of"]])
    first = frame.sort_values("start").groupby("donor", as_index=False).first()
    first = first.sort_values(["start", "donor"])
    return pd.DataFrame(
        {
            lang._("Donor"): first["donor"],
            lang._("First named in list of"): [
                as_of_label(a, b, lang) for a, b in zip(first["as_of"], first["as_of_basis"], strict=True)
            ],
            **source_columns(first["source_id"], sources),
        }
    )


def incomplete_lists_note(roster: pd.DataFrame, funding: pd.DataFrame, lang: Language = ENGLISH) -> str:
    """Which donor lists could be read only in part, with how many names they were meant to hold where the same
    date has one donor count ('The 31 Dec 2024 list was only partly readable (20 of 25 names).')."""
    notes = []
    partial = roster[roster["list_complete"] == "false"]
    for (as_of, basis), names in partial.groupby(["as_of", "as_of_basis"], sort=True):
        counts = funding[(funding["measure"] == "donor_count") & (funding["as_of"] == as_of)]["value"].unique()
        when = as_of_label(str(as_of), str(basis), lang)
        if len(counts) == 1:
            total = int(counts[0])
            note = lang.n_(
                "The {date} list was only partly readable ({read} of {n} name).",
                "The {date} list was only partly readable ({read} of {n} names).",
                total,
                date=when,
                read=lang.number(len(names)),
            )
        else:
            note = lang.n_(
                "The {date} list was only partly readable ({n} name).",
                "The {date} list was only partly readable ({n} names).",
                len(names),
                date=when,
            )
        notes.append(note)
    return " ".join(notes)


def contribution_rows(rows: pd.DataFrame, sources: pd.DataFrame, lang: Language = ENGLISH) -> pd.DataFrame:
    """Reported contributions as a table: amount as the source gives it, status, and each row's source."""
    original = [
        unknown(lang) if pd.isna(a) else f"{format_figure(a, q, lang=lang)} {c}"
        for a, q, c in zip(rows["amount_original"], rows["qualifier"], rows["currency"].fillna(""), strict=True)
    ]
    return pd.DataFrame(
        {
            lang._("Donor"): rows["donor"],
            lang._("Date"): rows["date"].fillna(unknown(lang)),
            lang._("Amount as reported"): original,
            lang._("US dollars"): [
                format_figure(v, q, "usd", lang=lang)
                for v, q in zip(rows["amount_usd"], rows["qualifier"], strict=True)
            ],
            lang._("Status"): rows["status"].map(lambda status: status_label(status, lang)),
            lang._("Kind"): rows["payment_type"].map(lambda kind: lang._(PAYMENT_TYPE_LABELS[kind])),
            lang._("Note"): rows["note"].fillna(""),
            **source_columns(rows["source_id"], sources),
        }
    )


def donor_lists(roster: pd.DataFrame, donor: str, sources: pd.DataFrame, lang: Language = ENGLISH) -> pd.DataFrame:
    """Each dated donor list that names the donor, oldest first, with whether the list could be read in full."""
    rows = roster[roster["donor"] == donor]
    rows = rows.assign(start=[partial_date_start(a.split("/")[0]) for a in rows["as_of"]]).sort_values("start")
    return pd.DataFrame(
        {
            lang._("Donor list of"): [
                as_of_label(a, b, lang) for a, b in zip(rows["as_of"], rows["as_of_basis"], strict=True)
            ],
            lang._("List read"): [
                lang._("in full") if c == "true" else lang._("only in part") for c in rows["list_complete"]
            ],
            **source_columns(rows["source_id"], sources),
        }
    )


def names_in(text: str, names: Iterable[str]) -> list[str]:
    """The names a text mentions as whole words, in the order given."""
    return [name for name in names if re.search(rf"\b{re.escape(name)}\b", text)]


def donor_projects(
    bundle: DataBundle, donor: str, donors: Iterable[str], lang: Language = ENGLISH
) -> tuple[pd.DataFrame, tuple[SourceRef, ...]]:
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
            lang._("Project"): paid["title"],
            lang._("Id"): paid["id"],
            lang._("Trust Fund money for the project"): [
                format_figure(v, q, "usd", lang=lang)
                for v, q in zip(paid["budget_usd"], paid["budget_qualifier"], strict=True)
            ],
            lang._("Money from"): [lang.list(names_in(n, donors)) for n in paid["budget_note"].fillna("")],
            **source_columns([first_source.get(i) for i in paid["id"]], bundle.sources),
            lang._("As reported"): paid["budget_note"],
        }
    )
    return table, sources_of(cited, bundle.sources, "locator")


def card_contribution_columns(table: pd.DataFrame, lang: Language = ENGLISH) -> pd.DataFrame:
    """A donor's contributions as its card shows them: without the donor, and the source before the long note,
    so that it is seen without scrolling sideways."""
    kind, note = lang._("Kind"), lang._("Note")
    own = [c for c in table.columns if c not in (lang._("Donor"), kind, note)]
    return table[[*own, kind, note]]


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


def donor_summary(donor: str, reports: int, lists: int, projects: int, lang: Language = ENGLISH) -> str:
    """'Norway: 2 reports on its giving; named in 5 donor lists; 1 project reported as paid for with its money.'"""
    return lang._(
        "{donor}: {reports}; {lists}; {projects}.",
        donor=donor,
        reports=lang.n_("{n} report on its giving", "{n} reports on its giving", reports),
        lists=lang.n_("named in {n} donor list", "named in {n} donor lists", lists),
        projects=lang.n_(
            "{n} project reported as paid for with its money",
            "{n} projects reported as paid for with its money",
            projects,
        ),
    )


def donor_card(bundle: DataBundle, donor: str, donors: Iterable[str], lang: Language = ENGLISH) -> DonorCard:
    """The donor card of one donor (`donors`: every donor name, to say who shares a project's money)."""
    own = bundle.contributions[bundle.contributions["donor"] == donor]
    roster = bundle.donor_roster[bundle.donor_roster["donor"] == donor]
    lists = donor_lists(bundle.donor_roster, donor, bundle.sources, lang)
    projects, project_sources = donor_projects(bundle, donor, donors, lang)
    return DonorCard(
        donor=donor,
        summary=donor_summary(donor, len(own), len(lists), len(projects), lang),
        contributions=card_contribution_columns(contribution_rows(own, bundle.sources, lang), lang),
        lists=lists,
        projects=projects,
        sources=sources_of(own, bundle.sources) + sources_of(roster, bundle.sources) + project_sources,
    )


def other_money_table(figures: pd.DataFrame, sources: pd.DataFrame, lang: Language = ENGLISH) -> pd.DataFrame:
    rows = figures[figures["measure"].isin(list(OTHER_MONEY))]
    return pd.DataFrame(
        {
            lang._("As of"): rows["when"],
            lang._("Figure"): rows["measure"].map(lambda measure: lang._(OTHER_MONEY[measure])),
            lang._("Amount"): rows["display"],
            lang._("Other sources say"): rows["alternatives"],
            lang._("Note"): rows["note"],
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
    # Whether the basis reads as an aside after the source ("; part of a total received") rather than right after
    # the figure ("$2.5M received"): a basis not stated, and the total a withheld figure is part of.
    basis_aside: bool = False
    lang: Language = ENGLISH

    @property
    def caption(self) -> str:
        """'Received, as of 31 Dec 2018 — Conduct in UN Field Missions', written under the figure."""
        if not self.source:
            return self.when
        if self.basis:
            text = self.lang._("{basis}, {when} — {source}", basis=self.basis, when=self.when, source=self.source)
        else:
            text = self.lang._("{when} — {source}", when=self.when, source=self.source)
        text = text[:1].upper() + text[1:]
        return (
            self.lang._("{caption}. Other sources say: {others}", caption=text, others=self.others)
            if self.others
            else text
        )

    @property
    def phrase(self) -> str:
        """'over $2.5M received (as of 31 Dec 2018, Conduct in UN Field Missions)', for sentences."""
        values = {"figure": self.value, "when": self.when, "source": self.source, "basis": self.basis}
        if not self.source:
            return self.lang._("{figure} ({when})", **values)
        if self.basis_aside:
            return self.lang._("{figure} ({when}, {source}; {basis})", **values)
        return self.lang._("{figure} {basis} ({when}, {source})", **values)


def money_figure(row: pd.Series | None, lang: Language = ENGLISH) -> MoneyFigure:
    """The figure of a funding row as a headline shows it; a withheld figure says what its total counts."""
    if row is None:
        return MoneyFigure(unknown(lang), lang._("no figure in the selected years"), lang=lang)
    withheld = row["measure"] == "withheld_usd"
    basis_code = row["basis"]
    return MoneyFigure(
        # Headline cards are narrow: whole thousands as K.
        value=figure_text(row["value"], row["qualifier"], row["unit"], short=True, lang=lang),
        when=row["as_of_phrase"],
        basis=(
            ""  # a count of donors counts donors, whatever the total beside it counts
            if row["unit"] == "donors"
            else lang._(WITHHELD_WORDS[basis_code])
            if withheld
            else lang._(BASIS_WORDS[basis_code])
        ),
        source=row["source"],
        note=row["note"],
        others=row["alternatives"],
        basis_aside=row["unit"] != "donors" and (withheld or basis_code == "not_stated"),
        lang=lang,
    )


def _kpi(row: pd.Series | None, lang: Language) -> tuple[str, str]:
    figure = money_figure(row, lang)
    return figure.value, figure.when


def card_data(rows: pd.DataFrame, lang: Language = ENGLISH) -> pd.DataFrame:
    """The figures behind a money chart, as its table and CSV give them: the columns named in `lang` (English keeps
    the data's own column names), the measure as its code."""
    headers = {
        "when": lang.p_("money chart data column", "when"),
        "measure": lang.p_("money chart data column", "measure"),
        "display": lang.p_("money chart data column", "display"),
        "basis_label": lang.p_("money chart data column", "basis_label"),
        "alternatives": lang.p_("money chart data column", "alternatives"),
        "source": lang.p_("money chart data column", "source"),
        "source_id": lang.p_("money chart data column", "source_id"),
        "note": lang.p_("money chart data column", "note"),
    }
    return rows[list(headers)].rename(columns=headers)


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
    lang: Language = field(default=ENGLISH, repr=False, compare=False)

    def _card(self, measures: list[str], key: str, takeaway: str, stem: str) -> FigureCard:
        rows = self.figures[self.figures["measure"].isin(measures)]
        return FigureCard(
            key=key,
            drawn=self.figures,
            takeaway=takeaway,
            data=card_data(rows, self.lang),
            sources=sources_of(rows_stating(self.bundle.funding, rows["fact"]), self.bundle.sources),
            file_stem=f"{stem}_{self.filters.span_slug}",
            # The chart's words are in the view's language (charts/contributions.py).
            chart_options=(("lang", self.lang),),
        )

    @cached_property
    def totals(self) -> FigureCard | None:
        if not self.figures["measure"].isin(["cumulative_usd", "withheld_usd"]).any():
            return None
        return self._card(
            ["cumulative_usd", "withheld_usd"],
            "funding-totals",
            totals_takeaway(self.figures, self.lang),
            "trust-fund-totals",
        )

    @cached_property
    def donor_counts(self) -> FigureCard | None:
        counts = self.figures[self.figures["measure"] == "donor_count"]
        if counts.empty:
            return None
        latest_count = counts.iloc[-1]
        takeaway = self.lang.n_(
            "{figure} Member State had contributed {when}.",
            "{figure} Member States had contributed {when}.",
            int(latest_count["value"]),
            figure=latest_count["display"],
            when=latest_count["as_of_phrase"],
        )
        return self._card(["donor_count"], "funding-donors", takeaway, "donor-count")

    @cached_property
    def roster(self) -> pd.DataFrame:
        return donor_first_appearance(self.bundle.donor_roster, self.bundle.sources, self.lang)

    @cached_property
    def roster_note(self) -> str:
        return incomplete_lists_note(self.bundle.donor_roster, self.bundle.funding, self.lang)

    @cached_property
    def contributions(self) -> pd.DataFrame:
        return contribution_rows(self.bundle.contributions, self.bundle.sources, self.lang)

    @cached_property
    def other_money(self) -> pd.DataFrame:
        return other_money_table(self.figures, self.bundle.sources, self.lang)


def totals_takeaway(figures: pd.DataFrame, lang: Language = ENGLISH) -> str:
    total, withheld = headline_row(figures, "cumulative_usd"), headline_row(figures, "withheld_usd")
    promise = promise_row(figures, total)
    if total is None and promise is None:
        return lang._("No running total in US dollars is reported for the selected years.")
    parts = []
    if total is not None:
        parts.append(lang._("The latest total reported is {figure}", figure=money_figure(total, lang).phrase))
    if promise is not None:
        parts.append(
            lang._(
                "a total that includes promises, {figure}, is a different measure",
                figure=money_figure(promise, lang).phrase,
            )
        )
    if withheld is not None:
        parts.append(
            lang._("the latest withheld-payments figure is {figure}", figure=money_figure(withheld, lang).phrase)
        )
    text = list_separator(lang).join(parts)
    text = lang._("{statements}. Totals between reports are not known.", statements=text[:1].upper() + text[1:])
    off_chart = off_chart_money(figures)
    if not off_chart.empty:
        listed = list_separator(lang).join(
            lang._("{figure}, reported {date} by {source}", figure=d, date=w, source=s)
            for d, w, s in zip(off_chart["display"], off_chart["when"], off_chart["source"], strict=True)
        )
        text += " " + lang._("Not on the US-dollar chart: {figures}.", figures=listed)
    return text


def build_contributions_view(bundle: DataBundle, filters: Filters, lang: Language = ENGLISH) -> ContributionsView:
    figures = funding_figures(bundle, filters, lang)
    total, withheld = headline_row(figures, "cumulative_usd"), headline_row(figures, "withheld_usd")
    donors, promise = latest(figures, "donor_count"), promise_row(figures, total)
    kpi_rows = rows_stating(bundle.funding, [r["fact"] for r in (total, donors, withheld, promise) if r is not None])
    return ContributionsView(
        *_kpi(total, lang),
        *_kpi(donors, lang),
        *_kpi(withheld, lang),
        kpi_sources=sources_of(kpi_rows, bundle.sources),
        total_figure=money_figure(total, lang),
        promise=None if promise is None else money_figure(promise, lang),
        donors_figure=money_figure(donors, lang),
        withheld_figure=money_figure(withheld, lang),
        bundle=bundle,
        filters=filters,
        figures=figures,
        lang=lang,
    )
