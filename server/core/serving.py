"""How uvicorn serves the API; shared by the command line, the embedded server and the benchmarks."""

from __future__ import annotations

import gc
from typing import Any

import uvicorn

# Python's own asyncio loop, not uvloop (uvicorn's pick when it is installed). uvloop 0.23 bundles
# a libuv that accepts one new connection per loop iteration (libuv pull request 3696); under load
# an iteration serves every waiting request first, tens of milliseconds, so 64 clients connecting at
# once waited up to 1.5 s for their first answer, against under 0.1 s on asyncio's loop, which
# accepts every waiting connection at once (benchmarks/backend_throughput.py --loop uvloop).
EVENT_LOOP = "asyncio"


def uvicorn_config(app: Any, **options: Any) -> uvicorn.Config:
    """A uvicorn configuration for ``app`` on the project's event loop; ``options`` as for ``uvicorn.Config``."""
    return uvicorn.Config(app, loop=EVENT_LOOP, **options)


def freeze_startup_heap() -> None:
    """Hide every object alive now from the cyclic garbage collector (``gc.freeze``).

    Call it once the app is built, in a process that only serves the API (never in the client,
    which hosts the embedded server and must keep collecting its own objects). Imports and the
    app leave about 136,000 long-lived objects (routes, validators, table metadata); every full
    collection walked them all and stalled every request for 60-100 ms, every few seconds under
    load. Frozen, a full collection takes 4-6 ms (GC callbacks in benchmarks/backend_throughput.py).
    """
    gc.collect()
    gc.freeze()
