"""Adding and removing reports: what the bot's upload and /delete do (and the CLI can reuse).

add_report checks a file before it can touch corpus/: a safe name, a supported type, the size
limit, content not already there, and that it reads (inspect_isolated: in a child process bounded in
time and memory, see sandbox.py). Only then is it written into corpus/ atomically and indexed
incrementally. The staged copy lives in corpus/.incoming-*; those folders are swept at start-up and
after every upload, so a killed upload leaves nothing for long. delete_report finds one report by any part of its
title or file name, removes the file (and its .toml sidecar) and re-indexes.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import threading
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .config import Config
from .errors import ReportQAError, UnreadableFile
from .sandbox import inspect_isolated

log = logging.getLogger(__name__)

SUFFIXES = (".pdf", ".docx", ".txt", ".md")
# File systems allow 255 bytes a name; UTF-8 Chinese takes 3 a character. Leave room for the
# metadata sidecar "<name>.toml" beside a report.
MAX_NAME_BYTES = 255 - len(".toml")
STAGING = ".incoming-"

_lock = threading.Lock()  # one add or delete at a time: duplicate checks and writes stay consistent


class UploadRejected(ReportQAError):
    """An uploaded file was refused before reaching corpus/ (name, type, size or content)."""


class ReportNotFound(ReportQAError):
    """No report matches the given title or file name."""


class AmbiguousReport(ReportQAError):
    """More than one report matches; the message lists them."""

    def __init__(self, query: str, candidates: list[str]):
        self.candidates = candidates
        shown = "; ".join(candidates[:10]) + (f"; … {len(candidates) - 10} more"
                                              if len(candidates) > 10 else "")
        super().__init__(f"'{query}' matches {len(candidates)} reports, be more specific: {shown}")
        self.details = {"query": query, "candidates": candidates}


@dataclass
class AddResult:
    filename: str  # the name stored in corpus/
    info: dict[str, Any] = field(default_factory=dict)  # inspect_file: title, region, org, year, kind, figures
    duplicate_of: str | None = None  # set when the same content is already in corpus/: nothing was done
    replaced: bool = False  # a file of that name existed with other content and was replaced
    summary: Any = None  # the BuildSummary of the re-index

    def to_text(self) -> str:
        if self.duplicate_of:
            return f"{self.filename}: already in corpus as {self.duplicate_of}; nothing changed"
        i = self.info
        what = ", ".join(f"{k} {i[k]}" for k in ("region", "org", "year", "kind") if i.get(k))
        verb = "replaced" if self.replaced else "added"
        return (f"{verb} {self.filename}: {i.get('title') or self.filename}"
                f"{' (' + what + ')' if what else ''}, {i.get('figures', 0)} figures")


@dataclass
class DeleteResult:
    filename: str
    title: str
    summary: Any = None


def safe_filename(name: str) -> str:
    """A file name safe to create in corpus/: the last path component only, no control characters,
    no leading dots or spaces, Chinese kept, a supported suffix. Raises UploadRejected."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]  # basename, whichever separator the sender used
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")  # control, format chars
    name = re.sub(r'[<>:"|?*]', "_", name)  # characters Windows and shells choke on
    name = re.sub(r"\s+", " ", name).strip().lstrip(". ").rstrip(". ")
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem.strip(". "):
        raise UploadRejected(f"'{_show(name)}' has no usable name or type; send a "
                             f"{'/'.join(SUFFIXES)} file", kind="no_name", name=_show(name))
    suffix = "." + suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadRejected(f"'{_show(name)}': {suffix} files are not supported; send "
                             f"{', '.join(SUFFIXES)}", kind="unsupported", name=_show(name), suffix=suffix)
    stem = cut_utf8(stem.strip(". "), MAX_NAME_BYTES - len(suffix.encode())).rstrip(". ")
    return stem + suffix


def cut_utf8(text: str, max_bytes: int) -> str:
    """The longest prefix of `text` that is at most `max_bytes` in UTF-8 (never half a character)."""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")


def check_size(name: str, size: int | None, limit_mb: float) -> None:
    """UploadRejected for an empty file or one over the upload limit (size None: not known yet)."""
    if size is not None and size > limit_mb * 1024 * 1024:
        raise UploadRejected(f"{name} is {size / 1024 / 1024:.1f} MB; the limit is {limit_mb:g} MB",
                             kind="too_big", name=name, size_mb=round(size / 1024 / 1024, 1), limit_mb=limit_mb)
    if size == 0:
        raise UploadRejected(f"{name} is empty", kind="empty", name=name)


def _show(name: str) -> str:
    return name if len(name) <= 60 else name[:57] + "…"


