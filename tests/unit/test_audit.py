"""tools/audit.py against a small index served on 127.0.0.1 (PyPI's JSON API shape)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

AUDIT = Path(__file__).resolve().parents[2] / "tools" / "audit.py"
ADVISORY = {"id": "PYSEC-0000-1", "aliases": ["CVE-0000-1"], "fixed_in": ["2.0"],
            "link": "https://osv.dev/vulnerability/PYSEC-0000-1", "withdrawn": None}
# path -> JSON page; anything else is a 404, as on an index without per-release pages.
PAGES: dict[str, dict[str, Any]] = {
    "/pypi/clean/1.0/json": {"vulnerabilities": []},
    "/pypi/holed/1.0/json": {"vulnerabilities": [ADVISORY]},
    "/pypi/latest-only/json": {"info": {"version": "3.0"}, "vulnerabilities": []},
    "/pypi/behind/json": {"info": {"version": "5.0"}, "vulnerabilities": []},
}


class _Index(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        page = PAGES.get(self.path)
        body = json.dumps(page).encode()
        self.send_response(404 if page is None else 200)
        self.end_headers()
        if page is not None:
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def index() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Index)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/pypi"
    server.shutdown()
    server.server_close()


def _audit(tmp_path: Path, index: str, lock: str, exceptions: str = "[]",
           *extra: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "requirements.lock").write_text(lock)
    (tmp_path / "exceptions.yaml").write_text(exceptions)
    return subprocess.run(
        [sys.executable, str(AUDIT), "--lock", str(tmp_path / "requirements.lock"),
         "--exceptions", str(tmp_path / "exceptions.yaml"), *extra],
        capture_output=True, text=True, timeout=60,
        env={"INSPECTOR_AUDIT_INDEX": index, "PATH": "/usr/bin:/bin"}, check=False)


def _exception(review_by: str = "2999-01-01", ident: str = "CVE-0000-1") -> str:
    return (f"- {{id: {ident}, package: holed, reason: the affected API is never called, "
            f"review_by: {review_by}}}\n")


def test_clean_pins_pass_and_say_how_they_were_checked(tmp_path: Path, index: str) -> None:
    done = _audit(tmp_path, index, "# comment\nclean==1.0\nLatest_Only==3.0\n")
    assert done.returncode == 0, done.stdout
    assert "checked 1 by release, 1 by the project page" in done.stdout


def test_an_advisory_fails_the_audit(tmp_path: Path, index: str) -> None:
    done = _audit(tmp_path, index, "clean==1.0\nholed==1.0\n")
    assert done.returncode == 1
    assert "VULNERABLE holed 1.0: PYSEC-0000-1 (2.0)" in done.stdout


def test_an_exception_by_alias_passes_until_its_review_date(tmp_path: Path, index: str) -> None:
    done = _audit(tmp_path, index, "holed==1.0\n", _exception())
    assert done.returncode == 0, done.stdout
    assert "excepted   holed 1.0: PYSEC-0000-1 (2.0): the affected API is never called" \
        in done.stdout
    expired = _audit(tmp_path, index, "holed==1.0\n", _exception("2020-01-01"))
    assert expired.returncode == 1 and "EXPIRED" in expired.stdout


def test_an_exception_nothing_needs_fails(tmp_path: Path, index: str) -> None:
    done = _audit(tmp_path, index, "holed==1.0\nclean==1.0\n",
                  _exception() + _exception(ident="CVE-1111-2"))
    assert done.returncode == 1
    assert "UNUSED     exception CVE-1111-2" in done.stdout


def test_a_pin_behind_the_latest_release_is_unverified(tmp_path: Path, index: str) -> None:
    done = _audit(tmp_path, index, "clean==1.0\nbehind==4.0\n")
    assert done.returncode == 0
    assert "unverified behind 4.0: the index gives advisories for the latest release (5.0)" \
        in done.stdout
    assert _audit(tmp_path, index, "clean==1.0\nbehind==4.0\n", "[]", "--strict").returncode == 1


def test_no_data_at_all_is_exit_3(tmp_path: Path) -> None:
    done = _audit(tmp_path, "http://127.0.0.1:9/pypi", "clean==1.0\n")
    assert done.returncode == 3 and "could not be read" in done.stdout


def test_a_bad_lock_line_names_file_and_line(tmp_path: Path, index: str) -> None:
    done = _audit(tmp_path, index, "clean==1.0\nclean>=1.0\n")
    assert done.returncode != 0
    assert "requirements.lock:2: expected NAME==VERSION" in done.stderr


def test_an_exceptions_file_that_is_not_a_list_says_so(tmp_path: Path, index: str) -> None:
    done = _audit(tmp_path, index, "clean==1.0\n", "id: CVE-0000-1\n")
    assert done.returncode != 0
    assert "exceptions.yaml: expected a list of entries" in done.stderr
