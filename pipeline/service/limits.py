"""Request body limit as ASGI middleware: a clear 413 before a large body is read."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def too_large(limit: int, size: int | None = None) -> str:
    got = f"{size} bytes" if size is not None else f"more than {limit} bytes"
    return (f"request body too large: {got}; this service accepts at most {limit} bytes "
            "(bulletin serve --max-bytes)")


class BodyLimit:
    """Rejects a body over `max_bytes`: by its Content-Length at once, else while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            response = JSONResponse({"detail": too_large(self.max_bytes, int(declared))}, 413)
            await response(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # raised inside the endpoint's body read: Starlette answers it as a 413
                    raise HTTPException(413, too_large(self.max_bytes))
            return message

        await self.app(scope, limited, send)
