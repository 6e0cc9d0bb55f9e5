"""Configuration: config.toml, overridden by command-line options. Paths resolve against the file's folder.

The file is checked against SCHEMA when it is loaded: an unknown section or key (a typo such as
`allowed_user`), a value of the wrong type (`admins = [true]`, `rate_limit_per_minute = "fast"`) or out
of range (`max_upload_mb = -1`) is one ConfigError line naming the file, the key and what is expected.
"""
from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .errors import ConfigError

DEFAULT_CONFIG = Path("config.toml")
MB = 1024 * 1024


@dataclass
class TelegramConfig:
    allowed_users: list[int] = field(default_factory=list)
    allowed_chats: list[int] = field(default_factory=list)
    admins: list[int] = field(default_factory=list)
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    rate_limit_per_minute: int = 20
    max_upload_mb: float = 20
    connect_retries: int = 5  # attempts to reach the Bot API at start-up before giving up
    typing_after_s: float = 1.0  # "typing…" only for an answer not sent within this long


@dataclass(frozen=True)
class VectorSettings:
    """[vectors]: where chunk vectors live (index/vectors.py)."""

    backend: str = "faiss"  # or "qdrant"
    url: str = ""  # qdrant: a server URL; empty (a folder in the index) or ":memory:" for local mode
    collection: str = "reportqa"  # qdrant: the alias that names the live generation's collection

    def describe(self) -> str:
        """Where vectors live, as recorded in an index: a change means the index must be rebuilt."""
        if self.backend == "faiss":
            return "faiss"
        return f"{self.backend} {self.url or 'local'} {self.collection}"


@dataclass
class ReadLimits:
    """How much a reader may expand or extract from one file before refusing it (see readers.py)."""

    max_bytes: int = 50 * MB  # the file itself
    max_unzipped_bytes: int = 100 * MB  # a .docx's members, summed, as the zip directory states them
    max_zip_ratio: float = 100.0  # uncompressed : compressed, per .docx member of more than 1 MB
    max_pdf_pages: int = 2000
    max_chars: int = 5_000_000  # characters of text extracted from any file


@dataclass
class Config:
    corpus_dir: Path
    index_dir: Path
    model: str = "m3e-small"
    batch_size: int = 32
    max_seq_length: int | None = None  # tokens the model reads per chunk; None: the model's own limit
    query_threads: int = 1  # intra-op threads per answer worker encoding a question
    model_cache: Path | None = None  # ONNX exports of the model for the query side (onnx_export.py)
    chunk_size: int = 300
    chunk_overlap: int = 60
    max_file_mb: float = 50
    max_unzipped_mb: float = 100
    max_zip_ratio: float = 100
    max_pdf_pages: int = 2000
    max_chars: int = 5_000_000
    upload_timeout_s: float = 300  # an upload is read in a child process, killed after this long
    upload_memory_mb: int = 2048  # … and limited to this much memory (address space)
    candidates: int = 30
    telegram: TelegramConfig = field(default_factory=TelegramConfig)
    vectors: VectorSettings = field(default_factory=VectorSettings)
    source: Path | None = None  # the file this came from, for messages

    @property
    def export_cache(self) -> Path:
        """Where `reportqa index` keeps ONNX exports of the model ([embedding] cache, default
        data/models beside config.toml), shared by every index built with the same model."""
        return self.model_cache or self.index_dir.resolve().parent / "models"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * MB)

    @property
    def read_limits(self) -> ReadLimits:
        return ReadLimits(max_bytes=self.max_file_bytes, max_unzipped_bytes=int(self.max_unzipped_mb * MB),
                          max_zip_ratio=self.max_zip_ratio, max_pdf_pages=self.max_pdf_pages,
                          max_chars=self.max_chars)


# --- the schema ---------------------------------------------------------------------------------

@dataclass
class Rule:
    expected: str  # what the message says is expected
    ok: Callable[[Any], bool]


def _int(lo: int, hi: int | None = None) -> Rule:
    text = f"a whole number {'from ' + str(lo) + ' to ' + str(hi) if hi is not None else '>= ' + str(lo)}"
    return Rule(text, lambda v: type(v) is int and v >= lo and (hi is None or v <= hi))


def _positive(hi: float | None = None) -> Rule:
    text = f"a number > 0{' and <= ' + format(hi, 'g') if hi is not None else ''}"
    return Rule(text, lambda v: type(v) in (int, float) and v > 0 and (hi is None or v <= hi))


TEXT = Rule("a string in quotes", lambda v: isinstance(v, str) and v.strip() != "")
URL = Rule('a URL in quotes starting with http:// or https://',
           lambda v: isinstance(v, str) and v.startswith(("http://", "https://")))
IDS = Rule("a list of numeric Telegram ids, e.g. [123456789]",
           lambda v: isinstance(v, list) and all(type(i) is int for i in v))

