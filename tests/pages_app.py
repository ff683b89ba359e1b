"""Opening the dashboard in AppTest, for the page tests: the real entry script, filters set through the URL as
a shared link sets them (AppTest, Streamlit 1.67, drops the entry script's sidebar from its element tree after
a page switch, so sidebar widgets cannot be driven on other pages)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import yaml
from streamlit.testing.v1 import AppTest

PROJECTS_FILE = Path(__file__).resolve().parents[1] / "data" / "projects.yaml"
# A static table's link cell, '[open source](address)', and a character escaped with a backslash.
LINK = re.compile(r"\[[^\]]*\]\((.*)\)")
ESCAPED = re.compile(r"\\(.)")


def open_page(page: str | None = None, **params: str | list[str]) -> AppTest:
    """The app opened at `pages/<page>.py` (the overview when None) with these URL parameters, run without an
    exception."""
    at = AppTest.from_file("../dashboard.py", default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page and page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_text(table: object) -> pd.DataFrame:
    """A static table (st.table) as a reader sees it: its cells and headings are markdown with the data escaped,
    and a 'Link' cell is a link; here each is its text again, and a link its address."""
    frame = table.value  # type: ignore[attr-defined]

    def read(cell: str) -> str:
        link = LINK.fullmatch(cell)
        if link:
            return link.group(1).replace("%28", "(").replace("%29", ")").replace("%20", " ")
        return ESCAPED.sub(r"\1", cell)

    return pd.DataFrame({read(column): [read(cell) for cell in frame[column]] for column in frame.columns})


def shown_tables(at: AppTest) -> list[pd.DataFrame]:
    """Every table on the page, grids and static tables, with the text a reader sees; a table of projects by name
    (the Projects page's) gets each row's record id beside it (with_project_ids)."""
    return [grid.value for grid in at.dataframe] + [with_project_ids(table_text(table)) for table in at.table]


def with_project_ids(table: pd.DataFrame) -> pd.DataFrame:
    """`table` with an 'id' column when its 'Project' ('Projet') column names projects: each row's record id, read
    from data/projects.yaml by the project's name (the page shows names, not ids)."""
    ids = {project["title"]: project["id"] for project in yaml.safe_load(PROJECTS_FILE.read_text())}
    for column in ("Project", "Projet"):
        if column in table and "id" not in table and set(table[column]) <= set(ids):
            return table.assign(id=[ids[title] for title in table[column]])
    return table


def projects_table(at: AppTest) -> pd.DataFrame:
    """The Projects page's table as shown (its first static table), with each row's record id (with_project_ids)."""
    table = with_project_ids(table_text(at.table[0]))
    assert "id" in table, "the first table lists projects by name"
    return table
