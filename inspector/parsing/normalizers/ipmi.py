"""Normalizers for ipmi: ipmitool outputs -> contract models (see model.py).

The output formats are ipmitool's own, whatever the BMC: what differs between vendors
(Inspur, Huawei iBMC, Dell iDRAC, HPE iLO, Supermicro, Lenovo XCC) is how sensors are named
and how the FRU is laid out. Those differences are tables below (sensor-name patterns,
vendor names, FRU placeholders), not separate platforms: the same BMC protocol, commands
and templates serve every vendor, and the inventory need not know the vendor beforehand
(docs/ipmi.md explains the choice).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from inspector.model import Facts, InventoryItem, LogEntry, Sensor
from inspector.parsing.normalizers.common import Normalizer, ParseContext, Record, text, to_float

# ----------------------------------------------------------------------------- sensors


# A threshold sensor's state as `sensor list` (nc/cr/nr) and `sdr elist` (lnc/ucr/...)
# print it. `na` (sensor list) and `ns` (sdr) mean no reading: the part is not there or
# not powered.
_STATES = {
    "ok": "ok",
    "nc": "warning", "lnc": "warning", "unc": "warning",
    "cr": "critical", "lcr": "critical", "ucr": "critical",
    "nr": "critical", "lnr": "critical", "unr": "critical",
    "ns": "absent", "na": "absent",
}

# Unit -> (kind, unit as the contract writes it). `percent` is a fan duty cycle on HPE iLO
# ("Fan 1 | 27.440 | percent") and a humidity elsewhere; the name decides below.
_UNITS = {
    "degrees c": ("temperature", "C"), "degrees f": ("temperature", "F"),
    "rpm": ("fan", "RPM"), "volts": ("voltage", "V"), "amps": ("current", "A"),
    "watts": ("power", "W"), "percent": ("", "%"),
}

# Sensor names by kind, for sensors whose unit does not tell (no reading, discrete, %):
# Inspur `PSU0_Status`, Huawei/Dell/Supermicro `PS1 Status`, HPE `Power Supply 1`,
# Lenovo XCC `PSU1`; HPE iLO numbers its temperatures `01-Inlet Ambient`.
_PSU_NAME = re.compile(r"(?i)(?:^|[\s_-])(?:psu|ps|pwr\s*supply|power\s*supply)[\s_]*\d")
_FAN_NAME = re.compile(r"(?i)fan")
_TEMP_NAME = re.compile(r"(?i)temp|inlet|outlet|ambient|exhaust|^\d\d-")
_HUMIDITY_NAME = re.compile(r"(?i)humid")
# A redundancy sensor is not a power supply: counting it as one would add a "working PSU".
_REDUNDANCY_NAME = re.compile(r"(?i)redundan")

# Power Supply (sensor type 08h) state offsets, as the low byte of the state bits
# `sensor list` prints for a discrete sensor (0x0100 = offset 0, presence detected).
_PSU_PRESENT = 0x01
_PSU_FAILED = 0x02 | 0x08 | 0x10  # failure detected, AC lost, AC lost or out of range
_PSU_DEGRADED = 0x04 | 0x20 | 0x40  # predictive failure, out of range, config error


def _reading(value: Any) -> float | None:
    """A sensor reading or threshold; `na` and raw discrete readings (0x1) are none."""
    word = str(value or "").strip().lower()
    if not word or word in {"na", "n/a"} or word.startswith("0x"):
        return None
    return to_float(word)


def _kind_by_name(name: str) -> str | None:
    if _REDUNDANCY_NAME.search(name):
        return None
    for kind, pattern in (("psu", _PSU_NAME), ("fan", _FAN_NAME),
                          ("temperature", _TEMP_NAME), ("humidity", _HUMIDITY_NAME)):
        if pattern.search(name):
            return kind
    return None


def _kind_and_unit(name: str, unit: str) -> tuple[str | None, str | None]:
    kind, short = _UNITS.get(unit.strip().lower(), (None, None))
    if kind:
        return kind, short
    if short == "%":
        by_name = _kind_by_name(name)
        return (by_name, short) if by_name in {"fan", "humidity"} else (None, None)
    return _kind_by_name(name), None


def _psu_state(bits: str) -> str:
    """A discrete PSU sensor's state bits (`0x0300`: present and failed) in contract words."""
    try:
        offsets = (int(bits, 16) >> 8) & 0xFF
    except ValueError:
        return "absent" if bits.strip().lower() == "na" else "unknown"
    if offsets & _PSU_FAILED:
        return "critical"
    if offsets & _PSU_DEGRADED:
        return "warning"
    return "ok" if offsets & _PSU_PRESENT else "absent"