SCHEMA: dict[str, dict[str, Rule]] = {
    "paths": {"corpus": TEXT, "index": TEXT},
    "embedding": {"model": TEXT, "batch_size": _int(1, 4096), "max_seq_length": _int(8, 8192),
                  "query_threads": _int(1, 256), "cache": TEXT},
    "chunking": {"size": _int(50, 100_000), "overlap": _int(0)},
    "ingest": {"max_file_mb": _positive(10_000), "max_unzipped_mb": _positive(100_000),
               "max_zip_ratio": _positive(), "max_pdf_pages": _int(1), "max_chars": _int(1000),
               "upload_timeout_s": _positive(), "upload_memory_mb": _int(256)},
    "search": {"candidates": _int(1, 1000)},
    "vectors": {"backend": Rule('"faiss" or "qdrant"', lambda v: v in ("faiss", "qdrant")),
                "url": Rule('"" (local), ":memory:" or a URL starting with http:// or https://',
                            lambda v: v in ("", ":memory:") or URL.ok(v)),
                "collection": TEXT},
    "telegram": {"allowed_users": IDS, "allowed_chats": IDS, "admins": IDS, "base_url": URL,
                 "base_file_url": URL, "rate_limit_per_minute": _int(0, 10_000),
                 "max_upload_mb": _positive(2000), "connect_retries": _int(1, 100),
                 "typing_after_s": Rule("a number of seconds from 0 to 60",
                                        lambda v: type(v) in (int, float) and 0 <= v <= 60)},
}


def _suggest(name: str, choices) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1)
    return f"; did you mean {close[0]}?" if close else ""


def validate(data: dict, path: Path) -> None:
    """Raise ConfigError (one line: file, key, expectation) for the first problem in `data`."""
    for section, table in data.items():
        if section not in SCHEMA:
            raise ConfigError(f"{path}: unknown section [{section}]{_suggest(section, SCHEMA)} "
                              f"(sections: {', '.join(SCHEMA)})")
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [{section}] must be a table of keys, not a value")
        rules = SCHEMA[section]
        for key, value in table.items():
            if key not in rules:
                raise ConfigError(f"{path}: unknown key [{section}] {key}{_suggest(key, rules)} "
                                  f"(keys: {', '.join(rules)})")
            if not rules[key].ok(value):
                raise ConfigError(f"{path}: [{section}] {key} = {_show(value)}: expected "
                                  f"{rules[key].expected}")


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, bool) else str(value).lower()
    return text if len(text) <= 60 else text[:57] + "…"


def load_config(path: str | Path | None = None, corpus: str | Path | None = None,
                index: str | Path | None = None) -> Config:
    """Read config.toml (or `path`); a missing default file means defaults relative to the cwd."""
    explicit = path is not None
    path = Path(path) if explicit else DEFAULT_CONFIG
    data: dict = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"{path}: not valid TOML ({e})") from None
        except OSError as e:
            raise ConfigError(f"{path}: cannot read ({e.strerror})") from None
    elif explicit:
        raise ConfigError(f"config file not found: {path}")
    validate(data, path)
    base = path.resolve().parent if path.exists() else Path.cwd()

    paths, emb, chunking = data.get("paths", {}), data.get("embedding", {}), data.get("chunking", {})
    ingest, search, tg = data.get("ingest", {}), data.get("search", {}), data.get("telegram", {})
    defaults, tg_defaults = Config(Path(), Path()), TelegramConfig()
    cfg = Config(
        corpus_dir=Path(corpus) if corpus else base / paths.get("corpus", "corpus"),
        index_dir=Path(index) if index else base / paths.get("index", "data/index"),
        model=emb.get("model", defaults.model),
        batch_size=emb.get("batch_size", defaults.batch_size),
        max_seq_length=emb.get("max_seq_length"),
        query_threads=emb.get("query_threads", defaults.query_threads),
        model_cache=base / emb.get("cache", "data/models"),
        chunk_size=chunking.get("size", defaults.chunk_size),
        chunk_overlap=chunking.get("overlap", defaults.chunk_overlap),
        **{k: ingest.get(k, getattr(defaults, k)) for k in SCHEMA["ingest"]},
        candidates=search.get("candidates", defaults.candidates),
        telegram=TelegramConfig(**{k: tg.get(k, getattr(tg_defaults, k)) for k in SCHEMA["telegram"]}),
        vectors=VectorSettings(**data.get("vectors", {})),
        source=path if path.exists() else None,
    )
    if cfg.chunk_overlap >= cfg.chunk_size:
        raise ConfigError(f"{path}: [chunking] overlap = {cfg.chunk_overlap}: expected less than "
                          f"size ({cfg.chunk_size})")
    return cfg
