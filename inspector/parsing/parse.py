"""Parse one command's output into normalized family records. Pure: text in, records out.

`parse(platform, command, output)` cleans the output, recognizes a vendor error, runs the
TextFSM template of every family the command feeds and the named normalizer, which returns
the family's contract models (a value a model rejects fails the parse). Whatever goes wrong
becomes a `failed` result with the reason; an output that matches nothing is never an empty
"healthy" family.
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import textfsm
from pydantic import ValidationError

from inspector.model import FAMILY_MODELS, Strict
from inspector.parsing.commands import Typed, resolve
from inspector.parsing.normalizers import NORMALIZERS, ParseContext
from inspector.parsing.platforms import EmptyOutput, Parser, Platform, get_platform, template_path
from inspector.parsing.textclean import clean_output, indent_variants, strip_trailing_prompt

# Errors every CLI of this kind prints when it rejects a command. Only the first lines of an
# output are searched: a log buffer may well quote "Error:" in a message.
COMMON_ERRORS = (
    r"^\s*% ?(?:Invalid input|Unrecognized command|Incomplete command|Ambiguous command"
    r"|Unknown command|Wrong parameter|Too many parameters|Invalid command)",
    r"^\s*Error: ?(?:Unrecognized command|Wrong parameter|Incomplete command"
    r"|Ambiguous command|Too many parameters|Invalid command|Unknown command)",
    r"^\s*\^\s*$",
)
ERROR_SEARCH_LINES = 6

# Bounds on what one output may cost. A longer output is cut (at a line end) and parsed as
# far as it goes, and the result says so; a longer line is cut to its first characters (no
# device prints a meaningful line that long, and a template's regexes may cost time
# quadratic or worse in the length of a line they do not match).
MAX_OUTPUT_BYTES = 8 * 2**20
MAX_LINE_CHARS = 4096
MAX_REASON_CHARS = 300  # an exception may quote a whole (1 MB) input line
# A record-less output that is not a "nothing to report" form: its first unread lines are
# quoted in the reason (a whole table would drown the report).
MAX_UNREAD_LINES_SHOWN = 3
# Lines above an output that may be the capture's: prompts alone, the command echoed (by the
# terminal, and again by a tool that notes what was typed).
MAX_ECHO_LINES = 3


@dataclass
class Parsed:
    """What one output yielded for one family."""

    family: str
    command: str
    status: str  # "ok" or "failed"
    reason: str = ""
    # The family's records as the normalizer made them: a list of models for a list family
    # (cpu, interfaces...), one model otherwise (facts, ntp...); None unless it parsed.
    normalized: list[Strict] | Strict | None = None
    template: str = ""
    rejected: bool = False  # the device refused the command (as opposed to a parse failure)
    truncated: bool = False  # only part of the output was parsed (see `note`)
    note: str = ""  # what was cut from the output before parsing, when anything was
    # Set when the command was typed with an output filter (`| include CPU`): the output
    # is only the lines the filter let through, and this says so.
    filtered: str = ""

    @property
    def records(self) -> int:
        if self.normalized is None:
            return 0
        return len(self.normalized) if isinstance(self.normalized, list) else 1

    @property
    def data(self) -> list[dict[str, Any]] | dict[str, Any] | None:
        """The records as plain data (what `inspector parse` prints)."""
        if isinstance(self.normalized, list):
            return [record.model_dump() for record in self.normalized]
        return None if self.normalized is None else self.normalized.model_dump()


@dataclass
class _Compiled:
    """Per-thread compiled templates: a TextFSM object keeps parse state, so threads must
    not share one, but compiling a template per call costs more than parsing."""

    fsms: dict[str, textfsm.TextFSM] = field(default_factory=dict)


_local = threading.local()


@cache
def _template_text(name: str) -> str:
    return template_path(name).read_text(encoding="utf-8")


def _fsm(name: str) -> textfsm.TextFSM:
    compiled: _Compiled = getattr(_local, "compiled", None) or _Compiled()
    _local.compiled = compiled
    fsm = compiled.fsms.get(name)
    if fsm is None:
        fsm = textfsm.TextFSM(io.StringIO(_template_text(name)))
        compiled.fsms[name] = fsm
    else:
        fsm.Reset()
    return fsm


@cache
def _error_patterns(platform: str) -> tuple[re.Pattern[str], ...]:
    extra = get_platform(platform).errors
    return tuple(re.compile(p, re.IGNORECASE) for p in (*COMMON_ERRORS, *extra))


@cache
def _prompt(platform: str) -> re.Pattern[str]:
    return re.compile(get_platform(platform).prompt_pattern)


def vendor_error(platform: str, text: str) -> str | None:
    """The device's own rejection message, when the output is one (indented or not: a
    capture may indent every line)."""
    head = [line.lstrip() for line in text.split("\n")[:ERROR_SEARCH_LINES] if line.strip()]
    for line in head:
        for pattern in _error_patterns(platform):
            if pattern.search(line):
                message = " ".join(line.split())
                if message == "^":  # the caret points at the error; quote the message
                    message = next((h.strip() for h in head if h.strip() != "^"), message)
                return message
    return None


def clean(platform: str, output: str) -> str:
    return strip_trailing_prompt(clean_output(output), _prompt(platform))


def _short(text: str, limit: int = MAX_REASON_CHARS) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def cap_output(output: str, limit: int = MAX_OUTPUT_BYTES) -> tuple[str, str]:
    """(the part of `output` to parse, a note saying what was cut, or "").

    An output over `limit` bytes (UTF-8) is cut at the last line end within the limit.
    """
    if len(output) <= limit // 4:  # no character takes more than 4 bytes
        return output, ""
    encoded = output.encode("utf-8", "surrogatepass")
    if len(encoded) <= limit:
        return output, ""
    cut = limit
    while cut > 0 and encoded[cut] & 0xC0 == 0x80:  # not inside a character
        cut -= 1
    head = encoded[:cut].decode("utf-8", "surrogatepass")
    line_end = head.rfind("\n")
    if line_end > 0:
        head = head[:line_end]
    note = (f"output truncated: {len(encoded)} bytes is over the "
            f"{limit / 2**20:g} MiB limit, only the first "
            f"{len(head.encode('utf-8', 'surrogatepass'))} bytes were parsed")
    return head, note


def cap_lines(text: str, limit: int = MAX_LINE_CHARS) -> tuple[str, str]:
    """(`text` with every line cut to `limit` characters, a note saying how many were cut)."""
    if len(text) <= limit:
        return text, ""
    lines = text.split("\n")
    long_lines = sum(1 for line in lines if len(line) > limit)
    if not long_lines:
        return text, ""
    text = "\n".join(line[:limit] for line in lines)
    return text, (f"{long_lines} line(s) longer than {limit} characters cut to their "
                  f"first {limit}")


def parsers_for(platform: Platform, command: str) -> list[tuple[str, Parser]]:
    """Every (family, parser) the command feeds; `command` may be abbreviated."""
    full = platform.resolve(command)
    if full is None:
        return []
    return [(family, parser) for family, parser in platform.all_parsers() if parser.command == full]


def _run_template(parser: Parser, text: str) -> list[dict[str, Any]]:
    fsm = _fsm(parser.template)
    rows: list[dict[str, Any]] = fsm.ParseTextToDicts(text)
    return rows


def _checked(family: str, value: object) -> list[Strict] | Strict:
    """The normalizer's result, once it is sure to be the family's model (or list of them):
    the registry checks annotations when a definition loads; this checks what came back."""
    model, is_list = FAMILY_MODELS[family]
    if not is_list:
        if not isinstance(value, model):
            raise TypeError(f"normalizer returned {type(value).__name__}, expected "
                            f"{model.__name__}")
        return value
    if not isinstance(value, list):
        raise TypeError(f"normalizer returned {type(value).__name__}, expected a list")
    records: list[Strict] = []
    for item in value:
        if not isinstance(item, model):
            raise TypeError(f"normalizer returned a {type(item).__name__} in its list, "
                            f"expected {model.__name__}")
        records.append(item)
    return records


class _ParseFailedError(Exception):
    """Internal: why one parser could not produce records."""


@cache
def _line_patterns(lines: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(line) for line in lines)


def _is_echo(platform: str, command: str, line: str) -> bool:
    """The command as the device echoed it, after its prompt or alone (maybe abbreviated)."""
    prompt = _prompt(platform).match(line)
    typed = line[prompt.end():] if prompt else line
    return resolve(typed, (command,)) == command


def _content_lines(platform: str, command: str, text: str) -> list[str]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and _is_echo(platform, command, lines[0]):
        lines = lines[1:]
    return lines


def _unexplained(form: EmptyOutput, lines: list[str]) -> list[str]:
    """The lines of a record-less output its "nothing to report" form does not cover."""
    if form.header_until is not None:
        header_end = re.compile(form.header_until)
        end = next((i for i, line in enumerate(lines) if header_end.fullmatch(line)), None)
        if end is None:
            return lines  # without the header's last line, nothing says where data begins
        lines = lines[end + 1:]
    patterns = _line_patterns(tuple(form.lines))
    return [line for line in lines if not any(p.fullmatch(line) for p in patterns)]


def _quote_lines(lines: list[str]) -> str:
    shown = "; ".join(repr(_short(line, 80)) for line in lines[:MAX_UNREAD_LINES_SHOWN])
    more = len(lines) - MAX_UNREAD_LINES_SHOWN
    return f"{shown} (and {more} more)" if more > 0 else shown


def _check_empty(parser: Parser, platform: str, text: str, failure: str) -> None:
    """Accept a record-less result only when the whole output is the parser's declared
    "nothing to report" form; otherwise fail with `failure` and the lines left unread."""
    form = parser.empty_ok
    if form is None:
        raise _ParseFailedError(failure)
    lines = _content_lines(platform, parser.command, text)
    if not lines:
        if form.blank:
            return  # e.g. a configuration diff with no difference prints nothing at all
        raise _ParseFailedError(f"empty output of `{parser.command}`")
    unread = _unexplained(form, lines)
    if unread:
        raise _ParseFailedError(f"{failure}, and the output is not a \"nothing to report\" "
                                f"form: {len(unread)} line(s) unread: {_quote_lines(unread)}")


def _records(parser: Parser, platform: str, text: str) -> list[dict[str, Any]]:
    if not text.strip():
        _check_empty(parser, platform, text, f"empty output of `{parser.command}`")
        return []
    try:
        rows = _run_template(parser, text)
    except textfsm.TextFSMError as exc:
        raise _ParseFailedError(f"template {parser.template} rejected the output: "
                                f"{_short(str(exc))}") from exc
    except Exception as exc:  # a parse failure is a value, never a crash
        raise _ParseFailedError(f"template {parser.template} failed: {type(exc).__name__}: "
                                f"{_short(str(exc))}") from exc
    if not rows:
        first = text.strip().split("\n", 1)[0][:80]
        _check_empty(parser, platform, text,
                     f"output of `{parser.command}` matched no record of template "
                     f"{parser.template} (first line: {first!r})")
    return rows


def _normalize(parser: Parser, family: str, rows: list[dict[str, Any]],
               context: ParseContext) -> list[Strict] | Strict:
    try:
        data = _checked(family, NORMALIZERS[parser.normalizer](rows, context))
    except ValidationError as exc:  # a value the model rejects
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:3]
        )
        raise _ParseFailedError(f"normalizer {parser.normalizer} gave invalid {family}: "
                       f"{problems}") from exc
    except Exception as exc:  # a parse failure is a value, never a crash
        raise _ParseFailedError(f"normalizer {parser.normalizer} failed: "
                       f"{type(exc).__name__}: {_short(str(exc))}") from exc
    if isinstance(data, list) and not data:
        _check_empty(parser, context.platform, context.text,
                     f"`{parser.command}` yielded no {family} records")
    return data


def parse_with(parser: Parser, family: str, platform: str, text: str,
               typed: str = "") -> Parsed:
    """Run one parser over an already cleaned, error-free output (`typed`: the command as
    the engineer typed it, whose placeholders the normalizer may read)."""
    result = Parsed(family=family, command=parser.command, status="failed",
                    template=parser.template)
    context = ParseContext(platform=platform, command=parser.command, text=text,
                           typed=typed or parser.command)
    try:
        result.normalized = _normalize(parser, family, _records(parser, platform, text),
                                       context)
    except _ParseFailedError as failure:
        result.reason = str(failure)
        return result
    result.status = "ok"
    return result


def parse(platform: str, command: str, output: str) -> list[Parsed]:
    """Every family record set one output yields.

    >>> [p.family for p in parse("cisco_ios", "sh ver", "...")]  # doctest: +SKIP
    ['facts']

    An unknown command yields an empty list; a rejected or unparsable output yields
    `failed` results carrying the reason.
    """
    definition = get_platform(platform)
    targets = parsers_for(definition, command)
    if not targets:
        return []
    try:
        results = _parse_targets(platform, command, output, targets)
    except Exception as exc:  # noqa: BLE001 - a parse failure is a value, never a crash
        reason = f"cannot parse `{command}`: {type(exc).__name__}: {_short(str(exc))}"
        return [Parsed(family=family, command=parser.command, status="failed", reason=reason,
                       template=parser.template) for family, parser in targets]
    typed = definition.match(command)
    if typed is not None and typed.filtered:
        for result in results:
            _mark_filtered(result, typed)
    return results


def _mark_filtered(result: Parsed, typed: Typed) -> None:
    """A filtered output shows only some lines: what it shows may be read, but never as
    the whole, and an absence in it (no record at all) proves nothing."""
    result.filtered = (f"`{typed.full}` was filtered (| {typed.modifier}): the output may "
                       "be incomplete")
    if result.status == "failed":
        result.reason = f"{result.reason} ({result.filtered})"
    elif isinstance(result.normalized, list) and not result.normalized:
        result.status = "failed"
        result.normalized = None
        result.reason = f"{result.filtered}, and no {result.family} record is in what it shows"


def _drop_echo(platform: str, command: str, text: str) -> str:
    """The output without what a capture holds above it: a line with only the prompt, and
    the prompt with the command typed (as typed: `sh proc cpu`, or bare)."""
    definition = get_platform(platform)
    lines = text.split("\n")
    start = 0
    while start < min(len(lines), MAX_ECHO_LINES):
        line = lines[start].strip()
        prompt = _prompt(platform).match(line)
        typed = line[prompt.end():].strip() if prompt else line
        if typed and definition.resolve(typed) != definition.resolve(command):
            break
        if not typed and not prompt and start == 0:
            break  # not a capture's line (the text is cleaned: it starts with one)
        start += 1
    return "\n".join(lines[start:]).lstrip("\n") if start else text


# How many lines of a long, wholly indented output decide how it is read (_best_reading).
SAMPLE_LINES = 200


def _filled(result: Parsed) -> int:
    """How many values an ok result holds (records' fields that are not empty)."""
    records = result.normalized if isinstance(result.normalized, list) else [result.normalized]
    return sum(1 for record in records if record is not None
               for value in record.model_dump().values() if value not in (None, "", [], {}))


def _best_reading(platform: str, command: str, text: str,
                  targets: list[tuple[str, Parser]]) -> list[Parsed]:
    """The results of the reading of `text` that parses best: as it is or, when every line
    is indented, without that indentation (see `indent_variants`). Between readings that
    parse as well, the least indented is taken: a template that reads both may keep the
    indentation in a value (`' Slot 1'`)."""
    variants = indent_variants(text)
    if not variants:  # nearly every output: one reading, nothing to weigh
        return [parse_with(parser, family, platform, text, command) for family, parser in targets]
    readings = (*variants, text)
    if text.count("\n") > SAMPLE_LINES:
        # A long output is weighed on its first lines (its header and first rows tell how it
        # is indented) and parsed whole once: every reading of it in full would multiply the
        # cost of a 100,000-route table or an IPMI event log, whose lines ipmitool indents.
        head = SAMPLE_LINES + 1
        best = max(readings, key=lambda reading: _score(
            [parse_with(parser, family, platform, "\n".join(reading.split("\n", head)[:head]),
                        command) for family, parser in targets]))
        return [parse_with(parser, family, platform, best, command) for family, parser in targets]
    scored = [([parse_with(parser, family, platform, reading, command)
                for family, parser in targets]) for reading in readings]
    # max() keeps the first of equals: the least indented reading comes first.
    return max(scored, key=_score)


def _score(results: list[Parsed]) -> tuple[int, int]:
    ok = [r for r in results if r.status == "ok"]
    return len(ok), sum(_filled(r) for r in ok)


def _parse_targets(platform: str, command: str, output: str,
                   targets: list[tuple[str, Parser]]) -> list[Parsed]:
    output, output_note = cap_output(output)
    text, line_note = cap_lines(clean(platform, output))
    note = "; ".join(n for n in (output_note, line_note) if n)
    text = _drop_echo(platform, command, text)
    error = vendor_error(platform, text)
    if error is not None:
        results = [
            Parsed(family=family, command=parser.command, status="failed",
                   reason=f"device rejected `{command}`: {_short(error)}",
                   template=parser.template, rejected=True)
            for family, parser in targets
        ]
    else:
        results = _best_reading(platform, command, text, targets)
    if note:
        for result in results:
            result.truncated = True
            result.note = note
            if result.status == "failed":
                result.reason = f"{result.reason} ({note})"
    return results
