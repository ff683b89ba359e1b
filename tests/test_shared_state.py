"""State one Streamlit process shares between sessions: two sessions at once get one value, made once, and
nothing of old data is served after a publish."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

import components.charts.basemap as basemap_module
from components.briefing.screens import Screens
from components.charts.basemap import Frame, basemap_png
from components.data.bundle import data_fingerprint
from components.data.once import MadeOnce
from components.figures.filters import Filters
from components.ui import caches
from tests.tiny_data import BASEMAP

# Set once every session of `_at_once` is about to ask: a value made by `_slow` waits for it, so the other
# session asks while the value is being made.
_all_asking = threading.Event()


def _at_once(*calls: Callable[[], object]) -> list[object]:
    """Run the calls in threads released together, as two sessions' reruns; their results in order."""
    _all_asking.clear()
    start = threading.Barrier(len(calls), action=_all_asking.set)
    results: list[object] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        start.wait()
        try:
            results[index] = calls[index]()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def _slow(made: list[str], value: object) -> Callable[..., object]:
    def make(*_args: object) -> object:
        made.append("made")
        assert _all_asking.wait(timeout=10), "the other session never asked"
        return value

    return make


def test_two_sessions_deriving_from_one_bundle_at_once_make_it_once_and_get_the_same_frame(bundle):
    fresh = replace(bundle)  # nothing derived yet
    made: list[str] = []
    derive = _slow(made, object())
    derive.__qualname__ = "derive_for_the_test"
    first, second = _at_once(lambda: fresh.derived(derive), lambda: fresh.derived(derive))
    assert made == ["made"]
    assert first is second


def test_two_sessions_opening_one_briefing_screen_at_once_make_it_once():
    made: list[str] = []
    screens = Screens([_slow(made, "screen")])
    assert _at_once(lambda: screens[0], lambda: screens[0]) == ["screen", "screen"]
    assert made == ["made"]


def test_two_sessions_asking_one_view_at_once_build_it_once():
    made: list[str] = []
    build = _slow(made, object())
    build.__qualname__ = "build_for_the_test"
    data = type("Bundle", (), {"fingerprint": "fp-test-views"})()
    filters = Filters(years=(2015, 2020))
    first, second = _at_once(lambda: caches.cached(build, data, filters), lambda: caches.cached(build, data, filters))
    assert first is second and made == ["made"]


def test_a_view_argument_that_is_not_hashable_fails_loudly_instead_of_missing():
    data = type("Bundle", (), {"fingerprint": "fp-test-unhashable"})()
    with pytest.raises(TypeError, match="unhashable"):
        caches.cached(lambda _bundle, rows: len(rows), data, [1, 2])


def test_after_a_publish_no_view_of_the_old_data_is_served():
    made: list[str] = []
    build = _slow(made, object())
    build.__qualname__ = "build_after_publish"
    data = type("Bundle", (), {"fingerprint": "fp-test-publish"})()
    caches.cached(build, data, "x")
    caches.cached(build, data, "x")
    assert made == ["made"]
    caches.clear_loaded_data()
    caches.cached(build, data, "x")
    assert made == ["made", "made"], "built again from the files, not served from before the publish"


def test_two_sessions_drawing_new_basemap_pictures_past_the_limit_at_once_both_get_their_pictures(monkeypatch):
    monkeypatch.setattr(basemap_module, "_pictures", MadeOnce(max_entries=2))
    frames = [Frame(0.1 * i, 0.2, 0.1 * i + 0.1, 0.4, 40, 40) for i in range(8)]

    def draw(part: int) -> list[bytes]:
        return [basemap_png(BASEMAP, frame, (200, 200, 200, 255)) for frame in frames[part::2]]

    first, second = _at_once(lambda: draw(0), lambda: draw(1))
    assert all(png.startswith(b"\x89PNG") for png in [*first, *second])
    assert len(basemap_module._pictures) == 2


def test_the_data_fingerprint_never_looks_inside_hidden_folders(tmp_path, monkeypatch):
    (tmp_path / "allegations.csv").write_text("a\n1\n", encoding="utf-8")
    history = tmp_path / ".history" / "2026-01-01"
    history.mkdir(parents=True)
    for index in range(5):
        (history / f"allegations-{index}.csv").write_text("a\n1\n", encoding="utf-8")
    looked_at: list[str] = []
    real_stat = os.stat

    def spied_stat(path, *args, **kwargs):
        looked_at.append(str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", spied_stat)
    before = data_fingerprint(tmp_path)
    monkeypatch.undo()
    assert not [path for path in looked_at if ".history" in Path(path).parts]
    (history / "allegations-9.csv").write_text("a\n2\n", encoding="utf-8")
    assert data_fingerprint(tmp_path) == before, "a new version in the history is not a change of the data"
