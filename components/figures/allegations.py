"""Allegation figures (pure): yearly totals, per-mission grid, categories, victims, outcomes, rates."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd
from babel import numbers

from components.data.bundle import DataBundle
from components.data.preferred import ALLEGATION_FACT, preferred_values
from components.data.schema import PERIOD_LABELS
from components.figures.cards import FigureCard
from components.figures.citations import SourceRef, source_columns, sources_of
from components.figures.filters import CATEGORIES_KEY, Filters, code_label, in_selection, in_years
from components.figures.formatting import escape_markdown, format_change, format_figure, format_number, unknown
from components.language.translation import ENGLISH, N_, Language

TOTAL_SERIES = {
    "peacekeeping": N_("Peacekeeping operations (to 2016)"),
    "peace_operations": N_("Peacekeeping and special political missions"),
    "un_system_all": N_("UN system-wide, all categories"),
}
HEADLINE_SCOPES = ("peace_operations", "peacekeeping")
VICTIM_MEASURES = {
    "victims": N_("All victims"),
    "adult_victims": N_("Adult victims"),
    "child_victims": N_("Child victims"),
}
OUTCOME_MEASURES = ("allegations_investigated", "completed_investigations", "substantiated", "unsubstantiated")
SMALL_MISSION = 1000
PERSONNEL_METHOD = "annual_mean_of_reported_months"
# The mark on a figure whose row carries a note (a caveat, a restatement, who counted it). Not "*": takeaways are
# markdown, where two asterisks in one paragraph turn the text between them into italics.
NOTE_MARK = "†"
NOTE_LEGEND = N_("† marks a figure with a note: the note is in its tooltip, the table and the CSV.")
MISSION_YEAR_DEFINITION = N_(
    "a mission-year is known when a source gives that mission's allegation count for the whole calendar year; "
    "half-year counts do not make a year known"
)


def with_note_mark(display: str, note: object) -> str:
    """The figure as shown, marked when its row has a note, so no caveat is lost between the file and the screen."""
    return f"{display}{NOTE_MARK}" if isinstance(note, str) and note.strip() else display


def preferred_allegations(bundle: DataBundle, lang: Language = ENGLISH) -> pd.DataFrame:
    """One preferred value per fact, with a `display` text that keeps its qualifier (written in `lang`). Made once
    per data and language: `bundle.derived(preferred_allegations, lang)`."""
    best = preferred_values(bundle.allegations, bundle.sources, ALLEGATION_FACT, lang)
    units = bundle.measures.set_index("code")["unit"]
    # The note of the row shown goes with its figure everywhere: `display` carries the mark, `note` the words.
    best["note"] = best["note"].astype("object").where(best["note"].notna(), "").map(str.strip)
    best["display"] = [
        with_note_mark(format_figure(v, q, units.get(m, "count"), lang=lang), n)
        for v, q, m, n in zip(best["value"], best["qualifier"], best["measure"], best["note"], strict=True)
    ]
    return best


def notes_text(shown: pd.DataFrame, label: pd.Series, lang: Language = ENGLISH) -> str:
    """The notes of the marked figures in `shown`, each after its `label` ('2018: stated by …'), as one plain-text
    line: for a slide or a picture, where no tooltip can be opened. '' when no figure is marked."""
    marked = shown["display"].str.endswith(NOTE_MARK) & (shown["note"] != "")
    if not marked.any():
        return ""
    notes = "; ".join(f"{where}: {note}" for where, note in zip(label[marked], shown.loc[marked, "note"], strict=True))
    return lang._("† Notes: {notes}", notes=notes)


def note_help(note: str, lang: Language = ENGLISH) -> str | None:
    """A card's help text for the note of its figure (markdown-escaped: the words come from the data)."""
    return lang._("† Note: {note}", note=escape_markdown(note)) if note else None


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


