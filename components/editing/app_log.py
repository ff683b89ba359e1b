"""Where the app's own log lines go: sign-ins, failed sign-ins, publishes, restores, refused uploads.

Streamlit configures only its own `streamlit` loggers, so without a handler the `tfsea.*` INFO lines would be
dropped. They go to the server's standard error, beside Streamlit's, at the level `TFSEA_LOG_LEVEL` (INFO).
"""

from __future__ import annotations

import functools
import logging
import os

LOG_LEVEL_ENV = "TFSEA_LOG_LEVEL"


@functools.cache
def configure_logging() -> logging.Logger:
    """Once per process: the `tfsea` logger writes to standard error unless something else handles it."""
    logger = logging.getLogger("tfsea")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(os.environ.get(LOG_LEVEL_ENV, "INFO").upper())
        logger.propagate = False
    return logger
