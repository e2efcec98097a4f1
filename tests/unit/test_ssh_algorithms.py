"""Weak SSH algorithms: the refusal's sentence in both languages, the KEXINIT reader, the
check grading what a session used, and short secrets masked as whole tokens only."""

from __future__ import annotations

import struct

import pytest

from inspector import redact as redact_module
from inspector.catalog import render
from inspector.checks import load_rules, run_checks
from inspector.model import Device, DeviceResult, DeviceStatus, Finding, Severity, Snapshot
from inspector.reasons import reason
from inspector.redact import MASK, redact, register_secret
from inspector.ssh_algorithms import is_weak, refusal, weak_in_use
from inspector.transports.kexinit import ProbeError, parse_kexinit
from inspector.transports.legacy_ssh import accepted

OLD_OFFER = {"kex": ["diffie-hellman-group1-sha1"], "host_key": ["ssh-rsa"],
             "cipher": ["aes128-cbc", "3des-cbc"], "mac": ["hmac-sha1"]}


def test_the_default_path_refuses_an_old_offer_naming_it() -> None:
    said = refusal(OLD_OFFER, accepted(legacy=False), legacy=False)
    assert said == ("the device offers only diffie-hellman-group1-sha1 (key exchange) and "
                    "ssh-rsa (host key); set transport.legacy_algorithms: true for it")
    assert refusal(OLD_OFFER, accepted(legacy=True), legacy=True) is None


def test_what_even_the_legacy_path_lacks_is_said_so() -> None:
    offer = {**OLD_OFFER, "host_key": ["ssh-dss"], "cipher": ["arcfour"]}
    assert refusal(offer, accepted(legacy=True), legacy=True) == (
        "the device offers only ssh-dss (host key) and arcfour (cipher), none of which "
        "inspector accepts, even with transport.legacy_algorithms")


def test_the_refusal_is_said_in_the_customers_language() -> None:
    offer = {**OLD_OFFER, "kex": ["diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1"],
             "cipher": ["blowfish-cbc"]}
    sentence = refusal(offer, accepted(legacy=False), legacy=False)
    assert sentence is not None
    assert render(reason(sentence), "en") == sentence
    assert render(reason(sentence), "zh") == (
        "设备仅提供 diffie-hellman-group1-sha1, diffie-hellman-group14-sha1（密钥交换）、"
        "ssh-rsa（主机密钥）和 blowfish-cbc（加密算法）；请为该设备设置 "
        "transport.legacy_algorithms: true")


def test_weak_algorithms() -> None:
    assert weak_in_use({"kex": "diffie-hellman-group14-sha1", "host_key": "ssh-rsa",
                        "cipher": "aes256-cbc", "mac": "hmac-md5"}) == {
        "kex": "diffie-hellman-group14-sha1", "host_key": "ssh-rsa", "cipher": "aes256-cbc",
        "mac": "hmac-md5"}
    assert weak_in_use({"kex": "curve25519-sha256", "host_key": "rsa-sha2-256",
                        "cipher": "aes128-ctr", "mac": "hmac-sha2-256"}) == {}
    assert not is_weak("kex", "diffie-hellman-group14-sha256")
    assert is_weak("mac", "hmac-sha1-96")


def _kexinit(lists: list[str]) -> bytes:
    body = bytes([20]) + b"\x00" * 16
    for names in lists:
        body += struct.pack(">I", len(names)) + names.encode()
    return body + b"\x00" + b"\x00\x00\x00\x00"


def test_kexinit_lists_by_kind() -> None:
    payload = _kexinit(["diffie-hellman-group1-sha1,ext-info-s,kex-strict-s-v00@openssh.com",
                        "ssh-rsa", "aes128-cbc,3des-cbc", "aes128-cbc", "hmac-sha1",
                        "hmac-sha1", "none", "none", "", ""])
    assert parse_kexinit(payload) == {"kex": ["diffie-hellman-group1-sha1"],
                                      "host_key": ["ssh-rsa"],
                                      "cipher": ["aes128-cbc", "3des-cbc"],
                                      "mac": ["hmac-sha1"]}
    with pytest.raises(ProbeError):
        parse_kexinit(payload[:30])
    with pytest.raises(ProbeError):
        parse_kexinit(b"\x15" + payload[1:])


def _graded(device: Device) -> Finding:
    result = DeviceResult(device=device, status=DeviceStatus.COMPLETE,
                          snapshot=Snapshot(device=device))
    findings = run_checks([result], {device.name: {}}, load_rules())
    return next(f for f in findings if f.check_id == "config.ssh_algorithms")


def test_a_session_with_old_algorithms_is_a_finding_with_its_list() -> None:
    used = {"kex": "diffie-hellman-group1-sha1", "host_key": "ssh-rsa",
            "cipher": "aes256-cbc", "mac": "hmac-sha1"}
    finding = _graded(Device(name="sw1", platform="cisco_ios", ssh_algorithms=used))
    assert finding.severity is Severity.MINOR
    assert finding.evidence[0].command == "SSH_MSG_KEXINIT"
    assert finding.evidence[0].lines == [
        "kex_algorithms: diffie-hellman-group1-sha1", "server_host_key_algorithms: ssh-rsa",
        "encryption_algorithms: aes256-cbc", "mac_algorithms: hmac-sha1"]
    assert "diffie-hellman-group1-sha1（密钥交换）" in (finding.observed_zh or "")


def test_only_a_cbc_cipher_is_worth_knowing() -> None:
    used = {"kex": "curve25519-sha256", "host_key": "ssh-ed25519", "cipher": "aes128-cbc",
            "mac": "hmac-sha2-256"}
    finding = _graded(Device(name="sw1", platform="huawei_vrp", ssh_algorithms=used))
    assert finding.severity is Severity.INFO


def test_modern_telnet_and_unknown_sessions() -> None:
    modern = {"kex": "", "host_key": "ssh-ed25519", "cipher": "aes128-ctr",
              "mac": "hmac-sha2-256"}
    assert _graded(Device(name="sw1", platform="cisco_ios", ssh_algorithms=modern)).passed
    telnet = _graded(Device(name="sw1", platform="cisco_ios", protocol="telnet"))
    assert telnet.severity is Severity.MINOR
    unknown = _graded(Device(name="sw1", platform="cisco_ios"))  # an older bundle
    assert unknown.not_checked_cause == "not_applicable"


@pytest.fixture
def no_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """The secrets registered here stay here (the registry is the process's)."""
    monkeypatch.setattr(redact_module, "_known", set())
    monkeypatch.setattr(redact_module, "_short", {})


@pytest.mark.usefixtures("no_secrets")
def test_short_secrets_are_masked_as_whole_tokens_only() -> None:
    register_secret("x")
    register_secret("Qz")
    text = ("A paramiko SSHException occurred; the key exchange failed within 5 s\n"
            "motd: x Qz pw=x, (Qz)\n")
    masked = redact(text)
    assert masked.splitlines()[0] == text.splitlines()[0]
    assert masked.splitlines()[1] == f"motd: {MASK} {MASK} pw={MASK}, ({MASK})"


@pytest.mark.usefixtures("no_secrets")
def test_long_secrets_are_masked_anywhere() -> None:
    register_secret("Long-Secret-42")
    assert redact("userLong-Secret-42x") == f"user{MASK}x"
