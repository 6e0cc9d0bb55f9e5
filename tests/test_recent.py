"""index/recent.py through index/store.py: a reading Store keeps the figures and chunk words of the
reports it was asked about, gives exactly what SQLite gives, forgets them when another connection
commits, and keeps no more rows than its limit. Real index, real SQLite."""
from __future__ import annotations

from index.location import DB_NAME, current_generation
from index.recent import RecentReports
from index.store import Store
from index.tokens import query_terms


def stores(config) -> tuple[Store, Store]:
    """A reader (keeps rows) and a writer (never does) on the same database."""
    db = current_generation(config.index_dir) / DB_NAME
    return Store(db, readonly=True), Store(db)


def test_kept_rows_are_what_sqlite_reads(corpus_index):
    reader, writer = stores(corpus_index)
    try:
        docs = [r["id"] for r in reader.report_metadata()]
        terms = query_terms("困难职工帮扶支出预算")
        for ask in ([docs[0]], [docs[1], docs[0], docs[1]], docs):
            for _ in range(2):  # read, then kept
                assert [tuple(r) for r in reader.figures_of(ask)] == [tuple(r) for r in writer.figures_of(ask)]
                assert reader.search_chunks(terms, 30, ask) == writer.search_chunks(terms, 30, ask)
        assert len(reader.figures_of(docs)) == reader.counts()["figures"] > 30
        assert reader.figures_of([]) == [] and reader.figures_of([10**9]) == []
    finally:
        reader.close()
        writer.close()


def test_another_connections_commit_is_seen_at_once(corpus_copy):
    reader, writer = stores(corpus_copy)
    try:
        doc = reader.report_metadata()[0]
        terms = query_terms("困难职工帮扶支出")
        before = reader.figures_of([doc["id"]])
        assert before and reader.search_chunks(terms, 30, [doc["id"]])
        with writer.conn:
            writer.delete_document(doc["source"])
        assert reader.figures_of([doc["id"]]) == []
        assert reader.search_chunks(terms, 30, [doc["id"]]) == []
    finally:
        reader.close()
        writer.close()


def test_least_recently_asked_reports_are_dropped_first():
    kept = RecentReports(limit=5)
    reads: list[list[int]] = []

    def load(ids):
        reads.append(ids)
        return {d: [d] * 2 for d in ids}  # two rows a report

    assert kept.rows(1, [3, 1], load) == {1: [1, 1], 3: [3, 3]}
    assert kept.rows(1, [1], load) == {1: [1, 1]} and reads == [[1, 3]]  # kept; 1 now the most recent
    kept.rows(1, [2], load)  # 6 rows > 5: report 3, the least recently asked, goes
    assert reads[-1] == [2]
    kept.rows(1, [1, 2], load)
    assert reads[-1] == [2]
    kept.rows(1, [3], load)
    assert reads[-1] == [3]
    kept.rows(2, [3], load)  # a new data version: nothing is trusted
    assert reads[-1] == [3] and len(reads) == 4