def yearly_totals(preferred: pd.DataFrame, filters: Filters, lang: Language = ENGLISH) -> pd.DataFrame:
    """Allegations per year for the total series (no mission, all categories), missing years absent."""
    rows = preferred[
        _annual(preferred, filters)
        & (preferred["measure"] == "allegations")
        & preferred["scope"].isin(list(TOTAL_SERIES))
        & preferred["mission"].isna()
        & preferred["category"].isna()
    ]
    frame = rows.assign(series=rows["scope"].map(lambda scope: lang._(TOTAL_SERIES[scope])))
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


def headline_takeaway(headline: dict[str, Any] | None, lang: Language = ENGLISH) -> str:
    if headline is None:
        return lang._("No yearly total is known for the selected years.")
    year, display = int(headline["year"]), headline["display"]
    if headline["scope"] == "peacekeeping":
        text = lang._(
            "In {year}, {figure} allegations were reported in peacekeeping operations", year=year, figure=display
        )
    else:
        text = lang._(
            "In {year}, {figure} allegations were reported in peacekeeping and special political missions",
            year=year,
            figure=display,
        )
    previous = headline["previous"]
    if previous is not None and headline["previous_exact"]:
        text += ", " + format_change(float(headline["value"]), float(previous), year - 1, lang)
    elif previous is None:
        text += lang._("; no total for {year} is in the data", year=year - 1)
    alternatives = headline["alternatives"]
    return text + (lang._(" (other sources: {others}).", others=alternatives) if alternatives else ".")


@dataclass(frozen=True)
class MissionFigure:
    """A chosen mission's latest sourced yearly count in the selected years, to lead the page with."""

    mission: str
    label: str
    value: str
    note: str


def latest_mission_figures(
    grid: pd.DataFrame, missions: tuple[str, ...], lang: Language = ENGLISH
) -> tuple[MissionFigure, ...]:
    """One figure per chosen mission, in the order chosen: its latest known count, or 'not known' (never zero)."""
    figures = []
    for mission in missions:
        known = grid[(grid["mission"] == mission) & grid["value"].notna()].sort_values("year")
        if known.empty:
            figures.append(MissionFigure(mission, lang._("{mission}, latest year", mission=mission), unknown(lang), ""))
            continue
        latest = known.iloc[-1]
        figures.append(
            MissionFigure(
                mission,
                lang._("{mission} in {year}", mission=mission, year=int(latest["year"])),
                str(latest["display"]),
                str(latest["note"]),
            )
        )
    return tuple(figures)


MAX_GRID_MISSIONS = 40


def chart_grid(grid: pd.DataFrame) -> pd.DataFrame:
    """The missions with the most sourced mission-years, at most MAX_GRID_MISSIONS: a heatmap of more
    rows is unreadable (the CSV keeps all of them)."""
    known = grid.dropna(subset=["value"]).groupby("mission").size().sort_values(ascending=False)
    return grid[grid["mission"].isin(known.index[:MAX_GRID_MISSIONS])]


def mission_year_grid(preferred: pd.DataFrame, filters: Filters, lang: Language = ENGLISH) -> pd.DataFrame:
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
    grid["status"] = grid["value"].isna().map({True: lang._("no sourced figure"), False: lang._("sourced")})
    grid["display"] = grid["display"].fillna(unknown(lang))
    grid["alternatives"] = grid["alternatives"].fillna("")
    grid["note"] = grid["note"].fillna("")
    return grid


CATEGORY_DOMAIN = ["military", "police", "civilian"]


def with_unknown_slots(known: pd.DataFrame, column: str, domain: list[str], lang: Language = ENGLISH) -> pd.DataFrame:
    """`known` with a row for each slot of `domain` a year leaves empty: `value` NA, `display` 'not known'. A year
    with a split but no police figure (or no adult count) then says so instead of leaving a gap read as zero."""
    if known.empty:
        return known
    slots = pd.MultiIndex.from_product([sorted(known["year"].unique()), domain], names=["year", column])
    full = slots.to_frame(index=False).merge(known, on=["year", column], how="left")
    full["display"] = full["display"].fillna(unknown(lang))
    for text_column in ("note", "alternatives"):
        full[text_column] = full[text_column].fillna("")
    return full


