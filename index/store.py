"""The SQLite database: documents, chunks, figures and their full-text indexes. It owns its tables.

Full-text search runs on jieba-segmented text stored in FTS5 tables whose rowid is the chunk or figure
id, so 2-character Chinese terms ("编制", "三公") are whole tokens and lookups use the FTS index.
"""
from __future__ import annotations

import math
import sqlite3
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from .errors import NoIndex
from .recent import RecentReports
from .tokens import bigrams, fts_query, tokenize

if TYPE_CHECKING:  # imported only by a writer that migrates: readers start without it
    import sqlite_utils


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")  # readers keep answering while a re-index writes
    conn.execute("PRAGMA busy_timeout=10000")
    conn.row_factory = sqlite3.Row
    return conn


# -- schema migrations ---------------------------------------------------------------------------
# Migration n brings a database from schema version n-1 to n. Append new ones; never edit a shipped
# one: an index built by an older reportqa is upgraded in place on its next `reportqa index`, so a
# schema change no longer costs a full re-embed.

def _create_tables(db: sqlite_utils.Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["documents"].create({
        "id": int, "source": str, "hash": str, "size": int, "stamp": str, "title": str, "region": str,
        "org": str, "year": int, "kind": str, "chunks": int, "figures": int, "indexed_at": str,
    }, pk="id")
    db["documents"].create_index(["source"], unique=True)
    db["chunks"].create({
        "id": int, "doc_id": int, "seq": int, "section": str, "start": int, "end": int,
        "text": str,
    }, pk="id", foreign_keys=[("doc_id", "documents", "id")])
    db["chunks"].create_index(["doc_id"])
    db["figures"].create({
        "id": int, "doc_id": int, "chunk_id": int, "section": str, "label": str,
        "value_text": str, "value": float, "unit": str, "qualifier": str, "year": int,
        "sentence": str, "sent_start": int, "sent_end": int, "start": int, "end": int,
    }, pk="id", foreign_keys=[("doc_id", "documents", "id")])
    db["figures"].create_index(["doc_id", "start"])
    db["figures"].create_index(["chunk_id"])
    # Document frequency of label bigrams, so rare words ("三公") outweigh common ones ("支出").
    db["label_grams"].create({"gram": str, "df": int}, pk="gram")
    db.execute("CREATE VIRTUAL TABLE chunks_fts USING fts5(tokens)")
    # Per-term document counts, so a query can drop terms that are in most chunks ("支出").
    db.execute("CREATE VIRTUAL TABLE chunks_vocab USING fts5vocab(chunks_fts, row)")
    db.execute("CREATE VIRTUAL TABLE figures_fts USING fts5(tokens)")


def _name_vectors_by_backend(db: sqlite_utils.Database) -> None:
    """The vectors need not be a FAISS file any more (index/vectors.py): the meta row that names
    them becomes "vectors", and indexes built before the choice existed were FAISS."""
    db.execute("UPDATE meta SET key = 'vectors' WHERE key = 'faiss'")
    db.execute("INSERT INTO meta (key, value) SELECT 'vector_backend', 'faiss' "
               "WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'vectors')")


Migration = Callable[["sqlite_utils.Database"], None]
MIGRATIONS: list[Migration] = [_create_tables, _name_vectors_by_backend]
SCHEMA_VERSION = len(MIGRATIONS)
# Rows a reading Store keeps between questions (recent.py): ~1-2 KB a figure, a few KB a chunk's words.
KEPT_FIGURES = 20_000
KEPT_CHUNKS = 5_000


class Store:
    def __init__(self, path: Path, readonly: bool = False, migrations: list[Migration] = MIGRATIONS):
        """Open a database; a writer first brings it up to date with `migrations`."""
        self.path = path
        self.conn = connect(path, readonly)
        # Only a reader keeps rows: it learns of every change from data_version (another connection's
        # commit), while a writer's own commits would not change it.
        self._figures = RecentReports(KEPT_FIGURES) if readonly else None
        self._chunk_words = RecentReports(KEPT_CHUNKS) if readonly else None
        self._chunk_total: tuple[int, int] | None = None  # (data_version, count)
        try:
            if not readonly:
                self.migrate(migrations)
            elif self.schema_version() != len(migrations):  # readers never write, so cannot upgrade
                version = self.schema_version()
                raise NoIndex(f"the index at {path.parent} has schema version {version}, this reportqa "
                              f"reads {len(migrations)}: run `reportqa index` to upgrade it"
                              + (" (in place, nothing is re-embedded)" if version < len(migrations) else ""))
        except BaseException:
            self.conn.close()
            raise

    def close(self) -> None:
        self.conn.close()

    # -- schema ---------------------------------------------------------------------------------
    def schema_version(self) -> int:
        """0 for an empty database; otherwise the number of migrations applied."""
        has_meta = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        return int(self.get_meta("schema_version", "0")) if has_meta else 0

    def migrate(self, migrations: list[Migration] = MIGRATIONS) -> int:
        """Apply each migration newer than the database, in order, in one transaction (all or none).
        Returns the schema version reached."""
        target = len(migrations)
        if self.schema_version() == target:
            return target  # the common case: no write lock taken
        import sqlite_utils  # table creation helpers, for migrations only

        db = sqlite_utils.Database(self.conn)
        self.conn.execute("BEGIN IMMEDIATE")  # also keeps a second process from migrating at once
        try:
            version = self.schema_version()
            if version > target:
                raise NoIndex(f"the index at {self.path.parent} was built by a newer reportqa "
                              f"(schema {version}, this one knows {target})")
            for number, step in enumerate(migrations[version:], version + 1):
                step(db)
                self.set_meta("schema_version", str(number))
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise
        return target

    # -- meta -----------------------------------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def data_version(self) -> int:
        """Changes whenever another connection commits: readers' cheap "did a build write?" check."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file (a finished build leaves one file)."""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- documents ------------------------------------------------------------------------------
    def document_versions(self) -> dict[str, tuple[str, str]]:
        """(content hash, size+mtime stamp) of every indexed source: what a build compares files with."""
        return {r[0]: (r[1], r[2]) for r in self.conn.execute("SELECT source, hash, stamp FROM documents")}

    def report_metadata(self) -> list[dict]:
        """id, title, source, region, org, year and kind of every report: what questions are matched to."""
        return [dict(r) for r in self.conn.execute(
            "SELECT id, title, source, region, org, year, kind FROM documents")]

    def report_summaries(self) -> list[dict]:
        """Every report with its metadata and chunk and figure counts, by file name: the listing."""
        return [dict(r) for r in self.conn.execute(
            "SELECT title, source, region, org, year, kind, chunks, figures FROM documents ORDER BY source")]

    def figure_listing(self, report: str | None = None) -> list[dict]:
        """Figures with their report's title (doc) and source, in text order; `report` keeps only the
        reports whose title or file name contains it."""
        sql = ("SELECT d.title AS doc, d.source, g.section, g.label, g.value_text, g.value, g.unit, "
               "g.qualifier, g.year, g.sentence FROM figures g JOIN documents d ON d.id = g.doc_id")
        params: list = []
        if report:
            sql += " WHERE instr(d.title, ?) > 0 OR instr(d.source, ?) > 0"
            params = [report, report]
        sql += " ORDER BY d.source, g.start"
        return [dict(r) for r in self.conn.execute(sql, params)]

    def set_stamps(self, stamps: dict[str, str]) -> None:
        self.conn.executemany("UPDATE documents SET stamp = ? WHERE source = ?",
                              [(stamp, source) for source, stamp in stamps.items()])

    def delete_document(self, source: str) -> list[int]:
        """Remove a document's rows; returns its chunk ids so the caller can drop their vectors."""
        row = self.conn.execute("SELECT id FROM documents WHERE source = ?", (source,)).fetchone()
        if row is None:
            return []
        doc_id = row[0]
        chunk_ids = [r[0] for r in self.conn.execute("SELECT id FROM chunks WHERE doc_id = ?", (doc_id,))]
        fig_ids = [r[0] for r in self.conn.execute("SELECT id FROM figures WHERE doc_id = ?", (doc_id,))]
        self.conn.executemany("DELETE FROM chunks_fts WHERE rowid = ?", [(i,) for i in chunk_ids])
        self.conn.executemany("DELETE FROM figures_fts WHERE rowid = ?", [(i,) for i in fig_ids])
        labels = [r[0] for r in self.conn.execute("SELECT label FROM figures WHERE doc_id = ?", (doc_id,))]
        self._count_grams(labels, -1)
        self.conn.execute("DELETE FROM figures WHERE doc_id = ?", (doc_id,))
        self.conn.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
        self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        return chunk_ids

    def insert_document(self, doc: dict, chunks: list[dict], figures: list[dict],
                        chunk_search_text: list[str]) -> list[int]:
        """Insert one document with its chunks and figures; returns the new chunk ids in order.

        figures[i]["chunk_seq"] names the chunk by its position; it becomes chunk_id here.
        """
        cur = self.conn.execute(
            "INSERT INTO documents (source, hash, size, stamp, title, region, org, year, kind, chunks,"
            " figures, indexed_at) VALUES (:source, :hash, :size, :stamp, :title, :region, :org, :year, :kind, :chunks,"
            " :figures, datetime('now'))", doc,
        )
        doc_id = cur.lastrowid
        chunk_ids: list[int] = []
        for chunk, search_text in zip(chunks, chunk_search_text):
            cur = self.conn.execute(
                "INSERT INTO chunks (doc_id, seq, section, start, end, text) VALUES (?, ?, ?, ?, ?, ?)",
                (doc_id, chunk["seq"], chunk["section"], chunk["start"], chunk["end"], chunk["text"]),
            )
            chunk_ids.append(cur.lastrowid)
            self.conn.execute("INSERT INTO chunks_fts (rowid, tokens) VALUES (?, ?)",
                              (cur.lastrowid, " ".join(tokenize(search_text))))
        for fig in figures:
            row = {k: v for k, v in fig.items() if k != "chunk_seq"}
            seq = fig.get("chunk_seq")
            row["chunk_id"] = chunk_ids[seq] if seq is not None else None
            row["doc_id"] = doc_id
            cols = ", ".join(row)
            cur = self.conn.execute(
                f"INSERT INTO figures ({cols}) VALUES ({', '.join(':' + c for c in row)})", row
            )
            self.conn.execute("INSERT INTO figures_fts (rowid, tokens) VALUES (?, ?)",
                              (cur.lastrowid, " ".join(tokenize(fig["label"]))))
        self._count_grams([f["label"] for f in figures], +1)
        return chunk_ids

    def _count_grams(self, labels: list[str], sign: int) -> None:
        counts = Counter(g for label in labels for g in bigrams(label))
        self.conn.executemany(
            "INSERT INTO label_grams (gram, df) VALUES (?, ?) "
            "ON CONFLICT(gram) DO UPDATE SET df = df + excluded.df",
            [(g, sign * n) for g, n in counts.items()],
        )

    def label_gram_df(self) -> tuple[dict[str, int], int]:
        """Bigram document frequencies over figure labels, and the number of figures."""
        df = {r[0]: r[1] for r in self.conn.execute("SELECT gram, df FROM label_grams WHERE df > 0")}
        total = self.conn.execute("SELECT count(*) FROM figures").fetchone()[0]
        return df, total

    # -- lookups --------------------------------------------------------------------------------
    def selective_terms(self, terms: list[str], share: float = 0.2) -> list[str]:
        """Drop terms found in more than `share` of all chunks ("支出", "部门"): they match most of a
        large corpus, cost a full posting-list walk each, and rank nothing. Keeps at least one term."""
        if len(terms) <= 1:
            return terms
        total, counts = self.term_counts(terms)
        kept = [t for t in terms if counts.get(t, 0) <= share * total]
        return kept or [min(terms, key=lambda t: counts.get(t, 0))]

    def term_counts(self, terms: list[str]) -> tuple[int, dict[str, int]]:
        """Number of chunks, and in how many chunks each term occurs (fts5vocab: index lookups)."""
        total = self._count_chunks()
        counts = dict(self.conn.execute(
            f"SELECT term, doc FROM chunks_vocab WHERE term IN ({','.join('?' * len(terms))})", terms))
        return total, counts

    def search_chunks(self, terms: list[str], limit: int,
                      doc_ids: list[int] | None = None) -> list[tuple[int, float]]:
        """(chunk id, score; higher is better) for chunks matching any term: FTS5 bm25 over the
        corpus, or, within a few reports, a tf-idf ranking of just their chunks (an FTS MATCH would
        walk every posting list of the corpus before filtering by report)."""
        if not terms:
            return []
        if doc_ids is not None and len(doc_ids) <= 40:
            return self._rank_in_docs(terms, doc_ids, limit)
        terms = self.selective_terms(terms)
        sql = "SELECT f.rowid, -bm25(chunks_fts) FROM chunks_fts f"
        params: list = []
        if doc_ids is not None:
            sql += f" JOIN chunks c ON c.id = f.rowid AND c.doc_id IN ({','.join('?' * len(doc_ids))})"
            params += doc_ids
        sql += " WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts) LIMIT ?"
        params += [fts_query(terms), limit]
        return [(r[0], r[1]) for r in self.conn.execute(sql, params)]

    def _rank_in_docs(self, terms: list[str], doc_ids: list[int], limit: int) -> list[tuple[int, float]]:
        return self.rank_in_doc_groups(terms, [doc_ids], limit)[0]

    def rank_in_doc_groups(self, terms: list[str], groups: list[list[int]],
                           limit: int) -> list[list[tuple[int, float]]]:
        """search_chunks within each group of a few reports, for many groups with one read of their
        chunks (a ranking's departments): the same tf-idf ranking, per group, best first."""
        if not terms:
            return [[] for _ in groups]
        total, counts = self.term_counts(terms)
        idf = {t: math.log((total + 1) / (counts.get(t, 0) + 1)) + 1 for t in terms}
        doc_ids = sorted({d for g in groups for d in g})
        if not doc_ids:
            return [[] for _ in groups]
        by_doc: dict[int, list[tuple[int, float]]] = {}
        words_of = self._per_report(self._chunk_words, doc_ids, self._read_chunk_words)
        for doc_id in doc_ids:
            for rowid, words in words_of[doc_id]:
                score = sum(idf[t] * words[t] / (words[t] + 1.2) for t in terms if t in words)
                if score > 0:
                    by_doc.setdefault(doc_id, []).append((rowid, score))
        ranked = []
        for group in groups:
            scored = [r for d in sorted(set(group)) for r in by_doc.get(d, ())]
            scored.sort(key=lambda r: r[1], reverse=True)  # stable: ties stay in (report, chunk) order
            ranked.append(scored[:limit])
        return ranked

    def _read_chunk_words(self, doc_ids: list[int]) -> dict[int, list[tuple[int, Counter]]]:
        """Each report's chunks in order, as (chunk id, how often each full-text word occurs)."""
        by_doc: dict[int, list[tuple[int, Counter]]] = {}
        for doc_id, rowid, tokens in self.conn.execute(
                "SELECT c.doc_id, f.rowid, f.tokens FROM chunks c JOIN chunks_fts f ON f.rowid = c.id "
                f"WHERE c.doc_id IN ({','.join('?' * len(doc_ids))}) ORDER BY c.doc_id, c.id", doc_ids):
            by_doc.setdefault(doc_id, []).append((rowid, Counter(tokens.split())))
        return by_doc

    def _per_report(self, kept: RecentReports | None, doc_ids: list[int], read) -> dict[int, list]:
        """read(doc_ids) → doc id → rows, through the rows a reader keeps (recent.py)."""
        if kept is None:
            rows = read(doc_ids)
            return {d: rows.get(d, []) for d in doc_ids}
        return kept.rows(self.data_version(), doc_ids, read)

    def _count_chunks(self) -> int:
        if self._figures is None:  # a writer: no version to trust
            return self.conn.execute("SELECT count(*) FROM chunks").fetchone()[0] or 1
        version, kept = self.data_version(), self._chunk_total
        if kept is None or kept[0] != version:
            total = self.conn.execute("SELECT count(*) FROM chunks").fetchone()[0] or 1
            kept = self._chunk_total = (version, total)
        return kept[1]

    def chunk_docs(self, doc_ids: list[int]) -> dict[int, int]:
        """chunk id → report id, for every chunk of these reports."""
        if not doc_ids:
            return {}
        return dict(self.conn.execute(
            f"SELECT id, doc_id FROM chunks WHERE doc_id IN ({','.join('?' * len(doc_ids))})", doc_ids))

    def chunk_ids_of(self, doc_ids: list[int]) -> list[int]:
        return [r[0] for r in self.conn.execute(
            f"SELECT id FROM chunks WHERE doc_id IN ({','.join('?' * len(doc_ids))})", doc_ids)]

    def search_figure_ids(self, terms: list[str], doc_ids: Iterable[int] | None, limit: int) -> list[int]:
        """Figure ids whose label matches any term, best first, optionally within some documents."""
        if not terms:
            return []
        sql = ("SELECT f.rowid FROM figures_fts f JOIN figures g ON g.id = f.rowid "
               "WHERE figures_fts MATCH ?")
        params: list = [fts_query(terms)]
        if doc_ids is not None:
            ids = list(doc_ids)
            sql += f" AND g.doc_id IN ({','.join('?' * len(ids))})"
            params += ids
        sql += " ORDER BY bm25(figures_fts) LIMIT ?"
        params.append(limit)
        return [r[0] for r in self.conn.execute(sql, params)]

    def chunks_by_id(self, ids: list[int]) -> dict[int, sqlite3.Row]:
        if not ids:
            return {}
        rows = self.conn.execute(
            f"SELECT c.*, d.title, d.source FROM chunks c JOIN documents d ON d.id = c.doc_id "
            f"WHERE c.id IN ({','.join('?' * len(ids))})", ids,
        ).fetchall()
        return {r["id"]: r for r in rows}

    def figures_by_id(self, ids: list[int]) -> list[sqlite3.Row]:
        if not ids:
            return []
        rows = self.conn.execute(
            f"SELECT g.*, d.title AS doc, d.source FROM figures g JOIN documents d ON d.id = g.doc_id "
            f"WHERE g.id IN ({','.join('?' * len(ids))})", ids,
        ).fetchall()
        order = {i: n for n, i in enumerate(ids)}
        return sorted(rows, key=lambda r: order[r["id"]])

    def first_chunk_in_section(self, doc_id: int, section_prefix: str) -> sqlite3.Row | None:
        return self.conn.execute(
            "SELECT c.*, d.title, d.source FROM chunks c JOIN documents d ON d.id = c.doc_id "
            "WHERE c.doc_id = ? AND (c.section = ? OR substr(c.section, 1, ?) = ?) ORDER BY c.seq LIMIT 1",
            (doc_id, section_prefix, len(section_prefix) + 3, section_prefix + " / "),
        ).fetchone()

    def chunks_after(self, doc_id: int, seq: int, n: int) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT c.*, d.title, d.source FROM chunks c JOIN documents d ON d.id = c.doc_id "
            "WHERE c.doc_id = ? AND c.seq > ? ORDER BY c.seq LIMIT ?", (doc_id, seq, n)).fetchall()

    def figures_near(self, doc_id: int, start: int, end: int) -> list[sqlite3.Row]:
        """Figures of one document whose value lies in [start, end), in text order."""
        return self.conn.execute(
            "SELECT g.*, d.title AS doc, d.source FROM figures g JOIN documents d ON d.id = g.doc_id "
            "WHERE g.doc_id = ? AND g.start >= ? AND g.start < ? ORDER BY g.start", (doc_id, start, end),
        ).fetchall()

    def figures_of(self, doc_ids: list[int]) -> list[sqlite3.Row]:
        """Every figure of these reports, by report id and then in text order."""
        if not doc_ids:
            return []
        by_doc = self._per_report(self._figures, sorted(set(doc_ids)), self._read_figures)
        return [row for d in sorted(by_doc) for row in by_doc[d]]

    def _read_figures(self, doc_ids: list[int]) -> dict[int, list[sqlite3.Row]]:
        by_doc: dict[int, list[sqlite3.Row]] = {}
        for row in self.conn.execute(
                f"SELECT g.*, d.title AS doc, d.source FROM figures g JOIN documents d ON d.id = g.doc_id "
                f"WHERE g.doc_id IN ({','.join('?' * len(doc_ids))}) ORDER BY g.doc_id, g.start", doc_ids):
            by_doc.setdefault(row["doc_id"], []).append(row)
        return by_doc

    def figures_mentioning(self, doc_ids: list[int], each_of: list[list[str]] | None) -> list[sqlite3.Row]:
        """figures_of(doc_ids), keeping only figures whose label, sentence or section holds, for every
        list in `each_of`, one of its strings (all figures when None): one query for a ranking's
        every department, the strings matched inside SQLite, not row by row in Python."""
        if not doc_ids:
            return []
        sql = (f"SELECT g.*, d.title AS doc, d.source FROM figures g JOIN documents d ON d.id = g.doc_id "
               f"WHERE g.doc_id IN ({','.join('?' * len(doc_ids))})")
        params: list = list(doc_ids)
        one = "instr(g.label, ?) OR instr(coalesce(g.sentence, ''), ?) OR instr(coalesce(g.section, ''), ?)"
        for forms in each_of or ():
            sql += " AND (" + (" OR ".join([one] * len(forms)) or "0") + ")"
            params += [f for f in forms for _ in range(3)]
        return self.conn.execute(sql + " ORDER BY g.doc_id, g.start", params).fetchall()

    def counts(self) -> dict[str, int]:
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "chunks", "figures")}
