"""Which document each figure was read in, stated row by row: nothing here is guessed from words.

The research tables name one address per row. Three things an address cannot say are written out here,
each checked against the research tables' text (see data/README.md, "Provenance"):
- one address that carried different texts over time is one source entry per version (`PAGE_VERSIONS`),
  and each row that cites it names the version it read (`VERSION_READ`);
- a project beneficiary figure cites the one project source whose text gives it (`BENEFICIARY_SOURCES`);
- a publication date that neither the title nor the address carries (`SOURCE_DATES`).
A row the tables below do not cover stops the import with its name, rather than falling back to a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

CONDUCT_TRUST_FUND_PAGE = "https://conduct.unmissions.org/remedial-trust-fund"


@dataclass(frozen=True)
class PageVersion:
    source_id: str
    title: str
    note: str


PAGE_VERSIONS: dict[str, dict[str, PageVersion]] = {
    CONDUCT_TRUST_FUND_PAGE: {
        "five donors": PageVersion(
            "conduct-trust-fund-page-five-donors",
            "Trust fund on victim assistance (Conduct in UN Field Missions, older version of the Trust Fund page, "
            "naming five donors)",
            "Undated version of the page at this address that names Bhutan, Cyprus, India, Japan and Norway as "
            "contributors; the same address later carried the end-2018 text (a separate source entry).",
        ),
        "end 2018": PageVersion(
            "conduct-trust-fund-page-end-2018",
            "Trust fund in support of victims of Sexual Exploitation and Abuse (Conduct in UN Field Missions, "
            "version of the Trust Fund page with the end-2018 figures)",
            "Version of the page at this address that gives 21 Member States and over USD 2.5 million received "
            "between 2016 and end 2018; an older version at the same address named five donors (a separate source "
            "entry).",
        ),
    },
}
# (research file, the row's key there) -> the version of the page that row was read in.
VERSION_READ: dict[tuple[str, str], str] = {
    ("trust_fund/cumulative_snapshots.csv", "undated (2016-07 to 2017-09)"): "five donors",
    ("trust_fund/cumulative_snapshots.csv", "2018-12-31"): "end 2018",
    ("trust_fund/donors_by_snapshot.csv", "undated (2016-07 to 2017-09)"): "five donors",
    ("trust_fund/donors_by_snapshot.csv", "2018-12-31"): "end 2018",
    # Its locator reads "donor paragraph (21 Member States by end-2018)".
    ("projects/projects.yaml", "CAF-GBV-SERVICES-PLANNED"): "end 2018",
}

# (project id, count) -> the address of the project source whose text gives that count. The research
# table's free-text `source_ref` of each beneficiary entry, checked against each source's locator.
BENEFICIARY_SOURCES: dict[tuple[str, int], str] = {
    # "In total, more than 500 community members" (English launch story, opening text).
    ("DRC-SAKE-2018", 500): "https://peacekeeping.un.org/en/monusco-launches-projects-to-assist-victims-of-sexual-"
    "exploitation-and-abuse",
    # "Environ 490 femmes" (UN News French video listing, May 2018).
    ("DRC-SAKE-2018", 490): "https://news.un.org/fr/news/topic/women/date/2018-05/video/0",
    # "quelque 130 femmes se partagent en trois ateliers" is in the August 2018 release, not the November one.
    ("DRC-SAKE-2018", 130): "https://fr.allafrica.com/stories/201808270708.html",
    # "plus de 150 victimes" already trained (MONUSCO release of Nov 2019 via allAfrica; third research pass).
    ("DRC-SAKE-2018", 150): "https://fr.allafrica.com/stories/201911290698.html",
    # "une cinquantaine" in Goma (Radio Okapi, 26 Aug 2021).
    ("DRC-SYAM-SIXZONES-2021", 50): "https://radiookapi.net/2021/08/26/actualite/societe/nord-kivu-une-cinquantaine-"
    "de-personnes-victimes-dabus-et-exploitations",
    # "55 victimes" in Kalemie: its own story of 29 Aug 2021, not the Goma story of 26 Aug.
    ("DRC-SYAM-SIXZONES-2021", 55): "https://radiookapi.net/2021/08/29/actualite/societe/kalemie-la-monusco-remet-des-"
    "kits-de-reinsertion-55-victimes-de",
    ("DRC-SYAM-SCHOOLKITS-2022", 300): "https://radiookapi.net/2022/09/18/actualite/societe/plus-de-300-vulnerables-"
    "vises-dans-un-projet-dassistance-sociale-au",
    # Given by allAfrica FR and its English rendering on breakinglatest.news; allAfrica is the one read first.
    ("DRC-GOMA-NYIRAGONGO-2023", 60): "https://fr.allafrica.com/stories/202308040522.html",
    ("CAF-BAMBARI-2024", 60): "http://news.abangui.com/h/89662.html",
}

# Address -> (publication date, where the date was read). Dates the title and address do not carry.
SOURCE_DATES: dict[str, tuple[str, str]] = {
    "https://peacekeeping.un.org/en/monusco-launches-projects-to-assist-victims-of-sexual-exploitation-and-abuse": (
        "2018-05-11",
        "Date as shown on the page carrying the English story (noted in issue 15; not in the research tables, "
        "whose copy of the page starts at the story's text).",
    ),
}


def page_version(url: str, row: tuple[str, str]) -> PageVersion | None:
    """The version of the page at `url` that this row read; None for an address with one version."""
    versions = PAGE_VERSIONS.get(url.strip())
    if versions is None:
        return None
    if row not in VERSION_READ:
        raise KeyError(f"{row[0]} row {row[1]!r} cites {url}, which has several versions: name the one it read")
    return versions[VERSION_READ[row]]
