"""After a run: e-mail the report and/or post the summary to chat webhooks.

Settings live in a YAML file (`--notify FILE`); secrets in it are references (env:, file:,
keyring:) like in inventories::

    email:
      host: smtp.example.com
      port: 465
      security: ssl            # ssl, starttls or none
      username: inspector@example.com
      password: env:SMTP_PASSWORD
      sender: inspector@example.com
      to: [noc@example.com]
      attach: [pdf, xlsx]
    webhooks:
      - {kind: dingtalk, url: env:DINGTALK_WEBHOOK, secret: env:DINGTALK_SECRET}
      - {kind: wecom, url: env:WECOM_WEBHOOK}
      - {kind: feishu, url: env:FEISHU_WEBHOOK}
      - {kind: generic, url: https://ops.example.com/hooks/inspection}

A notification that fails is reported and never loses the run: the run folder is written
before anything is sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import smtplib
import ssl
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from inspector import safeyaml
from inspector.credentials import CredentialError, SecretRef, resolve_secret
from inspector.errors import ConfigurationError
from inspector.model import Run
from inspector.redact import register_secret

MIME = {"pdf": ("application", "pdf"), "xlsx": (
    "application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "html": ("text", "html"), "md": ("text", "markdown")}
REPORT_FILES = {"pdf": "report.pdf", "xlsx": "inspection.xlsx", "html": "report.html",
                "md": "summary.md"}
WECOM_LIMIT = 4000  # bytes of markdown a WeCom group bot accepts (4096, minus headroom)


Attachment = Literal["pdf", "xlsx", "html", "md"]


class NotifyError(ConfigurationError):
    """A notification settings file that cannot be used."""


class Email(BaseModel):
    model_config = ConfigDict(extra="forbid")

    host: str
    port: int = 465
    security: Literal["ssl", "starttls", "none"] = "ssl"
    username: str = ""
    password: SecretRef | None = None
    sender: str
    to: list[str] = Field(min_length=1)
    attach: list[Attachment] = Field(default_factory=lambda: list[Attachment](["pdf"]))
    timeout: float = 30


class Webhook(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["generic", "dingtalk", "wecom", "feishu"]
    url: str  # a URL, or a reference to one (chat bot URLs carry their token)
    secret: SecretRef | None = None  # DingTalk / Feishu signing secret
    timeout: float = 15


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email | None = None
    webhooks: list[Webhook] = Field(default_factory=list)


def load_settings(path: Path) -> Settings:
    try:
        data = safeyaml.load_file(path) or {}
        return Settings.model_validate(data)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise NotifyError(f"{path}: cannot read: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                             for e in exc.errors())
        raise NotifyError(f"{path}: {problems}") from exc


def _secret(ref: str, label: str) -> str:
    value = resolve_secret(ref, label)
    register_secret(value)
    return value


def _url(value: str) -> str:
    if value.startswith(("env:", "file:", "keyring:")):
        return _secret(value, "webhook url")
    return value


def title(run: Run) -> str:
    counts = dict.fromkeys(("critical", "major", "minor"), 0)
    for finding in run.findings:
        if finding.severity in counts and finding.is_problem:
            counts[finding.severity] += 1
    return (f"巡检 {run.run_id}: {len(run.devices)} 台设备, 一级 {counts['critical']} / "
            f"二级 {counts['major']} / 三级 {counts['minor']}")


# ---------------------------------------------------------------------------- webhooks


def _dingtalk(hook: Webhook, run: Run, markdown: str) -> tuple[str, dict[str, Any]]:
    url = _url(hook.url)
    if hook.secret:  # DingTalk "加签": HMAC-SHA256 of "timestamp\nsecret", in the query
        stamp = str(int(time.time() * 1000))
        secret = _secret(hook.secret, "dingtalk secret")
        digest = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(),
                          hashlib.sha256).digest()
        sign = urllib.parse.quote_plus(base64.b64encode(digest))
        url = f"{url}&timestamp={stamp}&sign={sign}"
    return url, {"msgtype": "markdown", "markdown": {"title": title(run), "text": markdown}}


def _wecom(hook: Webhook, run: Run, markdown: str) -> tuple[str, dict[str, Any]]:
    text = markdown.encode()[:WECOM_LIMIT].decode(errors="ignore")
    return _url(hook.url), {"msgtype": "markdown", "markdown": {"content": text}}


def _feishu(hook: Webhook, run: Run, markdown: str) -> tuple[str, dict[str, Any]]:
    body: dict[str, Any] = {"msg_type": "text", "content": {"text": f"{title(run)}\n\n{markdown}"}}
    if hook.secret:  # Feishu signs "timestamp\nsecret" with an empty message
        stamp = str(int(time.time()))
        key = f"{stamp}\n{_secret(hook.secret, 'feishu secret')}".encode()
        body |= {"timestamp": stamp,
                 "sign": base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()}
    return _url(hook.url), body


def _generic(hook: Webhook, run: Run, markdown: str) -> tuple[str, dict[str, Any]]:
    severities: dict[str, int] = {}
    for finding in run.findings:
        if finding.severity and finding.is_problem:
            severities[finding.severity] = severities.get(finding.severity, 0) + 1
    return _url(hook.url), {
        "run_id": run.run_id, "title": title(run), "devices": len(run.devices),
        "unreachable": sum(d.status in ("unreachable", "failed") for d in run.devices),
        "findings": severities, "complete": run.complete, "summary_markdown": markdown,
    }


FORMATTERS: dict[str, Callable[[Webhook, Run, str], tuple[str, dict[str, Any]]]] = {
    "generic": _generic, "dingtalk": _dingtalk, "wecom": _wecom, "feishu": _feishu,
}


def post_webhook(hook: Webhook, run: Run, markdown: str) -> None:
    url, body = FORMATTERS[hook.kind](hook, run, markdown)
    if not url.startswith(("https://", "http://")):
        raise NotifyError(f"{hook.kind} webhook: not an http(s) URL")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, data=json.dumps(body, ensure_ascii=False).encode(), method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"})
    with urllib.request.urlopen(request, timeout=hook.timeout) as response:  # noqa: S310
        reply = response.read(65536).decode(errors="replace")
    # Chat bots answer HTTP 200 with an error code in the body.
    try:
        payload = json.loads(reply) if reply.strip() else {}
    except json.JSONDecodeError:
        payload = {}
    code = payload.get("errcode", payload.get("code", 0)) if isinstance(payload, dict) else 0
    if code not in (0, None):
        raise NotifyError(f"{hook.kind} webhook refused the message: {reply[:200]}")


# ---------------------------------------------------------------------------- e-mail


def send_email(settings: Email, run: Run, folder: Path, markdown: str) -> None:
    message = EmailMessage()
    message["Subject"] = title(run)
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.to)
    message.set_content(markdown)
    for kind in settings.attach:
        path = folder / REPORT_FILES[kind]
        if path.is_file():
            main, sub = MIME[kind]
            message.add_attachment(path.read_bytes(), maintype=main, subtype=sub,
                                   filename=f"{run.run_id}-{path.name}")
    password = _secret(settings.password, "smtp") if settings.password else ""
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.security == "ssl":
        smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                context=context)
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with smtp:
        if settings.security == "starttls":
            smtp.starttls(context=context)
        if settings.username:
            smtp.login(settings.username, password)
        smtp.send_message(message)


def notify(settings: Settings, run: Run, folder: Path) -> list[str]:
    """Send every configured notification; return one line per failure (never raise)."""
    summary = folder / REPORT_FILES["md"]
    markdown = summary.read_text(encoding="utf-8") if summary.is_file() else title(run)
    failures = []
    if settings.email is not None:
        try:
            send_email(settings.email, run, folder, markdown)
        except (OSError, smtplib.SMTPException, CredentialError, NotifyError) as exc:
            failures.append(f"e-mail to {', '.join(settings.email.to)}: {exc}")
    for hook in settings.webhooks:
        try:
            post_webhook(hook, run, markdown)
        except (OSError, CredentialError, NotifyError) as exc:
            failures.append(f"{hook.kind} webhook: {exc}")
    return failures
