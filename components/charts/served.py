"""Large deck.gl layer data as JSON files the app serves itself, so the deck's JSON carries a short address instead.

Streamlit sends a changed deck whole and its frontend parses that JSON with a JavaScript JSON5 parser on every
change: the outlines, lakes and marks inline (or as data: addresses) were parsed again on every years change. A
file under ./static/ is served by the app at `app/static/...` (`server.enableStaticServing`): same host, so the
map stays offline with nothing fetched from another one; the browser fetches it once per address and deck.gl keeps
what it made of an address while the address stays the same. A file is named by a digest of its text, so the
same data keeps the same address and different data never gets an old file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Streamlit serves the folder `static` beside the entry script (dashboard.py) at `app/static/`.
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
SERVED_DIR = STATIC_DIR / "deck"
# Relative, so it resolves under the page's own address (and any base path a proxy adds).
SERVED_PREFIX = "app/static/deck/"
# The folder keeps the most recently used files: one per set of host countries and per view's marks. The oldest
# beyond this are removed, so a server running for months does not fill its disk with old filter choices; a file
# still drawn is touched on every rerun that draws it (still_served), and written again if it was removed.
MAX_SERVED_FILES = 512


def served_json(value: Any) -> str:
    """`value` written once as a JSON file of the served folder; its address relative to the page."""
    text = json.dumps(value, separators=(",", ":"), sort_keys=True)
    name = hashlib.sha256(text.encode()).hexdigest()[:32] + ".json"
    path = SERVED_DIR / name
    try:
        os.utime(path)  # recently used: the last to be removed
    except FileNotFoundError:
        SERVED_DIR.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed: a browser, or another replica's server, never reads half a file.
        handle, temporary = tempfile.mkstemp(dir=SERVED_DIR, suffix=".part")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
        _remove_oldest()
    return SERVED_PREFIX + name


def still_served(address: str, value: Callable[[], Any]) -> None:
    """Mark the file at `address` as used now; if it has gone (removed as one of the oldest, or the folder
    emptied), write `value()` again, which has the same address."""
    try:
        os.utime(served_path(address))
    except FileNotFoundError:
        if served_json(value()) != address:
            raise ValueError(f"{address} was made from other data") from None


def served_path(address: str) -> Path:
    """The file an address from served_json names."""
    if not address.startswith(SERVED_PREFIX):
        raise ValueError(f"not an address of a served file: {address[:80]!r}")
    return SERVED_DIR / address.removeprefix(SERVED_PREFIX)


def _remove_oldest() -> None:
    files = []
    for path in SERVED_DIR.glob("*.json"):
        with contextlib.suppress(FileNotFoundError):
            files.append((path.stat().st_mtime, path))
    for _mtime, path in sorted(files)[: max(0, len(files) - MAX_SERVED_FILES)]:
        path.unlink(missing_ok=True)
