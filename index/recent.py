"""What warm questions re-read, kept in memory until the database changes.

A question about a report reads all of that report's figures and the words of all its chunks: ~900
rows for a budget PDF, 8-14 ms of SQLite and string splitting per question on two busy cores (more
than half the encoder's time). The next question about the same report reads the same rows, so a
reading Store keeps them per report, least recently asked dropped first, and forgets everything when
another connection commits (PRAGMA data_version: a build changed the index).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Iterable


class RecentReports:
    """Per-report row lists of one kind, at most `limit` rows in all."""

    def __init__(self, limit: int):
        self.limit = limit
        self._lock = threading.Lock()  # the answer threads share one Store
        self._version: int | None = None
        self._rows: OrderedDict[int, list] = OrderedDict()
        self._size = 0

    def _at(self, version: int) -> None:
        if version != self._version:  # another connection committed: everything may have changed
            self._rows.clear()
            self._size = 0
            self._version = version

    def rows(self, version: int, doc_ids: Iterable[int],
             load: Callable[[list[int]], dict[int, list]]) -> dict[int, list]:
        """doc id → its rows, from memory or, for the reports not kept, from load(those ids)."""
        wanted = sorted(set(doc_ids))
        with self._lock:
            self._at(version)
            found = {d: self._rows[d] for d in wanted if d in self._rows}
            for d in found:
                self._rows.move_to_end(d)
        missing = [d for d in wanted if d not in found]
        if missing:
            loaded = load(missing)  # outside the lock: SQLite, and other threads keep reading
            loaded.update((d, []) for d in missing if d not in loaded)  # a report with no rows
            with self._lock:
                if version == self._version:
                    for d, rows in loaded.items():
                        if d not in self._rows:
                            self._rows[d] = rows
                            self._size += len(rows)
                    while self._size > self.limit and len(self._rows) > 1:
                        self._size -= len(self._rows.popitem(last=False)[1])
            found.update(loaded)
        return found
