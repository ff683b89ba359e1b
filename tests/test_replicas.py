"""Replicas behind nginx (deploy/replicas.py): viewers spread evenly and stay on their replica, uploads reach the
replica holding the session, and two editors publishing through two processes at once never lose a change."""

from __future__ import annotations

import multiprocessing
import shutil
import sys
import urllib.error
import urllib.request

import pytest

from bench.load import ViewerSession, load, run_async
from components.data.bundle import SHIPPED_DATA_DIR, load_bundle
from deploy.replicas import deployment, nginx_config
from tests.browser.conftest import _free_port


@pytest.fixture(scope="module")
def two_replicas(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("replicas") / "data"
    shutil.copytree(SHIPPED_DATA_DIR, data_dir, ignore=shutil.ignore_patterns(".history"))
    with deployment(2, port=_free_port(), first_port=_free_port(), data_dir=data_dir) as deploy:
        yield deploy


def test_nginx_config_pins_each_cookie_to_its_replica_and_sends_newcomers_round_robin(tmp_path):
    text = nginx_config("127.0.0.1:8080", [("r1", 8601), ("r2", 8602)], tmp_path)
    assert "r1 replica_r1;" in text and "r2 replica_r2;" in text and "default dashboard;" in text
    assert '"127.0.0.1:8602" r2;' in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert text.count("server 127.0.0.1:8601 max_fails=1") == 2  # in the round-robin group and pinned


def test_sessions_spread_evenly_stay_on_their_replica_and_upload_there(two_replicas):
    report = load(two_replicas.url, 6, two_replicas.pids, think=(0.0, 0.1), ramp=0.5, upload=True)
    assert report["errors"] == 0 and report["exceptions"] == 0
    assert report["steps"]["upload"]["runs"] == 6
    assert report["sessions per replica"] == {"r1": 3, "r2": 3}


def test_an_upload_sent_to_another_replica_than_the_sessions_is_refused(two_replicas):
    """What sticky sessions prevent: the same upload, sent past the proxy to the other replica, fails."""
    session = ViewerSession(two_replicas.url)

    async def open_and_upload():
        try:
            await session.open()
            return await session.upload("a.csv", b"a\n1\n")
        finally:
            await session.close()

    assert run_async(open_and_upload()) == []
    (held_by,) = session.replicas
    other = next(r for r in two_replicas.replicas if r.name != held_by)
    request = urllib.request.Request(
        f"{other.url}/_stcore/upload_file/{session.session_id}/any-file-id", data=b"x", method="PUT",
        headers={"X-Xsrftoken": session._xsrf(), "Cookie": session._cookie_header()},
    )  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 400
    assert b"sticky sessions" in refused.value.read()


HEADER = "year,period,scope,mission,category,measure,value,qualifier,source_id,source_locator,note"
ROWS = {
    "alice": "2021,year,peace_operations,,,allegations,70,exact,un-doc-2020,para 4,\n",
    "bob": "2019,year,peace_operations,,,allegations,81,exact,un-doc-2020,para 1,\n",
}


def _editor(data_dir, who, barrier, outcomes) -> None:
    """One replica's editor: prepare a change from the data as it is, publish when both are ready; on a conflict
    (the other published first), prepare it again from the new data and publish, as the review page asks."""
    from components.editing.publish import PublishConflict, publish
    from components.editing.uploads import prepare_change, read_upload

    def attempt():
        bundle = load_bundle(data_dir)
        upload = read_upload("new.csv", f"{HEADER}\n{ROWS[who]}".encode())
        change = prepare_change(data_dir, bundle, "allegations", upload)
        publish(data_dir, change.new_texts, change.base_checksums, who, "allegations", "summary", "reason")

    barrier.wait()
    try:
        attempt()
        outcomes.put((who, "published"))
    except PublishConflict:
        outcomes.put((who, "conflict"))
        attempt()


def test_two_editors_publishing_at_once_from_two_processes_never_lose_a_change(tmp_path, monkeypatch):
    from components.editing.history import read_log
    from tests.tiny_data import write_data

    # A spawned process re-runs the parent's __main__; after the AppTest page tests that is dashboard.py, which
    # fails outside `streamlit run`. The editors need only this module, which they import by name.
    main = sys.modules["__main__"]
    monkeypatch.setattr(main, "__spec__", None, raising=False)
    monkeypatch.delattr(main, "__file__", raising=False)
    data_dir = write_data(tmp_path / "data")
    context = multiprocessing.get_context("spawn")
    barrier, outcomes = context.Barrier(2), context.Queue()
    editors = [context.Process(target=_editor, args=(data_dir, who, barrier, outcomes)) for who in ROWS]
    for editor in editors:
        editor.start()
    for editor in editors:
        editor.join(120)
    assert [e.exitcode for e in editors] == [0, 0]
    first_try = sorted(outcomes.get(timeout=5)[1] for _ in editors)
    assert first_try in (["conflict", "published"], ["published", "published"])
    values = load_bundle(data_dir).allegations["value"].tolist()
    assert 70 in values and 81 in values
    assert sorted(v.who for v in read_log(data_dir) if v.action == "publish") == ["alice", "bob"]
