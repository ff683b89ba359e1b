"""The server's garbage collection: what the first run leaves alive is frozen, what later runs make is still
collected. Checked in a fresh interpreter, as the server is one: the test process has run other apps."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_first_run_of_the_app_freezes_what_it_leaves_alive():
    _run(
        """
        import gc
        from streamlit.testing.v1 import AppTest

        assert gc.get_freeze_count() == 0
        at = AppTest.from_file("dashboard.py", default_timeout=120)
        at.run()
        assert not at.exception
        frozen = gc.get_freeze_count()
        # pandas, Altair and the data alone are tens of thousands of objects.
        assert frozen > 50_000, frozen
        at.run()
        # Frozen objects freed since then leave the count; a second freeze would add this run's.
        assert gc.get_freeze_count() <= frozen, "frozen again on a later run"
        """
    )


def test_garbage_made_after_the_freeze_is_still_collected():
    _run(
        """
        import gc
        import weakref
        from components.ui.memory import freeze_long_lived_objects

        class Node:
            pass

        kept = Node()
        kept.self = kept
        freeze_long_lived_objects()
        assert not any(o is kept for o in gc.get_objects()), "a long-lived object is still walked"
        cycle = Node()
        cycle.self = cycle
        alive = weakref.ref(cycle)
        del cycle
        gc.collect()
        assert alive() is None
        """
    )


def test_data_replaced_after_the_freeze_is_freed():
    # After a publish the old data is dropped; frozen objects are freed only by reference counting, so a reference
    # cycle in the loaded data or its views would keep every replaced version in memory.
    _run(
        """
        import gc
        import weakref
        from components.figures.allegations import build_allegations_view
        from components.data.bundle import load_bundle
        from components.ui.memory import freeze_long_lived_objects
        from components.figures.filters import filter_options

        bundle = load_bundle()
        view = build_allegations_view(bundle, filter_options(bundle).defaults())
        kept = [weakref.ref(bundle), weakref.ref(bundle.allegations), weakref.ref(view.rates)]
        freeze_long_lived_objects()
        del bundle, view
        assert [ref() for ref in kept] == [None, None, None]
        """
    )


def test_the_app_takes_arrow_memory_from_the_system_allocator():
    # Arrow's default pool (mimalloc) keeps what it freed: the load smoke's server peaked 8-20 MB higher with it.
    _run(
        """
        import pyarrow as pa
        from streamlit.testing.v1 import AppTest

        assert pa.default_memory_pool().backend_name != "system"
        at = AppTest.from_file("dashboard.py", default_timeout=120)
        at.run()
        assert not at.exception
        assert pa.default_memory_pool().backend_name == "system", pa.default_memory_pool().backend_name
        """
    )


def test_every_way_to_start_the_server_sets_the_allocator_environment():
    from components.ui.memory import SERVER_ENVIRONMENT

    assert SERVER_ENVIRONMENT == {"MALLOC_ARENA_MAX": "2", "ARROW_DEFAULT_MEMORY_POOL": "system"}
    run_line = next(line for line in (ROOT / "Makefile").read_text().splitlines() if "streamlit run" in line)
    dockerfile = (ROOT / "Dockerfile").read_text()
    for name, value in SERVER_ENVIRONMENT.items():
        assert f"{name}={value}" in run_line, "make run"
        assert f"    {name}={value}" in dockerfile, "Dockerfile ENV"


def test_the_server_runs_no_full_collection_after_every_script_run():
    # Streamlit's full collection after every run walked every session's objects: with 20 viewers it was two
    # thirds of the server's time, and each added viewer made every other viewer's runs slower. (AppTest's
    # script runner never runs it, so the setting is read as the server reads it, from the project's config.)
    _run(
        """
        from streamlit import config

        config.get_config_options(force_reparse=True)
        assert config.get_option("runner.postScriptGC") is False
        """
    )


def test_the_overview_keeps_its_map_at_a_glance_not_the_mission_maps_whole_view():
    # At 100x data a Mission map view is 30-45 MB (its deck rows, marks, table and citations) and every years or
    # mission choice on the Overview kept one; its map card needs the picture and one line.
    _run(
        """
        from streamlit.testing.v1 import AppTest
        from components.ui import caches

        at = AppTest.from_file("dashboard.py", default_timeout=120)
        at.query_params["years"] = ["2016", "2020"]
        at.run()
        assert not at.exception
        kept = [key[0].rsplit(".", 1)[1] for key in caches._views._values]
        assert "build_mission_glance" in kept, kept
        assert "build_mission_map_view" not in kept, kept
        """
    )


def test_citations_share_one_copy_of_each_sources_words():
    from components.data.bundle import SHIPPED_DATA_DIR, load_bundle
    from components.figures.citations import resolve_sources

    bundle = load_bundle(SHIPPED_DATA_DIR)
    source_id = bundle.sources["id"].iloc[0]
    first, other_page = (
        resolve_sources(bundle.sources, [(source_id, None)]),
        resolve_sources(bundle.sources, [(source_id, "p. 2")]),
    )
    assert first[0].title == bundle.sources["title"].iloc[0]
    assert first[0].title is other_page[0].title and first[0].url is other_page[0].url
    renamed = bundle.sources.assign(title="Another title")
    assert resolve_sources(renamed, [(source_id, None)])[0].title == "Another title"


def _parse_peak(parse, text: str) -> tuple[object, int]:
    import tracemalloc

    tracemalloc.start()
    try:
        data = parse(text)
        return data, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_long_yaml_list_is_made_entry_by_entry_into_the_same_data():
    # PyYAML composes a whole document's nodes before making its data: at 100x data sources.yaml peaked 140 MB.
    import yaml

    from components.data.bundle import parse_yaml

    entries = [{f"field_{i}": f"value {n}-{i}" for i in range(8)} for n in range(3000)]
    text = yaml.safe_dump(entries, sort_keys=False)
    whole, whole_peak = _parse_peak(lambda t: yaml.load(t, Loader=yaml.CSafeLoader), text)
    data, peak = _parse_peak(parse_yaml, text)
    assert data == whole == entries
    assert peak < whole_peak / 3, (peak, whole_peak)


def test_yaml_that_is_not_a_plain_list_reads_as_pyyaml_reads_it():
    import pytest
    import yaml

    from components.data.bundle import parse_yaml

    for text in ["", "# a comment\n", "42\n", "a: 1\nb: [1, 2]\n", "- &x {a: 1}\n- *x\n- b: *x\n", "&top\n- 1\n",
                 "!!set {a, b}\n", "[1, {a: 2016-03-05}]\n", "---\n- [1, 2]\n- - 3\n...\n"]:  # fmt: skip
        assert parse_yaml(text) == yaml.load(text, Loader=yaml.CSafeLoader), text
    with pytest.raises(yaml.YAMLError, match="another document"):
        parse_yaml("- a\n---\n- b\n")
    with pytest.raises(yaml.YAMLError) as error:
        parse_yaml("- a\n- b: [\n")
    assert error.value.problem_mark.line == 2  # type: ignore[attr-defined]
    with pytest.raises(yaml.constructor.ConstructorError):
        parse_yaml("- !!python/object:os.system x\n")
