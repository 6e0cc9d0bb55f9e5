#!/usr/bin/env python
"""The bare encoder, measured on the same inputs as a benchmark, so its figures read as ratios.

On a shared machine absolute times move with the load; the encoder is the floor everything else is
compared with. The other benchmarks import these functions (bench_qa, bench_index) or run this
script in a subprocess beside theirs (bench_scale):

    question_encode_ms  the query encoder (what `ask` uses: ONNX, one thread) on each question
    encode_rate         the index encoder (sentence-transformers, all cores) on the index's chunk texts

Example:
    .venv/bin/python scripts/bench_encoder.py --index data/index --questions tests/data/qa.jsonl
"""
from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.config import Config, load_config  # noqa: E402
from index.location import DB_NAME, require_generation  # noqa: E402


def chunk_texts(config: Config, sample: int | None = None) -> list[str]:
    """The texts the build embedded for each chunk (Prepared.search_texts), optionally a random sample."""
    db = sqlite3.connect(require_generation(config.index_dir) / DB_NAME)
    rows = db.execute("SELECT d.title, c.section, c.text FROM chunks c JOIN documents d ON d.id = c.doc_id "
                      "ORDER BY c.id").fetchall()
    db.close()
    texts = [f"{title} {section}\n{text}" for title, section, text in rows]
    if sample and len(texts) > sample:
        texts = random.Random(0).sample(texts, sample)
    return texts


def question_encode_ms(embedder, questions: list[str]) -> list[float]:
    """Milliseconds to encode each question alone, as a question is encoded when asked (warm)."""
    embedder.embed(["预热"])
    times = []
    for q in questions:
        t = time.perf_counter()
        embedder.embed([q])
        times.append((time.perf_counter() - t) * 1000)
    return times


def encode_rate(config: Config, texts: list[str]) -> float:
    """Chunks per second of the index encoder (model loaded first, not timed) on these texts."""
    from index.embedder import get_embedder

    embedder = get_embedder(config.model, config.batch_size, config.max_seq_length)
    embedder.embed(texts[:2])
    t = time.perf_counter()
    embedder.embed(texts)
    return len(texts) / (time.perf_counter() - t)


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default=str(ROOT / "config.toml"))
    parser.add_argument("--index", required=True, help="a built index folder")
    parser.add_argument("--questions", help="JSON Lines with a 'q' field: time the query encoder on them")
    parser.add_argument("--sample", type=int, default=None,
                        help="time the index encoder on this many random chunk texts (default: all)")
    parser.add_argument("--no-chunks", action="store_true", help="skip the index encoder")
    args = parser.parse_args()
    config = load_config(args.config, index=args.index)
    result: dict = {}
    if args.questions:
        from index.search import LiveIndex

        lines = Path(args.questions).read_text(encoding="utf-8").splitlines()
        questions = [json.loads(line)["q"] for line in lines if line.strip()]
        result["encode_ms_p50"], result["encode_ms_p95"] = percentiles(
            question_encode_ms(LiveIndex(config).embedder, questions))
    if not args.no_chunks:
        texts = chunk_texts(config, args.sample)
        result["encoder_chunks"] = len(texts)
        result["encoder_chunks_per_s"] = encode_rate(config, texts)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
