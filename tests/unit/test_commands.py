from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from inspector.parsing.commands import Typed, resolve, slug
from inspector.parsing.platforms import (
    PLATFORM_DIR,
    DefinitionError,
    get_platform,
    load_platform,
    platforms,
)

KNOWN = ["display cpu-usage", "display cpu", "display interface brief", "display interface",
         "display device manuinfo", "display device", "show processes cpu"]


@pytest.mark.parametrize(("typed", "full"), [
    ("dis int bri", "display interface brief"),
    ("DIS  INT", "display interface"),
    ("dis cpu", "display cpu"),  # exact keyword wins over a longer one
    ("dis cpu-u", "display cpu-usage"),
    ("dis dev man", "display device manuinfo"),
    ("sh proc cpu", "show processes cpu"),
    ("show process cpu", "show processes cpu"),
])
def test_abbreviations_resolve(typed: str, full: str) -> None:
    assert resolve(typed, KNOWN) == full


@pytest.mark.parametrize("typed", ["", "dis", "dis int bri extra", "show clock"])
def test_unknown_or_ambiguous_commands_resolve_to_nothing(typed: str) -> None:
    assert resolve(typed, KNOWN) is None


def test_slug_is_a_single_safe_path_component() -> None:
    assert slug("display cpu-usage") == "display_cpu-usage"
    assert "/" not in slug("show interfaces Gi1/0/1 | include CRC")


# --------------------------------------------------------------- as each platform's CLI reads


