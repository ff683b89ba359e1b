"""One registry of cited documents shared by every dataset importer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SOURCE_KINDS = (
    "un_document",
    "un_news",
    "mission_site",
    "un_page",
    "press",
    "ngo",
    "dataset",
    "government",
    "other",
)


@dataclass
class Source:
    id: str
    title: str
    publisher: str
    kind: str
    url: str
    date: str  # publication date, ISO partial (YYYY, YYYY-MM or YYYY-MM-DD); "" when unknown
    note: str = ""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:30].strip("-")


def normalise_url(url: str) -> str:
    url = url.strip()
    url = re.sub(r"^https?://(www\.)?", "", url)
    return url.rstrip("/")


@dataclass
class SourceRegistry:
    """Deduplicates sources by URL and hands out stable, readable ids."""

    by_url: dict[str, Source] = field(default_factory=dict)

    def add(
        self,
        url: str,
        title: str,
        publisher: str,
        kind: str,
        date: str = "",
        note: str = "",
        source_id: str = "",
    ) -> str:
        """The id of the source at this address; `source_id` names one version of a page whose address carried
        several texts, and each version is its own entry."""
        if kind not in SOURCE_KINDS:
            raise ValueError(f"unknown source kind {kind!r} for {url}")
        key = normalise_url(url) + (f"#{source_id}" if source_id else "")
        if key in self.by_url:
            return self.by_url[key].id
        taken = {s.id for s in self.by_url.values()}
        if source_id:
            if source_id in taken:
                raise ValueError(f"source id {source_id!r} is given to two addresses")
        else:
            base = f"{_slug(publisher)}-{date}" if date else _slug(publisher)
            source_id, n = base, 2
            while source_id in taken:
                source_id, n = f"{base}-{n}", n + 1
        self.by_url[key] = Source(source_id, title, publisher, kind, url.strip(), date, note)
        return source_id

    def sources(self) -> list[Source]:
        return sorted(self.by_url.values(), key=lambda s: s.id)
