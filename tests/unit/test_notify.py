"""Notifications: real HTTP and SMTP servers on 127.0.0.1 receive what a run sends."""

from __future__ import annotations

import email.policy
import json
import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from aiosmtpd.controller import Controller

from inspector.lab.profiles import LAB_BUNDLE
from inspector.notify import Email, NotifyError, Settings, Webhook, load_settings, notify
from inspector.pipeline import RunOutput, replay


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, dict[str, Any]]]] = []
    reply = b'{"errcode": 0}'

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.path, json.loads(body)))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(type(self).reply)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[HTTPServer]:
    _Receiver.received = []
    _Receiver.reply = b'{"errcode": 0}'
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:  # noqa: N802
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RunOutput:
    output = replay(LAB_BUNDLE, tmp_path_factory.mktemp("run"), run_id="r1")
    (output.folder / "summary.md").write_text("# 巡检摘要\n一级 5 项\n", encoding="utf-8")
    (output.folder / "report.pdf").write_bytes(b"%PDF-1.7 test")
    return output


def test_webhooks_in_each_chat_format(http_server: HTTPServer, run: RunOutput,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    base = f"http://127.0.0.1:{http_server.server_port}"
    monkeypatch.setenv("DINGTALK_URL", f"{base}/robot/send?access_token=T0KEN")
    monkeypatch.setenv("DINGTALK_SECRET", "SEC123")
    secret_ref = "env:DINGTALK_SECRET"  # noqa: S105 - a reference, not a secret
    settings = Settings(webhooks=[
        Webhook(kind="dingtalk", url="env:DINGTALK_URL", secret=secret_ref),
        Webhook(kind="wecom", url=f"{base}/cgi-bin/webhook/send?key=K"),
        Webhook(kind="feishu", url=f"{base}/open-apis/bot/v2/hook/H", secret=secret_ref),
        Webhook(kind="generic", url=f"{base}/hooks/inspection"),
    ])
    assert notify(settings, run.run, run.folder) == []
    (ding_path, ding), (_, wecom), (_, feishu), (_, generic) = _Receiver.received
    assert "timestamp=" in ding_path and "sign=" in ding_path
    assert ding["msgtype"] == "markdown" and "巡检摘要" in ding["markdown"]["text"]
    assert wecom["markdown"]["content"].startswith("# 巡检摘要")
    assert feishu["msg_type"] == "text" and "sign" in feishu
    assert generic["run_id"] == "r1" and generic["devices"] == len(run.run.devices)
    assert generic["findings"]["critical"] >= 1


def test_a_refused_or_unreachable_webhook_is_reported_not_raised(
    http_server: HTTPServer, run: RunOutput
) -> None:
    _Receiver.reply = b'{"errcode": 310000, "errmsg": "keywords not in content"}'
    settings = Settings(webhooks=[
        Webhook(kind="dingtalk", url=f"http://127.0.0.1:{http_server.server_port}/x?t=1"),
        Webhook(kind="generic", url="http://127.0.0.1:1/nothing-listens", timeout=2),
    ])
    failures = notify(settings, run.run, run.folder)
    assert len(failures) == 2
    assert "refused the message" in failures[0]
    assert "generic webhook" in failures[1]


def test_email_with_the_pdf_attached(run: RunOutput) -> None:
    mailbox = _Mailbox()
    with socket.socket() as probe:  # aiosmtpd checks its own readiness on a known port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings = Settings(email=Email(host="127.0.0.1", port=port, security="none",
                                        sender="inspector@example.com",
                                        to=["noc@example.com"], attach=["pdf", "md"]))
        assert notify(settings, run.run, run.folder) == []
    finally:
        controller.stop()
    message = message_from_bytes(mailbox.messages[0], policy=email.policy.default)
    assert "巡检 r1" in str(message["Subject"])
    names = [part.get_filename() for part in message.walk() if part.get_filename()]
    assert names == ["r1-report.pdf", "r1-summary.md"]


def test_settings_file_errors_name_the_field(tmp_path: Path) -> None:
    path = tmp_path / "notify.yaml"
    path.write_text("webhooks:\n  - {kind: slack, url: https://x}\n", encoding="utf-8")
    with pytest.raises(NotifyError, match=r"webhooks\.0\.kind"):
        load_settings(path)
    path.write_text("email: {host: smtp, sender: a@b, to: [c@d], password: hunter2}\n",
                    encoding="utf-8")
    with pytest.raises(NotifyError, match="must be a reference"):
        load_settings(path)
