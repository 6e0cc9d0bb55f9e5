"""index/readahead.py: files parsed in a worker process come back in order, equal to parsing them
here, with unreadable files as their UnreadableFile; files too small to pay for the child are read
here with the same results; real corpus files, a real child process."""
from __future__ import annotations

import os
import shutil

from helpers import CORPUS, WELFARE_PDF, make_config
from index.errors import UnreadableFile
from index.pipeline import read_report
from index.readahead import AHEAD, CHILD_FROM_BYTES, CHILD_NICE, ReadAhead


def test_files_come_back_in_order_as_if_read_here(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    shutil.copy(WELFARE_PDF, corpus / "welfare.pdf")
    config = make_config(tmp_path, corpus)
    paths = sorted(p for p in corpus.iterdir() if p.is_file())
    assert len(paths) > AHEAD + 1  # more files than the read-ahead window

    total = sum(p.stat().st_size for p in paths)  # under CHILD_FROM_BYTES: a child only from this many
    reader = ReadAhead(config, [(p.name, p, None) for p in paths], child_from=total)
    assert reader.pool is not None and len(reader) == len(paths)
    # the child parses at the lowest priority, so the encoder's threads get the cores first…
    lowest = min(19, os.nice(0) + CHILD_NICE)
    assert reader.pool.submit(os.nice, 0).result() == lowest
    child = reader.child_pid.value
    assert os.getpriority(os.PRIO_PROCESS, child) == lowest
    with reader._urgent():  # …except while the encoder waits for it, where the system allows that
        waited_on = os.getpriority(os.PRIO_PROCESS, child)
    assert waited_on == (os.nice(0) if reader.can_boost else lowest)
    assert os.getpriority(os.PRIO_PROCESS, child) == lowest
    results = list(reader)
    assert reader.pool is None  # the worker is shut down once the files are through

    assert [source for source, _ in results] == [p.name for p in paths]
    for (source, got), path in zip(results, paths):
        if path.name == "broken.pdf":
            assert isinstance(got, UnreadableFile) and "broken.pdf" in str(got)
            continue
        want = read_report(path, path.name, config)
        assert got.meta == want.meta and got.hash == want.hash
        assert [c.text for c in got.chunks] == [c.text for c in want.chunks]
        assert got.figures == want.figures and got.search_texts() == want.search_texts()


def test_one_file_is_read_in_this_process(tmp_path):
    path = CORPUS / sorted(p.name for p in CORPUS.iterdir())[0]
    reader = ReadAhead(make_config(tmp_path, CORPUS), [(path.name, path, None)])
    assert reader.pool is None
    [(source, prepared)] = list(reader)
    assert source == path.name and prepared.chunks


def test_small_files_are_read_in_this_process_with_the_same_results(tmp_path):
    config = make_config(tmp_path, CORPUS)
    paths = sorted(CORPUS.iterdir())
    jobs = [(p.name, p, None) for p in paths]
    total = sum(p.stat().st_size for p in paths)
    assert len(paths) > 1 and total < CHILD_FROM_BYTES  # what most builds of the tests are

    for reader in ReadAhead(config, jobs), ReadAhead(config, jobs, child_from=total + 1):
        assert reader.pool is None and len(reader) == len(paths)
        results = list(reader)
        assert [source for source, _ in results] == [p.name for p in paths]
        for (_, got), path in zip(results, paths):
            want = read_report(path, path.name, config)
            assert got.meta == want.meta and [c.text for c in got.chunks] == [c.text for c in want.chunks]
            assert got.figures == want.figures
