"""The `reportqa` command line: help with examples, search/figures/reports/ask output on the indexed
corpus, and user mistakes as one-line errors."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import ROOT
from engine.catalog import FIGURE_COLUMNS
from reportqa.cli import cli

COMMANDS = sorted(cli.commands)
EXE = Path(sys.executable).with_name("reportqa")


def invoke(config, *args, input=None, config_file=None):
    return CliRunner().invoke(cli, ["--config", str(config_file or ROOT / "config.toml"),
                                    "--corpus", str(config.corpus_dir), "--index", str(config.index_dir),
                                    *args], input=input)


def test_entry_point_help():
    out = subprocess.run([str(EXE), "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "Example" in out.stdout
    for name in ("index", "search", "ask", "figures", "reports", "chat", "eval", "bot"):
        assert name in out.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output and "reportqa" in result.output.split("Example", 1)[1]


# `reportqa search --json`: the keys README's command table documents, in this order.
SEARCH_KEYS = ["rank", "score", "doc", "source", "section", "text", "start", "end", "chunk_id", "doc_id",
               "lexical_rank", "dense_rank"]


def test_search_ranks_the_298000_chunk_first(corpus_index):
    result = invoke(corpus_index, "search", "珠晖区困难职工帮扶", "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) == 5
    assert "298000元" in hits[0]["text"] and hits[0]["source"].startswith("珠晖")
    assert all(list(h) == SEARCH_KEYS for h in hits)
    assert [h["rank"] for h in hits] == [1, 2, 3, 4, 5]
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    top = hits[0]
    assert top["doc"] == "珠晖区总工会2022年度部门整体支出绩效报告" and top["section"].endswith("困难职工帮扶方面")
    assert top["lexical_rank"] >= 1 and top["dense_rank"] >= 1 and top["end"] > top["start"] >= 0
    text = invoke(corpus_index, "search", "珠晖区困难职工帮扶", "-k", "2")
    assert text.exit_code == 0 and text.stdout.startswith("[1] ") and "298000元" in text.stdout.split("[2] ")[0]


def test_figures_csv(corpus_index):
    result = invoke(corpus_index, "figures", "--report", "珠晖", "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    header = result.stdout.splitlines()[0].split(",")
    assert set("doc,source,section,label,value_text,value,unit,qualifier,year,sentence".split(",")) <= set(header)
    assert header == FIGURE_COLUMNS
    assert rows and all(r["source"].startswith("珠晖") for r in rows)
    row = next(r for r in rows if r["label"] == "困难职工帮扶支出")
    assert (row["value_text"], float(row["value"]), row["unit"]) == ("298000元", 298000.0, "元")
    assert row["year"] == "2022" and "298000元" in row["sentence"]
    everything = invoke(corpus_index, "figures", "--csv")
    assert len(list(csv.DictReader(io.StringIO(everything.stdout)))) > len(rows)


def test_figures_json_has_the_csv_columns(corpus_index):
    rows = json.loads(invoke(corpus_index, "figures", "--report", "珠晖", "--json").stdout)
    assert rows and all(list(r) == FIGURE_COLUMNS for r in rows)
    row = next(r for r in rows if r["label"] == "困难职工帮扶支出")
    assert (row["value_text"], row["value"], row["unit"], row["year"]) == ("298000元", 298000.0, "元", 2022)


def test_one_json_option_for_every_command_that_prints_data():
    options = {name: next((p for p in command.params if p.name == "as_json"), None)
               for name, command in cli.commands.items()}
    assert {n for n, o in options.items() if o} == {"index", "reports", "figures", "search", "ask", "eval"}
    declared = {(tuple(o.opts), o.help, o.is_flag) for o in options.values() if o}
    assert len(declared) == 1 and "README" in declared.pop()[1]  # the same option, pointing at the shapes


def test_reports_lists_both(corpus_index):
    result = invoke(corpus_index, "reports")
    assert result.exit_code == 0, result.output
    assert "珠晖区总工会2022年度部门整体支出绩效报告" in result.stdout
    assert "南岳区总工会2022年度部门整体支出绩效评价报告" in result.stdout
    assert result.stdout.rstrip().endswith("2 report(s)")
    rows = json.loads(invoke(corpus_index, "reports", "--json").stdout)
    assert {(r["region"], r["org"], r["year"], r["kind"]) for r in rows} == {
        ("珠晖区", "总工会", 2022, "绩效评价"), ("南岳区", "总工会", 2022, "绩效评价")}


def test_ask_json_reads_stdin_lines(corpus_index):
    questions = "珠晖区困难职工帮扶支出多少\n\n南岳区总工会编制多少人\n"
    result = invoke(corpus_index, "ask", "--json", "-", input=questions)
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2  # the blank line is not a question
    answers = [json.loads(line) for line in lines]
    for a, q in zip(answers, ["珠晖区困难职工帮扶支出多少", "南岳区总工会编制多少人"]):
        assert {"question", "found", "answer", "figures", "citations"} <= set(a)
        assert a["question"] == q
    assert answers[0]["found"] and "298000元" in answers[0]["answer"]
    assert answers[0]["figures"][0]["value_text"] == "298000元" and answers[0]["citations"]


def assert_one_line_error(result, *needles):
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exception  # no uncaught exception
    assert "Traceback" not in result.output
    err = result.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("Error: "), result.stderr
    for needle in needles:
        assert needle in err[0], err[0]


def test_missing_config_file(tmp_path, corpus_index):
    result = invoke(corpus_index, "reports", config_file=tmp_path / "nope.toml")
    assert_one_line_error(result, "config file not found", "nope.toml")


@pytest.mark.parametrize("text, needle", [
    ("[paths\ncorpus = 1\n", "not valid TOML"),
    ("[chunking]\nsize = 10\n", "[chunking]"),
    ("[telegram]\nallowed_users = \"me\"\n", "allowed_users"),
    ("[embedding]\nbatch_size = \"many\"\n", "bad.toml"),
    ("paths = 3\n", "[paths] must be a table"),
])
def test_invalid_config_file(tmp_path, corpus_index, text, needle):
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    assert_one_line_error(invoke(corpus_index, "reports", config_file=bad), needle)


@pytest.mark.parametrize("args", [["reports"], ["figures", "--csv"], ["search", "编制"], ["ask", "编制多少人"]])
def test_empty_index_dir_says_run_index_first(tmp_path, args):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(cli, ["--config", str(ROOT / "config.toml"), "--index", str(empty), *args])
    assert_one_line_error(result, "run `reportqa index` first")


def test_prepare_into_a_cache_that_cannot_be_made_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")  # a file where the cache's parent folder should be
    bad = tmp_path / "bad.toml"
    bad.write_text((ROOT / "config.toml").read_text(encoding="utf-8").replace(
        'cache = "data/models"', f'cache = "{blocker / "models"}"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(bad), "--index", str(tmp_path / "index"), "prepare"])
    assert_one_line_error(result, "[embedding] cache", str(blocker / "models"))


def test_missing_corpus_dir(tmp_path):
    result = CliRunner().invoke(cli, ["--config", str(ROOT / "config.toml"), "--corpus", str(tmp_path / "gone"),
                                      "--index", str(tmp_path / "index"), "index", "--quiet"])
    assert_one_line_error(result, "corpus folder not found", "gone")


def test_errors_through_the_real_entry_point(tmp_path):
    """The installed script, not just click's runner: exit 1, one line on stderr, no traceback."""
    out = subprocess.run([str(EXE), "--config", str(ROOT / "config.toml"), "--index", str(tmp_path), "reports"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.strip().splitlines() == [f"Error: no index at {tmp_path}: run `reportqa index` first"]
