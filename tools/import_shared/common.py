"""Rules shared by the importers: what kind of document a URL is, its date, a value's qualifier."""

from __future__ import annotations

import re
from pathlib import Path

from tools.import_shared.citations import SOURCE_DATES, page_version
from tools.import_shared.registry import SourceRegistry

# Publisher and kind by web host. Relays and mirrors of UN text on third-party sites are kept as
# the kind of the site that was read (press or other), never promoted to a UN kind.
HOSTS: dict[str, tuple[str, str]] = {
    "news.un.org": ("UN News", "un_news"),
    "un.org": ("United Nations (un.org)", "un_page"),
    "press.un.org": ("UN Meetings Coverage and Press Releases", "un_page"),
    "dppa.un.org": ("UN Department of Political and Peacebuilding Affairs", "un_page"),
    "peacekeeping.un.org": ("UN Peacekeeping", "mission_site"),
    "conduct.unmissions.org": ("Conduct in UN Field Missions", "mission_site"),
    "southsudan.unfpa.org": ("UNFPA South Sudan", "un_page"),
    "reliefweb.int": ("ReliefWeb (UN OCHA)", "un_page"),
    "regjeringen.no": ("Norwegian Ministry of Foreign Affairs", "government"),
    "codebluecampaign.com": ("Code Blue Campaign (AIDS-Free World)", "ngo"),
    "peacewomen.org": ("PeaceWomen (WILPF)", "ngo"),
    "securitywomen.org": ("Security Women", "ngo"),
    "100r.org": ("100Reporters", "ngo"),
    "womensmediacenter.com": ("Women's Media Center", "ngo"),
    "betterworldcampaign.org": ("Better World Campaign", "ngo"),
    "alnap.org": ("ALNAP", "ngo"),
    "burundi-forum.org": ("Burundi Forum", "ngo"),
    "github.com": ("GitHub repository", "dataset"),
    "apnews.com": ("Associated Press", "press"),
    "itv.com": ("ITV News", "press"),
    "thestar.com": ("Toronto Star", "press"),
    "business-standard.com": ("Business Standard (PTI/AP)", "press"),
    "inquisitr.com": ("Inquisitr", "press"),
    "radiookapi.net": ("Radio Okapi", "press"),
    "allafrica.com": ("allAfrica", "press"),
    "fr.allafrica.com": ("allAfrica", "press"),
    "africanews.com": ("Africanews", "press"),
    "fr.africanews.com": ("Africanews", "press"),
    "africa.cgtn.com": ("CGTN Africa", "press"),
    "newindianexpress.com": ("The New Indian Express", "press"),
    "theshillongtimes.com": ("The Shillong Times (IANS)", "press"),
    "businessghana.com": ("Business Ghana (UN News text)", "press"),
    "southasiandaily.com": ("South Asian Daily (Xinhua text)", "press"),
    "en.goobjoog.com": ("Goobjoog News", "press"),
    "europe1.fr": ("Europe 1 (AFP)", "press"),
    "walf-groupe.com": ("Walf Groupe (AFP)", "press"),
    "news.abangui.com": ("Abangui", "press"),
    "masress.com": ("Youm7 via Masress", "press"),
    "tass.com": ("TASS", "press"),
    "devex.com": ("Devex", "press"),
    "jurist.org": ("JURIST", "press"),
    "francetvinfo.fr": ("franceinfo", "press"),
    "theguardian.com": ("The Guardian", "press"),
    "thedailystar.net": ("The Daily Star (Dhaka)", "press"),
    "tbsnews.net": ("The Business Standard (Dhaka)", "press"),
    "sott.net": ("Sott.net (relay of RT)", "press"),
    "sautiyacongo.org": ("Sauti ya Congo", "press"),
    # A UN Department of Public Information item on the UN's portal for Member States.
    "un.int": ("United Nations (un.int, UN DPI item)", "un_news"),
    "wikipedia.org": ("Wikipedia", "other"),
    "en.wikipedia.org": ("Wikipedia", "other"),
    "wikimili.com": ("WikiMili (Wikipedia mirror)", "other"),
    "en.m.wikisource.org": ("Wikisource", "other"),
    "issuu.com": ("Issuu", "other"),
    "vdocuments.net": ("vdocuments.net (transcript of a UN report)", "other"),
    "ddevloper.com": ("ddevloper.com (mirror of a un.org page)", "other"),
    "fanyjok.com": ("fanyjok.com (mirror of a un.org page)", "other"),
    "tomorrow.paperai.life": ("UN News via a web proxy", "other"),
    "hmong.es": ("hmong.es (encyclopedia mirror)", "other"),
    "kiwix.casplantje.nl": ("Kiwix (encyclopedia mirror)", "other"),
}
QUALIFIER_WORDS = {
    "more than": "over",
    "over": "over",
    "above": "over",
    "about": "about",
    "approximately": "about",
    "approx.": "about",
    "around": "about",
    "some": "about",
    "roughly": "about",
    "close to": "close_to",
    "nearly": "close_to",
    "almost": "close_to",
    "at least": "at_least",
    "up to": "up_to",
    "fewer than": "under",
    "less than": "under",
    "under": "under",
}
_WORD = "|".join(sorted((re.escape(w) for w in QUALIFIER_WORDS), key=len, reverse=True))
_QUALIFIED_NUMBER = re.compile(
    rf"(?:\b({_WORD})['’\"]?\s+)?(?:US\s?\$|USD\s?|US\$\s?|\$)?\s?(\d[\d,]*(?:\.\d+)?)(\s*million)?", re.IGNORECASE
)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}  # fmt: skip