def _discrete(record: Record) -> Sensor | None:
    """Only power supplies are read from discrete sensors: other discrete states (intrusion,
    processor, memory) have no sensor kind in the contract and reach the report through
    the SEL instead."""
    name = text(record["NAME"]) or ""
    if _kind_by_name(name) != "psu":
        return None
    return Sensor(name=name, kind="psu", value=None, unit=None,
                  status=_psu_state(record["STATUS"]))


def _threshold(record: Record, low: str, high: str, fallback_low: str,
               fallback_high: str) -> tuple[float | None, float | None]:
    low_value = _reading(record[low])
    high_value = _reading(record[high])
    return (low_value if low_value is not None else _reading(record[fallback_low]),
            high_value if high_value is not None else _reading(record[fallback_high]))


def _sensor_list_record(record: Record) -> Sensor | None:
    if record["UNIT"].strip().lower() == "discrete":
        return _discrete(record)
    name = text(record["NAME"]) or ""
    kind, unit = _kind_and_unit(name, record["UNIT"])
    if kind is None:
        return None  # a reading the contract has no kind for (e.g. a BMC's own counters)
    value = _reading(record["READING"])
    status = _STATES.get(record["STATUS"].strip().lower(), "unknown")
    low_crit, high_crit = _threshold(record, "LCR", "UCR", "LNR", "UNR")
    return Sensor(name=name, kind=kind, value=value, unit=unit,
                  status="absent" if value is None and status == "ok" else status,
                  low_crit=low_crit, low_warn=_reading(record["LNC"]),
                  high_warn=_reading(record["UNC"]), high_crit=high_crit)


def _unique_names(sensors: list[Sensor | None]) -> list[Sensor]:
    """Dell iDRAC names both CPU temperatures `Temp`, and snapshots merge sensors by kind and
    name: number the repeats (`Temp`, `Temp #2`) so that neither is lost."""
    seen: dict[tuple[str, str], int] = {}
    result = []
    for sensor in sensors:
        if sensor is None:
            continue
        key = (sensor.kind, sensor.name)
        seen[key] = seen.get(key, 0) + 1
        repeat = seen[key]
        result.append(sensor if repeat == 1 else
                      sensor.model_copy(update={"name": f"{sensor.name} #{repeat}"}))
    return result


def sensor_list(records: list[Record], _: ParseContext) -> list[Sensor]:
    """`ipmitool sensor list`: readings with the BMC's own thresholds (critical falls back to
    non-recoverable when a BMC sets only that one, as HPE iLO does)."""
    return _unique_names([_sensor_list_record(r) for r in records])


_SDR_READING = re.compile(r"^(?P<value>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>.*)$")


def _sdr_record(record: Record) -> Sensor | None:
    name = text(record["NAME"]) or ""
    match = _SDR_READING.match(record["READING"].strip())
    value = float(match.group("value")) if match else None
    kind, unit = _kind_and_unit(name, match.group("unit") if match else "")
    if kind is None:
        return None
    status = _STATES.get(record["STATUS"].strip().lower(), "unknown")
    return Sensor(name=name, kind=kind, value=value, unit=unit,
                  status="absent" if value is None and status == "ok" else status)


def sdr_elist(records: list[Record], _: ParseContext) -> list[Sensor]:
    """`ipmitool sdr elist full`: readings and states without thresholds (the fallback when
    a BMC is too slow for `sensor list`, which reads every threshold)."""
    return _unique_names([_sdr_record(r) for r in records])


def _flag(value: str) -> bool:
    return value.strip().lower() in {"true", "active"}


def chassis_status(records: list[Record], _: ParseContext) -> list[Sensor]:
    """`ipmitool chassis status`: the power state as a `power` sensor (on -> ok, off ->
    warning: a server found powered off deserves a look), the chassis power faults as
    `power` sensors, and the cooling fault as a failed `fan` when it is set."""
    record = records[0]
    power = record["SYSTEM_POWER"].strip().lower()
    sensors: list[Sensor] = [Sensor(
        name="System Power", kind="power",
        status={"on": "ok", "off": "warning"}.get(power, "unknown"),
    )]
    for label, key in (("Main Power Fault", "MAIN_POWER_FAULT"),
                       ("Power Overload", "POWER_OVERLOAD"),
                       ("Power Control Fault", "POWER_CONTROL_FAULT")):
        if record[key]:
            sensors.append(Sensor(name=label, kind="power",
                                  status="critical" if _flag(record[key]) else "ok"))
    if _flag(record["FAN_FAULT"]):
        sensors.append(Sensor(name="Cooling/Fan Fault", kind="fan", status="critical"))
    return sensors