def category_split(preferred: pd.DataFrame, filters: Filters, lang: Language = ENGLISH) -> pd.DataFrame:
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
    split = with_unknown_slots(known.astype({"year": "int64"}), "category", domain, lang).sort_values(
        ["year", "category"]
    )
    return split.assign(category_label=split["category"].map(lambda code: code_label(CATEGORIES_KEY, code, lang)))


def victims_by_year(preferred: pd.DataFrame, filters: Filters, lang: Language = ENGLISH) -> pd.DataFrame:
    """Victims per year in peace operations; in a year with any victim figure, each kind not given is 'not known'."""
    rows = preferred[
        _annual(preferred, filters)
        & preferred["measure"].isin(list(VICTIM_MEASURES))
        & (preferred["scope"] == "peace_operations")
        & preferred["mission"].isna()
    ]
    frame = rows.assign(kind=rows["measure"].map(lambda measure: lang._(VICTIM_MEASURES[measure])))
    known = frame[["year", "kind", "value", "qualifier", "display", "note", "alternatives", "source_id"]]
    kinds = [lang._(label) for label in VICTIM_MEASURES.values()]
    return with_unknown_slots(known.astype({"year": "int64"}), "kind", kinds, lang).sort_values(["year", "kind"])


def split_mismatches(victims: pd.DataFrame, sources: pd.DataFrame, lang: Language = ENGLISH) -> list[str]:
    """A sentence for each year whose adult and child counts, both exact, do not make the count of all victims
    shown: the reader should not have to do the sum to find out."""
    publishers = sources.set_index("id")["publisher"]
    sentences = []
    kinds = {m: lang._(label) for m, label in VICTIM_MEASURES.items()}
    for year, rows in victims.dropna(subset=["value"]).groupby("year"):
        by_kind = rows.set_index("kind")
        if not set(kinds.values()) <= set(by_kind.index):
            continue
        # As dicts: a row read with .loc is typed as a Series or a scalar, and these are one row each.
        total, adults, children = (by_kind.loc[kinds[m]].to_dict() for m in VICTIM_MEASURES)
        if {total["qualifier"], adults["qualifier"], children["qualifier"]} != {"exact"}:
            continue
        if adults["value"] + children["value"] == total["value"]:
            continue
        total_source = publishers.get(total["source_id"], total["source_id"])
        split_source = publishers.get(adults["source_id"], adults["source_id"])
        sentence = lang._(
            "In {year}, adults ({adults}) and children ({children}) make {sum}, not the {total} victims shown: "
            "the split does not add up to that total. The total is from {total_source}, the adult count from "
            "{split_source}",
            year=year,
            adults=format_number(adults["value"], lang),
            children=format_number(children["value"], lang),
            sum=format_number(adults["value"] + children["value"], lang),
            total=format_number(total["value"], lang),
            total_source=total_source,
            split_source=split_source,
        )
        if total["alternatives"]:
            sentence += lang._("; other sources give all victims as {others}", others=total["alternatives"])
        sentences.append(sentence + ".")
    return sentences


def code_labels(table: pd.DataFrame, lang: Language = ENGLISH) -> pd.Series:
    """A code list's labels by code (scopes.csv, measures.csv) in `lang`: its `label_<code>` column where the file
    has one and the row fills it, else the English `label`."""
    labels = table.set_index("code")["label"]
    own = f"label_{lang.code}"
    if lang != ENGLISH and own in table.columns:
        labels = table.set_index("code")[own].where(lambda column: column.notna() & (column != ""), labels)
    return labels


def _scope_text(rows: pd.DataFrame, scopes: pd.DataFrame, lang: Language = ENGLISH) -> pd.Series:
    """The mission where a figure is per mission, else the scope's label ('Peacekeeping operations')."""
    return rows["mission"].fillna(rows["scope"].map(code_labels(scopes, lang)).fillna(rows["scope"]))


