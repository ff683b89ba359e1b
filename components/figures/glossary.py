"""Definitions and caveats, in our words, shown beside the figures they explain. Marked for the catalogue: show
them with `lang._(...)` (terms and texts alike)."""

import pandas as pd

from components.language.translation import ENGLISH, N_, Language

DEFINITIONS: dict[str, str] = {
    N_("Allegation"): N_(
        "A report that UN personnel may have sexually exploited or abused someone. One allegation can "
        "involve several victims and several alleged perpetrators. An allegation is not a finding: many are "
        "still being investigated, and some are not substantiated."
    ),
    N_("Sexual exploitation"): N_(
        "Abuse of a position of vulnerability, differential power or trust for sexual purposes, including "
        "profiting from it (for example transactional sex)."
    ),
    N_("Sexual abuse"): N_(
        "Actual or threatened physical intrusion of a sexual nature, by force or under unequal or coercive conditions."
    ),
    N_("Substantiated"): N_(
        "An investigation found enough evidence that the misconduct happened. Unsubstantiated means it did "
        "not; figures for either are only published for a few years."
    ),
    N_("Categories of personnel"): N_(
        "Military (contingent members, staff officers and military observers), police (individual police and "
        "formed police units) and civilian (UN staff, UN Volunteers and contractors). Sources word these "
        "slightly differently; each figure's note keeps the source's wording."
    ),
    N_("Peace operations"): N_(
        "UN peacekeeping operations and special political missions together. The Secretary-General's reports "
        "use this scope from the 2017 figures on; earlier figures cover peacekeeping only."
    ),
    N_("Withheld payments"): N_(
        "Money withheld from UN personnel against whom an allegation of sexual exploitation or abuse was "
        "substantiated, and paid into the Trust Fund instead of to them."
    ),
    N_("Voluntary contributions"): N_("Money Member States give to the Trust Fund of their own accord."),
    N_("Uniformed personnel"): N_(
        "Troops, police and military experts on mission deployed with a mission. Used here only as the "
        "denominator of allegations per 1,000 personnel."
    ),
}

NOT_VERIFIED_CAVEAT = N_(
    "Allegations are reports, not findings: not all are verified, and counts for a year can change as later "
    "reports restate it."
)
NOT_PUBLIC = N_(
    "The Trust Fund's full accounts are not public: per-donor amounts, yearly income and spending and "
    "project budgets are known only where a public document states them. Everything else shows as “not known”."
)
EMPTY_CELLS = N_("An empty cell is a field its source does not give, or one that does not apply.")


def labels_in(codes: pd.DataFrame, lang: Language = ENGLISH, column: str = "label") -> pd.Series:
    """A scopes.csv or measures.csv table's labels (or `column="definition"`) by code, in `lang`: the `label_fr`
    column in French, the English label where a French one is blank."""
    by_code = codes.set_index("code")
    english = by_code[column]
    translated = f"{column}_{lang.code}"
    if lang.code == ENGLISH.code or translated not in by_code:
        return english
    return by_code[translated].where(by_code[translated].notna() & (by_code[translated] != ""), english)