def _sha256(data: bytes | Path) -> str:
    h = hashlib.sha256()
    if isinstance(data, Path):
        with open(data, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    else:
        h.update(data)
    return h.hexdigest()


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Report files in corpus/ (as build_index sees them: hidden files and folders excluded)."""
    if not corpus_dir.is_dir():
        return []
    return sorted(p for p in corpus_dir.rglob("*")
                  if p.is_file() and p.suffix.lower() in SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts))


def find_duplicate(corpus_dir: Path, digest: str) -> Path | None:
    """The corpus file with exactly this content, if any."""
    for path in corpus_files(corpus_dir):
        if _sha256(path) == digest:
            return path
    return None


def add_report(config: Config, data: bytes | Path, filename: str, index: bool = True) -> AddResult:
    """Store an uploaded report in corpus/ and index it. `data` is the file's bytes or a path to a
    temporary copy. Raises UploadRejected (name, type, size), UnreadableFile (cannot be read; the
    corpus and the index are left as they were)."""
    name = safe_filename(filename)
    check_size(name, data.stat().st_size if isinstance(data, Path) else len(data),
               config.telegram.max_upload_mb)
    corpus = config.corpus_dir
    corpus.mkdir(parents=True, exist_ok=True)
    digest = _sha256(data)
    with _lock:
        dup = find_duplicate(corpus, digest)
        if dup is not None:
            return AddResult(name, duplicate_of=str(dup.relative_to(corpus)))
        target = corpus / name
        # Staged under a hidden name in corpus/ (same file system, so the final rename is atomic;
        # build_index ignores hidden files), read with its real name so titles come out right.
        stage_dir = corpus / f"{STAGING}{uuid.uuid4().hex}"
        try:
            stage_dir.mkdir()
            staged = stage_dir / name
            staged.write_bytes(data.read_bytes() if isinstance(data, Path) else data)
            try:
                info = inspect_isolated(staged, config)
            except UnreadableFile as e:
                raise UnreadableFile(_reason(e, staged.name), **e.details) from None
            replaced = target.exists()
            os.replace(staged, target)
        except OSError as e:  # disk full, permissions: one line, and corpus/ stays as it was
            raise UploadRejected(f"{name}: cannot be stored in {corpus} ({e.strerror})",
                                 kind="cannot_store", name=name) from None
        finally:
            shutil.rmtree(stage_dir, ignore_errors=True)
            sweep_staging(corpus)  # and any folder a killed upload left
    result = AddResult(name, info=info, replaced=replaced)
    if index:
        from .build import build_index
        result.summary = build_index(config)
    return result


def sweep_staging(corpus_dir: Path) -> list[str]:
    """Remove corpus/.incoming-* folders (staged uploads). Called with no upload in flight: at
    start-up and at the end of add_report, which holds the upload lock."""
    swept = []
    for leftover in corpus_dir.glob(f"{STAGING}*") if corpus_dir.is_dir() else []:
        shutil.rmtree(leftover, ignore_errors=True)
        swept.append(leftover.name)
    if swept:
        log.info("removed %d staged upload folder(s) from %s", len(swept), corpus_dir)
    return swept


def _reason(error: Exception, name: str) -> str:
    text = str(error).strip() or "cannot be read"
    return text if text.startswith(name) else f"{name}: {text}"


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


def find_reports(query: str, reports: Iterable[dict]) -> list[dict]:
    """Reports whose title or file name matches `query`: an exact title or file name wins,
    otherwise every report containing it (case, width and spaces ignored)."""
    q = _norm(query)
    if not q:
        return []
    reports = list(reports)
    exact = [r for r in reports if q in (_norm(r.get("title", "")), _norm(r.get("source", "")),
                                         _norm(Path(str(r.get("source", ""))).stem))]
    if exact:
        return exact
    return [r for r in reports
            if q in _norm(r.get("title", "")) or q in _norm(r.get("source", ""))]


def resolve_report(query: str, reports: Iterable[dict]) -> dict:
    """Exactly one report for `query`, or ReportNotFound / AmbiguousReport."""
    found = find_reports(query, reports)
    if not found:
        raise ReportNotFound(f"no report matches '{query}'", query=query)
    if len(found) > 1:
        raise AmbiguousReport(query, [f"{r.get('title') or r['source']} ({r['source']})"
                                      for r in found])
    return found[0]


def delete_report(config: Config, query: str, reports: Iterable[dict] | None = None,
                  index: bool = True) -> DeleteResult:
    """Remove the report matching `query` (any part of its title or file name) from corpus/ and
    the index. `reports` is the index's report list (engine.reports(), for titles); without it,
    only file names in corpus/ are matched."""
    corpus = config.corpus_dir
    on_disk = [{"title": "", "source": str(p.relative_to(corpus))} for p in corpus_files(corpus)]
    if reports is not None:
        known = {r["source"] for r in reports if "source" in r}
        reports = [r for r in reports if (corpus / r["source"]).exists()] + \
                  [r for r in on_disk if r["source"] not in known]
    else:
        reports = on_disk
    with _lock:
        report = resolve_report(query, reports)
        path = (corpus / report["source"]).resolve()
        if corpus.resolve() not in path.parents:  # never outside corpus/, whatever the index says
            raise ReportNotFound(f"no report matches '{query}'", query=query)
        path.unlink(missing_ok=True)
        side = path.with_name(path.name + ".toml")
        side.unlink(missing_ok=True)
    result = DeleteResult(report["source"], report.get("title") or report["source"])
    if index:
        from .build import build_index
        result.summary = build_index(config)
    return result
