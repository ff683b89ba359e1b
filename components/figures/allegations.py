"""Allegation figures (pure): yearly totals, per-mission grid, categories, victims, outcomes, rates."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from components.data.bundle import DataBundle
from components.data.preferred import ALLEGATION_FACT, preferred_values
from components.data.schema import PERIOD_LABELS
from components.figures.cards import FigureCard
from components.figures.citations import SourceRef, source_columns, sources_of
from components.figures.filters import Filters, in_selection, in_years
from components.figures.formatting import UNKNOWN, escape_markdown, format_change, format_figure, format_number, plural
from components.language.translation import ENGLISH, Language

TOTAL_SERIES = {
    "peacekeeping": "Peacekeeping operations (to 2016)",
    "peace_operations": "Peacekeeping and special political missions",
    "un_system_all": "UN system-wide, all categories",
}
HEADLINE_SCOPES = ("peace_operations", "peacekeeping")
VICTIM_MEASURES = {"victims": "All victims", "adult_victims": "Adult victims", "child_victims": "Child victims"}
OUTCOME_MEASURES = ("allegations_investigated", "completed_investigations", "substantiated", "unsubstantiated")
SMALL_MISSION = 1000
PERSONNEL_METHOD = "annual_mean_of_reported_months"
# The mark on a figure whose row carries a note (a caveat, a restatement, who counted it). Not "*": takeaways are
# markdown, where two asterisks in one paragraph turn the text between them into italics.
NOTE_MARK = "†"
NOTE_LEGEND = f"{NOTE_MARK} marks a figure with a note: the note is in its tooltip, the table and the CSV."
MISSION_YEAR_DEFINITION = (
    "a mission-year is known when a source gives that mission's allegation count for the whole calendar year; "
    "half-year counts do not make a year known"
)


def with_note_mark(display: str, note: object) -> str:
    """The figure as shown, marked when its row has a note, so no caveat is lost between the file and the screen."""
    return f"{display}{NOTE_MARK}" if isinstance(note, str) and note.strip() else display


def preferred_allegations(bundle: DataBundle) -> pd.DataFrame:
    """One preferred value per fact, with a `display` text that keeps its qualifier."""
    best = preferred_values(bundle.allegations, bundle.sources, ALLEGATION_FACT)
    units = bundle.measures.set_index("code")["unit"]
    # The note of the row shown goes with its figure everywhere: `display` carries the mark, `note` the words.
    best["note"] = best["note"].astype("object").where(best["note"].notna(), "").map(str.strip)
    best["display"] = [
        with_note_mark(format_figure(v, q, units.get(m, "count")), n)
        for v, q, m, n in zip(best["value"], best["qualifier"], best["measure"], best["note"], strict=True)
    ]
    return best


def notes_text(shown: pd.DataFrame, label: pd.Series) -> str:
    """The notes of the marked figures in `shown`, each after its `label` ('2018: stated by …'), as one plain-text
    line: for a slide or a picture, where no tooltip can be opened. '' when no figure is marked."""
    marked = shown["display"].str.endswith(NOTE_MARK) & (shown["note"] != "")
    if not marked.any():
        return ""
    return f"{NOTE_MARK} Notes: " + "; ".join(
        f"{where}: {note}" for where, note in zip(label[marked], shown.loc[marked, "note"], strict=True)
    )


def note_help(note: str) -> str | None:
    """A card's help text for the note of its figure (markdown-escaped: the words come from the data)."""
    return f"{NOTE_MARK} Note: {escape_markdown(note)}" if note else None


def known_mission_years(preferred: pd.DataFrame) -> pd.DataFrame:
    """The known mission-years (MISSION_YEAR_DEFINITION): one preferred annual count of all personnel per mission
    and year. The one definition the page's count and the validation report share."""
    return preferred[
        (preferred["scope"] == "mission")
        & (preferred["measure"] == "allegations")
        & (preferred["period"] == "year")
        & preferred["category"].isna()
    ]


def _annual(preferred: pd.DataFrame, filters: Filters) -> pd.Series:
    return (preferred["period"] == "year") & in_years(preferred["year"], filters)


