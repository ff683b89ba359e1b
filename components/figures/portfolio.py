"""What the Fund reports it has reached (pure): its own portfolio figures, each with its date and source."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.data.bundle import DataBundle
from components.data.preferred import preferred_values
from components.data.schema import PORTFOLIO_MEASURES, partial_date_start
from components.figures.citations import SourceRef, source_columns, sources_of
from components.figures.contributions import as_of_label, as_of_phrase, in_language, list_separator
from components.figures.filters import Filters
from components.figures.formatting import format_figure
from components.language.translation import ENGLISH, N_, Language

PORTFOLIO_FACT = ["as_of", "measure"]
IN_YEAR = "people_reached_in_year"
TITLE = N_("What the Fund reports it has reached")
NOT_FILTERED = N_(
    "The Fund reports these for its whole portfolio: they follow the years filter only, never a mission or country."
)


def portfolio_text(value: float, qualifier: str, unit: str, lang: Language = ENGLISH) -> str:
    """'over 43,000', '17', '13%'."""
    return format_figure(value, qualifier, "percent" if unit == "percent" else "count", lang=lang)


def portfolio_when(as_of: str, basis: str, measure: str, lang: Language = ENGLISH) -> str:
    """A figure for one year is 'in 2021'; the others hold at a date, 'as of Jul 2023'."""
    if measure == IN_YEAR:
        return lang._("in {year}", year=as_of)
    if basis == "our_bracket":
        return as_of_label(as_of, basis, lang)
    return as_of_phrase(as_of, basis, lang)


def preferred_portfolio(bundle: DataBundle, lang: Language = ENGLISH) -> pd.DataFrame:
    """One row per reported figure (date and measure): the preferred source's value, the others beside it."""
    best = preferred_values(bundle.portfolio, bundle.sources, PORTFOLIO_FACT)
    starts = [partial_date_start(a.split("/")[-1]) for a in best["as_of"]]
    best = best.assign(date=pd.to_datetime(starts), year=[d.year for d in starts])
    best["label"] = best["measure"].map(lambda m: lang._(PORTFOLIO_MEASURES[m][0]))
    best["when"] = [
        portfolio_when(a, b, m, lang)
        for a, b, m in zip(best["as_of"], best["as_of_basis"], best["measure"], strict=True)
    ]
    best["display"] = [
        portfolio_text(v, q, u, lang) for v, q, u in zip(best["value"], best["qualifier"], best["unit"], strict=True)
    ]
    # The date alone, for sentences that say "by Jul 2023".
    best["date_label"] = [as_of_label(a, b, lang) for a, b in zip(best["as_of"], best["as_of_basis"], strict=True)]
    return best.sort_values(["date", "measure"]).reset_index(drop=True)


@dataclass(frozen=True)
class PortfolioView:
    """The figures in the selected years, as a table with a source per row, a takeaway and the citations."""

    table: pd.DataFrame
    takeaway: str
    sources: tuple[SourceRef, ...]

    @property
    def empty(self) -> bool:
        return self.table.empty


def portfolio_table(figures: pd.DataFrame, sources: pd.DataFrame, lang: Language = ENGLISH) -> pd.DataFrame:
    return pd.DataFrame(
        {
            lang._("Figure"): figures["label"],
            lang._("Reported"): figures["display"],
            lang._("When"): figures["when"],
            lang._("Other sources say"): figures["alternatives"].replace("", "—"),
            lang._("Note"): figures["note"].fillna(""),
            **source_columns(figures["source_id"], sources),
        }
    )


def portfolio_takeaway(figures: pd.DataFrame, lang: Language = ENGLISH) -> str:
    """The latest figure of each kind in one sentence, each with its date."""
    if figures.empty:
        return lang._("The Fund reports no portfolio figure for the selected years.")
    latest = figures.sort_values("date").groupby("measure", sort=False).tail(1)
    parts = [
        lang._("{figure}: {value} ({when})", figure=str(r.label).lower(), value=r.display, when=r.when)
        for r in latest.itertuples()
    ]
    return lang._("The Fund reports {figures}.", figures=list_separator(lang).join(parts))


def build_portfolio_view(bundle: DataBundle, filters: Filters, lang: Language = ENGLISH) -> PortfolioView:
    best = bundle.derived(in_language(preferred_portfolio, lang))
    figures = best[best["year"].between(*filters.years)].reset_index(drop=True)
    cited = bundle.portfolio.merge(figures[PORTFOLIO_FACT], on=PORTFOLIO_FACT)
    return PortfolioView(
        table=portfolio_table(figures, bundle.sources, lang),
        takeaway=portfolio_takeaway(figures, lang),
        sources=sources_of(cited, bundle.sources),
    )


def projects_listed_sentence(bundle: DataBundle, lang: Language = ENGLISH) -> tuple[str, tuple[SourceRef, ...]] | None:
    """'9 projects listed here of 17 the Fund reports financing by Jul 2023: the others are not public', with the
    source of the 17; None when no count of financed projects is reported. The 9 are the listed projects a source
    ties to the Fund (trust_fund_link confirmed), whatever the filters."""
    financed = bundle.derived(in_language(preferred_portfolio, lang))
    financed = financed[financed["measure"] == "projects_financed"]
    if financed.empty:
        return None
    latest = financed.iloc[-1]
    listed = int((bundle.projects["trust_fund_link"] == "confirmed").sum())
    sentence = lang.n_(
        "{n} project listed here of {financed} the Fund reports financing by {date}: the others are not public.",
        "{n} projects listed here of {financed} the Fund reports financing by {date}: the others are not public.",
        listed,
        financed=latest["display"],
        date=latest["date_label"],
    )
    rows = bundle.portfolio[
        (bundle.portfolio["measure"] == "projects_financed") & (bundle.portfolio["as_of"] == latest["as_of"])
    ]
    return sentence, sources_of(rows, bundle.sources)


def reported_reach(bundle: DataBundle, lang: Language = ENGLISH) -> tuple[str, tuple[SourceRef, ...]] | None:
    """'The Fund reports over 43,000 victims and community members reached (as of Jul 2023), across its whole
    portfolio', with its sources: what the money achieved, set beside the count of listed projects that have a
    beneficiary figure. None when no such figure is reported."""
    best = bundle.derived(in_language(preferred_portfolio, lang))
    reached = best[best["measure"] == "people_reached"]
    if reached.empty:
        return None
    latest = reached.iloc[-1]
    sentence = lang._(
        "The Fund reports {figure} {measure} ({when}), across its whole portfolio, not only the projects listed here.",
        figure=latest["display"],
        measure=latest["label"].lower(),
        when=latest["when"],
    )
    rows = bundle.portfolio[
        (bundle.portfolio["measure"] == "people_reached") & (bundle.portfolio["as_of"] == latest["as_of"])
    ]
    return sentence, sources_of(rows, bundle.sources)