# (typed as engineers do, the full command it ran; None: the CLI would not run one of ours
# (ambiguous, incomplete, or a command inspector does not read).
TYPED: dict[str, list[tuple[str, str | None]]] = {
    "huawei_vrp": [
        ("dis mem", "display memory-usage"),  # memory-usage or memory: one template
        ("dis memory", "display memory"),
        ("dis memory-u", "display memory-usage"),
        ("dis cpu", "display cpu"),
        ("dis cpu-u", "display cpu-usage"),
        ("dis cp", None),  # cpu, cpu-usage, cpu-defend
        ("dis int br", "display interface brief"),
        ("disp interface", "display interface"),
        ("dis ip int br", "display ip interface brief"),
        ("dis ip rou stat", "display ip routing-table statistics"),
        ("dis ip routing-table 0.0.0.0", "display ip routing-table 0.0.0.0"),
        ("dis ip rou 0", None),  # an address is an argument, never completed
        ("dis ver", "display version"),
        ("dis v", None),  # version, vlan, vrrp
        ("dis esn", "display esn"),
        ("dis e", None),  # elabel, esn, eth-trunk
        ("dis ela br", "display elabel brief"),
        ("dis dev", "display device"),
        ("dis dev manu", "display device manufacture-info"),
        ("dis log", "display logbuffer"),  # VRP ranks logbuffer above logfile
        ("dis lo", None),
        ("dis trapb", "display trapbuffer"),
        ("dis tr", None),  # trapbuffer, transceiver
        ("dis alarm act", "display alarm active"),
        ("dis alarm a", "display alarm active"),  # active or all: one template
        ("dis temp all", "display temperature all"),
        ("dis dev temp all", "display device temperature all"),
        ("dis fan", "display fan"),
        ("dis pow", "display power"),
        ("dis po", None),  # power, poe, port
        ("dis lldp nei br", "display lldp neighbor brief"),
        ("dis ospf peer br", "display ospf peer brief"),
        ("dis bgp peer", "display bgp peer"),
        ("dis vrrp br", "display vrrp brief"),
        ("dis stack", "display stack"),
        ("dis stp", "display stp"),
        ("dis eth-t", "display eth-trunk"),
        ("dis ntp stat", "display ntp-service status"),
        ("dis ntp s", None),  # status, sessions
        ("comp conf", "compare configuration"),
        ("dis cur", "display current-configuration"),  # archived (inspector/configs)
        ("dis clock", None),
        ("dis", None),
    ],
    "hp_comware": [
        ("dis mem", "display memory"),
        ("dis cpu", "display cpu-usage"),
        ("dis log", "display logbuffer"),
        ("dis log sum", "display logbuffer summary"),
        ("dis log s", None),  # summary, size, slot
        ("dis dev man", "display device manuinfo"),
        ("dis env", "display environment"),
        ("dis int br", "display interface brief"),
        ("dis ip int br", "display ip interface brief"),
        ("dis ip rou", "display ip routing-table"),
        ("dis ip rou stat", "display ip routing-table statistics"),
        ("dis ip routing-table 0.0.0.0 0", "display ip routing-table 0.0.0.0 0"),
        ("dis cur diff", "display current-configuration diff"),
        ("disp cur", "display current-configuration"),  # archived (inspector/configs)
        ("dis diff cur start", "display diff current-configuration startup-configuration"),
        ("dis di", None),  # diff, diagnostic-information
        ("dis lldp nei list", "display lldp neighbor-information list"),
        ("dis ntp stat", "display ntp-service status"),
        ("dis bgp peer ipv4", "display bgp peer ipv4"),
        ("dis bgp peer ipv", None),  # ipv4, ipv6
        ("dis alarm", "display alarm"),
        ("dis vrrp", "display vrrp"),
        ("dis irf", "display irf"),
        ("dis mad", "display mad"),
        ("dis link-agg verb", "display link-aggregation verbose"),
        ("dis li", None),  # license, link-aggregation
        ("dis vrrp verbose", None),
    ],
    "cisco_ios": [
        ("sh ver", "show version"),
        ("sh v", None),  # version, vlan, vrf, vtp, vrrp
        ("sh proc cpu", "show processes cpu"),
        ("show process cpu", "show processes cpu"),
        ("sh proc cpu sort", "show processes cpu sorted"),
        ("sh proc cpu hist", None),  # the history graph: not read
        ("sh pro cpu", None),  # processes, protocols
        ("sh proc mem", "show processes memory"),
        ("sh proc m", "show processes memory"),
        ("sh env", "show environment"),
        ("sh env all", "show environment all"),
        ("sh env a", None),  # all, alarm-contact
        ("sh env temp stat", "show environment temperature status"),
        ("sh ip int b", "show ip interface brief"),
        ("sh ip inter bri", "show ip interface brief"),
        ("sh int", "show interfaces"),
        ("sh int status", "show interfaces status"),
        ("sh int stat", None),  # status, stats
        ("sh int desc", "show interfaces description"),
        ("sh stand br", "show standby brief"),
        ("sh vrrp br", "show vrrp brief"),
        ("sh switch", "show switch"),
        ("sh switch det", "show switch detail"),
        ("sh span det", "show spanning-tree detail"),
        ("sh etherch sum", "show etherchannel summary"),
        ("sh log", "show logging"),  # IOS ranks logging above login
        ("sh lo", None),
        ("sh inv", "show inventory"),
        ("sh in", None),
        ("sh ip ro sum", "show ip route summary"),
        ("sh ip route s", None),  # summary, static, supernets-only
        ("sh ip route 0.0.0.0", "show ip route 0.0.0.0"),
        ("sh mem", "show memory"),
        ("sh mem stat", "show memory statistics"),
        ("sh mem s", None),  # statistics, summary
        ("sh plat res", "show platform resources"),
        ("sh fac stat", "show facility-alarm status"),
        ("sh power stat", "show power status"),
        ("sh cdp nei", "show cdp neighbors"),
        ("sh lldp nei", "show lldp neighbors"),
        ("sh ip ospf nei", "show ip ospf neighbor"),
        ("sh ip bgp sum", "show ip bgp summary"),
        ("sh ntp stat", "show ntp status"),
        ("sh run", "show running-config"),  # archived (inspector/configs)
        ("sh clock", None),
    ],
    "inspur_cnos": [
        ("sh proc cpu", "show processes cpu"),
        ("sh proc cpu hist", "show processes cpu history"),
        ("sh sys res", "show system resources"),
        ("sh mem sum tot", "show memory summary total"),
        ("sh int br", "show interface brief"),
        ("sh int stat", "show interface status"),
        ("sh log", "show logging"),
        ("sh log logf", "show logging logfile"),
        ("sh env", "show environment"),
        ("sh ip ro sum", "show ip route summary"),
        ("sh ip route s", None),  # summary, static
        ("sh v", None),  # version, vlan, vrf
        ("sh ver", "show version"),
    ],
    "cisco_nxos": [
        ("sh port-ch sum", "show port-channel summary"),
        ("sh ver", "show version"),
        ("sh v", None),  # version, vdc, vlan, vpc, vrf
        ("sh proc cpu", "show processes cpu"),
        ("sh sys reso", "show system resources"),
        ("sh sys res", None),  # resources, reset-reason
        ("sh int br", "show interface brief"),
        ("sh int stat", "show interface status"),
        ("sh int c", None),  # counters, capabilities
        ("sh int count err", "show interface counters errors"),
        ("sh env", "show environment"),
        ("sh env temp", "show environment temperature"),
        ("sh log logf", "show logging logfile"),
        ("sh log last 50", "show logging last {lines}"),
        ("sh mod", "show module"),
        ("sh inv", "show inventory"),
        ("sh ip ro sum", "show ip route summary"),
        ("sh ip ro", "show ip route"),
        ("sh ip ro vrf all", "show ip route vrf {vrf}"),
        ("sh ip ospf nei", "show ip ospf neighbors"),
        ("sh ip bgp sum", "show ip bgp summary"),
        ("sh cdp nei", "show cdp neighbors"),
        ("sh lldp nei", "show lldp neighbors"),
        ("sh ntp peer-s", "show ntp peer-status"),
        ("sh run diff", "show running-config diff"),
    ],
    "ruijie_os": [
        ("sh ver", "show version"),
        ("sh cpu", "show cpu"),
        ("sh mem", "show memory"),
        ("sh int stat", "show interface status"),
        ("sh int count", "show interface counters"),
        ("sh pow", "show power"),
        ("sh fan", "show fan"),
        ("sh temp", "show temperature"),
        ("sh log", "show logging"),
        ("sh ip ro count", "show ip route count"),
        ("sh ip route summary", "show ip route summary"),
        ("sh ip ospf nei", "show ip ospf neighbor"),
        ("sh lldp nei", "show lldp neighbors"),
        ("sh ntp stat", "show ntp status"),
        ("sh pro", None),  # processes, protocols
        ("sh env", None),  # not a command of ours
    ],
}
TYPED_CASES = [(platform, typed, full) for platform, cases in TYPED.items()
               for typed, full in cases]


