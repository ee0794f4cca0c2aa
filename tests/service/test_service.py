"""bulletin serve: same records as the CLI, clear 4xx errors, one real uvicorn process."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
pytest.importorskip("uvicorn")

from fastapi.testclient import TestClient  # noqa: E402

from pipeline.paths import project_root  # noqa: E402
from pipeline.service.app import create_app  # noqa: E402

ROOT = project_root()
SAMPLE = "corpus/samples/a04_gbk_case_report.txt"  # GB18030 bytes: decoding is exercised too


@pytest.fixture(scope="module")
def client(loaded):
    with TestClient(create_app(loaded, max_bytes=1_000_000)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def cli_lines(loaded) -> list[str]:
    """What `bulletin extract` writes for the sample, run as the CLI runs it (from ROOT)."""
    from pipeline.extract import run_extract

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        stats, lines = run_extract(loaded, [Path(SAMPLE)], None, None)
    finally:
        os.chdir(cwd)
    return list(lines)


def test_upload_gives_the_cli_records(client, cli_lines):
    data = (ROOT / SAMPLE).read_bytes()
    response = client.post("/extract", files={"file": (SAMPLE, data, "text/plain")})
    assert response.status_code == 200, response.text
    assert response.text == "[" + ",".join(cli_lines) + "]"
    assert [r["id"] for r in response.json()][0] == "a04_gbk_case_report#1"


def test_json_text_gives_the_cli_records_of_that_text(client, cli_lines, tmp_path):
    text = (ROOT / SAMPLE).read_bytes().decode("gb18030")
    response = client.post("/extract", json={"text": text, "name": SAMPLE})
    assert response.status_code == 200, response.text
    got, want = response.json(), [json.loads(x) for x in cli_lines]
    for record in got + want:  # the JSON body is UTF-8, the file GB18030: only those differ
        del record["source"]["sha256"], record["source"]["encoding"]
    assert got == want
    assert "bulletin-serve-" not in response.text


def test_name_cannot_leave_the_temporary_folder(client):
    response = client.post("/extract", json={"text": "某县公安局破获案件12起。",
                                             "name": "../../etc/x y.txt"})
    assert response.status_code == 200, response.text
    record = response.json()[0]
    assert record["id"] == "x y#1" and record["source"]["path"] == "../../etc/x y.txt"


def test_published_goes_to_a_sidecar(client):
    response = client.post("/extract", json={
        "text": "某县公安局破获案件12起。", "name": "n.txt", "published": "2024-05-01"})
    assert response.status_code == 200, response.text
    record = response.json()[0]
    assert record["id"] == "n#1"
    # where ingest copies sidecar fields into `source`, the posted date is the one it read
    assert record["source"].get("published", "2024-05-01") == "2024-05-01"


@pytest.mark.parametrize("body,kind,status,words", [
    (b"{not json", "application/json", 400, "not valid JSON"),
    (b'{"text": ""}', "application/json", 422, "non-empty"),
    (b'{"text": "x", "foo": 1}', "application/json", 422, "unknown fields"),
    (b"[1]", "application/json", 422, "object"),
    (b"plain", "text/plain", 415, "unsupported content type"),
    ('{"text": "x", "published": "5月28日"}'.encode(), "application/json", 422, "ISO 8601"),
])
def test_bad_json_input_is_a_clear_4xx(client, body, kind, status, words):
    response = client.post("/extract", content=body, headers={"content-type": kind})
    assert response.status_code == status
    assert words in response.json()["detail"]


def test_binary_upload_is_rejected_with_the_reason(client):
    blob = bytes(range(256)) * 64
    response = client.post("/extract", files={"file": ("photo.jpg", blob, "image/jpeg")})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "photo.jpg" in detail and "binary" in detail


def test_ten_megabyte_body_is_413(client):
    big = b"a" * (10 * 1024 * 1024)
    response = client.post("/extract", files={"file": ("big.txt", big, "text/plain")})
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_streamed_body_without_length_is_413(client):
    def chunks():
        for _ in range(20):
            yield b"{" * 100_000

    response = client.post("/extract", content=chunks(),
                           headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_health_and_schema(client):
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["config_hash"]
    schema = client.get("/schema").json()
    assert schema["title"] == "Record" and "entities" in schema["properties"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_real_uvicorn_process(cli_lines):
    """`bulletin serve` in its own process; it stops itself after 3 requests."""
    import httpx

    port = _free_port()
    cmd = [sys.executable, "-m", "pipeline.cli", "serve", "--host", "127.0.0.1",
           "--port", str(port), "--limit-max-requests", "3"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                assert httpx.get(f"{base}/health", timeout=2).json()["status"] == "ok"
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        data = (ROOT / SAMPLE).read_bytes()
        response = httpx.post(f"{base}/extract", files={"file": (SAMPLE, data)}, timeout=60)
        assert response.text == "[" + ",".join(cli_lines) + "]"
        response = httpx.post(f"{base}/extract", content=b"x" * (10 * 1024 * 1024),
                              headers={"content-type": "application/json"}, timeout=60)
        assert response.status_code == 413
        assert proc.wait(timeout=30) == 0  # the third request was its last
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def test_parallel_requests_get_their_own_records(client):
    """One pipeline, many callers: requests are serialized, answers are not mixed up."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"某县公安局破获案件{n}起。" for n in range(2, 8)]

    def post(text: str) -> str:
        response = client.post("/extract", json={"text": text, "name": f"{len(text)}x.txt"})
        assert response.status_code == 200, response.text
        return response.json()[0]["text"]

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(post, texts)) == texts