def period_label(period: str, lang: Language = ENGLISH) -> str:
    return lang._(PERIOD_LABELS[period]) if period in PERIOD_LABELS else period


def outcomes_table(
    preferred: pd.DataFrame, bundle: DataBundle, filters: Filters, lang: Language = ENGLISH
) -> pd.DataFrame:
    rows = preferred[in_years(preferred["year"], filters) & preferred["measure"].isin(OUTCOME_MEASURES)]
    return pd.DataFrame(
        {
            lang._("Year"): rows["year"].astype(int),
            lang._("Period"): rows["period"].map(lambda period: period_label(period, lang)),
            lang._("Scope"): _scope_text(rows, bundle.scopes, lang),
            lang._("Category"): rows["category"].map(
                lambda code: code_label(CATEGORIES_KEY, code, lang) if isinstance(code, str) else lang._("all")
            ),
            lang._("Figure"): rows["measure"].map(code_labels(bundle.measures, lang)),
            lang._("Value"): rows["display"],
            lang._("Note"): rows["note"].fillna(""),
            **source_columns(rows["source_id"], bundle.sources),
        }
    ).sort_values([lang._("Year"), lang._("Figure")])


def rates_per_thousand(grid: pd.DataFrame, personnel: pd.DataFrame, lang: Language = ENGLISH) -> pd.DataFrame:
    """Allegations per 1,000 uniformed personnel where both figures exist for a mission-year (`grid`: the
    mission_year_grid of the selection)."""
    grid = grid.dropna(subset=["value"])
    staff = personnel[personnel["method"] == PERSONNEL_METHOD][["mission", "year", "personnel"]]
    joined = grid.merge(staff.astype({"year": "int64"}), on=["mission", "year"], how="inner")
    joined["rate"] = joined["value"] / joined["personnel"] * 1000
    joined["caution"] = (joined["personnel"] < SMALL_MISSION).map(
        {True: lang._("fewer than {n} personnel", n=lang.number(SMALL_MISSION)), False: ""}
    )
    # The count's note stays beside its rate: a mission press figure for part of a year makes a rate of part of one.
    columns = ["mission", "year", "display", "note", "personnel", "rate", "caution"]
    return joined[columns].sort_values(["mission", "year"])


def rates_table(rates: pd.DataFrame, lang: Language = ENGLISH) -> pd.DataFrame:
    """The rates as the page shows them: headed in the viewer's language, personnel and rates written out (a rate
    to two decimals), for a static table whose notes are read in full."""
    return pd.DataFrame(
        {
            lang._("Mission"): rates["mission"],
            lang._("Year"): rates["year"].astype(int).astype(str),
            lang._("Allegations"): rates["display"],
            lang._("Note"): rates["note"],
            lang._("Uniformed personnel (mean)"): rates["personnel"].map(lang.number),
            lang._("Per {n} personnel", n=lang.number(1000)): rates["rate"].map(
                lambda rate: numbers.format_decimal(rate, format="#,##0.00", locale=lang.locale)
            ),
            lang._("Caution"): rates["caution"],
        }
    )


