"""Listings of what is indexed: reports and their figures, for the CLI and the bot."""
from __future__ import annotations

import csv
import io

from index.config import Config
from index.integrity import open_store
from index.location import DB_NAME, require_generation
from index.store import Store

# The columns of a figures CSV, in order: one definition for `reportqa figures --csv` and the bot.
FIGURE_COLUMNS = ["doc", "source", "section", "label", "value_text", "value", "unit", "qualifier",
                  "year", "sentence"]


def figures_csv(rows: list[dict]) -> str:
    """Figure rows as CSV text with a header row of FIGURE_COLUMNS."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIGURE_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _open(config: Config) -> Store:
    return open_store(require_generation(config.index_dir) / DB_NAME)  # IndexCorrupt when damaged


def report_rows(store: Store) -> list[dict]:
    return store.report_summaries()


def figure_rows_of(store: Store, report: str | None) -> list[dict]:
    return store.figure_listing(report)


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