def host_of(url: str) -> str:
    return re.sub(r"^https?://", "", url.strip()).split("/")[0].split(":")[0].lower().removeprefix("www.")


def publisher_and_kind(url: str) -> tuple[str, str]:
    host = host_of(url)
    if host in HOSTS:
        return HOSTS[host]
    if host.removeprefix("m.") in HOSTS:
        return HOSTS[host.removeprefix("m.")]
    if host.endswith(".unmissions.org"):
        return (f"UN mission site ({host.split('.')[0].upper()})", "mission_site")
    if host.endswith(".blogspot.com"):
        return (host, "other")
    return (host, "press")


def date_from(title: str, url: str) -> str:
    """Publication date as an ISO partial date, from the title or the address; '' when neither says."""
    iso = re.search(r"\b(20\d\d|19\d\d)-(\d\d)(?:-(\d\d))?\b", title)
    if iso:
        return "-".join(p for p in iso.groups() if p)
    spelled = re.search(r"\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (20\d\d)\b", title)
    if spelled:
        day, month, year = spelled.groups()
        return f"{year}-{_MONTHS[month.lower()]:02d}-{int(day):02d}"
    month_year = re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (20\d\d)\b", title)
    if month_year:
        month, year = month_year.groups()
        return f"{year}-{_MONTHS[month.lower()]:02d}"
    path = re.search(r"/(20\d\d)/(\d\d)(?:/(\d\d))?/", url)
    if path:
        return "-".join(p for p in path.groups() if p)
    compact = re.search(r"/(20\d\d)(\d\d)(\d\d)\d*", url)
    if compact and 1 <= int(compact.group(2)) <= 12 and 1 <= int(compact.group(3)) <= 31:
        return "-".join(compact.groups())
    return ""


def register(registry: SourceRegistry, url: str, title: str, row: tuple[str, str], note: str = "") -> str:
    """The source id of the document a research row read; `row` is (research file, the row's key there), which
    names the page version where one address carried several texts (citations.py)."""
    publisher, kind = publisher_and_kind(url)
    version = page_version(url, row)
    if version is not None:
        return registry.add(url, version.title, publisher, kind, "", version.note, version.source_id)
    date, date_note = SOURCE_DATES.get(url.strip(), (date_from(title, url), ""))
    return registry.add(url, title or publisher, publisher, kind, date, " ".join(p for p in (note, date_note) if p))


# Wording that says the figure counts only part of what it names: the true figure is at least the value.
LOWER_BOUND_WORDING = ("may be incomplete",)


def qualifier_for(value: float, *texts: str) -> str:
    """The qualifier the source's words give this very value: a word right before it ('over $2.5 million'), or
    wording that makes it a lower bound ('the year may be incomplete'); else exact."""
    for text in texts:
        for word, digits, million in _QUALIFIED_NUMBER.findall(text or ""):
            number = float(digits.replace(",", "")) * (1_000_000 if million else 1)
            if word and abs(number - value) < 0.5:
                return QUALIFIER_WORDS[word.lower()]
    if any(phrase in (text or "").lower() for text in texts for phrase in LOWER_BOUND_WORDING):
        return "at_least"
    return "exact"


def clean_text(text: str) -> str:
    """A note in full, on one line: never cut, because a caveat at its end is still a caveat."""
    return " ".join((text or "").split())


def read_csv(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]