def conflicts_table(
    preferred: pd.DataFrame, bundle: DataBundle, filters: Filters, lang: Language = ENGLISH
) -> pd.DataFrame:
    rows = preferred[preferred["conflict"] & in_years(preferred["year"], filters)]
    measure = rows["measure"].map(code_labels(bundle.measures, lang)).fillna(rows["measure"])
    return pd.DataFrame(
        {
            lang._("Year"): rows["year"].astype(int),
            lang._("Period"): rows["period"].map(lambda period: period_label(period, lang)),
            lang._("Scope"): _scope_text(rows, bundle.scopes, lang),
            lang._("Figure"): measure
            + rows["category"].map(lambda c: f" ({code_label(CATEGORIES_KEY, c, lang)})" if isinstance(c, str) else ""),
            lang._("Preferred"): rows["display"],
            lang._("Note"): rows["note"],
            **source_columns(rows["source_id"], bundle.sources),
            lang._("Other sources say"): rows["alternatives"],
        }
    ).sort_values([lang._("Year"), lang._("Scope")])


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
    lang: Language = field(default=ENGLISH, compare=False)

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
        lang = self.lang
        left_out = ""
        if charted_missions < sourced:
            left_out += " " + lang._(
                "The chart draws the {drawn} missions with the most sourced years, of {sourced} with any; the CSV "
                "has them all.",
                drawn=format_number(charted_missions, lang),
                sourced=format_number(sourced, lang),
            )
        if unsourced:
            # Rows of grey only; without this line a reader could take the chart for every mission.
            left_out += " " + lang.n_(
                "{n} mission with no sourced count in these years is not drawn; the CSV lists it.",
                "{n} missions with no sourced count in these years are not drawn; the CSV lists them.",
                unsourced,
            )
        return FigureCard(
            key="allegations-grid",
            drawn=charted,
            takeaway=lang._(
                "{known} of {total} mission-years in the selection are known ({definition}); the rest are not known "
                "(grey), not zero.",
                known=format_number(self.known_cells, lang),
                total=format_number(len(grid), lang),
                definition=lang._(MISSION_YEAR_DEFINITION),
            )
            + left_out
            + _note_legend(charted, lang),
            data=grid[["mission", "year", "value", "qualifier", "display", "note", "status", "alternatives"]],
            sources=sources_of(_raw_rows(self.bundle, known, ["mission", "year"]), self.bundle.sources),
            file_stem=f"allegations-by-mission-year_{self.filters.span_slug}",
            chart_options=(("lang", lang),),
        )

    @cached_property
    def categories(self) -> FigureCard | None:
        lang = self.lang
        split = category_split(self.bundle.derived(preferred_allegations, lang), self.filters, lang)
        if split.empty:
            return None
        known = split.dropna(subset=["value"])
        raw = _raw_rows(self.bundle, known, ["year", "scope", "category"]).query("measure == 'allegations'")
        return FigureCard(
            key="allegations-categories",
            drawn=split,
            takeaway=lang.n_(
                "Categories of personnel are split in {n} year of the selection only; other years have no public "
                "split.",
                "Categories of personnel are split in {n} years of the selection only; other years have no public "
                "split.",
                int(split["year"].nunique()),
            )
            + _unknown_slots_text(split, lang)
            + _note_legend(split, lang),
            data=split,
            sources=sources_of(raw[raw["mission"].isna()], self.bundle.sources),
            file_stem=f"allegations-by-category_{self.filters.span_slug}",
            chart_options=(("lang", lang),),
        )

    @cached_property
    def victims(self) -> FigureCard | None:
        victims, allegations = self.victims_per_year, self.bundle.allegations
        if victims.empty:
            return None
        lang = self.lang
        latest = _latest_victims(victims, lang)
        mismatches = " ".join(split_mismatches(victims, self.bundle.sources, lang))
        return FigureCard(
            key="allegations-victims",
            drawn=victims,
            takeaway=(
                lang._(
                    "In {year}, {figure} victims were identified in peace operations.",
                    year=int(latest["year"]),
                    figure=latest["display"],
                )
                if latest is not None
                else lang._("Only child or adult victim counts are known for the selected years.")
            )
            + (f" {mismatches}" if mismatches else "")
            + _unknown_slots_text(victims, lang)
            + _note_legend(victims, lang),
            data=victims.drop(columns="source_id"),
            sources=sources_of(
                allegations[
                    allegations["measure"].isin(list(VICTIM_MEASURES)) & in_years(allegations["year"], self.filters)
                ],
                self.bundle.sources,
            ),
            file_stem=f"victims-by-year_{self.filters.span_slug}",
            chart_options=(("lang", lang),),
        )

    @cached_property
    def outcomes(self) -> pd.DataFrame:
        return outcomes_table(
            self.bundle.derived(preferred_allegations, self.lang), self.bundle, self.filters, self.lang
        )

    @cached_property
    def rates(self) -> pd.DataFrame:
        return rates_per_thousand(self.mission_years, self.bundle.personnel, self.lang)

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
        return conflicts_table(
            self.bundle.derived(preferred_allegations, self.lang), self.bundle, self.filters, self.lang
        )


