"""A map whose values are each made once, safely when two sessions ask at once.

One Streamlit process serves every viewer, so an object kept across reruns (a bundle, a cached view) is shared
by sessions running in threads side by side. Its lazily made parts are filled through a `MadeOnce`: the first
asker makes a value while a later asker of the same key waits for it (other keys are not held up), and eviction
happens under the lock, so no session sees a half-filled or vanishing entry.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class MadeOnce(Generic[V]):
    """Values by hashable key, each made once by `get(key, make)`; the least recently used goes first when full."""

    def __init__(self, max_entries: int | None = None) -> None:
        self.max_entries = max_entries
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        hash(key)  # an unhashable key fails here, loudly, rather than missing every time
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            key_lock = self._making.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            try:
                value = make()
                with self._lock:
                    while self.max_entries is not None and len(self._values) >= self.max_entries:
                        self._values.popitem(last=False)
                    self._values[key] = value
            finally:
                with self._lock:
                    self._making.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._values
