"""Read and extract the next report files in a worker process while the current chunks embed.

A build alternates two kinds of work: parsing a file (pdfplumber's table finding is most of it) and
embedding its chunks. Done one after the other, the encoder waits for every parse. ReadAhead runs
read_report in one child process, at most AHEAD files ahead of the encoder, so parsing hides behind
embedding; the parent stays the only writer and commits exactly as before. The child is spawned, not
forked: the parent may hold torch's and the bot's threads, which a fork copies in whatever state.
A child is started only when the files are big enough to pay for its start (CHILD_FROM_BYTES); smaller
ones are read in this process, one at a time as iterated, with the same results.
The child runs at the lowest CPU priority (CHILD_NICE): the encoder's threads use every core, and a
parse running beside them at the same priority slows the whole encode (each batch waits for its
slowest thread); niced, the parse takes the cores only when the encoder leaves them idle. While the
encoder waits for a file the child has not finished, the child gets the build's own priority back
where the system allows it (root, or a nice limit that permits it): on a busy machine a niced
child would otherwise wait behind everyone else's work while the encoder has nothing to do.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
import weakref
from collections import deque
from contextlib import contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Iterator

from .config import Config
from .errors import UnreadableFile
from .pipeline import Prepared, read_report

AHEAD = 2  # files parsed or queued beyond the one embedding: bounds the memory held in Prepared

# The child costs about 1.3 s of CPU before it reads a byte (a fresh interpreter importing
# index.pipeline: langchain_text_splitters, pdfplumber, python-docx), and whatever it hides behind
# embedding is at most the files' parsing time. Measured (2-core dev machine): the table-heavy real
# PDFs of tests/data parse at 3.7-18 s per MB (152 KB: 1.0 s, 225 KB: 3-4 s, 728 KB: 2.7 s), a scan-like
# one at 0.5 s/MB (3.7 MB: 1.8 s), text at under 1 s/MB (corpus/'s 15 KB: 0.01 s). From 512 KB in all,
# PDFs are about 2 s of parsing or more, clearly above the start; below it (a few small reports, the
# corpus of text files every test builds) the child would cost more CPU than it saves.
CHILD_FROM_BYTES = 512 * 1024
CHILD_NICE = 19  # added to the child's niceness: 19 is the lowest priority there is


def _child_start(parent: int, pid) -> None:
    """In the child: say who it is, yield the cores to the encoder, exit with the build that started it."""
    pid.value = os.getpid()
    try:
        os.nice(CHILD_NICE)
    except OSError:  # not permitted (some containers): parse at the parent's priority, as before
        pass
    _exit_with(parent)


def _exit_with(parent: int) -> None:
    """In the child: exit as soon as the build that started it is gone (killed with -9, say), rather
    than parse on for no one while holding its parent's stdout and stderr open."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="reportqa-parent-watch").start()


def _read(path: Path, source: str, config: Config, digest: str | None) -> Prepared | UnreadableFile:
    """In the child: the parsed report, or the reason it cannot be read (returned, not raised)."""
    try:
        return read_report(path, source, config, digest)
    except UnreadableFile as e:
        return e


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # gone or unreadable: reading it says why


class ReadAhead:
    """Iterate (source, Prepared | UnreadableFile) in the order given; reading starts on creation.

    One file or none, or files of fewer than `child_from` bytes in all, are read in this process when
    iterated (a child would cost more than it saves); a test passes a small `child_from` to force it.
    """

    def __init__(self, config: Config, jobs: list[tuple[str, Path, str | None]],
                 child_from: int = CHILD_FROM_BYTES):
        self.config = config
        self.jobs = deque(jobs)
        self.pending: deque[tuple[str, Future]] = deque()
        self.pool: ProcessPoolExecutor | None = None
        self.can_boost = True  # until the system refuses to raise the child's priority
        if len(jobs) > 1 and sum(_size(path) for _, path, _ in jobs) >= child_from:
            context = multiprocessing.get_context("spawn")
            self.child_pid = context.RawValue("i", 0)  # set by the child when it starts
            self.pool = ProcessPoolExecutor(1, mp_context=context, initializer=_child_start,
                                            initargs=(os.getpid(), self.child_pid))
            # a build that stops early (an error, --strict) must not leave the child parsing
            self._finalizer = weakref.finalize(self, self.pool.shutdown, wait=False, cancel_futures=True)
            self._fill()

    def __len__(self) -> int:
        return len(self.jobs) + len(self.pending)

    def _fill(self) -> None:
        while self.jobs and len(self.pending) < AHEAD:
            source, path, digest = self.jobs.popleft()
            self.pending.append((source, self.pool.submit(_read, path, source, self.config, digest)))

    def __iter__(self) -> Iterator[tuple[str, Prepared | UnreadableFile]]:
        try:
            if self.pool is None:
                while self.jobs:
                    source, path, digest = self.jobs.popleft()
                    yield source, _read(path, source, self.config, digest)
                return
            while self.pending:
                source, future = self.pending.popleft()
                if future.done():
                    result = future.result()
                else:  # the encoder is idle until this file is parsed
                    with self._urgent():
                        result = future.result()
                self._fill()  # the child starts the next file before this one is embedded
                yield source, result
        finally:
            self.close()

    @contextmanager
    def _urgent(self):
        """The child at this process's priority for the duration, then back at the lowest."""
        pid = self.child_pid.value
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        boosted = False
        if pid and self.can_boost:
            try:
                os.setpriority(os.PRIO_PROCESS, pid, ours)
                boosted = True
            except OSError:  # lowering a niceness needs privilege: the child stays niced
                self.can_boost = False
        try:
            yield
        finally:
            if boosted:
                try:
                    os.setpriority(os.PRIO_PROCESS, pid, min(19, ours + CHILD_NICE))
                except OSError:  # the child is gone
                    pass

    def close(self) -> None:
        if self.pool is not None:
            self._finalizer()
            self.pool = None