@pytest.mark.parametrize(("platform", "typed", "full"), TYPED_CASES,
                         ids=[f"{p}:{t}" for p, t, _ in TYPED_CASES])
def test_typed_commands_resolve_as_the_platform_cli_reads_them(
    platform: str, typed: str, full: str | None
) -> None:
    definition = get_platform(platform)
    assert definition.resolve(typed) == full
    if full is not None:
        assert definition.resolve(typed.upper()) == full  # keywords are case-blind


def test_every_command_of_every_platform_resolves_to_itself() -> None:
    for platform in platforms().values():
        for command in platform.commands():
            assert platform.resolve(command) == command, (platform.name, command)
            assert platform.match(command) == Typed(command), (platform.name, command)


# (typed, the command it ran, the output modifier that cut its output; "" = whole output)
FILTERS: dict[str, list[tuple[str, str, str]]] = {
    "cisco_ios": [
        ("sh proc cpu | i CPU", "show processes cpu", "include"),
        ("sh proc cpu|inc CPU", "show processes cpu", "include"),
        ("sh log | b Log Buffer", "show logging", "begin"),
        ("sh int | e down", "show interfaces", "exclude"),
        ("sh int status | count connected", "show interfaces status", "count"),
        ("sh env all | sec PS", "show environment all", "section"),
        ("sh ver | redirect flash:v.txt", "show version", "redirect"),
        ("sh ver | frobnicate", "show version", "frobnicate"),  # unknown: not whole either
        ("sh ver |", "show version", "|"),
        # The platform's own filtered command, typed in full or abbreviated, is not filtered.
        ("show running-config | include configuration change|NVRAM config last",
         "show running-config | include configuration change|NVRAM config last", ""),
        ("sh run | i configuration change|NVRAM config last",
         "show running-config | include configuration change|NVRAM config last", ""),
    ],
    "huawei_vrp": [
        ("dis cpu | no-more", "display cpu", ""),  # paging off: the output is whole
        ("dis int br | i up", "display interface brief", "include"),
        ("dis log | no-more | i POWER", "display logbuffer", "include"),
        ("dis alarm active | e Minor", "display alarm active", "exclude"),
        ("dis mem | count", "display memory-usage", "count"),
        ("dis int | b GigabitEthernet0/0/1", "display interface", "begin"),
    ],
    "hp_comware": [
        ("dis int br | no-more", "display interface brief", ""),
        ("dis log | by", "display logbuffer", "by-linenum"),
        ("dis cpu | inc CPU", "display cpu-usage", "include"),
    ],
    "inspur_cnos": [
        ("sh int br | no-more", "show interface brief", ""),
        ("sh logging | grep LINK", "show logging", "grep"),
    ],
    "cisco_nxos": [
        ("sh int br | no-more", "show interface brief", ""),
        ("sh log logf | i ETHPORT", "show logging logfile", "include"),
    ],
    "ruijie_os": [
        ("sh log | i LINK", "show logging", "include"),
    ],
}
FILTER_CASES = [(platform, typed, full, modifier) for platform, cases in FILTERS.items()
                for typed, full, modifier in cases]


