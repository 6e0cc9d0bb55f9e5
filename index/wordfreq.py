"""jieba's dictionary for the answering side: looked up word by word in an SQLite file, not loaded whole.

jieba segments with a prefix dictionary, FREQ (every word, and every prefix of one, → its count; 0
for a prefix only), and the sum of the counts. Loading it whole takes about 1 s of CPU and 60 MB in
every process before the first question, while a question looks up a few hundred of its 500,000
keys. So the answering side hands jieba a LazyFreq: the same keys and counts, read from
<cache>/jieba-<version>-<size>.sqlite one indexed lookup at a time and remembered. jieba's code is
unchanged and sees the same numbers, so every cut is the same as with the whole dictionary.

`reportqa index` writes that file once per jieba dictionary (write_dictionary, beside the ONNX export).
Without it, jieba loads its dictionary as usual, keeping its own cache in the model cache, not /tmp.
"""
from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
import threading
from pathlib import Path

import jieba

log = logging.getLogger(__name__)

_UNSEEN = object()


def _dict_path() -> Path:
    return Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME


def dictionary_file(cache: Path) -> Path:
    """Where the lookup table of jieba's own dictionary lives: one file per jieba version and dictionary."""
    return Path(cache) / f"jieba-{jieba.__version__}-{_dict_path().stat().st_size}.sqlite"


class LazyFreq:
    """What jieba reads FREQ with (`in`, `[]`, `.get`; `[]=` for add_word), answered from SQLite
    and remembered: a word is looked up once per process."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn
        self._lock = threading.Lock()  # one connection, shared by the answer threads
        self._known: dict[str, int | None] = {}  # None: not in the dictionary

    def _count(self, word: str) -> int | None:
        n = self._known.get(word, _UNSEEN)
        if n is _UNSEEN:
            with self._lock:
                row = self._conn.execute("SELECT n FROM freq WHERE word = ?", (word,)).fetchone()
            n = self._known[word] = None if row is None else row[0]
        return n

    def __contains__(self, word: str) -> bool:
        return self._count(word) is not None

    def __getitem__(self, word: str) -> int:
        n = self._count(word)
        if n is None:
            raise KeyError(word)
        return n

    def get(self, word: str, default=None):
        n = self._count(word)
        return default if n is None else n

    def __setitem__(self, word: str, n: int) -> None:
        self._known[word] = n


def use_lazy_dictionary(cache: Path, tokenizer: jieba.Tokenizer | None = None) -> bool:
    """Give jieba's tokenizer (the default one: what jieba.cut uses) the lazy dictionary, if the file
    is there and the tokenizer has not loaded its dictionary yet (then nothing changes). Without the
    file, jieba's own cache goes into `cache`. True when the lazy dictionary is in use."""
    dt = tokenizer or jieba.dt
    with dt.lock:
        if dt.initialized or dt.dictionary != jieba.DEFAULT_DICT:
            return False
        path = dictionary_file(cache)
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            total = conn.execute("SELECT n FROM total").fetchone()[0]
        except sqlite3.Error:
            if Path(cache).is_dir() and dt.tmp_dir is None:
                dt.tmp_dir = str(cache)  # rebuilt there once, not in a /tmp that a reboot empties
            log.info("jieba loads its whole dictionary: no %s (written by `reportqa index`)", path)
            return False
        dt.FREQ, dt.total = LazyFreq(conn), total
        dt.initialized = True
        return True


def write_dictionary(cache: Path) -> Path:
    """The lookup table of jieba's default dictionary, written now unless the cache holds it."""
    path = dictionary_file(cache)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    # jieba's own reading of its dictionary file, so the table holds exactly what jieba would use
    freq, total = jieba.Tokenizer.gen_pfdict(jieba.dt.get_dict_file())
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        with sqlite3.connect(tmp) as conn:
            conn.execute("CREATE TABLE freq (word TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
            conn.execute("CREATE TABLE total (n INTEGER NOT NULL)")
            conn.executemany("INSERT INTO freq VALUES (?, ?)", sorted(freq.items()))
            conn.execute("INSERT INTO total VALUES (?)", (total,))
        conn.close()
        os.replace(tmp, path)  # atomic: a reader sees the whole table or no file
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    log.info("jieba's dictionary written to %s (%d words and prefixes)", path, len(freq))
    return path
