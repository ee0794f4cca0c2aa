"""The FastAPI app: GET /health, GET /schema, POST /extract.

POST /extract takes JSON `{"text": …, "name": …, "published": …}` or a multipart upload
(field `file`, optional form fields `name` and `published`) and answers a JSON list of
records, the same lines `bulletin extract` writes for that file (`source.path` is the
given name). The posted bytes are written to a temporary folder under the name's last
part, with a `.meta.json` sidecar when `published` is given, and run through the batch
code of `bulletin extract` (`run_extract`), so ingest, sidecars and records stay one code.
"""

from __future__ import annotations

import json
import re
import tempfile
import threading
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from .. import __version__
from ..nlp import LoadedPipeline, build_pipeline
from ..records.model import SCHEMA_PATH
from .limits import BodyLimit

DEFAULT_MAX_BYTES = 2_000_000  # a long annual review is ~100 KB; a page with markup < 1 MB
DEFAULT_NAME = "input.txt"
# a file name for the temporary copy: the name's last part (no folders), without control
# characters; otherwise as given, so the report ids are those the CLI gives that file
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]+")
# a sidecar's `published` (SCHEMA §1): ISO 8601, possibly only YYYY or YYYY-MM
_PUBLISHED = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:.+\-Z]*)?)?)?$")


def create_app(
    loaded: LoadedPipeline | None = None,
    config: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FastAPI:
    """The service around `loaded` (or a pipeline built from `config` at start-up)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if app.state.loaded is None:
            app.state.loaded = build_pipeline(config)
        yield

    app = FastAPI(
        title="bulletin", version=__version__, lifespan=lifespan,
        docs_url=None, redoc_url=None,  # their pages load scripts from a CDN; offline here
    )
    app.state.loaded = loaded
    app.state.lock = threading.Lock()  # one spaCy pipeline: one document batch at a time
    app.add_middleware(BodyLimit, max_bytes=max_bytes)

    @app.get("/health")
    def health() -> dict[str, Any]:
        current: LoadedPipeline = app.state.loaded
        return {"status": "ok", "version": __version__, "config_hash": current.config_hash,
                "models": current.model_ids}

    @app.get("/schema")
    def schema() -> Response:
        return Response(SCHEMA_PATH.read_bytes(), media_type="application/schema+json")

    @app.post("/extract")
    async def extract(request: Request) -> Response:
        data, name, published = await _read_input(request)
        # in a worker thread: /health keeps answering while a long file is extracted
        lines = await run_in_threadpool(_run, app, data, name, published)
        # the CLI's own JSON lines, joined as one array: records byte for byte as written
        return Response("[" + ",".join(lines) + "]", media_type="application/json")

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)

    return app


async def _read_input(request: Request) -> tuple[bytes, str, str | None]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        return _json_input(await request.body())
    if kind == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise HTTPException(422, "multipart upload needs a file field named 'file'")
        name = form.get("name") or upload.filename or DEFAULT_NAME
        published = form.get("published") or None
        return await upload.read(), str(name), _checked_published(published)
    raise HTTPException(
        415, f"unsupported content type {kind or '(none)'}: send application/json "
        '{"text": …} or multipart/form-data with a file field'
    )


def _json_input(body: bytes) -> tuple[bytes, str, str | None]:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError) as err:
        raise HTTPException(400, f"body is not valid JSON: {err}") from None
    if not isinstance(payload, dict):
        raise HTTPException(422, 'JSON body must be an object {"text": …}')
    text, name = payload.get("text"), payload.get("name") or DEFAULT_NAME
    published = payload.get("published")
    if not isinstance(text, str) or not text.strip():
        raise HTTPException(422, "field 'text' must be a non-empty string")
    if not isinstance(name, str) or (published is not None and not isinstance(published, str)):
        raise HTTPException(422, "fields 'name' and 'published' must be strings")
    unknown = sorted(set(payload) - {"text", "name", "published"})
    if unknown:
        raise HTTPException(422, f"unknown fields: {', '.join(unknown)}")
    return text.encode("utf-8"), name, _checked_published(published)


def _checked_published(published: object) -> str | None:
    if published is None or published == "":
        return None
    if not isinstance(published, str) or not _PUBLISHED.match(published):
        raise HTTPException(
            422, f"'published' must be an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD), "
            f"not {published!r}"
        )
    return published


def _safe_file_name(name: str) -> str:
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", last).lstrip(".")
    return cleaned or DEFAULT_NAME


def _run(app: FastAPI, data: bytes, name: str, published: str | None) -> list[str]:
    from ..extract import run_extract

    with tempfile.TemporaryDirectory(prefix="bulletin-serve-") as tmp:
        path = Path(tmp) / _safe_file_name(name)
        path.write_bytes(data)
        if published:
            sidecar = path.with_name(path.stem + ".meta.json")
            sidecar.write_text(json.dumps({"published": published}), encoding="utf-8")
        with app.state.lock:
            stats, lines = run_extract(app.state.loaded, [path], None, None)
        errors = [e.replace(str(path), name) for e in stats.errors]
        if errors or not lines:
            raise HTTPException(422, "; ".join(errors) or f"{name}: no report found")
        return [_renamed(line, str(path), name) for line in lines]


def _renamed(line: str, tmp_path: str, name: str) -> str:
    """The record as the CLI writes it for a file given as `name`."""
    record = json.loads(line)
    source = record.get("source")
    if isinstance(source, dict) and source.get("path") == tmp_path:
        source["path"] = name
    if record.get("file") == tmp_path.rsplit("/", 1)[-1]:
        record["file"] = name.replace("\\", "/").rsplit("/", 1)[-1]
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