# ----------------------------------------------------------------------------- SEL


# ipmitool's sensor type names, which start the SEL's sensor column ("Power Supply PS1",
# "Memory #0x53"); the longest that matches is the mnemonic.
_SENSOR_TYPES = sorted((
    "Temperature", "Voltage", "Current", "Fan", "Physical Security", "Platform Security",
    "Processor", "Power Supply", "Power Unit", "Cooling Device", "Other", "Memory",
    "Drive Slot / Bay", "POST Memory Resize", "System Firmwares", "System Firmware Progress",
    "Event Logging Disabled", "Watchdog1", "System Event", "Critical Interrupt", "Button",
    "Module / Board", "Microcontroller", "Add-in Card", "Chassis", "Chip Set", "Other FRU",
    "Cable / Interconnect", "Terminator", "System Boot Initiated", "Boot Error", "OS Boot",
    "OS Critical Stop", "Slot / Connector", "System ACPI Power State", "Watchdog2",
    "Platform Alert", "Entity Presence", "Monitor ASIC", "LAN", "Management Subsys Health",
    "Battery", "Session Audit", "Version Change", "FRU State", "OEM record",
), key=len, reverse=True)

# Asserted events, first match wins, in syslog severity (1 alert .. 5 notice). The
# server.sel_events rule reads <= 1 as critical, 2 major, 3 minor. "Uncorrectable" must be
# tried before "correctable", "non-critical" before "critical".
_SEL_SEVERITY: tuple[tuple[int, re.Pattern[str]], ...] = tuple(
    (level, re.compile(pattern, re.IGNORECASE)) for level, pattern in (
        (1, r"uncorrectable ECC|uncorrectable machine check|IERR|CATERR|thermal trip|"
            r"non-recoverable|bus fatal|fatal NMI|PCI SERR|critical overtemperature|"
            r"machine check exception"),
        (2, r"failure detected|AC lost|input lost|power unit failure|(?<!non-)critical going|"
            r"transition to critical|drive fault|redundancy lost|device disabled|PCI PERR|"
            r"logging limit reached|uncorrectable|fatal|\bfailed\b"),
        (3, r"correctable ECC|correctable machine check|intrusion|predictive failure|"
            r"watchdog|timer expired|non-redundant|configuration error|out of range|"
            r"parity|logging disabled|memory error"),
        (4, r"non-critical going|transition to non-critical|degraded"),
    )
)
_NOTICE, _RECOVERED, _REMOVED = 5, 6, 4


def _sel_severity(event: str, direction: str) -> int:
    """From the event text only: sensor names and types mislead ("Event Logging Disabled"
    is the type of the harmless "Log area reset/cleared")."""
    if direction.lower() == "deasserted":
        # A fault going away is good news; a presence going away is a part pulled out.
        return _REMOVED if "presence detected" in event.lower() else _RECOVERED
    return next((level for level, pattern in _SEL_SEVERITY if pattern.search(event)),
                _NOTICE)


def _sensor_type(sensor: str) -> str | None:
    return next((t for t in _SENSOR_TYPES if sensor.lower().startswith(t.lower())), None)


def _sel_record(record: Record) -> LogEntry:
    parts = [text(record[k]) for k in ("SENSOR", "EVENT", "DIRECTION", "DETAIL")]
    sensor, event, direction = (p or "" for p in parts[:3])
    stamp = " ".join(p for p in (text(record["DATE"]), text(record["TIME"])) if p)
    return LogEntry(
        timestamp=stamp or None,
        severity=_sel_severity(event, direction),
        source="sel",
        mnemonic=_sensor_type(sensor),
        # The columns as ipmitool joins them, so the message finds its line in the output.
        message=" | ".join(p for p in parts if p),
    )


def sel_elist(records: list[Record], _: ParseContext) -> list[LogEntry]:
    """`ipmitool sel elist`: every event, severity from its type (docs/ipmi.md has the
    table). The timestamp stays as printed: BMC clocks often run on local time, or not at
    all ("Pre-Init", seconds since the BMC started)."""
    return [_sel_record(r) for r in records]


