"""Python's cyclic garbage collector, paused while a whole file is read, planned or applied.

Planning a 20,000-row file creates a few hundred thousand small objects (rows, cells, values)
that all stay alive until the plan is dropped; every few hundred allocations the collector
walks them again looking for cycles it will not find, which cost about as much as the planning
itself. Reference counting still frees everything that is not in a cycle, and the collector
runs as usual once the step is over. The views that plan keep it paused until the plan is
dropped, so that its first run afterwards does not walk the whole plan once more.
"""

import gc
from contextlib import contextmanager
from functools import wraps


@contextmanager
def collector_paused():
    if not gc.isenabled():  # already paused by the caller
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def without_collector(func):
    @wraps(func)
    def wrapped(*args, **kwargs):
        with collector_paused():
            return func(*args, **kwargs)

    return wrapped
