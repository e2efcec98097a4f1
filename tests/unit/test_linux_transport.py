"""The Linux collector's plan, without a host: what it sends, in which order, the fallbacks
when a tool is absent, and what a lost connection does to the rest (an injected runner)."""

from __future__ import annotations

from inspector.parsing.platforms import platforms
from inspector.transports.guard import SHELL_COMMANDS
from inspector.transports.linux import ExecLostError, _Host, plan, run_plan

LINUX = platforms()["linux"]
NOT_FOUND = "bash: line 1: {}: command not found\n"


def _host(answers: dict[str, str], sent: list[str], lost_after: int | None = None,
          permit: tuple[str, ...] = ()) -> _Host:
    def run(command: str, timeout: float) -> tuple[str, str | None]:
        if lost_after is not None and len(sent) >= lost_after:
            raise ExecLostError("the host closed the connection mid-output")
        sent.append(command)
        return answers.get(command, NOT_FOUND.format(command.split(maxsplit=1)[0])), None
    return _Host(platform=LINUX, device="h", run=run, timeout=5, permitted=permit)


def test_every_host_is_asked_the_base_commands_only() -> None:
    chains = plan(LINUX, [])
    sent = {c for chain in chains for c in chain}
    assert sent <= set(SHELL_COMMANDS)
    assert "cat /proc/meminfo" in sent
    assert not any("smartctl" in c or c.startswith("sudo") for c in sent)


def test_permitted_commands_come_last_as_permitted() -> None:
    chains = plan(LINUX, ["sudo smartctl -H -A /dev/sda"])
    assert chains[-1] == ["sudo -n smartctl -H -A /dev/sda"]


def test_time_sync_falls_back_from_chrony_to_ntpd_to_timedatectl() -> None:
    sent: list[str] = []
    answers = {"timedatectl show": "NTP=yes\nNTPSynchronized=yes\n"}
    captures = run_plan(_host(answers, sent), plan(LINUX, []))
    ntp = [c.command for c in captures if c.command.split()[0] in
           ("chronyc", "ntpq", "timedatectl")]
    assert ntp == ["chronyc tracking", "ntpq -pn", "timedatectl show"]


def test_chrony_answering_stops_the_fallbacks() -> None:
    sent: list[str] = []
    run_plan(_host({"chronyc tracking": "Reference ID    : 0A000A0A (ntp1)\n"}, sent),
             plan(LINUX, []))
    assert "ntpq -pn" not in sent and "timedatectl show" not in sent


def test_a_lost_connection_fails_every_later_command_without_sending_it() -> None:
    sent: list[str] = []
    captures = run_plan(_host({}, sent, lost_after=3), plan(LINUX, []))
    assert len(sent) == 3
    lost = [c for c in captures if c.error]
    assert lost and all(c.error and c.error.startswith("session lost") for c in lost)
    assert len(captures) > len(sent)


def test_a_refused_command_is_recorded_and_never_sent() -> None:
    sent: list[str] = []
    host = _host({}, sent, permit=("sudo reboot",))
    captures = run_plan(host, [["sudo -n reboot"]])
    assert sent == []
    assert captures[0].error and "refused to send" in captures[0].error
