"""Load benchmark for the Telegram bot (not a test): simulated users asking through the fake server.

The real bot Application, engine and index run against tests/fake_telegram.py on 127.0.0.1. Each
simulated user is a thread that asks a question, waits for the reply, then asks the next (a closed
loop, like a person). Prints throughput, p50/p95 reply latency, errors (which should be zero) and the
bot's peak memory.

The bot runs in its own process, as `reportqa bot` does in production; the fake server and the 50
user threads run in this one. --in-process puts the bot here too (how this benchmark measured until
issue 10's second round): then the bot's event loop and answer threads share one interpreter lock
with the server's and the users' threads, and the benchmark measures that contention more than the bot.

    .venv/bin/python scripts/load_bot.py                 # 50 users x 20 questions
    .venv/bin/python scripts/load_bot.py --users 10 --questions 5

Telegram's flood limits stay on (AIORateLimiter: 30 messages a second overall), so throughput is
capped near 30 questions a second (each answer is a message, plus a typing action when it takes
longer than [telegram] typing_after_s: then near 15); --overall-rate raises that cap to measure the
bot itself. The bot's CPU a question is split between its event loop (python-telegram-bot, httpx,
the handlers) and the answer threads (the engine).
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram.ext import AIORateLimiter  # noqa: E402

from bot import texts  # noqa: E402
from bot.app import build_application, quiet_logs  # noqa: E402
from index.config import load_config  # noqa: E402
from engine.answer import Engine  # noqa: E402
from tests.fake_telegram import TOKEN, BotRunner, FakeTelegram  # noqa: E402

QUESTIONS = [
    "珠晖区总工会2022年困难职工帮扶支出多少？",
    "南岳区总工会2022年度部门整体支出是多少？",
    "珠晖区总工会送温暖支出多少钱？",
    "南岳区总工会的基本支出有多少？",
    "珠晖区总工会医疗互助帮扶支出多少？",
    "南岳区总工会2022年项目支出多少？",
    "珠晖区总工会子女助学帮扶了多少人次？",
    "南岳区总工会绩效评价的结论是什么？",
    "珠晖区总工会2022年的收入总计多少？",
    "哪份报告提到了职工活动经费？",
]
FIRST_USER = 10_000


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def user_loop(server: FakeTelegram, user: int, questions: int, latencies: list[float],
              errors: list[str], lock: threading.Lock) -> None:
    """Ask, wait for the reply, ask the next. Latency is to the first message of the reply."""
    for i in range(questions):
        question = QUESTIONS[(user + i) % len(QUESTIONS)]
        seen = len(server.sent.get(user, ()))
        sent = time.monotonic()
        server.send_text(user, question)
        try:
            reply = server.wait_sent(user, seen + 1, timeout=120)[seen]
        except AssertionError as e:
            with lock:
                errors.append(f"user {user} question {i}: no reply ({e})")
            return
        with lock:
            latencies.append(reply.at - sent)


def bad_replies(server: FakeTelegram, users: list[int]) -> list[str]:
    """Replies that are errors, rate-limit refusals or access refusals."""
    bad = []
    for user in users:
        for call in server.sent.get(user, ()):
            if call.text == texts.ERROR or call.text.startswith(("提问太频繁", "⚠️", "抱歉")):
                bad.append(f"user {user}: {call.text[:80]}")
    return bad


def bot_config(corpus: Path, index: Path, base_url: str, base_file_url: str, users: list[int], per_minute: int):
    config = load_config(ROOT / "config.toml", corpus=corpus, index=index)
    tg = config.telegram
    tg.allowed_users, tg.admins = users, []
    tg.base_url, tg.base_file_url = base_url, base_file_url
    tg.rate_limit_per_minute = max(tg.rate_limit_per_minute, per_minute)
    return config


def serve(args) -> int:
    """The bot alone in this process (started by main): polls the fake server until SIGTERM, then
    prints its peak memory in MB."""
    users = [FIRST_USER + u for u in range(args.users)]
    config = bot_config(Path(args.corpus), Path(args.index), args.base_url, args.base_file_url, users,
                        args.questions)
    app = build_application(config, TOKEN, Engine(config), ask_threads=args.threads,
                            rate_limiter=AIORateLimiter(overall_max_rate=args.overall_rate, max_retries=3))
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.add_signal_handler(signal.SIGTERM, app.stop_running)
    app.run_polling(poll_interval=0, timeout=1.0, stop_signals=None, allowed_updates=["message", "callback_query"])
    print(peak_mb(), flush=True)
    return 0


def peak_mb() -> int:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss across
    exec, so a process started by the (model-loading) benchmark would report the benchmark's peak."""
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) // 1024 for line in f if line.startswith("VmHWM:"))
    except OSError:  # not Linux
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 * 1024 if sys.platform == "darwin" else 1024)


def cpu_seconds(pid: int) -> tuple[float, float, float]:
    """User and system CPU a process has used so far, and the part of it its main thread used (the
    bot's event loop: python-telegram-bot, httpx, the handlers; the answers are worked out in other
    threads). Linux; zeros elsewhere."""

    def used(stat: str) -> tuple[float, float]:
        with open(stat) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) / os.sysconf("SC_CLK_TCK"), int(fields[12]) / os.sysconf("SC_CLK_TCK")

    try:
        return *used(f"/proc/{pid}/stat"), sum(used(f"/proc/{pid}/task/{pid}/stat"))
    except OSError:
        return 0.0, 0.0, 0.0


