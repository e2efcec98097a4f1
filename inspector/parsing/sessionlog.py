"""Split a terminal session log (SecureCRT, Xshell, PuTTY, or a collector's text dump) into
captures, and recognize the device's platform.

Three shapes are common in the field, and one log may mix them:

- prompt lines: ``<HUAWEI>dis cpu``, ``[H3C]display version``, ``Switch#show ver``;
- command banners: ``---------- dis clock ----------``;
- a separator line of dashes followed by the bare command on the next line.

Each command's output runs to the next command line. Paging commands (`screen-length`,
`terminal length`) and bare prompts are dropped. Commands keep the form they were typed in
(`dis mem`, `sh proc cpu | i CPU`): parsing reads them as the platform's CLI does
(inspector/parsing/commands.py), and says when an output was filtered. The platform is the one
whose prompt shape and `identify` patterns match best; the device is named by its hostname,
from the prompt, else from the parsed facts, else from the file name, and the file is kept
as the device's `source`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from inspector.errors import InputError
from inspector.fileio import read_bytes
from inspector.model import Capture, Device
from inspector.parsing.logtime import log_time
from inspector.parsing.parse import parse
from inspector.parsing.platforms import Platform, get_platform, platforms
from inspector.parsing.textclean import clean_output

_BANNER = re.compile(r"^\s*-{5,}\s*(?P<command>[A-Za-z][^-].*?)\s*-{5,}\s*$")
_SEPARATOR = re.compile(r"^\s*(?:-{10,}|={10,}|(?:- ){10,}-?)\s*$")
_COMMAND_WORD = re.compile(r"^(?:sh|sho|show|dis|disp|displ|displa|display|dir)\b", re.I)
_PAGING = re.compile(r"^(?:screen-length|terminal\s+(?:length|width)|term\s+(?:len|wid)|"
                     r"scr\w*-len\w*|more\s+off|change\s+cli\s+more_enabled)\b", re.I)
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
# Every platform's prompt ends in one of these (`$`: a Linux shell's unprivileged user):
# most output lines are rejected by this one search instead of a pattern per platform.
_PROMPT_END = re.compile(r"[#>\]$]")
# The output that tells vendors apart best; identification looks there first.
_VERSION_COMMAND = re.compile(r"^(?:sh|dis)\w*\s+ver", re.I)
MAX_LOG_BYTES = 64 * 1024 * 1024
# A prompt with its command, or a command banner, is a short line. Longer lines are output;
# not trying the patterns on them keeps a long line (a 1 MB table rule of dashes) from
# costing time quadratic in its length in `_BANNER`'s lazy command group.
MAX_COMMAND_LINE = 512


class SessionLogError(InputError):
    """A file that cannot be imported; the message names the file and what is wrong."""


@dataclass
class SessionLog:
    """What one log file yielded."""

    path: Path
    device: Device
    captures: list[Capture] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # commands typed but not kept
    taken_at: datetime | None = None  # when the log was taken, as it shows (logtime.py)


@dataclass
class _Block:
    command: str
    lines: list[str]
    kind: str = "prompt"  # how the block began: prompt, banner or separator


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise SessionLogError(f"{path}: the file is empty")
    if b"\x00" in data[:8192]:
        raise SessionLogError(f"{path}: binary data, not a text session log")
    for encoding in ("utf-8-sig", "gb18030"):  # Chinese Windows terminals log in GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _prompt_patterns() -> dict[str, re.Pattern[str]]:
    return {
        name: re.compile(rf"^\s*(?:{p.prompt_pattern})[ \t]*(?P<command>\S.*)?$")
        for name, p in platforms().items()
    }


def _prompt_line(line: str, patterns: dict[str, re.Pattern[str]]) -> tuple[str, str] | None:
    """(hostname, command) when `line` is a prompt, possibly followed by a command."""
    if len(line) > MAX_COMMAND_LINE or not _PROMPT_END.search(line):
        return None
    for pattern in patterns.values():
        match = pattern.match(line)
        if match and match.group("hostname"):
            return match.group("hostname"), (match.group("command") or "").strip()
    return None


def _known_command(text: str) -> bool:
    """True when some platform reads `text` as one of its commands (abbreviated, filtered)."""
    return any(p.resolve(text) is not None for p in platforms().values())


def _dominant_host(lines: list[str], patterns: dict[str, re.Pattern[str]]) -> str | None:
    """The hostname of the prompt seen most often before a command. Output lines that
    happen to look like a prompt (`[1] 30%` in a CPU table, `Slot#` in a header) are not
    followed by a command."""
    hosts = Counter(
        found[0] for line in lines
        if (found := _prompt_line(line, patterns)) and found[1]
        and (_COMMAND_WORD.match(found[1]) or _PAGING.match(found[1])
             or _known_command(found[1]))
    )
    if not hosts:
        return None
    host, count = hosts.most_common(1)[0]
    return host if count >= 1 else None


def _command_line(line: str, previous: str | None) -> tuple[str, str] | None:
    """(command, kind) when `line` starts a command's block in a prompt-less log."""
    if len(line) > MAX_COMMAND_LINE:
        return None
    banner = _BANNER.match(line)
    if banner and (_COMMAND_WORD.match(banner.group("command"))
                   or _known_command(banner.group("command"))):
        return banner.group("command"), "banner"
    stripped = line.strip()
    at_boundary = previous is None or bool(_SEPARATOR.match(previous))
    if at_boundary and stripped and (
        _known_command(stripped)
        or (_COMMAND_WORD.match(stripped) and len(stripped.split()) <= 6)
    ):
        return stripped, "separator"
    return None


