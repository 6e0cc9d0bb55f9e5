"""Export the indexing model's transformer to ONNX once, for the light query path (OnnxEmbedder).

Called by `reportqa index` with the sentence-transformers model it has just used. The export goes to
the model cache ([embedding] cache, default data/models) in a folder named after the model and a
hash of its weights and configuration, so every index built with the same model shares it:

    <cache>/<model>-<hash>/model.onnx       the HF transformer's graph, fp32 (torch's TorchScript exporter)
                          model.onnx.data  its weights, apart from the graph so onnxruntime maps the
                                           file instead of copying them (half the start-up CPU,
                                           one copy in memory, the same vectors bit for bit)
                          tokenizer.json   the fast tokenizer, for the `tokenizers` library
                          manifest.json    pooling, lower-casing, max length, pad token, dimension

Pooling and normalisation are not in the graph: OnnxEmbedder does them in numpy, as the model's
sentence-transformers modules say. Before a folder is published (atomic rename) its vectors are
checked against sentence-transformers' own; a model this cannot reproduce (a Dense layer, an unknown
pooling, an exporter failure) raises ExportImpossible and questions keep using sentence-transformers.
(sentence-transformers' own backend="onnx" needs optimum-onnx, which conflicts with the pinned
transformers; exporting the bare transformer avoids that.)
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from .embedder import MANIFEST, OnnxEmbedder, SentenceTransformerEmbedder

if TYPE_CHECKING:
    from .config import Config
    from .store import Store

log = logging.getLogger(__name__)

POOLINGS = {"mean", "cls", "max"}
MIN_COSINE = 0.9999  # the export must give the same vectors, not similar ones
WEIGHTS = "model.onnx.data"  # the weights, beside the graph (keep_weights_apart)
SAMPLES = ["珠晖区困难职工帮扶支出多少", "一般公共预算财政拨款支出决算数为1234.56万元，比上年增加12.3%。",
           "Hello world", "部门整体支出绩效评价报告 三、（一）\n" + "年度预算执行率为98.5%。" * 40]


class ExportImpossible(Exception):
    """This model cannot be served through the ONNX path; the reason is the message."""


def export_key(embedder: SentenceTransformerEmbedder) -> str:
    """<model>-<hash of weights and configuration>: a new model version gets a new folder."""
    import torch

    model = embedder.model
    h = hashlib.sha256(embedder.name.encode())
    # the module list and how it pools (not max_seq_length: the export serves any length)
    h.update(" ".join(f"{type(m).__name__}:{getattr(m, 'pooling_mode', '')}" for m in model).encode())
    for key, tensor in sorted(model.state_dict().items()):
        h.update(key.encode())
        h.update(tensor.detach().cpu().contiguous().view(-1).view(torch.uint8).numpy().tobytes())
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(embedder.name).name or embedder.name).strip("_") or "model"
    return f"{slug}-{h.hexdigest()[:12]}"


def ensure_export(embedder: SentenceTransformerEmbedder, cache: Path) -> Path:
    """The export folder for this model, written now if the cache does not hold it yet."""
    key = export_key(embedder)
    final = cache / key
    if (final / MANIFEST).exists():
        _weights_apart_if_possible(final)
        return final
    cache.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=cache))
    try:
        _export(embedder, tmp)
        _check(embedder, tmp)
        try:
            tmp.rename(final)
        except OSError:  # another build published the same export first
            if not (final / MANIFEST).exists():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info("exported %s to ONNX at %s", embedder.name, final)
    return final


def _modules(embedder: SentenceTransformerEmbedder):
    """The transformer and pooling modules, or ExportImpossible for any other module layout."""
    modules = list(embedder.model)
    kinds = [type(m).__name__ for m in modules]
    if kinds[:2] != ["Transformer", "Pooling"] or any(k != "Normalize" for k in kinds[2:]):
        raise ExportImpossible(f"modules {' → '.join(kinds)} (only Transformer → Pooling [→ Normalize])")
    transformer, pooling = modules[0], modules[1]
    mode = getattr(pooling, "pooling_mode", None)
    if mode not in POOLINGS:
        raise ExportImpossible(f"pooling {mode!r} (only {', '.join(sorted(POOLINGS))})")
    return transformer, mode


def _export(embedder: SentenceTransformerEmbedder, folder: Path) -> None:
    import torch

    transformer, mode = _modules(embedder)
    hf_tokenizer = transformer.processor
    backend = getattr(hf_tokenizer, "backend_tokenizer", None)
    if backend is None:
        raise ExportImpossible("the tokenizer has no fast (tokenizers) version")
    backend.save(str(folder / "tokenizer.json"))
    sample = hf_tokenizer(SAMPLES[:2], return_tensors="pt", padding=True)
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]

    class Encoder(torch.nn.Module):
        """Keyword arguments in, token embeddings out: the HF model's positional order varies."""

        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, *tensors):
            return self.model(**dict(zip(names, tensors))).last_hidden_state

    axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]}
    try:
        # the tracer warns that a few shape tests (mask padding, causality) are frozen as traced; for
        # an encoder they never vary, and _check compares the vectors with sentence-transformers'.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(Encoder(transformer.model).eval(), tuple(sample[n] for n in names),
                              str(folder / "model.onnx"), input_names=names,
                              output_names=["last_hidden_state"], dynamic_axes=axes, opset_version=17,
                              dynamo=False)
    except Exception as e:  # the exporter raises many kinds; any of them means "not this model"
        raise ExportImpossible(f"torch.onnx.export failed ({type(e).__name__}: {e})") from None
    keep_weights_apart(folder)
    pad_id = hf_tokenizer.pad_token_id if hf_tokenizer.pad_token_id is not None else 0
    manifest = {"model": embedder.name, "dim": embedder.dim, "pooling": mode,
                "do_lower_case": bool(getattr(transformer, "do_lower_case", False)),
                "max_seq_length": embedder.native_max_seq_length, "pad_id": int(pad_id),
                "pad_token": hf_tokenizer.pad_token or "[PAD]"}
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


