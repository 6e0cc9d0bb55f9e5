"""Listings of what is indexed: reports and their figures, for the CLI and the bot."""
from __future__ import annotations

from index.config import Config
from index.location import DB_NAME, require_generation
from index.store import Store


def _open(config: Config) -> Store:
    return Store(require_generation(config.index_dir) / DB_NAME, readonly=True)


def report_rows(store: Store) -> list[dict]:
    return [dict(r) for r in store.conn.execute(
        "SELECT title, source, region, org, year, kind, chunks, figures FROM documents ORDER BY source")]


def figure_rows_of(store: Store, report: str | None) -> list[dict]:
    sql = ("SELECT d.title AS doc, d.source, g.section, g.label, g.value_text, g.value, g.unit, "
           "g.qualifier, g.year, g.sentence FROM figures g JOIN documents d ON d.id = g.doc_id")
    params: list = []
    if report:
        sql += " WHERE instr(d.title, ?) > 0 OR instr(d.source, ?) > 0"
        params = [report, report]
    sql += " ORDER BY d.source, g.start"
    return [dict(r) for r in store.conn.execute(sql, params)]


def list_reports(config: Config) -> list[dict]:
    store = _open(config)
    try:
        return report_rows(store)
    finally:
        store.close()


def figure_rows(config: Config, report: str | None = None) -> list[dict]:
    store = _open(config)
    try:
        return figure_rows_of(store, report)
    finally:
        store.close()
