"""Hardening (issue 11), where a person meets it: the real bot over the fake Bot API server, reached
through a TCP relay the tests can cut (an outage). Zip bombs, long names, staging leftovers, crafted
buttons, nonsense input, Chinese for everything the bot says, a damaged index while serving, network
outages, and `reportqa bot` itself started against an unreachable server and stopped mid-upload.
After every destructive test the corpus and the index answer as before (snapshot)."""
from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from telegram import Bot

from bot import texts
from bot.app import build_application, reach_telegram
from engine.answer import Engine
from index.admin import STAGING
from helpers import ADMIN, CORPUS, QUESTION, bot_config, garble_middle, replies, snapshot, vector_file
from index.build import build_index
from index.errors import ReportQAError
from reportqa.cli import cli
from fake_telegram import TOKEN, BotRunner, FakeTelegram

EXE = Path(sys.executable).with_name("reportqa")
USER = 131


class Relay:
    """A TCP relay on 127.0.0.1 in front of the fake server. down() closes the listening socket and
    every open connection, as a network outage would; up() listens on the same port again."""

    def __init__(self, target_port: int):
        self.target = ("127.0.0.1", target_port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._listener: socket.socket | None = None
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()

    def url(self, kind: str = "bot") -> str:
        return f"http://127.0.0.1:{self.port}/{'file/' if kind == 'file' else ''}bot"

    def up(self) -> "Relay":
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def down(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            conns, self._conns = self._conns, []
        if listener:  # shutdown wakes the accept() blocked on it: close alone would leave it listening
            try:
                listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            listener.close()
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            c.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._conns += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


@pytest.fixture(scope="module")
def env(corpus_index, tmp_path_factory):
    server = FakeTelegram().start()
    relay = Relay(server.port).up()
    config = bot_config(corpus_index, tmp_path_factory.mktemp("hardening"), server, rate_limit_per_minute=100,
                        max_upload_mb=5)
    config.telegram.base_url, config.telegram.base_file_url = relay.url(), relay.url("file")
    leftover = config.corpus_dir / f"{STAGING}killed-upload"  # what a killed upload leaves
    leftover.mkdir()
    (leftover / "half.pdf").write_bytes(b"%PDF-1.4 half")
    app = build_application(config, TOKEN, Engine(config))
    runner = BotRunner(app, server).start()
    config.before = snapshot(config)
    yield server, config, relay, app
    runner.stop()
    relay.down()
    server.stop()


def ask(server, user: int, text: str, count: int = 1, timeout: float = 60):
    t0 = time.monotonic()
    server.send_text(user, text)
    return replies(server, user, t0, count=count, timeout=timeout)


def upload(server, data: bytes, name: str, count: int = 2, timeout: float = 120):
    t0 = time.monotonic()
    server.send_document(ADMIN, data, name)
    return replies(server, ADMIN, t0, count=count, timeout=timeout)


ALLOWED_LATIN = {"PDF", "DOCX", "TXT", "MD", "MB", "ID", "reportqa", "index", "full", "ask", "source",
                 "reports", "figures", "help", "reindex", "delete", "stats", "start"}


def chinese_only(html: str, *names: str) -> None:
    """No English words in what the bot said (file names, commands and units aside)."""
    text = re.sub(r"<[^>]+>", "", html)
    for name in names:
        text = text.replace(name, "")
    words = set(re.findall(r"[A-Za-z]{2,}", text)) - ALLOWED_LATIN
    assert not words, (words, html)


def assert_unchanged(config) -> None:
    assert snapshot(config) == config.before
    assert not list(config.corpus_dir.glob(STAGING + "*"))


# ---- 4. staging leftovers at start-up -------------------------------------------------------------

def test_start_up_swept_the_staging_leftover(env):
    server, config, _, _ = env
    assert not list(config.corpus_dir.glob(STAGING + "*"))


# ---- 1. the zip bomb, 3. a long name, 4. leftovers after an upload --------------------------------

def test_zip_bomb_upload_gets_a_chinese_reason_and_nothing_changes(env, bomb):
    server, config, _, _ = env
    reading, failed = upload(server, bomb.read_bytes(), bomb.name)
    assert failed.text.startswith("无法读取这个文件：预算报告.docx：解压后有 401 MB")
    assert "没有改动" in failed.text
    chinese_only(failed.text, bomb.name)
    assert_unchanged(config)
    assert QUESTION and "298000元" in ask(server, USER, QUESTION)[0].text


def test_long_chinese_file_name_is_stored_then_deleted(env):
    server, config, _, _ = env
    long_name = "珠晖区总工会" + "关于困难职工帮扶支出情况的补充说明" * 6 + ".txt"
    data = "珠晖区总工会2022年困难职工帮扶补充说明\n2022年新增帮扶对象12人。\n".encode()
    _, done = upload(server, data, long_name)
    assert done.text.startswith("已添加"), done.text
    chinese_only(done.text, long_name)
    (stored,) = [p for p in config.corpus_dir.iterdir() if p.read_bytes() == data]
    assert len(stored.name.encode()) <= 250 and stored.suffix == ".txt"
    deleted = ask(server, ADMIN, "/delete 关于困难职工帮扶支出情况的补充说明")[0].text
    assert deleted.startswith("已删除")
    chinese_only(deleted, stored.name)
    assert_unchanged(config)


def test_leftover_made_while_running_is_swept_after_the_next_upload(env):
    server, config, _, _ = env
    leftover = config.corpus_dir / f"{STAGING}another"
    leftover.mkdir()
    _, failed = upload(server, b"%PDF-1.4\n" + bytes(range(256)) * 20, "损坏的报告.pdf")
    assert failed.text.startswith("无法读取这个文件：损坏的报告.pdf：PDF 已损坏或不完整")
    assert_unchanged(config)


# ---- 6. crafted button data -----------------------------------------------------------------------

def test_crafted_buttons_are_answered_and_are_not_errors(env, caplog):
    server, config, _, app = env
    answer = ask(server, USER, QUESTION)[0]
    sent = server.message(USER, answer.result["message_id"])
    errors_before = app.bot_data["service"].counters.errors
    t0 = time.monotonic()
    for data in ("src:1:abc", "src:1", "zzz", "fig:x:1", "src:1:2:3", "src:99999999999999:1", ""):
        query_id = server.press_button(USER, sent, data)
        call = server.wait_for("answerCallbackQuery", callback_query_id=query_id)
        assert call.params.get("text") == texts.STALE_BUTTON, data
    time.sleep(0.5)
    assert app.bot_data["service"].counters.errors == errors_before
    assert not [c for c in server.calls_of("sendMessage", chat_id=USER) if c.at >= t0]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


# ---- 7. nonsense input ----------------------------------------------------------------------------

@pytest.mark.parametrize("nonsense", ["😀😀😀", "钱", "\u200b\u200b\u200d", "？！", "a"])
def test_nonsense_gets_the_usage_hint(env, nonsense):
    server, _, _, _ = env
    (reply,) = ask(server, USER, nonsense)
    assert reply.text == texts.NOT_A_QUESTION.format(example=texts.EXAMPLES[0])


REPEATING = ("衡东县测试局2022年度部门整体支出绩效报告\n一、基本情况\n2022年差旅费支出12.5万元。\n"
             "二、支出情况\n2022年差旅费支出12.5万元。\n三、其他说明\n2022年差旅费支出12.5万元。\n")


def test_not_found_never_lists_the_same_figure_twice(env):
    server, config, _, _ = env
    name = "衡东县测试局2022年度部门整体支出绩效报告.txt"  # states one figure three times
    assert upload(server, REPEATING.encode(), name)[1].text.startswith("已添加")
    reply = ask(server, USER, "衡东县测试局2030年差旅费多少")[0].text  # no 2030 report: not found
    assert "没有2030年的报告" in reply and "相近的数字" in reply
    offered = [re.sub(r"\[\d+\]$", "", line) for line in reply.split("相近的数字")[1].split("<b>出处")[0]
               .splitlines() if "12.5万元" in line]
    assert len(offered) == 1, reply
    assert ask(server, ADMIN, f"/delete {name}")[0].text.startswith("已删除")
    assert_unchanged(config)


# ---- 8. Chinese everywhere ------------------------------------------------------------------------

def test_what_used_to_be_english_is_chinese(env):
    server, config, _, _ = env
    missing = ask(server, ADMIN, "/delete 不存在的报告")[0].text
    assert "没有找到" in missing and "不存在的报告" in missing
    ambiguous = ask(server, ADMIN, "/figures 总工会")[0].text
    assert "对应 2 份报告" in ambiguous and "南岳区" in ambiguous and "珠晖区" in ambiguous
    t0 = time.monotonic()
    server.send_document(ADMIN, b"x" * (5 * 1024 * 1024 + 10), "big.txt")
    big = replies(server, ADMIN, t0)[0].text
    assert "超过上传上限 5 MB" in big
    exe = upload(server, b"MZ", "tool.exe", count=1)[0].text
    assert "不支持 .exe 文件" in exe
    server.send_text(ADMIN, "/reindex")
    done = server.wait_for("sendMessage", chat_id=ADMIN, timeout=120,
                           where=lambda c: c.text.startswith("索引已更新"))
    assert "已增量更新" in done.text and "未变 2" in done.text
    for text, names in ((missing, ()), (ambiguous, config.before["files"]), (big, ("big.txt",)),
                        (exe, (".exe",)), (done.text, ())):
        chinese_only(text, *names)
    assert_unchanged(config)


# ---- 2. a damaged index while serving -------------------------------------------------------------

def test_bot_keeps_answering_from_the_last_good_index(env, caplog):
    server, config, _, _ = env
    build_index(config, full=True)  # a new generation…
    garble_middle(vector_file(config))  # …damaged before the bot opens it
    caplog.set_level(logging.WARNING)
    answer = ask(server, USER, QUESTION)[0].text
    assert "298000元" in answer
    warned = [r for r in caplog.records if "does not match its checksum" in r.getMessage()]
    assert warned and "still answering from" in warned[0].getMessage() and not warned[0].exc_info

    build_index(config)  # `reportqa index` rebuilds the damaged generation from the corpus
    assert "298000元" in ask(server, USER, QUESTION)[0].text
    assert_unchanged(config)


def test_no_index_is_said_in_chinese(env):
    server, config, _, _ = env
    current = config.index_dir / "CURRENT"
    current.rename(config.index_dir / "CURRENT.away")
    try:
        reply = ask(server, USER, QUESTION)[0].text
    finally:
        (config.index_dir / "CURRENT.away").rename(current)
    assert reply == texts.USER_ERROR.format(message=texts.NO_INDEX)
    assert "298000元" in ask(server, USER, QUESTION)[0].text


# ---- 9. a network outage --------------------------------------------------------------------------

def test_outage_is_one_warning_line_each_and_the_bot_recovers(env, caplog):
    server, config, relay, app = env
    caplog.set_level(logging.DEBUG)
    relay.down()
    # down until the cut poll and a retry have failed (was a fixed 6 s)
    deadline = time.monotonic() + 60
    while len([r for r in caplog.records if "Telegram unreachable" in r.getMessage()]) < 2:
        assert time.monotonic() < deadline, "not two 'Telegram unreachable' lines within 60 s of the outage"
        time.sleep(0.1)
    relay.up()
    assert "298000元" in ask(server, USER, QUESTION, timeout=90)[0].text
    outage = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r for r in outage if "Telegram unreachable" in r.getMessage()], outage
    assert all(r.levelno == logging.WARNING and not r.exc_info and "\n" not in r.getMessage()
               for r in outage), [(r.levelname, r.getMessage()) for r in outage]
    assert app.bot_data["service"].counters.errors == 0


# ---- 5. the Bot API unreachable at start-up -------------------------------------------------------

def test_start_up_retries_until_the_bot_api_answers(env, caplog):
    server, _, _, _ = env
    late = Relay(server.port)  # nothing listens yet
    timer = threading.Timer(1.5, late.up)
    timer.start()
    try:
        bot = Bot(TOKEN, base_url=late.url())
        asyncio.run(reach_telegram(bot, late.url(), attempts=6, delays=(1,)))
        assert bot.username == "reportqa_test_bot"
    finally:
        timer.join()
        late.down()
    tries = [r for r in caplog.records if "not reachable" in r.getMessage()]
    assert tries and all(r.levelno == logging.WARNING and not r.exc_info for r in tries)


def write_config(tmp_path: Path, base: str, corpus: Path, index: Path, **telegram) -> Path:
    lines = ["[paths]", f'corpus = "{corpus}"', f'index = "{index}"', "[telegram]",
             f'base_url = "{base}/bot"', f'base_file_url = "{base}/file/bot"', f"admins = [{ADMIN}]"]
    lines += [f"{k} = {json.dumps(v)}" for k, v in telegram.items() if k != "ingest"]
    lines += ["[ingest]"] + [f"{k} = {v}" for k, v in telegram.get("ingest", {}).items()]
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_reportqa_bot_against_an_unreachable_server_is_one_line(tmp_path):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    config = write_config(tmp_path, f"http://127.0.0.1:{port}", tmp_path / "corpus", tmp_path / "index",
                          connect_retries=2)
    out = subprocess.run([str(EXE), "--config", str(config), "bot"], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN})
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith(f"Error: cannot reach the Telegram Bot API at http://127.0.0.1:{port}/bot")
    assert "after 2 attempts" in last
    warnings = [l for l in out.stderr.splitlines() if "WARNING" in l]
    assert len(warnings) == 1 and "attempt 1 of 2" in warnings[0]


