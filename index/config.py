"""Configuration: config.toml, overridden by command-line options. Paths resolve against the file's folder."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError

DEFAULT_CONFIG = Path("config.toml")


@dataclass
class TelegramConfig:
    allowed_users: list[int] = field(default_factory=list)
    allowed_chats: list[int] = field(default_factory=list)
    admins: list[int] = field(default_factory=list)
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    rate_limit_per_minute: int = 20
    max_upload_mb: float = 20


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
class Config:
    corpus_dir: Path
    index_dir: Path
    model: str = "m3e-small"
    batch_size: int = 32
    max_seq_length: int | None = None  # tokens the model reads per chunk; None: the model's own limit
    chunk_size: int = 300
    chunk_overlap: int = 60
    max_file_mb: float = 50
    candidates: int = 30
    telegram: TelegramConfig = field(default_factory=TelegramConfig)
    vectors: VectorSettings = field(default_factory=VectorSettings)
    source: Path | None = None  # the file this came from, for messages

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def _section(data: dict, name: str) -> dict:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"[{name}] must be a table")
    return value


def _ids(table: dict, key: str) -> list[int]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, int) for v in value):
        raise ConfigError(f"[telegram] {key} must be a list of numeric ids, e.g. [123456789]")
    return list(value)


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
    elif explicit:
        raise ConfigError(f"config file not found: {path}")
    base = path.resolve().parent if path.exists() else Path.cwd()

    paths = _section(data, "paths")
    emb = _section(data, "embedding")
    chunking = _section(data, "chunking")
    ingest = _section(data, "ingest")
    search = _section(data, "search")
    tg = _section(data, "telegram")
    vectors = _section(data, "vectors")
    try:
        cfg = Config(
            corpus_dir=Path(corpus) if corpus else base / paths.get("corpus", "corpus"),
            index_dir=Path(index) if index else base / paths.get("index", "data/index"),
            model=str(emb.get("model", "m3e-small")),
            batch_size=int(emb.get("batch_size", 32)),
            max_seq_length=int(emb["max_seq_length"]) if emb.get("max_seq_length") else None,
            chunk_size=int(chunking.get("size", 300)),
            chunk_overlap=int(chunking.get("overlap", 60)),
            max_file_mb=float(ingest.get("max_file_mb", 50)),
            candidates=int(search.get("candidates", 30)),
            telegram=TelegramConfig(
                allowed_users=_ids(tg, "allowed_users"),
                allowed_chats=_ids(tg, "allowed_chats"),
                admins=_ids(tg, "admins"),
                base_url=str(tg.get("base_url", TelegramConfig.base_url)),
                base_file_url=str(tg.get("base_file_url", TelegramConfig.base_file_url)),
                rate_limit_per_minute=int(tg.get("rate_limit_per_minute", 20)),
                max_upload_mb=float(tg.get("max_upload_mb", 20)),
            ),
            vectors=VectorSettings(**vectors),
            source=path if path.exists() else None,
        )
    except (TypeError, ValueError) as e:
        raise ConfigError(f"{path}: {e}") from None
    if cfg.chunk_overlap >= cfg.chunk_size or cfg.chunk_size < 50:
        raise ConfigError(f"{path}: [chunking] needs size >= 50 and overlap < size")
    return cfg
