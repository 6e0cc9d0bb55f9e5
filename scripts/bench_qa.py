#!/usr/bin/env python
"""Accuracy and warm latency of reportqa's engine against two common baselines, on one question set.

    engine   reportqa's answer engine (engine/answer.py)
    dense    FAISS top-1 chunk, answered with the first number in it (the usual LangChain default)
    lexical  full-text (FTS5, jieba) top-1 chunk, answered with the first number in it

Beside them, the bare query encoder on the same questions in the same process: each question is
encoded alone right before each engine answers it, and every engine's p50 and p95 are divided by
those of the encodes interleaved with its own answers, so the ratios hold on a busy machine whose
load drifts, where the milliseconds do not.

Example:
    .venv/bin/python scripts/bench_qa.py                      # corpus/ + ../shared/real-reports
    .venv/bin/python scripts/bench_qa.py --questions tests/data/qa.jsonl --index data/eval-index
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from engine.answer import Engine  # noqa: E402
from index.config import load_config  # noqa: E402
from engine.evaluate import judge, load_questions  # noqa: E402
from index.numbers import QUANTITY_RE, read_quantity  # noqa: E402
from bench_encoder import percentiles  # noqa: E402


def first_number_answer(question: str, hit) -> dict:
    """What a retrieve-then-take-the-first-number pipeline would answer."""
    if hit is None:
        return {"found": False, "answer": "", "figures": [], "citations": []}
    for match in QUANTITY_RE.finditer(hit.text):
        quantity = read_quantity(match)
        if quantity is None:
            continue
        figure = {"value": quantity.value, "value_text": match.group(0), "unit": quantity.unit,
                  "quote": hit.text, "doc": hit.title, "source": hit.source}
        return {"found": True, "answer": match.group(0), "figures": [figure],
                "citations": [{"doc": hit.title, "source": hit.source, "text": hit.text}]}
    return {"found": False, "answer": "", "figures": [], "citations": []}


def run(name: str, answer_fn, items: list[dict], encoder) -> dict:
    """Accuracy and latency of one engine; before each question, the bare encoder on it (the floor
    at that same moment)."""
    right, times, encodes = [], [], []
    for item in items:
        t = time.perf_counter()
        encoder.embed([item["q"]])
        encodes.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        answer = answer_fn(item["q"])
        times.append((time.perf_counter() - t) * 1000)
        right.append(judge(item, answer)["right"])
    (p50, p95), (e50, e95) = percentiles(times), percentiles(encodes)
    return {"engine": name, "accuracy": sum(right) / len(right), "p50": p50, "p95": p95,
            "encodes": encodes, "encode_p50": e50, "encode_p95": e95}


def build_eval_index(tmp: Path) -> Path:
    corpus = tmp / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    for pdf in (ROOT.parent / "shared" / "real-reports").glob("*.pdf"):
        shutil.copy(pdf, corpus / pdf.name)
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", default=str(ROOT / "tests" / "data" / "qa.jsonl"))
    parser.add_argument("--corpus", help="corpus folder (default: corpus/ + ../shared/real-reports)")
    parser.add_argument("--index", help="an index folder already built for --corpus")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench_qa_"))
    try:
        corpus = Path(args.corpus) if args.corpus else build_eval_index(tmp)
        config = load_config(ROOT / "config.toml", corpus=corpus, index=args.index or tmp / "index")
        if not args.index:
            from index.build import build_index  # the write path, only when there is no index yet

            build_index(config)
        items = load_questions(args.questions)
        engine = Engine(config).load()
        live = engine.index
        encoder = live.embedder  # the floor: the query encoder alone, on the same questions
        for item in items[:5]:  # warm caches the same way for every engine
            engine.ask(item["q"])
        rows = [
            run("reportqa engine", lambda q: engine.ask(q).to_dict(), items, encoder),
            run("dense top-1 + first number",
                lambda q: first_number_answer(q, next(iter(live.search(q, k=1, mode="dense")), None)), items,
                encoder),
            run("lexical top-1 + first number",
                lambda q: first_number_answer(q, next(iter(live.search(q, k=1, mode="lexical")), None)), items,
                encoder),
        ]
        encode_p50, encode_p95 = percentiles([ms for r in rows for ms in r["encodes"]])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(items)} questions from {args.questions}\n")
    print("| engine | accuracy | p50 ms | p95 ms | p50 / encode p50 | p95 / encode p95 |\n|---|---|---|---|---|---|")
    for r in rows:  # each against the encodes interleaved with its own answers
        print(f"| {r['engine']} | {100 * r['accuracy']:.1f}% | {r['p50']:.1f} | {r['p95']:.1f} | "
              f"{r['p50'] / r['encode_p50']:.2f}× | {r['p95'] / r['encode_p95']:.2f}× |")
    print(f"| bare encoder ({type(encoder).__name__}, same questions) | – | {encode_p50:.1f} | {encode_p95:.1f} "
          f"| 1.00× | 1.00× |")


if __name__ == "__main__":
    main()
