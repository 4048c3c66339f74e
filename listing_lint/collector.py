"""Pausing Python's cyclic garbage collector around work that makes a great many objects and no reference cycles
(the rules' tables at start-up, the duplicate grouping's tuples and strings): the collector would only rescan them,
again and again, and find nothing to free."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector is off inside the block and back as it was after it (a host that turned it off keeps it off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
