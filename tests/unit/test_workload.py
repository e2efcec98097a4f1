"""The pool starts the devices with the most commands first (inventory order among equals)."""

from __future__ import annotations

from inspector.inventory import Host
from inspector.parsing.platforms import get_platform
from inspector.transports.ssh import plan
from inspector.transports.workload import expected_commands, longest_first


def _host(name: str, platform: str) -> Host:
    return Host(name=name, host="192.0.2.1", platform=platform, username="u",
                password="env:PW")  # noqa: S106 - a reference, not a secret


def test_a_cli_device_counts_the_commands_its_platform_sends() -> None:
    assert expected_commands(_host("a", "huawei_vrp")) == len(plan(get_platform("huawei_vrp")))
    assert expected_commands(_host("a", "huawei_vrp")) > 10


def test_ipmitool_commands_count_and_a_few_requests_count_nothing() -> None:
    assert expected_commands(_host("bmc", "ipmi")) == len(plan(get_platform("ipmi"))) > 0
    assert expected_commands(_host("a", "autodetect")) == 0
    assert expected_commands(_host("ups", "snmp")) == 0
    assert expected_commands(_host("bmc", "redfish")) == 0


def test_the_longest_sessions_start_first_and_equals_keep_their_order() -> None:
    counts = {p: len(plan(get_platform(p))) for p in ("huawei_vrp", "cisco_ios", "linux")}
    hosts = [_host("ups-1", "snmp"), _host("l1", "linux"), _host("sw1", "huawei_vrp"),
             _host("r1", "cisco_ios"), _host("ups-2", "snmp"), _host("sw2", "huawei_vrp")]
    order = [hosts[i].name for i in longest_first(hosts)]
    by_weight = sorted(hosts, key=lambda h: -counts.get(h.platform, 0))
    assert order == [h.name for h in by_weight]
    assert order[-2:] == ["ups-1", "ups-2"]
    assert order.index("sw1") < order.index("sw2")
