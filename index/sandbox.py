"""Reading an untrusted file (an upload) in a child process, bounded in time and memory.

A parser can be made to spin or to allocate without end (a zip bomb, a crafted PDF), or to crash.
The reader limits (readers.py) refuse the known shapes of that; this is the backstop for the rest:
the file is read by `python -m index.sandbox` in a child process that caps its own address space
(RLIMIT_AS) and CPU time before importing any parser, and is killed when it runs past the timeout or
when the bot shuts down (kill_running). Whatever happens in the child, the caller gets the file's
metadata or UnreadableFile with one line.

Parent → child: the memory cap in argv, then a pickle of (path, config) on stdin.
Child → parent: one JSON object on stdout, {"info": {...}} or {"error": "<one line>"}.
"""
from __future__ import annotations

import json
import os
import pickle
import resource
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UnreadableFile

if TYPE_CHECKING:
    from .config import Config

ROOT = Path(__file__).resolve().parent.parent
_running: set[subprocess.Popen] = set()
_stopped: set[subprocess.Popen] = set()  # killed by kill_running, not by the file
_lock = threading.Lock()


def inspect_isolated(path: Path, config: "Config") -> dict:
    """What reading `path` would extract (title, region, org, year, kind, figures, chunks), read in a
    child process under [ingest] upload_timeout_s and upload_memory_mb; UnreadableFile otherwise."""
    timeout, memory_mb = config.upload_timeout_s, config.upload_memory_mb
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "index.sandbox", str(memory_mb), str(int(timeout) + 5)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT, env=env)
    with _lock:
        _running.add(proc)
    try:
        out, err = proc.communicate(pickle.dumps((str(path), config)), timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise UnreadableFile(f"{path.name}: reading took longer than {timeout:g} s "
                             f"([ingest] upload_timeout_s); refused") from None
    finally:
        with _lock:
            _running.discard(proc)
            stopped = proc in _stopped
            _stopped.discard(proc)
    if stopped:
        raise UnreadableFile(f"{path.name}: reading was stopped, the bot is shutting down")
    try:
        reply = json.loads(out.decode("utf-8").strip().splitlines()[-1])
    except (ValueError, IndexError):
        reply = {}
    if "info" in reply:
        return reply["info"]
    if "error" in reply:
        raise UnreadableFile(reply["error"])
    if b"MemoryError" in err:
        raise UnreadableFile(f"{path.name}: needs more than {memory_mb} MB of memory to read "
                             f"([ingest] upload_memory_mb); refused")
    raise UnreadableFile(f"{path.name}: the reader crashed on this file (exit status {proc.returncode})")


def kill_running() -> None:
    """Kill every child this process has running (on shutdown); their callers get UnreadableFile."""
    with _lock:
        for proc in list(_running):
            _stopped.add(proc)
            proc.kill()


def _child(memory_mb: int, cpu_seconds: int) -> None:
    """Cap memory and CPU first, then read the file named on stdin and print one JSON line."""
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    path_text, config = pickle.load(sys.stdin.buffer)
    path = Path(path_text)
    from .errors import ReportQAError
    from .pipeline import read_report

    try:
        prepared = read_report(path, path.name, config)  # what build.inspect_file does, without the build
        reply = {"info": {**prepared.meta.as_dict(), "figures": len(prepared.figures),
                          "chunks": len(prepared.chunks)}}
    except MemoryError:
        reply = {"error": f"{path.name}: needs more than {memory_mb} MB of memory to read "
                          f"([ingest] upload_memory_mb); refused"}
    except ReportQAError as e:
        reply = {"error": str(e)}
    except Exception as e:  # a parser choking on a malformed file is still the file's fault
        detail = " ".join(str(e).split())[:120] or "malformed file"
        reply = {"error": f"{path.name}: cannot be read ({type(e).__name__}: {detail})"}
    sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    _child(int(sys.argv[1]), int(sys.argv[2]))