def test_config_mistakes_are_one_line_naming_file_key_and_expectation(tmp_path):
    cases = {
        "allowed_user = [1001]": "unknown key [telegram] allowed_user; did you mean allowed_users?",
        "admins = [true]": "[telegram] admins = [True]: expected a list of numeric Telegram ids",
        'rate_limit_per_minute = "fast"': "[telegram] rate_limit_per_minute = 'fast': expected a whole number",
        "max_upload_mb = -1": "[telegram] max_upload_mb = -1: expected a number > 0",
    }
    path = tmp_path / "config.toml"

    def installed(*args) -> tuple[int, str]:
        out = subprocess.run([str(EXE), *args], capture_output=True, text=True, timeout=60)
        return out.returncode, out.stderr

    def in_process(*args) -> tuple[int, str]:
        result = CliRunner().invoke(cli, list(args))
        return result.exit_code, result.stderr

    for i, (line, expected) in enumerate(cases.items()):
        run = installed if i == 0 else in_process  # the program as an operator runs it, once
        path.write_text(f"[telegram]\n{line}\n", encoding="utf-8")
        code, err = run("--config", str(path), "reports")
        assert code == 1 and "Traceback" not in err
        assert err.strip() == f"Error: {path}: {expected}" or expected in err, err
        assert len(err.strip().splitlines()) == 1 and str(path) in err
    path.write_text('[paths]\ncorpus = 5\n', encoding="utf-8")
    code, err = in_process("--config", str(path), "reports")
    assert code == 1 and err.strip() == f"Error: {path}: [paths] corpus = 5: expected a string in quotes"


