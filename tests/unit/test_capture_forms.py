"""Every fixture output of ours parses the same after what capture tools do to an output
(tests/capture_forms.py: a timestamp per line, the prompt echoed, quoting, indentation,
CRLF, ANSI colour, pager remnants).

Each output meets one form here (the forms in turn) and the combined form;
tests/fuzz/test_capture_forms_all.py meets every output with every form (`make fuzz`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from inspector.lab.profiles import profile_outputs, profiles
from inspector.parsing.parse import parse
from inspector.parsing.sessionlog import read_session_log
from inspector.parsing.textclean import clean_output, indent_variants
from tests.capture_forms import FORMS, LOSSY_FORMS, Captured, prompt_of
from tests.fixture_cases import all_cases

# Forms that put the device's prompt above the output: meaningless where there is none.
ECHO_FORMS = ("prompt_echo", "prompt_echo_blank", "combined")
OUTPUTS = [(case.platform, capture.command, capture.output, f"{case.id}/{capture.command}")
           for case in all_cases() for capture in case.captures()]


def reading(platform: str, command: str, output: str) -> list[tuple[Any, ...]]:
    """What a parse gave, without the wording of its reasons."""
    return [(r.family, r.status, r.rejected, r.data) for r in parse(platform, command, output)]


def applies(form: str, platform: str) -> bool:
    return form not in ECHO_FORMS or prompt_of(platform) is not None


def transformed(form: str, platform: str, command: str, output: str) -> str:
    prompt = prompt_of(platform) or ""
    return FORMS[form](Captured(output.strip("\r\n"), command, prompt))


def check(form: str, platform: str, command: str, output: str) -> str | None:
    if not applies(form, platform):
        return None
    expected = reading(platform, command, output)
    got = reading(platform, command, transformed(form, platform, command, output))
    return None if got == expected else f"{form}: {got!r:.300} instead of {expected!r:.300}"


def _turns() -> list[tuple[str, str, str, str, str]]:
    forms = [f for f in FORMS if f != "combined"]
    return [(forms[n % len(forms)], *output) for n, output in enumerate(OUTPUTS)]


@pytest.mark.parametrize(("form", "platform", "command", "output", "name"), _turns(),
                         ids=[f"{t[0]}:{t[4]}" for t in _turns()])
def test_one_capture_form_leaves_the_parse_unchanged(form: str, platform: str, command: str,
                                                     output: str, name: str) -> None:
    assert check(form, platform, command, output) is None


def test_the_combined_form_leaves_every_parse_unchanged() -> None:
    problems = [f"{name}: {p}" for platform, command, output, name in OUTPUTS
                if (p := check("combined", platform, command, output))]
    assert not problems, problems[:5]


# --------------------------------------------------------------------------- the cleaning


def test_a_timestamp_on_every_line_is_the_capture_tool_s() -> None:
    raw = ("[2026-03-02 10:15:07] Slot  CPU Usage\r\n[2026-03-02 10:15:07] \r\n"
           "[2026-03-02 10:15:08]  0    12%\r\n")
    assert clean_output(raw) == "Slot  CPU Usage\n\n 0    12%"
    assert clean_output("10:15:07.120 a\n10:15:08.004 b") == "10:15:07.120 a\n10:15:08.004 b"


def test_timestamps_a_device_prints_are_kept() -> None:
    """A log whose lines all begin with the device's own time, in the forms devices print
    (and Linux's ISO form), is the output, not a capture tool's marks."""
    logs = ("2026-03-02T10:15:07+0800 db1 kernel: EXT4-fs error\n"
            "2026-03-02T10:16:07+0800 db1 kernel: EXT4-fs error")
    assert clean_output(logs) == logs
    nxos = "2026 Mar  2 10:15:07 n9k %ETHPORT-5-IF_DOWN: down\n2026 Mar  2 10:15:09 n9k x"
    assert clean_output(nxos) == nxos


def test_quote_markers_are_removed_and_a_bordered_table_kept() -> None:
    assert clean_output(">> Interface  PHY\n>>\n>>  GE0/0/1   up") == \
        "Interface  PHY\n\n GE0/0/1   up"
    assert clean_output("| Slot | CPU |\n| 0    | 12% |") == "| Slot | CPU |\n| 0    | 12% |"


def test_a_pager_prompt_after_a_timestamp_keeps_the_line_s_indentation() -> None:
    raw = ("[10:15:07]  GE0/0/1   up\n"
           "[10:15:08]   ---- More ----\x1b[42D" + " " * 42 + "\x1b[42D GE0/0/2   down\n")
    assert clean_output(raw) == " GE0/0/1   up\n GE0/0/2   down"


def test_an_indented_output_is_offered_without_its_indentation() -> None:
    assert indent_variants("    a\n      b") == ["a\n  b", " a\n   b"]
    assert indent_variants(" a\n  b") == ["a\n b"]
    assert indent_variants("a\n  b") == []
    assert indent_variants("\ta\n\t  b") == ["a\n  b", " a\n   b"]


def test_a_prompt_and_echoed_command_above_the_output_are_not_read() -> None:
    output = "CPU utilization for five seconds: 5%/0%; one minute: 6%; five minutes: 7%"
    plain = reading("cisco_ios", "show processes cpu", output)
    for above in ("core-sw1#sh proc cpu\n", "core-sw1#\ncore-sw1#show processes cpu\n\n",
                  "show processes cpu\n"):
        assert reading("cisco_ios", "show processes cpu", above + output) == plain


def test_a_session_log_with_a_timestamp_per_line_splits_into_its_commands(
        tmp_path: Path) -> None:
    """SecureCRT/Xshell "timestamp each line": the prompts are found behind the stamps."""
    profile, folder = next((p, f) for p, f in profiles() if p.platform == "huawei_vrp")
    outputs = dict(list(profile_outputs(folder).items())[:3])
    lines = [f"<{profile.name}>{command}\n{output}" for command, output in outputs.items()]
    plain = "\n".join([*lines, f"<{profile.name}>"])
    stamped = "\r\n".join(f"[2026-03-02 10:15:{n % 60:02d}] {line}"
                          for n, line in enumerate(plain.split("\n")))
    path = tmp_path / f"{profile.name}_10.1.2.3.log"
    path.write_text(stamped, encoding="utf-8", newline="")
    log = read_session_log(path, assume=UTC)
    assert log.device.platform == "huawei_vrp"
    assert log.taken_at == datetime(2026, 3, 2, 10, 15, 0, tzinfo=UTC)  # the stamps date it
    assert [c.command for c in log.captures] == list(outputs)
    for capture, output in zip(log.captures, outputs.values(), strict=True):
        assert capture.output.strip() == clean_output(output).strip(), capture.command


# --------------------------------------------------------------------------- header removed
# Tables whose rows have a shape of their own layout only: read the same when the header
# block scrolled away (tests/capture_forms.header_removed; `python -m tests.corpus.rates
# --form header_removed` measures the rest).
HEADERLESS = {
    ("huawei_vrp", "display lldp neighbor brief"),
    ("ruijie_os", "show fan"),
    ("ruijie_os", "show power"),
    ("inspur_cnos", "show interface status"),
    ("cisco_nxos", "show port-channel summary"),
}
HEADERLESS_OUTPUTS = [output for output in OUTPUTS if output[:2] in HEADERLESS]


def headerless(command: str, output: str) -> str:
    return LOSSY_FORMS["header_removed"](Captured(output.strip("\r\n"), command, ""))


@pytest.mark.parametrize(("platform", "command", "output", "name"), HEADERLESS_OUTPUTS,
                         ids=[o[3] for o in HEADERLESS_OUTPUTS])
def test_a_table_without_its_header_reads_the_same(platform: str, command: str, output: str,
                                                   name: str) -> None:
    cut = headerless(command, output)
    assert cut != output.strip("\r\n")  # the form took the header away
    assert reading(platform, command, cut) == reading(platform, command, output)


def test_every_headerless_command_has_fixtures() -> None:
    assert {output[:2] for output in HEADERLESS_OUTPUTS} == HEADERLESS


@pytest.mark.parametrize(("platform", "command", "rows"), [
    # A numeric system name: the number second and last, VRP 5's layout or VRP 8's.
    ("huawei_vrp", "display lldp neighbor brief",
     "XGE0/0/1         120                      XGE0/0/12                 109\n"),
    # A CNOS description that ends like an INOS row (VLAN, duplex, speed, type).
    ("inspur_cnos", "show interface status",
     "eth-0-1     up         full    10G     TRUNK   10GBASE_SR  to 20 full 10G SR\n"),
])
def test_a_headerless_row_of_either_layout_is_not_read(platform: str, command: str,
                                                       rows: str) -> None:
    results = parse(platform, command, rows)
    assert [r.status for r in results] == ["failed"]
    assert "without its header whose layout is ambiguous" in results[0].reason
