"""The flow of the packages: files → data → figures → charts and maps → briefing and ui → pages.

components/data and components/figures compute; they never import what draws (charts), what presents (briefing)
or what runs in Streamlit (ui). Read from the code's own import statements, so a new import across the line fails.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOWER = ("components/data", "components/figures")
UPPER = ("components.charts", "components.briefing", "components.ui")


def imported_modules(path: Path) -> set[str]:
    """Every module a Python file imports (absolute imports; the project uses no relative ones)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def crossings() -> set[tuple[str, str]]:
    """(file, upper module) for each import from data or figures into charts, briefing or ui."""
    found = set()
    for package in LOWER:
        for path in sorted((ROOT / package).glob("*.py")):
            for module in imported_modules(path):
                upper = next((u for u in UPPER if module == u or module.startswith(u + ".")), None)
                if upper is not None:
                    # Named by module ("components.charts.theme"), not by each name taken from it.
                    owner = ".".join(module.split(".")[:3])
                    found.add((path.relative_to(ROOT).as_posix(), owner))
    return found


def test_imported_modules_sees_plain_and_from_imports(tmp_path: Path) -> None:
    code = tmp_path / "m.py"
    code.write_text("import components.ui.caches\nfrom components.charts import maps\nfrom x import y\n")
    assert imported_modules(code) >= {"components.ui.caches", "components.charts", "components.charts.maps", "x"}


def test_the_mission_figures_live_in_figures_and_never_import_charts_briefing_or_ui() -> None:
    from components.figures import missions

    for name in ("mission_grid", "mission_points", "mission_detail", "project_places", "mission_table"):
        assert getattr(missions, name).__module__ == "components.figures.missions"
    assert not any(path == "components/figures/missions.py" for path, _ in crossings())


@pytest.mark.parametrize("package", LOWER)
def test_data_and_figures_import_nothing_from_charts_briefing_or_ui(package: str) -> None:
    new = {(path, module) for path, module in crossings() if path.startswith(package + "/")}
    assert not new, f"{package} must not import these (move the code that needs them up a layer): {sorted(new)}"


def test_the_language_package_imports_nothing_else_of_the_dashboard() -> None:
    """Every layer writes words, so the language package sits below them all."""
    for path in sorted((ROOT / "components/language").glob("*.py")):
        others = {
            m for m in imported_modules(path) if m.startswith("components.") and not m.startswith("components.language")
        }
        assert not others, f"{path.name} imports {sorted(others)}"


def test_figures_build_no_chart_they_import_no_drawing_library() -> None:
    drawing = {"altair", "pydeck", "vl_convert"}
    for path in sorted((ROOT / "components/figures").glob("*.py")):
        used = {module.split(".")[0] for module in imported_modules(path)}
        assert not used & drawing, f"{path.name} draws: move its chart to components/charts"
