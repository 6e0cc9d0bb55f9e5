"""index/errors.py: named errors carry a one-line message and the details a front end words its own
way, and survive pickling (they cross the process pool of the read-ahead)."""
from __future__ import annotations

import pickle

from index.errors import IndexCorrupt, NoIndex, ReportQAError, UnreadableFile


def test_an_error_keeps_its_message_and_details_across_processes():
    error = UnreadableFile("x.pdf: scanned, no text layer", path="x.pdf", reason="scanned")
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is UnreadableFile and str(back) == "x.pdf: scanned, no text layer"
    assert back.details == {"path": "x.pdf", "reason": "scanned"}


def test_every_named_error_is_one_a_user_can_fix_and_a_corrupt_index_is_a_missing_one():
    assert issubclass(UnreadableFile, ReportQAError) and issubclass(IndexCorrupt, NoIndex)
    assert str(ReportQAError()) == "" and ReportQAError().details == {}