def _blocks(lines: list[str], host: str | None,
            patterns: dict[str, re.Pattern[str]]) -> list[_Block]:
    blocks: list[_Block] = []
    previous: str | None = None
    for line in lines:
        found: tuple[str, str] | None = None
        prompt = _prompt_line(line, patterns) if host else None
        if prompt and prompt[0] == host:
            found = prompt[1], "prompt"
        elif not host or not blocks:
            found = _command_line(line, previous)
        if found is not None:
            blocks.append(_Block(command=" ".join(found[0].split()), lines=[], kind=found[1]))
        elif blocks:
            blocks[-1].lines.append(line)
        previous = line
    return blocks


def _output_lines(block: _Block) -> list[str]:
    """The block's output: in a separator-delimited log the last dashed line is the
    delimiter; anywhere else a dashed last line is the output's own (a table rule)."""
    lines = list(block.lines)
    while lines and not lines[-1].strip():
        lines.pop()
    if block.kind == "separator" and lines and _SEPARATOR.match(lines[-1]):
        lines.pop()
        while lines and not lines[-1].strip():
            lines.pop()
    return lines


def _score(platform: Platform, text: str, host_shape: str | None) -> int:
    score = sum(3 for pattern in platform.identify if re.search(pattern, text, re.I | re.M))
    if host_shape and re.fullmatch(platform.prompt_pattern, host_shape):
        score += 1
    return score


def detect_platform(text: str, prompt_sample: str | None = None) -> str | None:
    """The platform whose identifying patterns (and prompt shape) match `text` best."""
    scores = {
        name: _score(p, text, prompt_sample) for name, p in platforms().items()
    }
    # A platform built on another's software (a USG runs VRP) shows that software's marks
    # too: its own product's marks add to them, so it wins over the base.
    for name, p in platforms().items():
        if p.refines in scores and scores[name] >= 3:
            scores[name] += scores[p.refines]
    best = max(scores.values(), default=0)
    winners = [name for name, score in scores.items() if score == best]
    if best < 3 or len(winners) != 1:
        return None
    return winners[0]


