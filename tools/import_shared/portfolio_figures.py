"""portfolio.csv: what the Fund reports it has reached, from the research notes' portfolio statements.

No research table carries these: trust_fund/README.md and projects/README.md name them with their sources. Each
row below was checked against the text of the document it cites (the quoted words are in `note`); the value,
its qualifier and the date are the document's own.
"""

from __future__ import annotations

from pathlib import Path

from tools.import_shared.common import register
from tools.import_shared.io import write_csv
from tools.import_shared.registry import SourceRegistry

COLUMNS = [
    "as_of", "as_of_basis", "measure", "value", "unit", "qualifier", "source_id", "source_locator", "note",
]  # fmt: skip
GG_NEWS = (
    "https://www.globalgovernancenews.com/un-trust-fund-appeals-for-support-for-victims-children-born-of-sexual-abuse",
    "UN trust fund appeals for support for victims, children born of sexual abuse (GG News, 22 Jul 2023)",
)
XINHUA = (
    "https://southasiandaily.com/un-trust-fund-aids-43000-people-affected-by-sexual-abuse-since-2016/",
    "UN trust fund aids 43,000 people affected by sexual abuse since 2016 (Xinhua via South Asian Daily)",
)
UN_NEWS_2019 = (
    "https://europeansting.com/2019/06/24/righting-a-wrong-un-fund-helps-thousands-of-sex-abuse-survivors-rebuild-"
    "their-lives/",
    "Righting a wrong: UN Fund helps thousands of sex abuse survivors rebuild their lives (UN News text via The "
    "European Sting, 24 Jun 2019)",
)
UN_NEWS_2022 = (
    "http://businessghana.com/site/news/General/270383/Trust-Fund-Seeks-Sustained-Support-as-it-Empowers-Victims-"
    "of-Sexual-Abuse-Exploitation-by-UN",
    "Trust Fund Seeks Sustained Support as it Empowers Victims of Sexual Abuse, Exploitation by UN (UN News text "
    "via Business Ghana)",
)
CONTRIBUTE_PAGE_MIRROR = (
    "http://ddevloper.com/preventing-sexual-exploitation-and-abuse/content/contribute-trust-fund",
    "Contribute to the Trust Fund (UN PSEA website page, read through third-party mirror copies)",
)

# (as_of, as_of_basis, measure, value, unit, qualifier, (url, title), locator, note)
ROWS: tuple[tuple[str, str, str, str, str, str, tuple[str, str], str, str], ...] = (
    (
        "2023-07", "publication_date", "projects_financed", "17", "projects", "exact", GG_NEWS,
        "paragraph 'The Trust Fund has financed 17 projects'",
        "'The Trust Fund has financed 17 projects which are either completed or being implemented.' On the "
        "Fund's annual report on 2022 activities, presented in New York in July 2023 (GG News calls it the fifth "
        "annual report 'released in 2022').",
    ),
    (
        "2023-07", "publication_date", "people_reached", "43000", "people", "over", XINHUA,
        "paragraph quoting the spokesperson ('So far, over 43,000 ...')",
        "'So far, over 43,000 affected victims and community members have participated in income-generating "
        "activities or received various forms of support' (UN spokesperson, on the annual report on 2022). The "
        "headline says 'aids 43,000 people'.",
    ),
    (
        "2023-07", "publication_date", "people_reached", "43000", "people", "over", GG_NEWS,
        "paragraph 'Over 43,000 affected victims and community members'",
        "'Over 43,000 affected victims and community members have participated in income-generating activities "
        "or received various forms of support.'",
    ),
    (
        "2019-06-21", "stated", "people_supported", "3340", "people", "about", UN_NEWS_2019,
        "first paragraph",
        "'About 3,340 women, children and men have been given support to restart their lives after falling prey "
        "to sexual exploitation or abuse (SEA) by United Nations personnel, thanks to a Trust Fund established in "
        "2016.' Said at the meeting at UN Headquarters on Friday 21 Jun 2019.",
    ),
    (
        "2021", "stated", "people_reached_in_year", "400", "people", "over", UN_NEWS_2022,
        "paragraph beginning 'In 2021, the Trust Fund implemented six projects'",
        "'In 2021, the Trust Fund implemented six projects in the Democratic Republic of the Congo (DRC) and one "
        "in Haiti, which positively impacted the lives of over 400 victims of sexual misconduct and exposed "
        "community members.' From the fourth annual report (Sep 2022).",
    ),
    (
        "2024", "our_bracket", "programme_support_cost_percent", "13", "percent", "exact", CONTRIBUTE_PAGE_MIRROR,
        "page text (the research notes do not record the paragraph)",
        "Programme support costs are charged at 13% of total annual expenditure (research notes, "
        "trust_fund/README.md). Read only in third-party mirror copies of the un.org 'Contribute to the Trust "
        "Fund' page; the rate is undated, and the page version gives contributions 'Between 2016 and 2024', so "
        "it is placed in 2024 or later. Not yet checked against un.org.",
    ),
)  # fmt: skip


def build(shared: Path, registry: SourceRegistry, out: Path) -> None:
    rows = []
    for as_of, as_of_basis, measure, value, unit, qualifier, (url, title), locator, note in ROWS:
        rows.append(
            {
                "as_of": as_of,
                "as_of_basis": as_of_basis,
                "measure": measure,
                "value": value,
                "unit": unit,
                "qualifier": qualifier,
                "source_id": register(registry, url, title, ("portfolio", f"{as_of} {measure}")),
                "source_locator": locator,
                "note": note,
            }
        )
    write_csv(out / "portfolio.csv", COLUMNS, rows)