def _latest_victims(victims: pd.DataFrame, lang: Language = ENGLISH) -> pd.Series | None:
    """The latest year's count of all victims, if any year has one."""
    everyone = lang._(VICTIM_MEASURES["victims"])
    all_victims = victims[(victims["kind"] == everyone) & victims["value"].notna()].sort_values("year")
    return all_victims.iloc[-1] if not all_victims.empty else None


def _note_legend(shown: pd.DataFrame, lang: Language = ENGLISH) -> str:
    """What the mark means, said under a chart that shows it."""
    return " " + lang._(NOTE_LEGEND) if shown["display"].str.endswith(NOTE_MARK).any() else ""


def _unknown_slots_text(frame: pd.DataFrame, lang: Language = ENGLISH) -> str:
    if not frame["value"].isna().any():
        return ""
    return " " + lang._("Slots written “{unknown}” have no sourced figure; they are not zeros.", unknown=unknown(lang))


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
    preferred = bundle.derived(preferred_allegations, lang)
    totals = yearly_totals(preferred, filters, lang)
    headline = headline_year(totals)
    grid = mission_year_grid(preferred, filters, lang)
    victims = victims_by_year(preferred, filters, lang)
    raw_totals = _raw_rows(bundle, totals, ["year", "scope"]).query("measure == 'allegations'")
    raw_totals = raw_totals[raw_totals["mission"].isna() & raw_totals["category"].isna()]
    latest_victims = _latest_victims(victims, lang)
    known = int(grid["value"].notna().sum())
    if headline is None:
        headline_label = lang._("Allegations, latest year")
    elif filters.missions:
        headline_label = lang._("Allegations in {year}, all missions", year=headline["year"])
    else:
        headline_label = lang._("Allegations in {year}", year=headline["year"])
    return AllegationsView(
        headline=unknown(lang) if headline is None else str(headline["display"]),
        headline_delta=(
            None
            if headline is None or headline["previous"] is None or not headline["previous_exact"]
            else lang._(
                "{change} vs {year}",
                change=_signed(float(headline["value"]) - float(headline["previous"]), lang),
                year=int(headline["year"]) - 1,
            )
        ),
        headline_label=headline_label,
        victims_label=lang._("Victims, latest year")
        if latest_victims is None
        else lang._("Victims in {year}", year=int(latest_victims["year"])),
        headline_note="" if headline is None else str(headline["note"]),
        victims_value=unknown(lang) if latest_victims is None else str(latest_victims["display"]),
        victims_note="" if latest_victims is None else str(latest_victims["note"]),
        victims_sources=_victims_sources(bundle, latest_victims),
        known_cells=known,
        unknown_cells=len(grid) - known,
        takeaway=headline_takeaway(headline, lang),
        totals=FigureCard(
            key="allegations-totals",
            drawn=totals,
            takeaway=headline_takeaway(headline, lang) + _note_legend(totals, lang),
            data=totals,
            sources=sources_of(raw_totals, bundle.sources),
            file_stem=f"allegations-by-year_{filters.span_slug}",
            chart_options=(("all_missions_label", bool(filters.missions)), ("lang", lang)),
        ),
        headline_sources=sources_of(raw_totals[raw_totals["year"] == (headline or {}).get("year", -1)], bundle.sources),
        mission_figures=latest_mission_figures(grid, filters.missions, lang),
        bundle=bundle,
        filters=filters,
        mission_years=grid,
        victims_per_year=victims,
        lang=lang,
    )


def _signed(difference: float, lang: Language) -> str:
    """'+2', '-5' (Streamlit's delta reads the sign), the number written the language's way."""
    return ("+" if difference > 0 else "-" if difference < 0 else "") + format_number(abs(difference), lang)
