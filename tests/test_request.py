"""bot/request.py: calls without files go to the Bot API as one JSON body, files as multipart,
and a server that does not answer is the TimedOut python-telegram-bot callers expect — against the
local fake Bot API server over HTTP on 127.0.0.1."""
from __future__ import annotations

import asyncio
import socket

import pytest
from telegram import Bot
from telegram.error import TimedOut

from bot.request import JsonBodyRequest
from fake_telegram import TOKEN, FakeTelegram


@pytest.fixture
def server():
    fake = FakeTelegram().start()
    yield fake
    fake.stop()


def _bot(server: FakeTelegram, request: JsonBodyRequest) -> Bot:
    return Bot(TOKEN, base_url=server.base_url, base_file_url=server.base_file_url, request=request)


def test_a_message_is_one_json_body_and_a_document_is_multipart(server):
    answer = "珠晖区困难职工帮扶支出为298000元。<b>不是标签</b>"

    async def talk():
        bot = _bot(server, JsonBodyRequest())
        async with bot:
            await bot.send_message(chat_id=7, text=answer)
            await bot.send_document(chat_id=7, document=b"a,b\n1,2\n", filename="figures.csv")

    asyncio.run(talk())
    sent = server.wait_for("sendMessage", chat_id=7)
    assert sent.text == answer and sent.files == {}  # the Chinese text arrives as written
    assert sent.content_type.startswith("application/json")
    document = server.wait_for("sendDocument", chat_id=7)
    assert document.content_type.startswith("multipart/form-data")
    assert document.files["document"] == ("figures.csv", b"a,b\n1,2\n")


def test_a_server_that_never_answers_is_a_timeout():
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection, never replies
    port = silent.getsockname()[1]

    async def ask():
        request = JsonBodyRequest(read_timeout=0.5, connect_timeout=0.5)
        bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot", request=request)
        await request.initialize()
        try:
            await bot._post("sendMessage", {"chat_id": 1, "text": "x"})
        finally:
            await request.shutdown()

    try:
        with pytest.raises(TimedOut):
            asyncio.run(ask())
    finally:
        silent.close()
