"""Parsers under hostile input: every command of every platform definition, fed truncated,
garbled, binary, ANSI-laden, CR-only, NUL-laden and enormous outputs built from the fixture
corpus (tests/fixtures) and the lab's recorded outputs.

Properties, for every output: `parse` raises nothing (a `failed` result carries the reason),
every `ok` result validates against the family's model, a snapshot can be built from it, and
parsing takes bounded time (no catastrophic regex backtracking in a template, in textclean or
in the session-log splitter). The enormous cases (1 MB single lines, 50 MB outputs) are
marked `slow` and run by `make fuzz`; small bounded versions of them run by default.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.lab.profiles import profile_outputs, profiles
from inspector.model import FAMILY_MODELS, Capture, Device, Snapshot
from inspector.parsing.builders import build_snapshot
from inspector.parsing.commands import resolve
from inspector.parsing.parse import MAX_LINE_CHARS, MAX_OUTPUT_BYTES, Parsed, cap_output, parse
from inspector.parsing.platforms import platforms
from inspector.parsing.sessionlog import SessionLogError, read_session_log
from inspector.parsing.textclean import clean_output
from tests.fixture_cases import all_cases

SECONDS_PER_MB = 3.0  # the CPU-time budget of one parse: 3 s per MiB of input, at least 2 s
MB = 2**20


@cache
def seeds() -> dict[tuple[str, str], tuple[str, ...]]:
    """(platform, full command) -> every recorded output of it: the seed corpus."""
    found: dict[tuple[str, str], list[str]] = {}
    for case in all_cases():
        known = platforms()[case.platform].commands() if case.platform in platforms() else []
        for capture in case.captures():
            full = resolve(capture.command, known)
            if full is not None:
                found.setdefault((case.platform, full), []).append(capture.output)
    for profile, folder in profiles():
        if profile.platform not in platforms():
            continue
        for command, output in profile_outputs(folder).items():
            full = resolve(command, platforms()[profile.platform].commands())
            if full is not None:
                found.setdefault((profile.platform, full), []).append(output)
    return {key: tuple(dict.fromkeys(outputs)) for key, outputs in found.items()}


def targets() -> list[tuple[str, str]]:
    """Every (platform, command) of every definition."""
    # Parsed commands only: the configuration a platform archives is kept as text, not parsed.
    return [(name, command) for name, platform in sorted(platforms().items())
            for command in platform.commands()
            if any(p.command == command for _, p in platform.all_parsers())]


TARGETS = targets()
IDS = [f"{p}:{c}" for p, c in TARGETS]


def seed_outputs(platform: str, command: str) -> tuple[str, ...]:
    # A command no fixture covers still gets fed the platform's other outputs.
    own = seeds().get((platform, command))
    if own:
        return own
    return tuple(o for (p, _), outputs in seeds().items() if p == platform for o in outputs)[:3]


def budget(output: str) -> float:
    return max(2.0, SECONDS_PER_MB * len(output) / MB)


def check(platform: str, command: str, output: str, limit: float | None = None,
          known: bool = True) -> list[Parsed]:
    """Parse `output`; assert the properties every parse must have. Returns the results.
    (`known`: the command is one of the definition's, so it must yield results.)"""
    started = time.thread_time()  # CPU time: other processes loading the machine don't count
    results = parse(platform, command, output)  # any exception fails the test
    elapsed = time.thread_time() - started
    allowed = budget(output) if limit is None else limit
    assert elapsed <= allowed, (
        f"{platform} `{command}` took {elapsed:.2f} s for {len(output)} characters "
        f"(budget {allowed:.1f} s): catastrophic backtracking?")
    if known:
        assert results, f"{platform} `{command}` is a known command but yielded no result"
    for result in results:
        assert result.status in ("ok", "failed"), result.status
        assert len(result.reason) < 2000, "a reason must not quote the whole output"
        if result.status == "failed":
            assert result.reason, f"{result.family}: failed without a reason"
            assert result.data is None
            continue
        model, is_list = FAMILY_MODELS[result.family]
        assert result.data is not None
        items = result.data if is_list else [result.data]
        assert isinstance(items, list)
        for item in items:
            model.model_validate(item)
    return results


def check_snapshot(platform: str, command: str, output: str) -> None:
    device = Device(name="fuzz", platform=platform)
    snapshot = build_snapshot(device, [Capture(device="fuzz", command=command, output=output)])
    Snapshot.model_validate(snapshot.model_dump())


# ---- mutations (deterministic for a given random generator) ----------------------------

def truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


def garble(text: str, rng: random.Random) -> str:
    """Random characters (any plane, controls, lone surrogates) inserted at random places."""
    out = []
    for char in text:
        out.append(char)
        if rng.random() < 0.03:
            out.append(chr(rng.choice([rng.randrange(0x20), rng.randrange(0x80, 0x800),
                                       rng.randrange(0xD800, 0xE000),
                                       rng.randrange(0x10000, 0x110000)])))
    return "".join(out)


def binary(text: str, rng: random.Random) -> str:
    """Random bytes as the transport decodes them (surrogateescape), after a real head."""
    junk = bytes(rng.randrange(256) for _ in range(4096))
    return text[:200] + junk.decode("utf-8", "surrogateescape")


def ansi(text: str, rng: random.Random) -> str:
    codes = ["\x1b[0m", "\x1b[1;32m", "\x1b[K", "\x1b[42D", "\x1b[?25l", "\x1b]0;title\x07",
             "\x1b(B", "\x1b=", "\x1b]unterminated", "\x1b[", "\x08", "\r"]
    return "".join(ch + (rng.choice(codes) if rng.random() < 0.1 else "") for ch in text)


def cr_only(text: str, rng: random.Random) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r")


def nul_bytes(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(max(1, len(chars) // 20)):
        chars.insert(rng.randrange(len(chars) + 1), "\x00")
    return "".join(chars)


def paged(text: str, rng: random.Random) -> str:
    """Pager prompts and their erasures left in the middle of lines."""
    mores = ["  ---- More ----\x1b[42D" + " " * 42 + "\x1b[42D", " --More-- " + "\b" * 10,
             "---- More ----", "-" * 300, " " * 300]
    lines = text.split("\n")
    return "\n".join(line + (rng.choice(mores) if rng.random() < 0.2 else "") for line in lines)


def shuffled_lines(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    rng.shuffle(lines)
    return "\n".join(lines)


MUTATIONS: dict[str, Callable[[str, random.Random], str]] = {
    "truncated": truncate, "garbled": garble, "binary": binary, "ansi": ansi,
    "cr_only": cr_only, "nul": nul_bytes, "paged": paged, "shuffled": shuffled_lines,
}
SPECIAL = ["", " ", "\n\n\n", "\x00" * 64, "\r" * 64, "\x1b[" * 64, "\ufeff", "\udcff" * 64,
           "^\n", "-" * 5000, " " * 5000, "% Invalid input detected at '^' marker.\n"]


def long_line(text: str, size: int) -> str:
    """One line of `size` characters built from the seed (its lines joined by blanks)."""
    flat = " ".join(text.split("\n")) or "x"
    return (flat * (size // len(flat) + 1))[:size]


def many_lines(text: str, size: int) -> str:
    block = (text or "x") + "\n"
    return block * (size // len(block) + 1)


# ---- the default run: every command, every mutation, bounded sizes ---------------------

def test_every_command_has_a_seed() -> None:
    missing = [f"{p}:{c}" for p, c in TARGETS if (p, c) not in seeds()]
    # A command without any recorded output is still fuzzed (with its platform's other
    # outputs), but the corpus should cover nearly all of them.
    assert len(missing) <= len(TARGETS) // 4, missing


@pytest.mark.parametrize(("platform", "command"), TARGETS, ids=IDS)
def test_mutated_outputs_never_crash_or_hang(platform: str, command: str) -> None:
    rng = random.Random(f"{platform}:{command}")  # noqa: S311 - reproducible test data
    for output in seed_outputs(platform, command):
        check(platform, command, output)
        for mutate in MUTATIONS.values():
            for _ in range(2):
                check(platform, command, mutate(output, rng))
    for output in SPECIAL:
        check(platform, command, output)


@pytest.mark.parametrize(("platform", "command"), TARGETS, ids=IDS)
def test_long_lines_and_outputs_are_bounded(platform: str, command: str) -> None:
    """The default run's small version of the enormous cases: a 64 kB single line and a
    256 kB output must each parse well within the 2 s budget."""
    for output in seed_outputs(platform, command)[:1]:
        check(platform, command, long_line(output, 64 * 1024), limit=2.0)
        check(platform, command, many_lines(output, 256 * 1024), limit=2.0)


@pytest.mark.parametrize(("platform", "command"), TARGETS[::7], ids=IDS[::7])
def test_snapshot_builds_from_hostile_captures(platform: str, command: str) -> None:
    rng = random.Random(command)  # noqa: S311 - reproducible test data
    for output in seed_outputs(platform, command)[:1]:
        for mutate in MUTATIONS.values():
            check_snapshot(platform, command, mutate(output, rng))


@st.composite
def hostile(draw: st.DrawFn) -> tuple[str, str, str]:
    platform, command = draw(st.sampled_from(TARGETS))
    base = draw(st.sampled_from(seed_outputs(platform, command) or ("",)))
    cut = draw(st.integers(min_value=0, max_value=len(base)))
    kind = draw(st.sampled_from(["truncate", "insert", "replace", "binary", "text"]))
    if kind == "truncate":
        output = base[:cut]
    elif kind == "insert":
        output = base[:cut] + draw(st.text(max_size=200)) + base[cut:]
    elif kind == "replace":
        end = draw(st.integers(min_value=cut, max_value=len(base)))
        output = base[:cut] + draw(st.text(max_size=50)) + base[end:]
    elif kind == "binary":
        output = base[:cut] + draw(st.binary(max_size=500)).decode("utf-8", "surrogateescape")
    else:
        output = draw(st.text(max_size=500))
    return platform, command, output


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile())
def test_property_no_exception_valid_records_bounded_time(case: tuple[str, str, str]) -> None:
    platform, command, output = case
    check(platform, command, output)


def test_textclean_is_linear_on_runs_that_used_to_backtrack() -> None:
    """`_MORE` was tried at every position of a run of blanks or dashes, the OSC pattern
    at every `ESC ]`: 12 s for 20 kB. 200 kB of each must now take well under a second."""
    for text in (" " * 200_000 + "x", "-" * 200_000 + "x", "\x1b]a" * 70_000,
                 "- " * 100_000, "\x08" * 200_000, "\r" * 200_000):
        started = time.thread_time()
        clean_output(text)
        assert time.thread_time() - started < 1.0, repr(text[:10])


def test_cr_only_line_ends_are_line_ends() -> None:
    assert clean_output("a\rb\rc\r") == "a\nb\nc"
    assert clean_output("progress 10%\rprogress 100%\n") == "progress 100%"  # a redraw


# ---- the output size cap ---------------------------------------------------------------

def test_cap_output_leaves_normal_outputs_alone() -> None:
    text = "line\n" * 1000
    assert cap_output(text) == (text, "")
    assert cap_output("é" * 100, limit=200) == ("é" * 100, "")  # 200 bytes: at the limit


def test_cap_output_cuts_at_a_line_end_within_the_limit() -> None:
    text = "".join(f"line {n:04d} 中文\n" for n in range(1000))
    head, note = cap_output(text, limit=1000)
    assert len(head.encode()) <= 1000
    assert text.startswith(head)
    assert head.endswith("中文")  # whole lines only
    assert "truncated" in note
    assert str(len(text.encode())) in note


def test_cap_output_never_splits_a_character() -> None:
    for limit in range(1, 20):
        head, _ = cap_output("中" * 30, limit=limit)  # one line, 3 bytes per character
        assert head == "中" * (limit // 3)


def test_oversized_output_is_parsed_up_to_the_cap_and_says_so() -> None:
    platform, command = "huawei_vrp", "display version"
    output = seeds()[(platform, command)][0]
    huge = output + "\n" + "x" * (MAX_OUTPUT_BYTES + 10)
    results = check(platform, command, huge, limit=SECONDS_PER_MB * 10)
    assert all(r.truncated for r in results)
    assert all("truncated" in r.note and "8 MiB" in r.note for r in results)
    ok = [r for r in results if r.status == "ok"]
    assert ok, [r.reason for r in results]  # the head still parses
    assert ok[0].data == parse(platform, command, output)[0].data
    normal = parse(platform, command, output)
    assert not any(r.truncated or r.note for r in normal)


def test_overlong_lines_are_cut_and_noted() -> None:
    platform, command = "cisco_ios", "show version"
    output = seeds()[(platform, command)][0] + "\n" + "y" * (MAX_LINE_CHARS * 3)
    results = check(platform, command, output)
    assert all(r.truncated and "1 line(s) longer than" in r.note for r in results)


def test_failure_reasons_never_quote_a_whole_line() -> None:
    """textfsm's Error action quotes the input line: a 64 kB line once became a 64 kB
    reason (copied to results.json and every report)."""
    for platform, command in TARGETS:
        for result in parse(platform, command, "| " * 32_000):
            assert len(result.reason) < 2000, (platform, command)


# ---- session logs ------------------------------------------------------------------------

def _session_log(platform: str) -> str:
    """A prompt-shaped session log of the lab device of `platform` (or of its seeds)."""
    prompt = "<fuzz-sw>" if platform in ("huawei_vrp", "hp_comware") else "fuzz-sw#"
    outputs = [(c, o[0]) for (p, c), o in seeds().items() if p == platform][:12]
    return "".join(f"{prompt}{c}\n{o}\n" for c, o in outputs) + prompt + "\n"


CLI_PLATFORMS = sorted(p for p in ("cisco_ios", "hp_comware", "huawei_vrp", "inspur_cnos",
                                   "cisco_nxos", "ruijie_os")
                       if p in platforms())


def check_log(path: Path, data: bytes, limit: float | None = None) -> None:
    path.write_bytes(data)
    started = time.thread_time()
    try:
        log = read_session_log(path)
    except SessionLogError as exc:
        assert str(path) in str(exc)  # one clear message naming the file
        log = None
    elapsed = time.thread_time() - started
    allowed = max(2.0, SECONDS_PER_MB * len(data) / MB) if limit is None else limit
    assert elapsed <= allowed, f"{len(data)} bytes took {elapsed:.2f} s"
    if log is not None:
        assert log.captures
        for capture in log.captures:
            Capture.model_validate(capture.model_dump())
            # Parsed commands only: the archived configuration (`show running-config`,
            # which a mangled filter may reduce a command to) is kept as text, not parsed.
            definition = platforms()[log.device.platform]
            parsed = list(dict.fromkeys(p.command for _, p in definition.all_parsers()))
            known = resolve(capture.command, parsed)
            check(log.device.platform, capture.command, capture.output, known=known is not None)


@pytest.mark.parametrize("platform", CLI_PLATFORMS)
def test_session_logs_under_hostile_bytes(tmp_path: Path, platform: str) -> None:
    text = _session_log(platform)
    raw = text.encode()
    rng = random.Random(platform)  # noqa: S311 - reproducible test data
    path = tmp_path / "fuzz_10.0.0.1.log"
    check_log(path, raw)
    for _ in range(8):
        check_log(path, raw[: rng.randrange(len(raw) + 1)])
    for mutate in MUTATIONS.values():
        check_log(path, mutate(text, rng).encode("utf-8", "surrogatepass"))
    check_log(path, text.encode("gb18030"))
    check_log(path, text.encode("utf-16"))  # NUL bytes everywhere: "binary data"
    check_log(path, bytes(rng.randrange(256) for _ in range(65536)))
    check_log(path, raw.replace(b"\n", b"\r"))
    check_log(path, raw + b"-" * 100_000 + b"\n" + b"----- ab" + b"-" * 100_000 + b"x\n")
    check_log(path, raw + b"\x1b]" * 50_000)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(platform=st.sampled_from(CLI_PLATFORMS), data=st.data())
def test_property_session_logs(tmp_path: Path, platform: str, data: st.DataObject) -> None:
    raw = _session_log(platform).encode()
    cut = data.draw(st.integers(0, len(raw)))
    noise = data.draw(st.binary(max_size=300))
    check_log(tmp_path / "p.log", raw[:cut] + noise + raw[cut:])


# ---- make fuzz: the enormous cases -----------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize(("platform", "command"), TARGETS, ids=IDS)
def test_one_megabyte_single_line(platform: str, command: str) -> None:
    for output in seed_outputs(platform, command):
        check(platform, command, long_line(output, MB))
        check(platform, command, "|" + long_line(output, MB).replace(" ", "|"))


@pytest.mark.slow
@pytest.mark.parametrize(("platform", "command"), TARGETS, ids=IDS)
def test_one_megabyte_output(platform: str, command: str) -> None:
    rng = random.Random(command)  # noqa: S311 - reproducible test data
    for output in seed_outputs(platform, command):
        check(platform, command, many_lines(output, MB))
        check(platform, command, garble(many_lines(output, MB), rng))


@pytest.mark.slow
@pytest.mark.parametrize(("platform", "command"), TARGETS, ids=IDS)
def test_fifty_megabyte_output_is_capped(platform: str, command: str) -> None:
    output = seed_outputs(platform, command)[0]
    results = check(platform, command, many_lines(output, 50 * MB),
                    limit=SECONDS_PER_MB * MAX_OUTPUT_BYTES / MB)
    assert all(r.truncated and "truncated" in r.note for r in results)


@pytest.mark.slow
@pytest.mark.parametrize("platform", CLI_PLATFORMS)
def test_enormous_session_logs(tmp_path: Path, platform: str) -> None:
    text = _session_log(platform)
    check_log(tmp_path / "big.log", (text * (50 * MB // len(text) + 1)).encode(), limit=120)
    check_log(tmp_path / "line.log", long_line(text, MB).encode())
    check_log(tmp_path / "dashes.log", text.encode() + b"-" * MB + b"\n")


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, derandomize=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile())
def test_property_long_run(case: tuple[str, str, str]) -> None:
    platform, command, output = case
    check(platform, command, output)
    check_snapshot(platform, command, output)
