"""What the answering side reads of the configured model, written into the model cache once: the ONNX
export questions are encoded with (onnx_export.py) and jieba's dictionary as a lookup table
(wordfreq.py). `reportqa index` writes both when it builds; `reportqa prepare` (run by `make install`)
writes them before any index exists, so the first build and the first test run do not pay for them."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .errors import ConfigError

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    export: Path | None  # None: the model cannot be exported (questions use sentence-transformers)
    dictionary: Path


def prepare_model(config: Config) -> Prepared:
    """Export the configured model for questions and write jieba's lookup table, unless the cache has them."""
    from .embedder import get_embedder
    from .onnx_export import export_for_queries
    from .wordfreq import write_dictionary

    try:  # before loading the model: a cache that cannot be written is a setting to fix, in one line
        config.export_cache.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ConfigError(f"[embedding] cache {config.export_cache} cannot be created: {e.strerror or e}") from None
    embedder = get_embedder(config.model, config.batch_size, config.max_seq_length)
    name = export_for_queries(config, embedder)
    return Prepared(export=config.export_cache / name if name else None,
                    dictionary=write_dictionary(config.export_cache))