def keep_weights_apart(folder: Path) -> None:
    """Move the weights out of model.onnx into model.onnx.data, once (an export written before this
    existed is converted in place). onnxruntime then maps that file rather than copying each weight
    out of the graph: its session starts with about half the CPU and the process holds one copy of
    the weights instead of two, for the same vectors bit for bit."""
    if (folder / WEIGHTS).exists():
        return
    import onnx  # index side only, like torch

    model = onnx.load(str(folder / "model.onnx"))
    tmp = Path(tempfile.mkdtemp(prefix=".weights.", dir=folder))
    try:
        onnx.save_model(model, str(tmp / "model.onnx"), save_as_external_data=True,
                        all_tensors_to_one_file=True, location=WEIGHTS, size_threshold=1024)
        # the weights first, then the graph that names them: a reader loads the old graph or the new
        os.replace(tmp / WEIGHTS, folder / WEIGHTS)
        os.replace(tmp / "model.onnx", folder / "model.onnx")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info("ONNX weights of %s kept apart in %s", folder.name, WEIGHTS)


def _weights_apart_if_possible(folder: Path) -> None:
    """keep_weights_apart for an export already in use: if it fails, the export still works as it is."""
    try:
        keep_weights_apart(folder)
    except OSError as e:
        log.warning("ONNX weights of %s stay inside model.onnx (%s)", folder.name, e)


def _check(embedder: SentenceTransformerEmbedder, folder: Path) -> None:
    """The export must reproduce sentence-transformers' vectors before anyone uses it."""
    length = int(embedder.model.max_seq_length)
    got = OnnxEmbedder(folder, max_seq_length=length).embed(SAMPLES)
    want = embedder.embed(SAMPLES)
    cosine = float((got * want).sum(axis=1).min())
    if not cosine >= MIN_COSINE:
        raise ExportImpossible(f"ONNX vectors differ from sentence-transformers' (cosine {cosine:.5f})")


def export_for_queries(config: "Config", embedder: SentenceTransformerEmbedder) -> str:
    """The export folder's name in the model cache, recorded in the index as meta "encoder"; "" when
    this model cannot be exported (questions then use sentence-transformers, said once here)."""
    try:
        return ensure_export(embedder, config.export_cache).name
    except (ExportImpossible, ImportError, OSError) as e:
        log.warning("questions will be encoded with sentence-transformers: cannot export %s to ONNX (%s)",
                    config.model, e)
        return ""


def ensure_query_export(config: "Config", store: "Store") -> None:
    """Give an index without a usable export one (loads the model only then); "" is not retried."""
    name = store.get_meta("encoder")
    if name and (config.export_cache / name / MANIFEST).exists():
        _weights_apart_if_possible(config.export_cache / name)
        return
    if name == "":
        return
    from .embedder import get_embedder

    embedder = get_embedder(config.model, config.batch_size, config.max_seq_length)
    value = export_for_queries(config, embedder)
    with store.conn:
        store.set_meta("encoder", value)
