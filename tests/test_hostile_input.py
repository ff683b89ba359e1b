"""What a hostile name in the data or a crafted link can do to a viewer's page: nothing. Every page is
walked with markup in project titles, mission names, notes and source titles, and every piece of text
Streamlit would render as markdown is checked for markup that came from the data."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.data.bundle import DATA_DIR_ENV, SHIPPED_DATA_DIR, read_records, records_text
from components.editing.uploads import MAX_UPLOAD_BYTES, file_columns
from components.figures.filters import ignored_notice, parse_year
from components.ui.navigation import PUBLIC_PAGES, SIGN_IN_PAGE

HOSTILE = '**BOLD-X1** [LINK-X2](http://evil.example) <b>HTML-X3</b> `CODE-X4` :red[RED-X5] =HYPERLINK("x")'
# Each one, found as is in a markdown field, means the data's markup was rendered.
MARKUP = ("**BOLD-X1**", "[LINK-X2](", "`CODE-X4`", ":red[RED-X5]")
# Fields Streamlit shows as plain text (or data, not text): markup there is shown literally.
PLAIN_FIELDS = {
    ("Text", "body"),
    ("VegaLiteChart", "spec"),
    ("DeckGlJsonChart", "json"),
    ("Arrow", "data"),
    ("Selectbox", "options"),
    ("Selectbox", "raw_value"),
    ("MultiSelect", "options"),
    ("Code", "code_text"),
    ("DownloadButton", "url"),
}


def _hostile_data(folder: Path) -> Path:
    shutil.copytree(SHIPPED_DATA_DIR, folder)
    edits = {
        "projects.yaml": ("title",),
        "missions.csv": ("name", "note"),
        "sources.yaml": ("title", "publisher"),
        "allegations.csv": ("note", "source_locator"),
        "contributions.csv": ("note",),
    }
    for file, columns in edits.items():
        records = read_records(folder, file)
        for record in records:
            for column in columns:
                if record.get(column) is not None:
                    record[column] = f"{HOSTILE} {record[column]}"
        previous = (folder / file).read_text(encoding="utf-8")
        (folder / file).write_text(records_text(file, records, file_columns(file), previous), encoding="utf-8")
    return folder


def _strings(proto, path: str = "") -> Iterator[tuple[str, str, str]]:
    """(message type, field, text) for every string inside a rendered element."""
    for field, value in proto.ListFields():
        kind = proto.DESCRIPTOR.name
        repeated = not isinstance(value, str | bytes) and not hasattr(value, "ListFields")
        values = list(value) if repeated and hasattr(value, "__iter__") else [value]
        for item in values:
            if isinstance(item, str):
                yield kind, field.name, item
            elif hasattr(item, "ListFields"):
                yield from _strings(item)


def _nodes(node) -> Iterator:
    yield node
    children = getattr(node, "children", None) or {}
    for child in children.values():
        yield from _nodes(child)


def _markup_from_data(at: AppTest) -> list[str]:
    found = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        for kind, field, text in _strings(proto):
            if (kind, field) in PLAIN_FIELDS:
                continue
            found += [f"{kind}.{field}: {text[:120]!r}" for fragment in MARKUP if fragment in text]
        if getattr(proto, "allow_html", False) and "HTML-X3" in str(proto):
            found.append(f"HTML allowed on data: {str(proto)[:120]!r}")
    return found


@pytest.fixture
def hostile_data(tmp_path, monkeypatch):
    folder = _hostile_data(tmp_path / "data")
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


def _open(page: str, **params: str) -> AppTest:
    at = AppTest.from_file("../dashboard.py", default_timeout=180)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", [path for path, _ in PUBLIC_PAGES] + [SIGN_IN_PAGE[0]])
def test_no_page_renders_markup_from_hostile_names(hostile_data, page):
    at = _open(page)
    texts = [str(n.proto) for n in _nodes(at._tree) if getattr(n, "proto", None) is not None]
    if page not in ("pages/data_sources.py", "pages/sign_in.py"):
        assert any("BOLD" in t for t in texts), "no hostile name reached this page: the test would check nothing"
    assert _markup_from_data(at) == []


def test_featured_project_link_shows_a_hostile_title_as_text(hostile_data):
    at = _open("pages/overview.py")
    protos = [getattr(n, "proto", None) for n in _nodes(at._tree)]
    links = [p.label for p in protos if type(p).__name__ == "PageLink"]
    featured = [label for label in links if label.startswith("Featured project:")]
    assert len(featured) == 1
    assert featured[0].startswith("Featured project: \\*\\*BOLD\\-X1\\*\\* \\[LINK\\-X2\\]\\(http")


def test_project_detail_of_a_hostile_title_renders_no_markup(hostile_data):
    at = _open("pages/projects.py", project="DRC-SAKE-2018")
    assert _markup_from_data(at) == []


def test_a_crafted_years_value_of_5000_digits_is_ignored_with_a_short_notice():
    at = _open("pages/overview.py", years=["9" * 5000, "2020"])
    notice = at.sidebar.caption[0].value
    assert notice.startswith("Ignored from the link, not valid here: years=")
    assert len(notice) < 200


def test_query_values_with_markup_are_shown_as_text_in_the_notice():
    assert ignored_notice(["mission=[click](http://evil.example)"]) == (
        "Ignored from the link, not valid here: mission=\\[click\\]\\(http\\://evil\\.example\\)"
    )


def test_year_parsing_takes_only_short_digit_strings():
    assert parse_year("2020") == 2020
    assert parse_year("9" * 5000) is None
    assert parse_year("20 20") is None
    assert parse_year("２０２０") is None  # full-width digits pass str.isdigit but are no year in a link


def test_server_hides_error_details_and_limits_uploads_to_the_pages_limit():
    config = tomllib.loads((Path(__file__).parent.parent / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_UPLOAD_BYTES