# ---- 1. SIGTERM while an upload is being read -----------------------------------------------------

def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def test_sigterm_during_a_bomb_upload_stops_the_bot_and_its_reader(tmp_path, bomb):
    server = FakeTelegram().start()
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    # the reader limits off and a generous memory cap: the child reads the bomb for a long time
    config = write_config(tmp_path, f"http://127.0.0.1:{server.port}", corpus, tmp_path / "index",
                          ingest={"max_unzipped_mb": 100000, "max_zip_ratio": 1000000,
                                  "upload_memory_mb": 6000, "upload_timeout_s": 600})
    proc = subprocess.Popen([str(EXE), "--config", str(config), "bot"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN})
    try:
        assert server.polling.wait(120), "the bot did not start polling"
        t0 = time.monotonic()
        server.send_document(ADMIN, bomb.read_bytes(), bomb.name)
        replies(server, ADMIN, t0, timeout=60)  # "收到 …，正在读取并索引…"
        deadline = time.monotonic() + 30
        readers: set[int] = set()
        while not readers and time.monotonic() < deadline:  # the sandbox child is reading
            readers = {c for c in _children(proc.pid)
                       if "index.sandbox" in Path(f"/proc/{c}/cmdline").read_text(errors="replace")}
            time.sleep(0.2)
        assert readers
        time.sleep(1)
        stopped = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        assert time.monotonic() - stopped < 30
        assert "Traceback" not in err, err
        assert all(not Path(f"/proc/{r}").exists() or "zombie" in Path(f"/proc/{r}/status").read_text()
                   for r in readers)
        assert sorted(p.name for p in corpus.iterdir()) == sorted(p.name for p in CORPUS.iterdir())
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        server.stop()