def sel_info(records: list[Record], _: ParseContext) -> list[LogEntry]:
    """`ipmitool sel info`: nothing when the SEL has room; an entry when it is nearly full or
    has overflowed, because a full SEL silently drops new hardware events."""
    record = records[0]
    used = to_float(record["USED_PCT"]) or 0.0
    overflow = record["OVERFLOW"].strip().lower() == "true"
    if not overflow and used < 90:
        return []
    state = "has overflowed: new events are lost" if overflow or used >= 100 else \
        "is nearly full"
    return [LogEntry(timestamp=None, severity=3 if overflow or used >= 100 else 4,
                     source="sel", mnemonic="SEL",
                     message=f"SEL {state} (Percent Used : {used:g}%, "
                        f"Entries : {record['ENTRIES']})")]


# ----------------------------------------------------------------------------- FRU and mc


# What vendors leave in unprogrammed FRU fields (Supermicro, white-box boards, Intel).
_PLACEHOLDER = re.compile(
    r"^(?:\.+|to be filled by o\.?e\.?m\.?|default string|not specified|not available|"
    r"n/?a|none|unknown|0+|0123456789|system (?:product name|serial number|manufacturer)|"
    r"empty|-+|\s*)$", re.IGNORECASE)

# Canonical vendor names: FRU manufacturers and IANA names as BMCs print them.
_VENDORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), name) for pattern, name in (
        (r"inspur", "Inspur"), (r"xfusion", "xFusion"), (r"huawei", "Huawei"),
        (r"\bdell\b", "Dell"), (r"hewlett|^hpe?\b", "HPE"), (r"super\s?micro", "Supermicro"),
        (r"lenovo|^ibm\b", "Lenovo"), (r"\bintel\b", "Intel"), (r"sugon|dawning", "Sugon"),
        (r"h3c", "H3C"), (r"sun microsystems|oracle", "Oracle"), (r"quanta", "Quanta"),
    )
)
# IANA enterprise numbers of server BMCs, for ipmitool builds that print "Unknown (0x...)".
_IANA = {2: "Lenovo", 11: "HPE", 343: "Intel", 674: "Dell", 2011: "Huawei", 10876:
         "Supermicro", 19046: "Lenovo", 37945: "Inspur", 47196: "HPE", 58132: "xFusion"}

_FRU_NAME = re.compile(r"^(?P<name>.*?)\s*(?:\(ID\s*(?P<id>\d+)\))?$")
_PSU_FRU = re.compile(r"(?i)\bpsu|\bps\s*\d|pwr\s*supply|power\s*supply|pwr sply")
_FRU_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("psu", _PSU_FRU),
    ("fan", re.compile(r"(?i)\bfan")),
    ("dimm", re.compile(r"(?i)dimm|memory")),
    ("cpu", re.compile(r"(?i)^cpu\s*\d+$|processor")),
    ("disk", re.compile(r"(?i)\b(?:disk|hdd|ssd|nvme)")),
    ("bmc", re.compile(r"(?i)bmc|idrac|ilo\b|xcc|imm\b")),
)


def vendor_name(value: Any) -> str | None:
    """'DELL' -> 'Dell', 'Hewlett-Packard' -> 'HPE', 'Inspur(BeiJing) Electronic ...' ->
    'Inspur'; anything else as printed."""
    raw = _value(value)
    if raw is None:
        return None
    return next((name for pattern, name in _VENDORS if pattern.search(raw)), raw)


def _value(value: Any) -> str | None:
    cleaned = text(value)
    if cleaned is None or _PLACEHOLDER.match(cleaned):
        return None
    return cleaned


@dataclass
class _Fru:
    name: str
    fru_id: int | None
    fields: dict[str, str] = field(default_factory=dict)
    absent: bool = False

    def get(self, *keys: str) -> str | None:
        return next((v for k in keys if (v := _value(self.fields.get(k))) is not None), None)


def _sections(records: list[Record]) -> list[_Fru]:
    sections: dict[str, _Fru] = {}
    for record in records:
        device = record["DEVICE"].strip()
        if device not in sections:
            match = _FRU_NAME.match(device)
            name, fru_id = (match.group("name"), match.group("id")) if match else (device, None)
            sections[device] = _Fru(name=name.strip() or device,
                                    fru_id=int(fru_id) if fru_id else None)
        section = sections[device]
        key = record["KEY"].strip()
        if key.lower().startswith("device not present"):
            section.absent = True
        else:
            section.fields.setdefault(key, record["VALUE"])
    return list(sections.values())