def _host_from_filename(path: Path) -> str:
    found = _IPV4.search(path.stem)
    return found.group() if found else ""


def _read_text(path: Path) -> str:
    """The log as decoded, before cleaning (which takes off an emulator's line stamps)."""
    try:
        # Capped while reading: a FIFO, a device or a sparse file is refused, whatever stat says.
        data = read_bytes(path, MAX_LOG_BYTES)
    except OSError as exc:
        raise SessionLogError(f"{path}: cannot read: {exc.strerror}") from exc
    return _decode(path, data)


def _platform_name(path: Path, text: str, blocks: list[_Block], prompt_sample: str | None,
                   platform: str | None) -> str:
    # The version output alone usually tells the vendor, and searching it is a fraction
    # of searching the whole log; the whole log decides when it does not.
    version = "\n".join(line for b in blocks if _VERSION_COMMAND.match(b.command)
                        for line in b.lines)
    name = platform or (version and detect_platform(version, prompt_sample)) or \
        detect_platform(text, prompt_sample)
    if name is None:
        raise SessionLogError(
            f"{path}: cannot tell the vendor: nothing in the log matches a known platform "
            f"({', '.join(sorted(platforms()))}); pass --platform to say which it is")
    if name not in platforms():
        raise SessionLogError(f"{path}: unknown platform {name!r}")
    return name


def _facts_hostname(platform: str, captures: list[Capture]) -> str:
    """The hostname the device printed in its facts (`<name> uptime is …`), if any."""
    for capture in captures:
        for result in parse(platform, capture.command, capture.output):
            if result.family == "facts" and isinstance(result.data, dict) \
                    and result.data.get("hostname"):
                return str(result.data["hostname"])
    return ""


def _check_readable(path: Path, platform: str, captures: list[Capture]) -> None:
    """A log none of whose commands inspector reads has nothing to inspect: importing it
    would report a device with nothing checked."""
    definition = get_platform(platform)
    if any(definition.resolve(c.command) is not None for c in captures):
        return
    typed = ", ".join(f"`{c.command}`" for c in captures[:5])
    more = f" and {len(captures) - 5} more" if len(captures) > 5 else ""
    raise SessionLogError(
        f"{path}: none of its commands ({typed}{more}) is one inspector reads on "
        f"{platform} (`inspector platforms` lists them): nothing to inspect")


def read_session_log(path: Path, platform: str | None = None,
                     assume: tzinfo = UTC) -> SessionLog:
    """Split the log at `path` into captures of one device. Raises SessionLogError with a
    message naming the file when it is not a usable session log. A time the log shows
    without a zone is taken in `assume` (the report's zone)."""
    decoded = _read_text(path)
    text = clean_output(decoded)
    lines = text.split("\n")
    patterns = _prompt_patterns()
    host = _dominant_host(lines, patterns)
    blocks = [b for b in _blocks(lines, host, patterns) if b.command]
    if not blocks:
        raise SessionLogError(
            f"{path}: no command found (no prompt such as `<HUAWEI>display version` or "
            "`Switch#show version`, and no command banners): not a session log")
    prompt_sample = next((line.strip() for line in lines if host and host in line), None)
    name = _platform_name(path, text, blocks, prompt_sample, platform)
    captures = [Capture(device="", command=block.command,
                        output="\n".join(_output_lines(block)))
                for block in blocks if not _PAGING.match(block.command)]
    if not captures:
        raise SessionLogError(f"{path}: the log holds only paging commands, no output")
    _check_readable(path, name, captures)
    by_prompt = host if get_platform(name).prompt_names == "device" else None
    device = Device(name=by_prompt or _facts_hostname(name, captures) or path.stem,
                    host=_host_from_filename(path), platform=name, source=str(path))
    log = SessionLog(path=path, device=device, taken_at=log_time(decoded, captures, assume))
    log.captures = [c.model_copy(update={"device": device.name}) for c in captures]
    return log
