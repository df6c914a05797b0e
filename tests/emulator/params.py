"""Reading Bot API parameters the way Telegram does.

Telegram accepts a query string, ``application/x-www-form-urlencoded``,
``application/json`` and ``multipart/form-data``.  In the form encodings every
value is a string and structured values (``reply_markup``, ``scope``...) are
JSON text; python-telegram-bot sends exactly that.  ``Params`` hides the
encoding so method handlers can ask for an ``int`` or an object.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from .errors import ApiError, bad_request


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    data: bytes
    filename: str | None
    content_type: str | None


@dataclass
class Params:
    """Parameters of one Bot API call, with typed accessors that raise real errors."""

    values: dict[str, Any] = field(default_factory=dict)
    uploads: dict[str, Upload] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        """Whether the parameter was given at all (an empty string counts as given)."""
        return name in self.values or name in self.uploads

    def get_str(self, name: str, default: str | None = None) -> str | None:
        """A string parameter; numbers are turned into their text, as Telegram does."""
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        return json.dumps(value)

    def required_str(self, name: str) -> str:
        """A string that must be present: else ``Bad Request: <name> is empty``."""
        value = self.get_str(name)
        if value is None or value == "":
            raise bad_request(f"{name} is empty")
        return value

    def get_int(self, name: str, default: int | None = None) -> int | None:
        """An integer parameter; a non-number is a 400 like Telegram's."""
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        try:
            return int(str(value))
        except ValueError:
            raise bad_request(f"invalid {name} specified") from None

    def get_float(self, name: str, default: float | None = None) -> float | None:
        """A float parameter (coordinates, timeouts)."""
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def get_bool(self, name: str, default: bool = False) -> bool:
        """A boolean parameter: ``true``/``false``/``1``/``0`` as text or JSON."""
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in {"true", "1"}

    def get_json(self, name: str) -> Any:
        """A structured parameter, given as JSON text (forms) or as JSON (JSON bodies)."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def get_chat_id(self, name: str = "chat_id") -> int | str:
        """A chat id: an integer, or ``@username`` for public chats."""
        value = self.get_str(name)
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        if value.startswith("@"):
            return value
        try:
            return int(value)
        except ValueError:
            raise bad_request("chat not found") from None

    def public(self) -> dict[str, Any]:
        """Everything that was sent, files shown by name, for the call log."""
        shown: dict[str, Any] = dict(self.values)
        for name, upload in self.uploads.items():
            shown[name] = f"<upload {upload.filename or name} {len(upload.data)} bytes>"
        return shown


async def read_params(request: web.Request) -> Params:
    """Collect the parameters of a request in any of the four encodings Telegram accepts."""
    params = Params(values=dict(request.query))
    if request.method != "POST" or not request.can_read_body:
        return params
    content_type = request.content_type
    if content_type == "application/json":
        await _read_json(request, params)
    elif content_type == "multipart/form-data":
        await _read_multipart(request, params)
    else:
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, str):
                params.values[key] = value
    return params


async def _read_json(request: web.Request, params: Params) -> None:
    try:
        body = await request.json()
    except json.JSONDecodeError:
        raise bad_request("can't parse JSON encoded request parameters") from None
    if not isinstance(body, dict):
        raise ApiError(400, "Bad Request: JSON object expected")
    params.values.update(body)


async def _read_multipart(request: web.Request, params: Params) -> None:
    reader = await request.multipart()
    while True:
        part = await reader.next()
        if part is None:
            return
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        data = await part.read(decode=True)
        if part.filename is not None:
            params.uploads[part.name] = Upload(
                data=bytes(data),
                filename=part.filename,
                content_type=part.headers.get("Content-Type"),
            )
        else:
            params.values[part.name] = bytes(data).decode("utf-8")
