"""A fake Telegram Bot API server on 127.0.0.1, for running the real bot Application in tests.

It speaks the Bot API over HTTP the way python-telegram-bot calls it (POST, form-encoded or
multipart parameters, JSON replies) and implements the methods the bot uses. Tests queue updates
as a user would send them (`send_text`, `send_document`, `press_button`), the bot fetches them with
getUpdates (long-polling, honouring offset), and every call the bot makes is recorded with its
parameters so tests can wait for and assert on replies.

    server = FakeTelegram().start()
    builder.base_url(server.base_url).base_file_url(server.base_file_url)
    server.send_text(user=1, text="/start")
    reply = server.wait_for("sendMessage", chat_id=1)
"""
from __future__ import annotations

import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

TOKEN = "123456:FAKE-TOKEN"
BOT_ID = 123456
BOT_USERNAME = "reportqa_test_bot"

# Parameters PTB sends JSON-encoded; everything else is a plain string.
_JSON_PARAMS = {
    "chat_id", "message_id", "reply_markup", "reply_parameters", "commands", "offset", "limit",
    "timeout", "allowed_updates", "link_preview_options", "drop_pending_updates", "scope",
    "show_alert", "cache_time", "disable_notification", "entities", "message_thread_id",
}


@dataclass
class Call:
    """One Bot API call the bot made."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # field → (file name, data)
    result: Any = None  # what the server answered (e.g. the Message sent), when it succeeded
    error: str | None = None  # the error description, when it failed
    at: float = field(default_factory=time.monotonic)
    content_type: str = ""  # how the call was encoded (form, multipart or JSON body)

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def chat_id(self) -> int | None:
        return self.params.get("chat_id")


def _user(uid: int, name: str = "") -> dict:
    return {"id": uid, "is_bot": False, "first_name": name or f"user{uid}", "language_code": "zh"}


class FakeTelegram:
    """The server and its state. Thread-safe: the HTTP threads and the test thread share it."""

    def __init__(self, token: str = TOKEN):
        self.token = token
        self.bot_user = {"id": BOT_ID, "is_bot": True, "first_name": "ReportQA",
                         "username": BOT_USERNAME, "can_join_groups": True,
                         "can_read_all_group_messages": False, "supports_inline_queries": False}
        self.calls: list[Call] = []
        self.sent: dict[int, list[Call]] = {}  # chat_id → sendMessage calls that succeeded, in order
        self._updates: list[dict] = []
        self._next_update = 1
        self._next_message = 1000
        self._files: dict[str, tuple[str, bytes]] = {}  # file_id → (file_path, data)
        self._messages: dict[tuple[int, int], dict] = {}  # (chat, message_id) → message sent
        self._fail: dict[str, list[dict]] = {}  # method → queued error replies
        self._cond = threading.Condition()
        self._closed = False
        self.polling = threading.Event()  # set at the bot's first getUpdates
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- lifecycle -----------------------------------------------------------------------------

    def start(self) -> "FakeTelegram":
        fake = self

        class Handler(_Handler):
            server_state = fake

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fake-telegram",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "start() the server first"
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # ---- what users do -------------------------------------------------------------------------

    def _message(self, user: int, chat: int | None, chat_type: str, **fields: Any) -> dict:
        chat_id = user if chat is None else chat
        chat_obj = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat_obj["first_name"] = f"user{user}"
        else:
            chat_obj["title"] = f"group {chat_id}"
        with self._cond:
            self._next_message += 1
            mid = self._next_message
        return {"message_id": mid, "date": int(time.time()), "chat": chat_obj,
                "from": _user(user), **fields}

    def push_update(self, update: dict) -> int:
        """Queue a raw update (without update_id) for getUpdates; returns its update_id."""
        with self._cond:
            update = {"update_id": self._next_update, **update}
            self._next_update += 1
            self._updates.append(update)
            self._cond.notify_all()
            return update["update_id"]

    def send_text(self, user: int, text: str, chat: int | None = None, chat_type: str = "private",
                  reply_to: dict | None = None) -> dict:
        """A user sends a text message (commands and @mentions get their entities)."""
        entities = []
        if text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0,
                             "length": _utf16_len(text.split()[0]) if text.split() else 1})
        mention = f"@{BOT_USERNAME}"
        at = text.find(mention)
        if at >= 0 and not text.startswith("/"):
            entities.append({"type": "mention", "offset": _utf16_len(text[:at]),
                             "length": _utf16_len(mention)})
        fields: dict[str, Any] = {"text": text}
        if entities:
            fields["entities"] = entities
        if reply_to is not None:
            fields["reply_to_message"] = reply_to
        message = self._message(user, chat, chat_type, **fields)
        self.push_update({"message": message})
        return message

    def add_file(self, data: bytes, name: str) -> str:
        """Store a file as if a user had uploaded it to Telegram; returns its file_id."""
        with self._cond:
            n = len(self._files) + 1
            file_id = f"file{n}"
            suffix = name.rsplit(".", 1)[-1] if "." in name else "bin"
            self._files[file_id] = (f"documents/file_{n}.{suffix}", data)
        return file_id

    def send_document(self, user: int, data: bytes, file_name: str, chat: int | None = None,
                      chat_type: str = "private", caption: str | None = None,
                      mime_type: str = "application/octet-stream") -> dict:
        """A user sends a document; its bytes are served by getFile and the file download path."""
        file_id = self.add_file(data, file_name)
        fields: dict[str, Any] = {"document": {
            "file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": file_name,
            "mime_type": mime_type, "file_size": len(data)}}
        if caption:
            fields["caption"] = caption
        message = self._message(user, chat, chat_type, **fields)
        self.push_update({"message": message})
        return message

    def press_button(self, user: int, message: dict, data: str) -> str:
        """A user presses an inline button with callback data `data` under the bot's `message`."""
        with self._cond:
            query_id = f"cb{self._next_update}"
        self.push_update({"callback_query": {
            "id": query_id, "from": _user(user), "message": message,
            "chat_instance": str(message["chat"]["id"]), "data": data}})
        return query_id

    def fail_next(self, method: str, error_code: int = 429, description: str = "Too Many Requests",
                  retry_after: int | None = 1) -> None:
        """Make the next call of `method` fail, e.g. with a flood-control 429."""
        reply: dict[str, Any] = {"ok": False, "error_code": error_code, "description": description}
        if retry_after is not None:
            reply["parameters"] = {"retry_after": retry_after}
        with self._cond:
            self._fail.setdefault(method, []).append(reply)

    # ---- what tests look at --------------------------------------------------------------------

    def calls_of(self, method: str, **match: Any) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method and _matches(c, match)]

    def wait_for(self, method: str, timeout: float = 20, count: int = 1,
                 where: Callable[[Call], bool] | None = None, **match: Any) -> Call:
        """Wait until `count` calls of `method` matching the params (and `where`) were made;
        return the last of them. Raises AssertionError with the calls so far on timeout."""
        found = self.wait_for_all(method, timeout=timeout, count=count, where=where, **match)
        return found[count - 1]

    def wait_for_all(self, method: str, timeout: float = 20, count: int = 1,
                     where: Callable[[Call], bool] | None = None, **match: Any) -> list[Call]:
        deadline = time.monotonic() + timeout

        def found() -> list[Call]:
            return [c for c in self.calls if c.method == method and _matches(c, match)
                    and (where is None or where(c))]

        with self._cond:
            while len(found()) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.params) for c in self.calls[-10:]]
                    raise AssertionError(f"no {count} x {method} {match} within {timeout}s; "
                                         f"last calls: {seen}")
                self._cond.wait(left)
            return found()

    def message(self, chat_id: int, message_id: int) -> dict:
        """A message the bot sent (as edited since), for replies and button presses."""
        with self._cond:
            return self._messages[(chat_id, message_id)]

    def wait_sent(self, chat_id: int, count: int, timeout: float = 30) -> list[Call]:
        """Wait until the bot has sent `count` messages to `chat_id` (cheap: for load tests)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.sent.get(chat_id, ())) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{chat_id} got {len(self.sent.get(chat_id, ()))} of "
                                         f"{count} messages within {timeout}s")
                self._cond.wait(left)
            return list(self.sent[chat_id])

    def pending_updates(self) -> int:
        with self._cond:
            return len(self._updates)

    # ---- the Bot API ---------------------------------------------------------------------------

    def handle(self, method: str, params: dict[str, Any],
               files: dict[str, tuple[str, bytes]], content_type: str = "") -> tuple[int, dict]:
        """Run one Bot API method; record it (after it ran, with its result or error)."""
        with self._cond:
            failures = self._fail.get(method)
            failure = failures.pop(0) if failures else None
        if failure is not None:
            status, reply = failure["error_code"], failure
        elif (api := getattr(self, f"api_{method}", None)) is None:
            status, reply = 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        else:
            try:
                status, reply = 200, {"ok": True, "result": api(params, files)}
            except _ApiError as e:
                status, reply = e.code, {"ok": False, "error_code": e.code,
                                         "description": e.description}
        if method != "getUpdates":
            call = Call(method, params, files, result=reply.get("result"),
                        error=None if reply["ok"] else reply["description"], content_type=content_type)
            with self._cond:
                self.calls.append(call)
                if reply["ok"] and method in ("sendMessage", "sendDocument", "sendPhoto"):
                    self.sent.setdefault(params.get("chat_id"), []).append(call)
                self._cond.notify_all()
        return status, reply

    def api_getMe(self, params, files):
        return self.bot_user

    def api_deleteWebhook(self, params, files):
        return True

    def api_setMyCommands(self, params, files):
        return True

    def api_sendChatAction(self, params, files):
        return True

    def api_answerCallbackQuery(self, params, files):
        return True

    def api_getUpdates(self, params, files):
        self.polling.set()
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        with self._cond:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            return self._updates[:limit]

    def _store_message(self, params: dict, **fields: Any) -> dict:
        chat_id = params["chat_id"]
        chat_type = "private" if isinstance(chat_id, int) and chat_id > 0 else "supergroup"
        with self._cond:
            self._next_message += 1
            message = {"message_id": self._next_message, "date": int(time.time()),
                       "chat": {"id": chat_id, "type": chat_type}, "from": self.bot_user, **fields}
            if isinstance(params.get("reply_markup"), dict):
                message["reply_markup"] = params["reply_markup"]
            self._messages[(chat_id, message["message_id"])] = message
            return message

    def api_sendMessage(self, params, files):
        text = params.get("text", "")
        if not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if _utf16_len(text) > 4096 and params.get("parse_mode") is None:
            raise _ApiError(400, "Bad Request: message is too long")
        if params.get("parse_mode") == "HTML":
            visible = _check_html(text)
            if _utf16_len(visible) > 4096:
                raise _ApiError(400, "Bad Request: message is too long")
        return self._store_message(params, text=text)

    def api_sendDocument(self, params, files):
        if "document" not in files:
            raise _ApiError(400, "Bad Request: there is no document in the request")
        name, data = files["document"]
        file_id = self.add_file(data, name)
        fields: dict[str, Any] = {"document": {"file_id": file_id, "file_unique_id": f"u{file_id}",
                                               "file_name": name, "file_size": len(data)}}
        if params.get("caption"):
            if params.get("parse_mode") == "HTML":
                _check_html(params["caption"])
            fields["caption"] = params["caption"]
        return self._store_message(params, **fields)

    def api_sendPhoto(self, params, files):
        """A photo upload: it must be a PNG or JPEG the way Telegram checks it (decodable header)."""
        if "photo" not in files:
            raise _ApiError(400, "Bad Request: there is no photo in the request")
        name, data = files["photo"]
        if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8")):
            raise _ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        file_id = self.add_file(data, name or "photo.png")
        fields: dict[str, Any] = {"photo": [{"file_id": file_id, "file_unique_id": f"u{file_id}",
                                             "width": 1200, "height": 720, "file_size": len(data)}]}
        if params.get("caption"):
            if params.get("parse_mode") == "HTML":
                _check_html(params["caption"])
            if _utf16_len(params["caption"]) > 1024:
                raise _ApiError(400, "Bad Request: message caption is too long")
            fields["caption"] = params["caption"]
        return self._store_message(params, **fields)

    def api_editMessageText(self, params, files):
        key = (params.get("chat_id"), params.get("message_id"))
        if params.get("parse_mode") == "HTML":
            _check_html(params.get("text", ""))
        with self._cond:
            message = self._messages.get(key)
            if message is None:
                raise _ApiError(400, "Bad Request: message to edit not found")
            if message.get("text") == params.get("text") and \
                    message.get("reply_markup") == params.get("reply_markup"):
                raise _ApiError(400, "Bad Request: message is not modified")
            message["text"] = params.get("text", "")
            if isinstance(params.get("reply_markup"), dict):
                message["reply_markup"] = params["reply_markup"]
            else:
                message.pop("reply_markup", None)
            return message

    def api_getFile(self, params, files):
        file_id = params.get("file_id")
        with self._cond:
            if file_id not in self._files:
                raise _ApiError(400, "Bad Request: invalid file_id")
            path, data = self._files[file_id]
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(data),
                "file_path": path}

    def download(self, path: str) -> bytes | None:
        with self._cond:
            self.calls.append(Call("download", {"file_path": path}))
            self._cond.notify_all()
            for file_path, data in self._files.values():
                if file_path == path:
                    return data
        return None


class _ApiError(Exception):
    def __init__(self, code: int, description: str):
        super().__init__(description)
        self.code, self.description = code, description


class _Handler(BaseHTTPRequestHandler):
    server_state: FakeTelegram
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _reply(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the bot gave up on a long poll
            self.close_connection = True

    def _route(self) -> tuple[str, str] | None:
        state = self.server_state
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        for kind, prefix in (("file", f"/file/bot{state.token}/"), ("api", f"/bot{state.token}/")):
            if path.startswith(prefix):
                return kind, path[len(prefix):]
        return None

    def do_GET(self) -> None:
        route = self._route()
        if route and route[0] == "file":
            data = self.server_state.download(route[1])
            if data is not None:
                return self._reply(200, data, "application/octet-stream")
        if route and route[0] == "api":
            return self._api(route[1], {}, {})
        self._reply(404, b'{"ok": false, "error_code": 404, "description": "Not Found"}')

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        route = self._route()
        if not route or route[0] != "api":
            return self._reply(404, b'{"ok": false, "error_code": 404, "description": "Not Found"}')
        params, files = _parse_body(self.headers.get("Content-Type", ""), body)
        self._api(route[1], params, files, self.headers.get("Content-Type", ""))

    def _api(self, method: str, params: dict, files: dict, content_type: str = "") -> None:
        status, reply = self.server_state.handle(method, params, files, content_type)
        self._reply(status, json.dumps(reply, ensure_ascii=False).encode("utf-8"))


def _decode(name: str, value: str) -> Any:
    if name in _JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _parse_body(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    params: dict[str, Any] = {}
    files: dict[str, tuple[str, bytes]] = {}
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            data = part.get_payload(decode=True) or b""
            if filename is not None:
                files[name] = (filename, data)
            else:
                params[name] = _decode(name, data.decode("utf-8"))
    elif content_type.startswith("application/json"):
        params = json.loads(body or b"{}")
    elif body:
        for name, value in urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True):
            params[name] = _decode(name, value)
    return params, files


def _matches(call: Call, match: dict[str, Any]) -> bool:
    return all(call.params.get(k) == v for k, v in match.items())


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# Telegram's HTML parse mode: these tags only, properly nested; text must escape <, >, &.
_ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
                 "a", "tg-emoji", "code", "pre", "blockquote", "tg-time"}


def _check_html(text: str) -> str:
    """Validate Telegram-style HTML as Telegram does (rejecting unknown or unbalanced tags and bare
    '<' or '&'); returns the visible text. Raises _ApiError(400) like the real server."""
    from html.parser import HTMLParser

    stack: list[str] = []
    visible: list[str] = []
    errors: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag not in _ALLOWED_TAGS:
                errors.append(f"unsupported start tag \"{tag}\"")
            stack.append(tag)

        def handle_endtag(self, tag):
            if not stack or stack[-1] != tag:
                errors.append(f"unexpected end tag \"{tag}\"")
            else:
                stack.pop()

        def handle_data(self, data):
            visible.append(data)

    # Telegram rejects a raw '<' that does not start a tag and an '&' that does not start an entity.
    import re
    for m in re.finditer(r"<", text):
        if not re.match(r"</?[a-z][a-z-]*[\s>/]|</?[a-z][a-z-]*$", text[m.start():m.start() + 40]):
            errors.append("can't parse entities: unexpected '<'")
    for m in re.finditer(r"&", text):
        if not re.match(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);", text[m.start():m.start() + 12]):
            errors.append("can't parse entities: unescaped '&'")
    parser = Parser(convert_charrefs=True)
    parser.feed(text)
    parser.close()
    if stack:
        errors.append(f"can't find end tag corresponding to start tag \"{stack[-1]}\"")
    if errors:
        raise _ApiError(400, f"Bad Request: can't parse entities: {errors[0]}")
    return "".join(visible)


class BotRunner:
    """Runs a python-telegram-bot Application exactly as production does (run_polling, so
    post_init, the updater and shutdown all run) on its own event loop in a background thread."""

    def __init__(self, app: Any, server: FakeTelegram, poll_timeout: float = 1.0):
        self.app = app
        self.server = server
        self.poll_timeout = poll_timeout
        self.loop: Any = None
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 120) -> "BotRunner":
        import asyncio

        def main() -> None:
            self.loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self.loop)
            try:
                self.app.run_polling(poll_interval=0, timeout=self.poll_timeout, stop_signals=None,
                                     allowed_updates=["message", "callback_query"])
            except BaseException as e:  # surfaced by stop() and by wait_ready
                self.error = e

        self._thread = threading.Thread(target=main, name="bot", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.polling.wait(0.1):  # the updater's first getUpdates: bot is up
            if self.error is not None or not self._thread.is_alive():
                raise RuntimeError(f"bot did not start: {self.error!r}")
            if time.monotonic() > deadline:
                raise RuntimeError("bot did not start polling in time")
        return self

    def stop(self, timeout: float = 30) -> None:
        if self.loop is not None and self._thread is not None and self._thread.is_alive():
            self.loop.call_soon_threadsafe(self.app.stop_running)
            self._thread.join(timeout)
        if self.error is not None:
            raise self.error
