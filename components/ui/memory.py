"""The server process's garbage collection, kept off the path of every page change."""

from __future__ import annotations

import functools
import gc


@functools.cache
def freeze_long_lived_objects() -> None:
    """Leave the objects alive after the first run (Streamlit, pandas, Altair, the loaded data) out of every later
    full garbage collection. Once per process.

    Streamlit runs a full collection after every script run (`runner.postScriptGC`). With pandas and Altair
    loaded that walks about 150,000 objects while the page's last messages wait to be sent (bench/README.md,
    "Measurements behind the code"). Frozen objects are still freed when nothing refers to them; what later
    runs create is still collected after every run.
    """
    gc.collect()
    gc.freeze()
