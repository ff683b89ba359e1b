"""The server process's garbage collection, kept off the path of every page change."""

from __future__ import annotations

import functools
import gc

# Set in the environment of every server this project starts (Makefile, Dockerfile, deploy/replicas.py, the
# browser tests' and the benchmark's servers): glibc reads it at start-up, too early for the app to set it. By
# default glibc gives threads up to eight malloc arenas per core, Streamlit runs every script run in a new thread,
# and each arena keeps the memory freed in it.
# ARROW_DEFAULT_MEMORY_POOL: see return_freed_memory, which also covers a server started by hand.
SERVER_ENVIRONMENT = {"MALLOC_ARENA_MAX": "2", "ARROW_DEFAULT_MEMORY_POOL": "system"}


@functools.cache
def freeze_long_lived_objects() -> None:
    """Leave the objects alive after the first run (Streamlit, pandas, Altair, the loaded data) out of every later
    full garbage collection. Once per process.

    Python's full collections (Streamlit's own after every script run is off: .streamlit/config.toml) would
    otherwise walk about 150,000 objects with pandas and Altair loaded, holding the interpreter lock every
    session's run needs (bench/README.md, "Measurements behind the code"). Frozen objects are still freed when
    nothing refers to them; what later runs create is still collected.
    """
    gc.collect()
    gc.freeze()


@functools.cache
def return_freed_memory() -> None:
    """Arrow's tables and Streamlit's Arrow messages from the system allocator, which gives freed memory back,
    instead of Arrow's default pool (mimalloc), which keeps it. Once per process, before the data loads. With
    SERVER_ENVIRONMENT too, the load smoke's server peaked at 210 MB instead of 230 MB (bench/README.md, "Memory").
    """
    # Imported here: deploy/replicas.py reads SERVER_ENVIRONMENT and needs no Arrow.
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())