def yearly_totals(preferred: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Allegations per year for the total series (no mission, all categories), missing years absent."""
    rows = preferred[
        _annual(preferred, filters)
        & (preferred["measure"] == "allegations")
        & preferred["scope"].isin(list(TOTAL_SERIES))
        & preferred["mission"].isna()
        & preferred["category"].isna()
    ]
    frame = rows.assign(series=rows["scope"].map(TOTAL_SERIES))
    columns = ["year", "scope", "series", "value", "qualifier", "display", "note", "source_count", "alternatives"]
    return frame[columns].sort_values(["scope", "year"]).reset_index(drop=True)


def headline_year(totals: pd.DataFrame) -> dict[str, Any] | None:
    """The latest year with a peace-operations total, and the year before it if that is known too."""
    for scope in HEADLINE_SCOPES:
        series = totals[totals["scope"] == scope].sort_values("year")
        if series.empty:
            continue
        latest = series.iloc[-1]
        previous = series[series["year"] == latest["year"] - 1]
        return {
            "year": int(latest["year"]),
            "scope": scope,
            "value": float(latest["value"]),
            "display": latest["display"],
            "note": latest["note"],
            "alternatives": latest["alternatives"],
            "previous": None if previous.empty else float(previous.iloc[0]["value"]),
            "previous_exact": not previous.empty and previous.iloc[0]["qualifier"] == "exact",
        }
    return None


def headline_takeaway(headline: dict[str, Any] | None) -> str:
    if headline is None:
        return "No yearly total is known for the selected years."
    scope = TOTAL_SERIES[str(headline["scope"])].split(" (")[0].lower()
    text = f"In {headline['year']}, {headline['display']} allegations were reported in {scope}"
    previous = headline["previous"]
    if previous is not None and headline["previous_exact"]:
        text += f", {format_change(float(headline['value']), float(previous))} in {int(headline['year']) - 1}"
    elif previous is None:
        text += f"; no total for {int(headline['year']) - 1} is in the data"
    alternatives = headline["alternatives"]
    return text + (f" (other sources: {alternatives})." if alternatives else ".")


@dataclass(frozen=True)
class MissionFigure:
    """A chosen mission's latest sourced yearly count in the selected years, to lead the page with."""

    mission: str
    label: str
    value: str
    note: str


def latest_mission_figures(grid: pd.DataFrame, missions: tuple[str, ...]) -> tuple[MissionFigure, ...]:
    """One figure per chosen mission, in the order chosen: its latest known count, or 'not known' (never zero)."""
    figures = []
    for mission in missions:
        known = grid[(grid["mission"] == mission) & grid["value"].notna()].sort_values("year")
        if known.empty:
            figures.append(MissionFigure(mission, f"{mission}, latest year", UNKNOWN, ""))
            continue
        latest = known.iloc[-1]
        figures.append(
            MissionFigure(mission, f"{mission} in {int(latest['year'])}", str(latest["display"]), str(latest["note"]))
        )
    return tuple(figures)


MAX_GRID_MISSIONS = 40


def chart_grid(grid: pd.DataFrame) -> pd.DataFrame:
    """The missions with the most sourced mission-years, at most MAX_GRID_MISSIONS: a heatmap of more
    rows is unreadable (the CSV keeps all of them)."""
    known = grid.dropna(subset=["value"]).groupby("mission").size().sort_values(ascending=False)
    return grid[grid["mission"].isin(known.index[:MAX_GRID_MISSIONS])]


def mission_year_grid(preferred: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Every mission with any per-mission count × every year in range; `value` is NA where no source gives it."""
    rows = known_mission_years(preferred)
    rows = rows[in_selection(rows["mission"], filters.missions)]
    missions = sorted(rows["mission"].dropna().unique())
    low, high = filters.years
    grid = pd.MultiIndex.from_product([missions, range(low, high + 1)], names=["mission", "year"]).to_frame(index=False)
    known = rows[in_years(rows["year"], filters)][
        ["mission", "year", "value", "qualifier", "display", "note", "source_count", "alternatives"]
    ]
    grid = grid.merge(known.astype({"year": "int64"}), on=["mission", "year"], how="left")
    grid["status"] = grid["value"].isna().map({True: "no sourced figure", False: "sourced"})
    grid["display"] = grid["display"].fillna("not known")
    grid["alternatives"] = grid["alternatives"].fillna("")
    grid["note"] = grid["note"].fillna("")
    return grid


CATEGORY_DOMAIN = ["military", "police", "civilian"]


def with_unknown_slots(known: pd.DataFrame, column: str, domain: list[str]) -> pd.DataFrame:
    """`known` with a row for each slot of `domain` a year leaves empty: `value` NA, `display` 'not known'. A year
    with a split but no police figure (or no adult count) then says so instead of leaving a gap read as zero."""
    if known.empty:
        return known
    slots = pd.MultiIndex.from_product([sorted(known["year"].unique()), domain], names=["year", column])
    full = slots.to_frame(index=False).merge(known, on=["year", column], how="left")
    full["display"] = full["display"].fillna(UNKNOWN)
    for text_column in ("note", "alternatives"):
        full[text_column] = full[text_column].fillna("")
    return full


def category_split(preferred: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The split by category of personnel in the years a source gives one; a category that year's sources leave
    out is a 'not known' row."""
    rows = preferred[
        _annual(preferred, filters)
        & (preferred["measure"] == "allegations")
        & preferred["category"].notna()
        & preferred["mission"].isna()
        & preferred["scope"].isin(HEADLINE_SCOPES)
        & in_selection(preferred["category"], filters.categories)
    ]
    known = rows[["year", "scope", "category", "value", "qualifier", "display", "note", "alternatives"]]
    domain = [c for c in CATEGORY_DOMAIN if in_selection(pd.Series([c]), filters.categories).iloc[0]]
    return with_unknown_slots(known.astype({"year": "int64"}), "category", domain).sort_values(["year", "category"])


def victims_by_year(preferred: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Victims per year in peace operations; in a year with any victim figure, each kind not given is 'not known'."""
    rows = preferred[
        _annual(preferred, filters)
        & preferred["measure"].isin(list(VICTIM_MEASURES))
        & (preferred["scope"] == "peace_operations")
        & preferred["mission"].isna()
    ]
    frame = rows.assign(kind=rows["measure"].map(VICTIM_MEASURES))
    known = frame[["year", "kind", "value", "qualifier", "display", "note", "alternatives", "source_id"]]
    return with_unknown_slots(known.astype({"year": "int64"}), "kind", list(VICTIM_MEASURES.values())).sort_values(
        ["year", "kind"]
    )


def split_mismatches(victims: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """A sentence for each year whose adult and child counts, both exact, do not make the count of all victims
    shown: the reader should not have to do the sum to find out."""
    publishers = sources.set_index("id")["publisher"]
    sentences = []
    for year, kinds in victims.dropna(subset=["value"]).groupby("year"):
        by_kind = kinds.set_index("kind")
        if not set(VICTIM_MEASURES.values()) <= set(by_kind.index):
            continue
        # As dicts: a row read with .loc is typed as a Series or a scalar, and these are one row each.
        total, adults, children = (by_kind.loc[VICTIM_MEASURES[m]].to_dict() for m in VICTIM_MEASURES)
        if {total["qualifier"], adults["qualifier"], children["qualifier"]} != {"exact"}:
            continue
        if adults["value"] + children["value"] == total["value"]:
            continue
        total_source = publishers.get(total["source_id"], total["source_id"])
        split_source = publishers.get(adults["source_id"], adults["source_id"])
        sentence = (
            f"In {year}, adults ({format_number(adults['value'])}) and children "
            f"({format_number(children['value'])}) make {format_number(adults['value'] + children['value'])}, not "
            f"the {format_number(total['value'])} victims shown: the split does not add up to that total. The total "
            f"is from {total_source}, the adult count from {split_source}"
        )
        if total["alternatives"]:
            sentence += f"; other sources give all victims as {total['alternatives']}"
        sentences.append(sentence + ".")
    return sentences


def _scope_text(rows: pd.DataFrame, scopes: pd.DataFrame) -> pd.Series:
    """The mission where a figure is per mission, else the scope's label ('Peacekeeping operations')."""
    return rows["mission"].fillna(rows["scope"].map(scopes.set_index("code")["label"]).fillna(rows["scope"]))


def outcomes_table(preferred: pd.DataFrame, bundle: DataBundle, filters: Filters) -> pd.DataFrame:
    rows = preferred[in_years(preferred["year"], filters) & preferred["measure"].isin(OUTCOME_MEASURES)]
    return pd.DataFrame(
        {
            "Year": rows["year"].astype(int),
            "Period": rows["period"].map(PERIOD_LABELS),
            "Scope": _scope_text(rows, bundle.scopes),
            "Category": rows["category"].fillna("all"),
            "Figure": rows["measure"].map(bundle.measures.set_index("code")["label"]),
            "Value": rows["display"],
            "Note": rows["note"].fillna(""),
            **source_columns(rows["source_id"], bundle.sources),
        }
    ).sort_values(["Year", "Figure"])


def rates_per_thousand(grid: pd.DataFrame, personnel: pd.DataFrame) -> pd.DataFrame:
    """Allegations per 1,000 uniformed personnel where both figures exist for a mission-year (`grid`: the
    mission_year_grid of the selection)."""
    grid = grid.dropna(subset=["value"])
    staff = personnel[personnel["method"] == PERSONNEL_METHOD][["mission", "year", "personnel"]]
    joined = grid.merge(staff.astype({"year": "int64"}), on=["mission", "year"], how="inner")
    joined["rate"] = joined["value"] / joined["personnel"] * 1000
    joined["caution"] = (joined["personnel"] < SMALL_MISSION).map({True: "fewer than 1,000 personnel", False: ""})
    # The count's note stays beside its rate: a mission press figure for part of a year makes a rate of part of one.
    columns = ["mission", "year", "display", "note", "personnel", "rate", "caution"]
    return joined[columns].sort_values(["mission", "year"])


def conflicts_table(preferred: pd.DataFrame, bundle: DataBundle, filters: Filters) -> pd.DataFrame:
    rows = preferred[preferred["conflict"] & in_years(preferred["year"], filters)]
    measure = rows["measure"].map(bundle.measures.set_index("code")["label"]).fillna(rows["measure"])
    return pd.DataFrame(
        {
            "Year": rows["year"].astype(int),
            "Period": rows["period"].map(PERIOD_LABELS),
            "Scope": _scope_text(rows, bundle.scopes),
            "Figure": measure + rows["category"].map(lambda c: f" ({c})" if isinstance(c, str) else ""),
            "Preferred": rows["display"],
            "Note": rows["note"],
            **source_columns(rows["source_id"], bundle.sources),
            "Other sources say": rows["alternatives"],
        }
    ).sort_values(["Year", "Scope"])


@dataclass(frozen=True)
class AllegationsView:
    """What the Allegations page shows. The views in its tabs are made when first read: a page builds the open
    tab's only, the overview and the briefing none of them."""

    headline: str
    headline_delta: str | None
    headline_label: str
    # The note of the headline's row ('' for none): the figure carries NOTE_MARK, the card's help these words.
    headline_note: str
    victims_label: str
    victims_value: str
    victims_note: str
    victims_sources: tuple[SourceRef, ...]
    known_cells: int
    unknown_cells: int
    takeaway: str
    totals: FigureCard
    headline_sources: tuple[SourceRef, ...]
    # The chosen missions' own latest figures, which lead the page when missions are chosen (empty otherwise).
    mission_figures: tuple[MissionFigure, ...]
    bundle: DataBundle = field(repr=False, compare=False)
    filters: Filters = field(repr=False, compare=False)
    # The selection's mission-year grid and victims per year, which the tabs are made from.
    mission_years: pd.DataFrame = field(repr=False, compare=False)
    victims_per_year: pd.DataFrame = field(repr=False, compare=False)

    @cached_property
    def mission_figure_sources(self) -> tuple[SourceRef, ...]:
        """The sources of the chosen missions' latest figures (mission_figures)."""
        grid = self.mission_years
        known = grid[grid["value"].notna() & grid["mission"].isin(self.filters.missions)]
        latest = known.sort_values("year").groupby("mission").tail(1)
        return sources_of(_raw_rows(self.bundle, latest, ["mission", "year"]), self.bundle.sources)

    @cached_property
    def grid(self) -> FigureCard:
        grid = self.mission_years
        known = grid.dropna(subset=["value"])
        charted = chart_grid(grid)
        sourced = known["mission"].nunique()
        charted_missions, unsourced = charted["mission"].nunique(), grid["mission"].nunique() - sourced
        left_out = ""
        if charted_missions < sourced:
            left_out += (
                f" The chart draws the {charted_missions} missions with the most sourced years, of "
                f"{format_number(sourced)} with any; the CSV has them all."
            )
        if unsourced:
            # Rows of grey only; without this line a reader could take the chart for every mission.
            left_out += (
                f" {plural(unsourced, 'mission', 'missions')} with no sourced count in these years "
                f"{'is' if unsourced == 1 else 'are'} not drawn; the CSV lists {'it' if unsourced == 1 else 'them'}."
            )
        return FigureCard(
            key="allegations-grid",
            drawn=charted,
            takeaway=f"{format_number(self.known_cells)} of {format_number(len(grid))} mission-years in the selection "
            f"are known ({MISSION_YEAR_DEFINITION}); the rest are not known (grey), not zero.{left_out}"
            + _note_legend(charted),
            data=grid[["mission", "year", "value", "qualifier", "display", "note", "status", "alternatives"]],
            sources=sources_of(_raw_rows(self.bundle, known, ["mission", "year"]), self.bundle.sources),
            file_stem=f"allegations-by-mission-year_{self.filters.span_slug}",
        )

    @cached_property
    def categories(self) -> FigureCard | None:
        split = category_split(self.bundle.derived(preferred_allegations), self.filters)
        if split.empty:
            return None
        known = split.dropna(subset=["value"])
        raw = _raw_rows(self.bundle, known, ["year", "scope", "category"]).query("measure == 'allegations'")
        return FigureCard(
            key="allegations-categories",
            drawn=split,
            takeaway=f"Categories of personnel are split in {plural(split['year'].nunique(), 'year', 'years')} of the "
            f"selection only; other years have no public split.{_unknown_slots_text(split)}" + _note_legend(split),
            data=split,
            sources=sources_of(raw[raw["mission"].isna()], self.bundle.sources),
            file_stem=f"allegations-by-category_{self.filters.span_slug}",
        )

    @cached_property
    def victims(self) -> FigureCard | None:
        victims, allegations = self.victims_per_year, self.bundle.allegations
        if victims.empty:
            return None
        latest = _latest_victims(victims)
        mismatches = " ".join(split_mismatches(victims, self.bundle.sources))
        return FigureCard(
            key="allegations-victims",
            drawn=victims,
            takeaway=(
                f"In {int(latest['year'])}, {latest['display']} victims were identified in peace operations."
                if latest is not None
                else "Only child or adult victim counts are known for the selected years."
            )
            + (f" {mismatches}" if mismatches else "")
            + _unknown_slots_text(victims)
            + _note_legend(victims),
            data=victims.drop(columns="source_id"),
            sources=sources_of(
                allegations[
                    allegations["measure"].isin(list(VICTIM_MEASURES)) & in_years(allegations["year"], self.filters)
                ],
                self.bundle.sources,
            ),
            file_stem=f"victims-by-year_{self.filters.span_slug}",
        )

    @cached_property
    def outcomes(self) -> pd.DataFrame:
        return outcomes_table(self.bundle.derived(preferred_allegations), self.bundle, self.filters)

    @cached_property
    def rates(self) -> pd.DataFrame:
        return rates_per_thousand(self.mission_years, self.bundle.personnel)

    @cached_property
    def rates_sources(self) -> tuple[SourceRef, ...]:
        personnel = self.bundle.personnel
        staff = personnel[personnel["method"] == PERSONNEL_METHOD].astype({"year": "int64"})
        inputs = pd.concat(
            [
                _raw_rows(self.bundle, self.rates, ["mission", "year"]).query("measure == 'allegations'"),
                staff.merge(self.rates[["mission", "year"]], on=["mission", "year"], how="inner"),
            ]
        )
        return sources_of(inputs, self.bundle.sources)

    @cached_property
    def conflicts(self) -> pd.DataFrame:
        return conflicts_table(self.bundle.derived(preferred_allegations), self.bundle, self.filters)


def _latest_victims(victims: pd.DataFrame) -> pd.Series | None:
    """The latest year's count of all victims, if any year has one."""
    all_victims = victims[(victims["kind"] == "All victims") & victims["value"].notna()].sort_values("year")
    return all_victims.iloc[-1] if not all_victims.empty else None


def _note_legend(shown: pd.DataFrame) -> str:
    """What the mark means, said under a chart that shows it."""
    return f" {NOTE_LEGEND}" if shown["display"].str.endswith(NOTE_MARK).any() else ""


def _unknown_slots_text(frame: pd.DataFrame) -> str:
    unknown = frame["value"].isna().any()
    return " Slots written “not known” have no sourced figure; they are not zeros." if unknown else ""


def _raw_rows(bundle: DataBundle, shown: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Every source row behind the facts shown, so all sources are cited, not only the preferred one."""
    if shown.empty:
        return bundle.allegations.iloc[0:0]
    wanted = shown[keys].drop_duplicates()
    raw = bundle.allegations.astype({"year": "int64"})
    return raw.merge(wanted.astype({"year": "int64"}), on=keys, how="inner")


def _victims_sources(bundle: DataBundle, latest: pd.Series | None) -> tuple[SourceRef, ...]:
    """Every source of the count of all victims the "Victims in …" card shows."""
    if latest is None:
        return ()
    rows = bundle.allegations
    return sources_of(
        rows[
            (rows["measure"] == "victims")
            & (rows["scope"] == "peace_operations")
            & rows["mission"].isna()
            & (rows["period"] == "year")
            & (rows["year"] == int(latest["year"]))
        ],
        bundle.sources,
    )


def build_allegations_view(bundle: DataBundle, filters: Filters, lang: Language = ENGLISH) -> AllegationsView:
    preferred = bundle.derived(preferred_allegations)
    totals = yearly_totals(preferred, filters)
    headline = headline_year(totals)
    grid = mission_year_grid(preferred, filters)
    victims = victims_by_year(preferred, filters)
    raw_totals = _raw_rows(bundle, totals, ["year", "scope"]).query("measure == 'allegations'")
    raw_totals = raw_totals[raw_totals["mission"].isna() & raw_totals["category"].isna()]
    latest_victims = _latest_victims(victims)
    known = int(grid["value"].notna().sum())
    return AllegationsView(
        headline="not known" if headline is None else str(headline["display"]),
        headline_delta=(
            None
            if headline is None or headline["previous"] is None or not headline["previous_exact"]
            else f"{float(headline['value']) - float(headline['previous']):+g} vs {int(headline['year']) - 1}"
        ),
        headline_label=("Allegations, latest year" if headline is None else f"Allegations in {headline['year']}")
        + (", all missions" if filters.missions else ""),
        victims_label="Victims, latest year" if latest_victims is None else f"Victims in {int(latest_victims['year'])}",
        headline_note="" if headline is None else str(headline["note"]),
        victims_value="not known" if latest_victims is None else str(latest_victims["display"]),
        victims_note="" if latest_victims is None else str(latest_victims["note"]),
        victims_sources=_victims_sources(bundle, latest_victims),
        known_cells=known,
        unknown_cells=len(grid) - known,
        takeaway=headline_takeaway(headline),
        totals=FigureCard(
            key="allegations-totals",
            drawn=totals,
            takeaway=headline_takeaway(headline) + _note_legend(totals),
            data=totals,
            sources=sources_of(raw_totals, bundle.sources),
            file_stem=f"allegations-by-year_{filters.span_slug}",
            chart_options=(("all_missions_label", bool(filters.missions)),),
        ),
        headline_sources=sources_of(raw_totals[raw_totals["year"] == (headline or {}).get("year", -1)], bundle.sources),
        mission_figures=latest_mission_figures(grid, filters.missions),
        bundle=bundle,
        filters=filters,
        mission_years=grid,
        victims_per_year=victims,
    )