def _system(sections: list[_Fru]) -> _Fru | None:
    """The FRU describing the server itself: the builtin FRU 0 when it has data, else the
    main board (Sun/Oracle keep it in "Mainboard (ID 1)")."""
    for section in sections:
        if section.absent or not section.fields:
            continue
        if section.fru_id == 0 or "Chassis Type" in section.fields or re.search(
                r"(?i)main\s*board|mother\s*board|system board|base\s*board", section.name):
            return section
    return None


def _manufacturer(section: _Fru) -> str | None:
    return section.get("Product Manufacturer", "Board Mfg", "Manufacturer")


def _system_items(section: _Fru) -> list[InventoryItem]:
    items = [InventoryItem(
        name="Chassis", kind="chassis",
        model=section.get("Product Name", "Board Product"),
        serial=section.get("Product Serial", "Chassis Serial", "Board Serial"),
        hw_version=section.get("Product Version"),
        description=_manufacturer(section),
    )]
    if section.get("Board Product", "Board Serial"):
        items.append(InventoryItem(name="Mainboard", kind="board",
                                   model=section.get("Board Product", "Board Part Number"),
                                   serial=section.get("Board Serial"),
                                   description=section.get("Board Mfg")))
    return items


def _fru_kind(section: _Fru) -> str:
    subject = f"{section.name} {section.get('Board Product', 'Product Name') or ''}"
    if "Memory Type" in section.fields:
        return "dimm"
    return next((kind for kind, pattern in _FRU_KINDS if pattern.search(subject)), "module")


def _component(section: _Fru) -> InventoryItem:
    return InventoryItem(
        name=section.name, kind=_fru_kind(section),
        model=section.get("Product Name", "Board Product", "Part Number",
                             "Product Part Number", "Board Part Number"),
        serial=section.get("Product Serial", "Board Serial", "Serial Number"),
        hw_version=section.get("Product Version"),
        status="absent" if section.absent else None,
        description=_manufacturer(section),
    )


def fru_inventory(records: list[Record], _: ParseContext) -> list[InventoryItem]:
    """`ipmitool fru print`: the chassis (product name and serial) and main board of the
    server, then every other FRU (PSUs, backplanes, DIMMs...). `description` holds the
    manufacturer; an absent FRU ("Device not present") has status `absent`."""
    sections = _sections(records)
    system = _system(sections)
    items = _system_items(system) if system is not None else []
    for section in sections:
        if section is system or (not section.fields and not section.absent):
            continue
        if section.absent and section.fru_id == 0:
            continue  # a BMC without a builtin FRU: nothing is missing from the server
        items.append(_component(section))
    return items


def fru_facts(records: list[Record], _: ParseContext) -> Facts:
    """The server's vendor, model and serial from its system FRU (product area first)."""
    system = _system(_sections(records))
    if system is None:
        return Facts()
    return Facts(
        vendor=vendor_name(system.get("Product Manufacturer", "Board Mfg")),
        model=system.get("Product Name", "Board Product"),
        serial=system.get("Product Serial", "Chassis Serial", "Board Serial"),
    )


def mc_info_facts(records: list[Record], _: ParseContext) -> Facts:
    """`ipmitool mc info`: the BMC firmware as `os_version` (the OS of the server itself is
    out of band's reach), and the vendor when the FRU does not say."""
    record = records[0]
    vendor = vendor_name(record["MANUFACTURER"])
    if vendor is None or vendor.lower().startswith("unknown"):
        number = int(record["MANUFACTURER_ID"]) if record["MANUFACTURER_ID"] else -1
        vendor = _IANA.get(number)
    return Facts(vendor=vendor, os_version=text(record["FIRMWARE"]))


# The platform's registry: the names its definition file may use (as `ipmi.<name>`).
NORMALIZERS: dict[str, Normalizer] = {
    "sensor_list": sensor_list,
    "sdr_elist": sdr_elist,
    "chassis_status": chassis_status,
    "sel_elist": sel_elist,
    "sel_info": sel_info,
    "fru_inventory": fru_inventory,
    "fru_facts": fru_facts,
    "mc_info_facts": mc_info_facts,
}