@pytest.mark.parametrize(("platform", "typed", "full", "modifier"), FILTER_CASES,
                         ids=[f"{p}:{t}" for p, t, _, _ in FILTER_CASES])
def test_output_modifiers_are_recorded(platform: str, typed: str, full: str,
                                       modifier: str) -> None:
    found = get_platform(platform).match(typed)
    assert found is not None
    assert (found.command, found.modifier) == (full, modifier)
    assert found.filtered == bool(modifier)


def test_a_filtered_command_reads_in_full() -> None:
    found = get_platform("cisco_ios").match("sh proc cpu | i CPU")
    assert found is not None
    assert found.full == "show processes cpu | include CPU"


def test_a_filter_after_an_unknown_command_matches_nothing() -> None:
    assert get_platform("cisco_ios").match("sh clock | i 2026") is None
    assert get_platform("huawei_vrp").match("dis cp | i CPU") is None


# ------------------------------------------------------------- the platform file's `cli`


def _definition(tmp_path: Path, cli: dict[str, object]) -> Path:
    data = yaml.safe_load((PLATFORM_DIR / "huawei_vrp.yaml").read_text(encoding="utf-8"))
    data["cli"] = cli
    path = tmp_path / "huawei_vrp.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("cli", "message"), [
    ({"keywords": {"dsplay": ["clock"]}}, "cli.keywords.dsplay: no command of this platform"),
    ({"keywords": {"display": ["clock", "cpu"]}}, "['cpu'] are keywords of this platform's"),
    ({"keywords": {"display": ["two words"]}}, "a keyword is one lower-case word"),
    ({"shortest": {"display logbufer": "log"}}, "cli.shortest.display logbufer: no command"),
    ({"shortest": {"display logbuffer": "lag"}}, "'lag' is not a shorter form of 'logbuffer'"),
    ({"shortest": {"display logbuffer": "logbuffer"}}, "is not a shorter form"),
    ({"pipe": {"keywords": ["include"], "keep": ["no-more"]}}, "keep: ['no-more'] are not"),
    ({"colour": "blue"}, "cli.colour"),
])
def test_a_wrong_cli_section_is_an_error_naming_file_and_field(
    tmp_path: Path, cli: dict[str, object], message: str
) -> None:
    path = _definition(tmp_path, cli)
    with pytest.raises(DefinitionError) as err:
        load_platform(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)
