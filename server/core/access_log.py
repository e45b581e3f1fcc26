"""Logging setup for the standalone server: uvicorn's format, minus query strings.

Query strings can carry what citizens typed (search terms now, maybe tokens later), so the
access log keeps only the path. Request bodies are never logged anywhere.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from uvicorn.config import LOGGING_CONFIG

# uvicorn's access record args: (client_addr, method, path_with_query, http_version, status)
_PATH_ARG = 2


class StripQueryFilter(logging.Filter):
    """Remove ``?query`` from uvicorn access-log records."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the path argument in place; never drops a record."""
        args = record.args
        if isinstance(args, tuple) and len(args) > _PATH_ARG and isinstance(args[_PATH_ARG], str):
            path = args[_PATH_ARG].split("?", 1)[0]
            record.args = (*args[:_PATH_ARG], path, *args[_PATH_ARG + 1 :])
        return True


def log_config() -> dict[str, Any]:
    """Return uvicorn's default logging dict with the query-stripping filter on the access log."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["strip_query"] = {"()": StripQueryFilter}
    config["handlers"]["access"].setdefault("filters", []).append("strip_query")
    return config
