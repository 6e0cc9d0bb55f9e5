"""`reportqa`: a thin shell over the library. Each command opens what it needs, makes one call, prints.

    reportqa [--config FILE] [--corpus DIR] [--index DIR] COMMAND …
"""
from __future__ import annotations

import functools
import json
import logging
import sys

import click

from index.config import load_config
from index.errors import ReportQAError


def friendly_errors(fn):
    """User mistakes (ReportQAError) become one line on stderr and exit 1, never a traceback."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ReportQAError as e:
            raise click.ClickException(str(e)) from None
    return wrapper


def json_option(fn):
    """--json, declared once for every command that prints data; each shape is in README's table."""
    return click.option("--json", "as_json", is_flag=True,
                        help="Print JSON instead of text (the shape is in README, Command line).")(fn)


def echo_json(data, one_line: bool = False) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=None if one_line else 1))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Configuration file (default: ./config.toml).")
@click.option("--corpus", type=click.Path(file_okay=False), default=None,
              help="Folder of report files; overrides [paths] corpus.")
@click.option("--index", "index_dir", type=click.Path(file_okay=False), default=None,
              help="Index folder; overrides [paths] index.")
@click.option("-v", "--verbose", is_flag=True, help="Log progress details for operators.")
@click.pass_context
def cli(ctx, config_path, corpus, index_dir, verbose):
    """Answer questions about Chinese budget and performance reports with exact, cited figures.

    \b
    Example:
        reportqa index
        reportqa ask "珠晖区困难职工帮扶支出多少"
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    ctx.obj = {"args": (config_path, corpus, index_dir)}


def get_config(ctx):
    config_path, corpus, index_dir = ctx.obj["args"]
    return load_config(config_path, corpus, index_dir)


@cli.command()
@click.option("--full", is_flag=True, help="Rebuild everything instead of only what changed.")
@click.option("--strict", is_flag=True, help="Fail (and change nothing) if any file cannot be read.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@json_option
@click.pass_context
@friendly_errors
def index(ctx, full, strict, quiet, as_json):
    """Index the corpus: new and changed files only, removed files dropped.

    \b
    Example:
        reportqa --corpus corpus index
    """
    from index.build import build_index

    summary = build_index(get_config(ctx), full=full, strict=strict, progress=not (quiet or as_json))
    if as_json:
        echo_json(summary.to_dict())
        return
    for name, reason in summary.skipped:
        click.echo(f"skipped {name}: {reason}", err=True)
    click.echo(summary.to_text().splitlines()[0])


@cli.command()
@click.pass_context
@friendly_errors
def prepare(ctx):
    """Prepare the configured model for answering: its ONNX export and jieba's word table, in the
    model cache (`reportqa index` does it too; `make install` runs this once).

    \b
    Example:
        reportqa prepare
    """
    from index.prepare import prepare_model

    prepared = prepare_model(get_config(ctx))
    click.echo(f"question encoder: {prepared.export or 'sentence-transformers (no ONNX export)'}")
    click.echo(f"word table: {prepared.dictionary}")


@cli.command()
@json_option
@click.pass_context
@friendly_errors
def reports(ctx, as_json):
    """List the indexed reports with their metadata and counts.

    \b
    Example:
        reportqa reports --json
    """
    from engine.catalog import list_reports

    rows = list_reports(get_config(ctx))
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        click.echo(f"{r['title']}\n    {r['region'] or '-'} | {r['org'] or '-'} | {r['year'] or '-'} | "
                   f"{r['kind'] or '-'} | {r['chunks']} chunks | {r['figures']} figures | {r['source']}")
    click.echo(f"{len(rows)} report(s)")


@cli.command()
@click.option("--report", default=None, help="Only reports whose title or file name contains this.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row.")
@json_option
@click.pass_context
@friendly_errors
def figures(ctx, report, as_csv, as_json):
    """List extracted figures.

    \b
    Example:
        reportqa figures --report 珠晖 --csv > zhuhui.csv
    """
    from engine.catalog import FIGURE_COLUMNS, figure_rows, figures_csv

    rows = figure_rows(get_config(ctx), report)
    if as_csv:
        click.echo(figures_csv(rows), nl=False)
        return
    if as_json:
        echo_json([{c: r[c] for c in FIGURE_COLUMNS} for r in rows])
        return
    for r in rows:
        click.echo(f"{r['label']}\t{r['value_text']}\t{r['value']:g} {r['unit']}\t"
                   f"{r['qualifier'] or ''}\t{r['year'] or ''}\t{r['source']}")
    click.echo(f"{len(rows)} figure(s)", err=True)


@cli.command()
@click.argument("text")
@click.option("-k", default=5, show_default=True, help="How many chunks.")
@json_option
@click.pass_context
@friendly_errors
def search(ctx, text, k, as_json):
    """Retrieve the chunks that best match TEXT (retrieval only; `ask` answers).

    \b
    Example:
        reportqa search "珠晖区困难职工帮扶" -k 3
    """
    from index.search import LiveIndex

    hits = LiveIndex(get_config(ctx)).search(text, k=k)
    if as_json:
        echo_json([h.public(rank) for rank, h in enumerate(hits, 1)])
        return
    for n, h in enumerate(hits, 1):
        click.echo(f"[{n}] {h.score:.4f}  {h.title} / {h.section or '-'}\n{h.text}\n")


@cli.command()
@click.argument("question")
@json_option
@click.option("--explain", is_flag=True,
              help="Also print how the question was read and the evidence for the top candidate figures.")
@click.option("--chart", "chart_path", type=click.Path(dir_okay=False), default=None,
              help="Write a PNG chart of a trend, ranking, total or comparison to this file.")
@click.pass_context
@friendly_errors
def ask(ctx, question, as_json, explain, chart_path):
    """Answer QUESTION with the exact figure and where it came from. With QUESTION '-', answer each
    line of standard input (with --json, one JSON object a line).

    \b
    Example:
        reportqa ask "珠晖区困难职工帮扶支出多少"
        reportqa ask --explain "财政局2024年三公经费决算是多少"
        reportqa ask --chart trend.png "万里街道2022到2023年三公经费预算怎么变"
        printf '南岳区总工会编制多少人\\n' | reportqa ask --json -
    """
    from engine.answer import Engine

    engine = Engine(get_config(ctx))
    questions = (line.strip() for line in sys.stdin) if question == "-" else [question]
    for q in questions:
        if not q:
            continue
        answer = engine.ask(q)
        if explain:
            click.echo(engine.explain(q) + "\n")
        if as_json:
            echo_json(answer.to_dict(), one_line=True)
        else:
            click.echo(answer.text + "\n")
        if chart_path:
            write_chart(answer, chart_path)


def write_chart(answer, path: str) -> None:
    """The chart of an answer, or one line on stderr saying why there is none (not an error)."""
    from engine.chart import ChartError, write

    try:
        drawn = write(answer, path)
    except (ChartError, OSError) as e:
        raise click.ClickException(f"no chart written: {e}") from None
    click.echo(f"chart written to {path}" if drawn else "no chart: this answer has no series to draw", err=True)


@cli.command()
@click.pass_context
@friendly_errors
def chat(ctx):
    """Ask questions in the terminal; reads lines until end of input (Ctrl-D).

    \b
    Example:
        reportqa chat
    """
    from engine.answer import Engine

    engine = Engine(get_config(ctx))
    interactive = sys.stdin.isatty()
    if interactive:
        click.echo("reportqa: 输入问题，回车提问；Ctrl-D 退出。例如：珠晖区困难职工帮扶支出多少")
        engine.load()
    while True:
        try:
            line = input("问> " if interactive else "")
        except (EOFError, KeyboardInterrupt):
            break
        if line.strip():
            click.echo(engine.ask(line).text + "\n")


@cli.command(name="eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@json_option
@click.option("--failures", is_flag=True, help="Also list every question answered wrongly.")
@click.option("-k", default=5, show_default=True, help="k for retrieval recall@k.")
@click.pass_context
@friendly_errors
def eval_(ctx, file, as_json, failures, k):
    """Score a question set (JSON Lines, the format of shared/eval).

    \b
    Example:
        reportqa eval tests/data/qa.jsonl --failures
    """
    from engine.answer import Engine
    from engine.evaluate import evaluate, load_questions

    report = evaluate(Engine(get_config(ctx)), load_questions(file), k=k)
    if as_json:
        echo_json(report.to_dict(failures))
    else:
        click.echo(report.to_text(failures))


@cli.command()
@click.pass_context
@friendly_errors
def bot(ctx):
    """Run the Telegram bot (long polling). The token comes from TELEGRAM_BOT_TOKEN.

    \b
    Example:
        TELEGRAM_BOT_TOKEN=123:abc reportqa bot
    """
    from bot.app import run

    run(get_config(ctx))


def main():
    cli(prog_name="reportqa")


if __name__ == "__main__":
    main()
