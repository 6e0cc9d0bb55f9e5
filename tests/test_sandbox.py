"""index/sandbox.py: an untrusted file is read in a child process (`python -m index.sandbox`) that
reports what it extracted as one JSON line, or why it could not, and is stopped on shutdown. Real
files, real child processes. The memory cap and the timeout against a zip bomb and a slow PDF are in
test_hardening.py (they are what the admin meets)."""
from __future__ import annotations

import json
import pickle
import subprocess
import sys
import threading
import time

import pytest

from helpers import CORPUS, ROOT, WELFARE_PDF, ZHUHUI, make_config
from index import sandbox
from index.errors import UnreadableFile
from index.pipeline import read_report


@pytest.fixture
def config(tmp_path):
    return make_config(tmp_path, CORPUS)


def test_a_readable_file_gives_what_reading_it_here_gives(config):
    info = sandbox.inspect_isolated(CORPUS / ZHUHUI, config)
    here = read_report(CORPUS / ZHUHUI, ZHUHUI, config)
    assert info == {**here.meta.as_dict(), "figures": len(here.figures), "chunks": len(here.chunks)}
    assert info["region"] == "珠晖区" and info["year"] == 2022 and info["figures"] > 20
    assert not sandbox._running  # the child is gone once it answered


def test_an_unreadable_file_is_one_line_from_the_child(config, tmp_path):
    broken = tmp_path / "坏.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf\x00\x01" * 40)
    with pytest.raises(UnreadableFile) as e:
        sandbox.inspect_isolated(broken, config)
    assert str(e.value).startswith("坏.pdf: ") and "\n" not in str(e.value)


def test_the_child_speaks_one_json_line(tmp_path, config):
    """The protocol by hand: memory and CPU caps in argv, a pickle of (path, config) on stdin, one
    JSON object on stdout."""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = subprocess.run([sys.executable, "-m", "index.sandbox", "512", "30"], cwd=ROOT, timeout=120,
                         input=pickle.dumps((str(empty), config)), capture_output=True)
    assert out.returncode == 0, out.stderr.decode()[-2000:]
    (line,) = out.stdout.decode().splitlines()
    reply = json.loads(line)
    assert list(reply) == ["error"] and reply["error"].startswith("empty.txt: ")


def test_kill_running_stops_a_read_and_the_caller_is_told_why(config):
    caught: list[Exception] = []

    def read():
        try:
            sandbox.inspect_isolated(WELFARE_PDF, config)  # seconds of table finding
        except UnreadableFile as e:
            caught.append(e)

    reader = threading.Thread(target=read)
    reader.start()
    deadline = time.monotonic() + 60
    while not sandbox._running and time.monotonic() < deadline:
        time.sleep(0.01)
    assert sandbox._running, "no child was started"
    sandbox.kill_running()
    reader.join(30)
    assert not reader.is_alive()
    (error,) = caught
    assert str(error) == f"{WELFARE_PDF.name}: reading was stopped, the bot is shutting down"
    assert not sandbox._running and not sandbox._stopped
