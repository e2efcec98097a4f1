"""One Redfish resource into the records of the normalized families (pure).

A resource is recognized by its `@odata.type` (`#Drive.v1_9_0.Drive` -> `Drive`), never by
its path: vendors lay their trees out differently (`/Storage` or `/Storages`, logs under the
system or the manager), the types are the standard's. `MAPPERS` is the registry: type ->
function (path, resource) -> records; a type not in it is navigation only (a collection,
the service root) and feeds no family.

Health words are Redfish's (`Status.Health`: OK, Warning, Critical) lower-cased; a part
whose `Status.State` is `Absent` is an empty slot, not a part.

Vendor OEM sections are read where they carry health the standard part lacks: Huawei iBMC
(and xFusion, its successor) and Inspur publish a drive's controller-side state as
`Oem.<vendor>.FirmwareStatus` (`UnconfiguredBad`, `Failed`, `Offline`, `Rebuild`) while
its standard `Status.Health` may still say OK.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from inspector.model import (
    Facts,
    HealthStatus,
    Interface,
    InventoryItem,
    LogEntry,
    MemoryModule,
    Sensor,
    SensorKind,
    StoragePart,
    Strict,
)

Json = dict[str, Any]
Records = list[tuple[str, Strict]]  # (family, record)
# A DIMM's error counters, joined to its module by the builder: (the module's path, counts)
METRICS = "memory_metrics"

# Redfish LogEntry.Severity on the syslog scale the logs family uses.
LOG_SEVERITY = {"critical": 2, "warning": 4, "ok": 6}
# OEM words of a drive's controller-side state that mean the drive is lost or failing.
OEM_DRIVE_FAILED = ("failed", "unconfiguredbad", "offline", "missing", "predictivefailure")
OEM_DRIVE_VENDORS = ("Huawei", "xFusion", "Inspur")


def resource_type(resource: Json) -> str:
    """`#Drive.v1_9_0.Drive` -> `Drive`; "" when the resource does not say."""
    odata = resource.get("@odata.type")
    if not isinstance(odata, str):
        return ""
    return odata.lstrip("#").split(".")[0]


def _status(resource: Json) -> Json:
    status = resource.get("Status")
    return status if isinstance(status, dict) else {}


def _word(value: Any) -> str | None:
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def health(resource: Json) -> str | None:
    return _word(_status(resource).get("Health"))


def state(resource: Json) -> str | None:
    return _word(_status(resource).get("State"))


def _absent(resource: Json) -> bool:
    return state(resource) == "absent"


def _name(resource: Json, *keys: str) -> str:
    for key in (*keys, "Name", "Id", "MemberId"):
        value = resource.get(key)
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()
    return "?"


def _text(value: Any) -> str | None:
    return str(value).strip() if isinstance(value, str | int | float) and str(value).strip() \
        else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _int(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


def sensor_status(resource: Json) -> str:
    """Sensor words (ok / warning / critical / absent / unknown) from a Redfish Status."""
    if _absent(resource):
        return "absent"
    word = health(resource)
    return word if word in ("ok", "warning", "critical") else "unknown"


def _parent(path: str, collection: str) -> str | None:
    """The id of the resource whose `collection` holds `path`:
    /Systems/1/Storage/RAID0/Drives/3 -> RAID0 (for "Drives")."""
    match = re.search(rf"/([^/]+)/{collection}/[^/]+/?$", path)
    return match.group(1) if match else None


# --------------------------------------------------------------------------- system


def computer_system(path: str, system: Json) -> Records:
    facts = Facts(hostname=_text(system.get("HostName")), vendor=_text(system.get(
        "Manufacturer")), model=_text(system.get("Model")), serial=_text(system.get(
            "SerialNumber")))
    ident = _name(system, "Id")
    records: Records = [("facts", facts), ("health", HealthStatus(
        subject=f"system:{ident}", health=health(system), rollup=_word(_status(system).get(
            "HealthRollup")), state=state(system)))]
    summaries = {"processors": system.get("ProcessorSummary"),
                 "memory": system.get("MemorySummary")}
    for vendor in OEM_DRIVE_VENDORS:  # iBMC's storage rollup, which the standard lacks
        oem = ((system.get("Oem") or {}).get(vendor) or {})
        if isinstance(oem, dict) and isinstance(oem.get("StorageSummary"), dict):
            summaries["storage"] = oem["StorageSummary"]
    for part, summary in summaries.items():
        if isinstance(summary, dict) and _status(summary):
            records.append(("health", HealthStatus(
                subject=f"{part}:{ident}", health=health(summary),
                rollup=_word(_status(summary).get("HealthRollup")), state=state(summary))))
    bios = _text(system.get("BiosVersion"))
    if bios:
        records.append(("inventory", InventoryItem(name="BIOS", kind="firmware",
                                                   fw_version=bios)))
    return records


def chassis(path: str, resource: Json) -> Records:
    name = _name(resource, "Id")
    return [("health", HealthStatus(subject=f"chassis:{name}", health=health(resource),
                                    rollup=_word(_status(resource).get("HealthRollup")),
                                    state=state(resource))),
            ("inventory", InventoryItem(name=_name(resource, "Name", "Id"), kind="chassis",
                                        model=_text(resource.get("Model")),
                                        serial=_text(resource.get("SerialNumber")),
                                        status=health(resource)))]


def manager(path: str, resource: Json) -> Records:
    name = _name(resource, "Id")
    records: Records = [("health", HealthStatus(subject=f"bmc:{name}", health=health(resource),
                                                state=state(resource)))]
    firmware = _text(resource.get("FirmwareVersion"))
    if firmware:
        records.append(("facts", Facts(os_version=firmware)))
    return records


def processor(path: str, resource: Json) -> Records:
    if _absent(resource):
        return []
    return [("inventory", InventoryItem(name=_name(resource, "Socket", "Id"), kind="cpu",
                                        model=_text(resource.get("Model")),
                                        status=health(resource)))]


def memory(path: str, resource: Json) -> Records:
    if _absent(resource) or resource.get("CapacityMiB") == 0:
        return []  # an empty slot
    kind = " ".join(str(resource[k]) for k in ("MemoryDeviceType", "BaseModuleType")
                    if isinstance(resource.get(k), str))
    return [("memory_modules", MemoryModule(
        name=_name(resource, "DeviceLocator", "Name"), capacity_mib=_int(resource.get(
            "CapacityMiB")), model=kind or None, serial=_text(resource.get("SerialNumber")),
        health=health(resource), state=state(resource)))]


def memory_metrics(path: str, resource: Json) -> Records:
    """Error counters: the lifetime's when published, else the current period's; an
    alarm trip without a count is one error."""
    counts: dict[str, int | None] = {"correctable": None, "uncorrectable": None}
    for period in ("CurrentPeriod", "LifeTime"):
        block = resource.get(period)
        if isinstance(block, dict):
            for key, field in (("correctable", "CorrectableECCErrorCount"),
                               ("uncorrectable", "UncorrectableECCErrorCount")):
                value = _int(block.get(field))
                if value is not None:
                    counts[key] = value
    trips = ((resource.get("HealthData") or {}).get("AlarmTrips") or {})
    if isinstance(trips, dict):
        for key, field in (("correctable", "CorrectableECCError"),
                           ("uncorrectable", "UncorrectableECCError")):
            if trips.get(field) is True and not counts[key]:
                counts[key] = 1
            elif trips.get(field) is False and counts[key] is None:
                counts[key] = 0
    module_path = path.rstrip("/").rsplit("/", 1)[0]
    return [(METRICS, MemoryModule(name=module_path, correctable_errors=counts["correctable"],
                                   uncorrectable_errors=counts["uncorrectable"]))]


# --------------------------------------------------------------------------- storage


def storage(path: str, resource: Json) -> Records:
    """A storage subsystem (a RAID card, an HBA): its inline controllers, or itself when it
    lists none and links no Controllers collection."""
    owner = _name(resource, "Id")
    controllers = [c for c in resource.get("StorageControllers") or [] if isinstance(c, dict)]
    if not controllers and "Controllers" not in resource:
        controllers = [resource]
    records: Records = []
    for index, controller in enumerate(controllers):
        if _absent(controller):
            continue
        name = _name(controller, "Name") if controller is not resource else owner
        records.append(("storage", _controller(controller, name if len(controllers) == 1
                                                else f"{name} #{index}", owner)))
        firmware = _text(controller.get("FirmwareVersion"))
        if firmware:
            records.append(("inventory", InventoryItem(
                name=name, kind="firmware", model=_text(controller.get("Model")),
                fw_version=firmware)))
    return records


def _controller(resource: Json, name: str, owner: str | None) -> StoragePart:
    return StoragePart(part="controller", name=name, health=health(resource),
                       running=state(resource), type=_text(resource.get("Model")),
                       parent=owner)


def storage_controller(path: str, resource: Json) -> Records:
    if _absent(resource):
        return []
    return [("storage", _controller(resource, _name(resource, "Name"),
                                    _parent(path, "Controllers")))]


def _oem_drive_state(resource: Json) -> str | None:
    oem = resource.get("Oem")
    for vendor in OEM_DRIVE_VENDORS:
        block = oem.get(vendor) if isinstance(oem, dict) else None
        if isinstance(block, dict) and isinstance(block.get("FirmwareStatus"), str):
            return str(block["FirmwareStatus"])
    return None


def _storage_of(path: str) -> str | None:
    """The storage a drive's path is under (/Systems/1/Storage/RAID0/Drives/3 -> RAID0);
    None for a drive under its chassis (the builder joins it to the storage linking it)."""
    match = re.search(r"/Storages?/([^/]+)/Drives/", path)
    return match.group(1) if match else None


def drive(path: str, resource: Json) -> Records:
    if _absent(resource):
        return []
    word = health(resource)
    oem = _oem_drive_state(resource)
    if oem and oem.replace(" ", "").lower() in OEM_DRIVE_FAILED and word in (None, "ok"):
        word = "critical"
    kind = " ".join(str(resource[k]) for k in ("MediaType", "Protocol")
                    if isinstance(resource.get(k), str))
    life = _number(resource.get("PredictedMediaLifeLeftPercent"))
    predicted = resource.get("FailurePredicted")
    return [("storage", StoragePart(
        part="disk", name=_name(resource, "Name"), health=word,
        running=_word(oem) if oem else state(resource), type=kind or None,
        capacity_bytes=_int(resource.get("CapacityBytes")),
        parent=_storage_of(path),
        failure_predicted=predicted if isinstance(predicted, bool) else None,
        media_life_left_pct=life if life is not None and 0 <= life <= 100 else None))]


def volume(path: str, resource: Json) -> Records:
    raid = _text(resource.get("RAIDType")) or _text(resource.get("VolumeType"))
    return [("storage", StoragePart(
        part="volume", name=_name(resource, "Name"), health=health(resource),
        running=state(resource), type=raid, capacity_bytes=_int(resource.get(
            "CapacityBytes")), parent=_parent(path, "Volumes")))]


# --------------------------------------------------------------------------- power and cooling


def _sensor(kind: SensorKind, name: str, resource: Json, value: Any, unit: str | None,
            limits: dict[str, Any] | None = None) -> tuple[str, Strict]:
    bounds = {k: _number(v) for k, v in (limits or {}).items()}
    return ("sensors", Sensor(name=name, kind=kind, value=_number(value), unit=unit,
                              status=sensor_status(resource), **bounds))


def power(path: str, resource: Json) -> Records:
    """Legacy Power: supplies, consumption, voltages."""
    records: Records = []
    for supply in resource.get("PowerSupplies") or []:
        if isinstance(supply, dict):
            records.append(_sensor("psu", _name(supply, "Name", "MemberId"), supply,
                                   supply.get("LineInputVoltage"), "V"))
    for control in resource.get("PowerControl") or []:
        if isinstance(control, dict) and _number(control.get("PowerConsumedWatts")) is not None:
            records.append(_sensor("power", _name(control, "Name", "MemberId"), control,
                                   control.get("PowerConsumedWatts"), "W"))
    for volt in resource.get("Voltages") or []:
        if isinstance(volt, dict) and not _absent(volt):
            records.append(_sensor("voltage", _name(volt, "Name"), volt, volt.get(
                "ReadingVolts"), "V", _limits(volt)))
    return records


def _limits(resource: Json) -> dict[str, Any]:
    return {"high_warn": resource.get("UpperThresholdNonCritical"),
            "high_crit": resource.get("UpperThresholdCritical"),
            "low_warn": resource.get("LowerThresholdNonCritical"),
            "low_crit": resource.get("LowerThresholdCritical")}


def power_supply(path: str, resource: Json) -> Records:
    label = ((resource.get("Location") or {}).get("PartLocation") or {}).get("ServiceLabel")
    name = label if isinstance(label, str) and label else _name(resource, "Name")
    return [_sensor("psu", name, resource, None, None)]


def thermal(path: str, resource: Json) -> Records:
    """Legacy Thermal: temperatures with their own limits, fans."""
    records: Records = []
    for temp in resource.get("Temperatures") or []:
        if isinstance(temp, dict) and not _absent(temp):
            records.append(_sensor("temperature", _name(temp, "Name"), temp, temp.get(
                "ReadingCelsius"), "C", _limits(temp)))
    for fan in resource.get("Fans") or []:
        if isinstance(fan, dict):
            units = fan.get("ReadingUnits")
            records.append(_sensor("fan", _name(fan, "Name", "FanName"), fan, fan.get(
                "Reading"), "%" if units == "Percent" else "RPM"))
    return records


def fan(path: str, resource: Json) -> Records:
    speed = resource.get("SpeedPercent")
    value = speed.get("Reading") if isinstance(speed, dict) else None
    return [_sensor("fan", _name(resource, "Name"), resource, value, "%")]


SENSOR_KINDS: dict[str, tuple[SensorKind, str]] = {
    "temperature": ("temperature", "C"), "power": ("power", "W"),
    "voltage": ("voltage", "V"), "current": ("current", "A"),
    "rotational": ("fan", "RPM"), "percent": ("fan", "%"), "humidity": ("humidity", "%"),
}


# Older Sensor resources say no ReadingType: their UCUM unit tells.
SENSOR_UNITS: dict[str, str] = {"cel": "temperature", "w": "power", "v": "voltage",
                                "a": "current", "rpm": "rotational", "{rev}/min": "rotational"}


def sensor(path: str, resource: Json) -> Records:
    said = str(resource.get("ReadingType") or SENSOR_UNITS.get(
        str(resource.get("ReadingUnits", "")).lower(), ""))
    kind = SENSOR_KINDS.get(said.lower())
    if kind is None:
        return []
    found = resource.get("Thresholds")
    limits: Json = found if isinstance(found, dict) else {}
    bounds = {mine: (limits.get(theirs) or {}).get("Reading") for mine, theirs in (
        ("high_warn", "UpperCaution"), ("high_crit", "UpperCritical"),
        ("low_warn", "LowerCaution"), ("low_crit", "LowerCritical"))
        if isinstance(limits.get(theirs), dict)}
    return [_sensor(kind[0], _name(resource, "Name"), resource, resource.get("Reading"),
                    kind[1], bounds)]


def thermal_metrics(path: str, resource: Json) -> Records:
    return [("sensors", Sensor(name=_name(reading, "DeviceName", "DataSourceUri"),
                               kind="temperature", value=_number(reading.get("Reading")),
                               unit="C", status="unknown"))
            for reading in resource.get("TemperatureReadingsCelsius") or []
            if isinstance(reading, dict) and _number(reading.get("Reading")) is not None]


def _reading(resource: Json, key: str) -> float | None:
    block = resource.get(key)
    return _number(block.get("Reading")) if isinstance(block, dict) else None


def environment_metrics(path: str, resource: Json) -> Records:
    owner = path.rstrip("/").rsplit("/", 2)[-2]
    records: Records = []
    readings: tuple[tuple[str, SensorKind, str], ...] = (
        ("TemperatureCelsius", "temperature", "C"), ("PowerWatts", "power", "W"))
    for key, kind, unit in readings:
        value = _reading(resource, key)
        if value is not None:
            records.append(("sensors", Sensor(name=f"{owner} {key}", kind=kind,
                                              value=value, unit=unit, status="unknown")))
    return records


def power_supply_metrics(path: str, resource: Json) -> Records:
    owner = path.rstrip("/").rsplit("/", 2)[-2]
    value = _reading(resource, "InputVoltage")
    return [] if value is None else [("sensors", Sensor(
        name=f"{owner} InputVoltage", kind="voltage", value=value, unit="V",
        status="unknown"))]


def subsystem(path: str, resource: Json) -> Records:
    """PowerSubsystem / ThermalSubsystem: their own health (the parts are read apart)."""
    kind = resource_type(resource).removesuffix("Subsystem").lower()
    owner = _parent(path, "Chassis") or path.rstrip("/").rsplit("/", 2)[-2]
    return [("health", HealthStatus(subject=f"{kind}:{owner}",
                                    health=health(resource),
                                    rollup=_word(_status(resource).get("HealthRollup")),
                                    state=state(resource)))]


# --------------------------------------------------------------------------- the rest


def ethernet_interface(path: str, resource: Json) -> Records:
    link_status = _word(resource.get("LinkStatus"))
    enabled = resource.get("InterfaceEnabled")
    return [("interfaces", Interface(
        name=_name(resource, "Name", "Id"),
        admin_up=enabled if isinstance(enabled, bool) else None,
        oper_up=None if link_status is None else link_status == "linkup",
        speed_mbps=_int(resource.get("SpeedMbps")),
        description=_text(resource.get("MACAddress"))))]


def log_entry(path: str, resource: Json) -> Records:
    severity = LOG_SEVERITY.get(_word(resource.get("Severity")) or "")
    message = _text(resource.get("Message")) or _text(resource.get("EntryCode")) or ""
    return [("logs", LogEntry(timestamp=_text(resource.get("Created")), severity=severity,
                              source="sel",
                              mnemonic=_text(resource.get("MessageId")) or _text(
                                  resource.get("SensorType")),
                              message=" ".join(message.split())[:500]))]


def log_entries(path: str, resource: Json) -> Records:
    """A page of a log: the entries it inlines (most BMCs do)."""
    return [record for member in resource.get("Members") or []
            if isinstance(member, dict) and resource_type(member) == "LogEntry"
            for record in log_entry(path, member)]


def software(path: str, resource: Json) -> Records:
    return [("inventory", InventoryItem(name=_name(resource, "Name"), kind="firmware",
                                        fw_version=_text(resource.get("Version")),
                                        status=health(resource)))]


Mapper = Callable[[str, Json], Records]

MAPPERS: dict[str, Mapper] = {
    "ComputerSystem": computer_system,
    "Chassis": chassis,
    "Manager": manager,
    "Processor": processor,
    "Memory": memory,
    "MemoryMetrics": memory_metrics,
    "Storage": storage,
    "StorageController": storage_controller,
    "Drive": drive,
    "Volume": volume,
    "Power": power,
    "PowerSupply": power_supply,
    "PowerSubsystem": subsystem,
    "PowerSupplyMetrics": power_supply_metrics,
    "Thermal": thermal,
    "ThermalSubsystem": subsystem,
    "Fan": fan,
    "Sensor": sensor,
    "ThermalMetrics": thermal_metrics,
    "EnvironmentMetrics": environment_metrics,
    "EthernetInterface": ethernet_interface,
    "LogEntry": log_entry,
    "LogEntryCollection": log_entries,
    "SoftwareInventory": software,
}
