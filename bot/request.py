"""How the bot talks HTTP to the Bot API: python-telegram-bot's HTTPXRequest, with a call that
carries no file sent as one JSON body (application/json, which the Bot API accepts for every method
without an upload) instead of a form.

PTB's form encoding percent-escapes every byte of a Chinese answer in pure Python (urllib's quote,
three bytes of UTF-8 become nine characters) and JSON-encodes each nested value separately; one
json.dumps of the whole call is done in C and sends a third of the bytes. Calls with files (charts,
CSV documents) go through HTTPXRequest unchanged, as multipart.
"""
from __future__ import annotations

import json

import httpx
from telegram._utils.defaultvalue import DEFAULT_NONE, DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData

JSON_HEADERS = {"User-Agent": HTTPXRequest.USER_AGENT, "Content-Type": "application/json"}


class JsonBodyRequest(HTTPXRequest):
    """HTTPXRequest whose calls without files are one JSON body; same timeouts, same errors."""

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout=DEFAULT_NONE, write_timeout=DEFAULT_NONE,
                         connect_timeout=DEFAULT_NONE, pool_timeout=DEFAULT_NONE) -> tuple[int, bytes]:
        if request_data is None or request_data.contains_files:
            return await super().do_request(url, method, request_data, read_timeout, write_timeout,
                                            connect_timeout, pool_timeout)
        if self._client.is_closed:
            raise RuntimeError("This HTTPXRequest is not initialized!")
        default = self._client.timeout  # as HTTPXRequest: a timeout not given is the client's
        timeout = httpx.Timeout(
            connect=default.connect if isinstance(connect_timeout, DefaultValue) else connect_timeout,
            read=default.read if isinstance(read_timeout, DefaultValue) else read_timeout,
            write=default.write if isinstance(write_timeout, DefaultValue) else write_timeout,
            pool=default.pool if isinstance(pool_timeout, DefaultValue) else pool_timeout)
        body = json.dumps(request_data.parameters, ensure_ascii=False, separators=(",", ":"))
        try:
            res = await self._client.request(method=method, url=url, headers=JSON_HEADERS,
                                             timeout=timeout, content=body.encode("utf-8"))
        except httpx.TimeoutException as err:  # the errors HTTPXRequest raises, so callers see no change
            if isinstance(err, httpx.PoolTimeout):
                raise TimedOut("Pool timeout: all connections in the pool are busy; the request "
                               "was not sent") from err
            raise TimedOut from err
        except httpx.HTTPError as err:
            raise NetworkError(f"httpx.{err.__class__.__name__}: {err}") from err
        return res.status_code, res.content