def start_bot(args, config, server: FakeTelegram) -> subprocess.Popen:
    command = [sys.executable, __file__, "--serve", "--corpus", str(config.corpus_dir),
               "--index", str(config.index_dir), "--base-url", server.base_url,
               "--base-file-url", server.base_file_url, "--users", str(args.users),
               "--questions", str(args.questions), "--threads", str(args.threads),
               "--overall-rate", str(args.overall_rate)]
    bot = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    if not server.polling.wait(300):
        bot.kill()
        sys.exit("the bot process never polled the fake server")
    return bot


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--questions", type=int, default=20, help="questions per user")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2,
                        help="engine threads answering questions (default: the core count, as the bot)")
    parser.add_argument("--overall-rate", type=float, default=30,
                        help="flood limit, messages a second overall (Telegram's is 30)")
    parser.add_argument("--in-process", action="store_true",
                        help="run the bot in this process, beside the server and the users")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)  # the bot's process
    for name in ("--corpus", "--index", "--base-url", "--base-file-url"):
        parser.add_argument(name, help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    quiet_logs()
    if args.serve:
        return serve(args)

    with tempfile.TemporaryDirectory(prefix="reportqa-load-") as tmp:
        server = FakeTelegram().start()
        users = [FIRST_USER + u for u in range(args.users)]
        config = bot_config(Path(tmp) / "corpus", Path(tmp) / "index", server.base_url, server.base_file_url,
                            users, args.questions)
        shutil.copytree(ROOT / "corpus", config.corpus_dir)
        print(f"building the index of {len(list(config.corpus_dir.iterdir()))} reports…", flush=True)
        from index.build import build_index  # here only: the bot's process never loads the write path

        build_index(config)
        if args.in_process:
            app = build_application(config, TOKEN, Engine(config), ask_threads=args.threads,
                                    rate_limiter=AIORateLimiter(overall_max_rate=args.overall_rate,
                                                                max_retries=3))
            runner = BotRunner(app, server).start()
        else:
            bot = start_bot(args, config, server)
        print(f"{args.users} users x {args.questions} questions, flood limit "
              f"{args.overall_rate:g}/s, {args.threads} engine threads, bot "
              f"{'in this process' if args.in_process else 'in its own process'}", flush=True)

        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        threads = [threading.Thread(target=user_loop, args=(server, u, args.questions, latencies,
                                                            errors, lock)) for u in users]
        started, cpu_started = time.monotonic(), ((0.0, 0.0, 0.0) if args.in_process else cpu_seconds(bot.pid))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        errors += bad_replies(server, users)
        not_found = sum(c.text.startswith("<b>未在") for u in users for c in server.sent.get(u, ()))
        delivered = {id(c) for calls in server.sent.values() for c in calls}
        refused = [c for c in server.calls
                   if c.method in ("sendMessage", "sendDocument") and id(c) not in delivered]
        typing = len(server.calls_of("sendChatAction"))
        cpu = ""
        if not args.in_process:  # per answer, it holds on a loaded machine where questions/s does not
            user, system, loop = (now - then for now, then in zip(cpu_seconds(bot.pid), cpu_started))
            per = 1000 / max(len(latencies), 1)
            cpu = (f"bot CPU    {user + system:.1f} s while answering, {(user + system) * per:.1f} ms a question "
                   f"({user * per:.1f} user, {system * per:.1f} system; {loop * per:.1f} the event loop, "
                   f"{(user + system - loop) * per:.1f} the answer threads)")
        if args.in_process:
            runner.stop()
            peak = f"{peak_mb()} MB (this process, the build included)"
        else:
            bot.send_signal(signal.SIGTERM)
            out, _ = bot.communicate(timeout=60)
            peak = f"{(out.strip().splitlines() or ['?'])[-1]} MB (the bot's process)"
        server.stop()

    total = args.users * args.questions
    print(f"answered   {len(latencies)}/{total} questions in {elapsed:.1f}s")
    print(f"throughput {len(latencies) / elapsed:.1f} questions/s")
    if latencies:
        print(f"latency    p50 {percentile(latencies, 50) * 1000:.0f} ms, "
              f"p95 {percentile(latencies, 95) * 1000:.0f} ms, "
              f"max {max(latencies) * 1000:.0f} ms, mean {statistics.mean(latencies) * 1000:.0f} ms")
    print(f"typing     {typing} actions sent ({typing / max(len(latencies), 1):.2f} a question; "
          f"replies sooner than [telegram] typing_after_s need none)")
    print(f"not found  {not_found} answers said the reports do not have it (part of the question mix)")
    print(f"errors     {len(errors)} (and {len(refused)} messages the server refused, "
          f"e.g. flood limit or bad HTML)")
    print(f"peak memory {peak}")
    if cpu:
        print(cpu)
    for e in errors[:10]:
        print("  ", e)
    return 0 if not errors and not refused and len(latencies) == total else 1


if __name__ == "__main__":
    sys.exit(main())
