"""The Redfish trees the lab's BMCs serve: written here, resource by resource, in the shape
of the DMTF schemas (ServiceRoot, ComputerSystem, Memory, Storage, Drive, Volume, Power,
Thermal, LogEntry, SoftwareInventory), with the faults a monthly inspection must find.

- `faulty`: a Huawei-style 2288H V6 whose RAID 5 volume is degraded, whose drive 2 predicts
  its failure, and whose DIMM A2 has uncorrectable errors (the system rolls up Critical);
- `healthy`: an Inspur-style NF5280M6 with nothing wrong.

`tree(profile)` is path -> resource, paths without a trailing slash.
"""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]
V1 = "/redfish/v1"
SYSTEM = f"{V1}/Systems/1"
CHASSIS = f"{V1}/Chassis/1"
STORAGE = f"{SYSTEM}/Storage/RAIDStorage0"
LOG = f"{SYSTEM}/LogServices/SEL"

PROFILES = ("faulty", "healthy")


def _status(health: str = "OK", state: str = "Enabled", rollup: str | None = None) -> Json:
    status = {"State": state, "Health": health}
    if rollup is not None:
        status["HealthRollup"] = rollup
    return status


def _resource(kind: str, version: str, path: str, **fields: Any) -> Json:
    return {"@odata.type": f"#{kind}.{version}.{kind}", "@odata.id": path, **fields}


def _ref(path: str) -> Json:
    return {"@odata.id": path}


def _collection(kind: str, path: str, members: list[str]) -> Json:
    return {"@odata.type": f"#{kind}Collection.{kind}Collection", "@odata.id": path,
            "Name": f"{kind} Collection", "Members@odata.count": len(members),
            "Members": [_ref(m) for m in members]}


def _root() -> Json:
    return _resource("ServiceRoot", "v1_11_0", V1, Id="RootService", Name="Root Service",
                     RedfishVersion="1.11.0", Systems=_ref(f"{V1}/Systems"),
                     Chassis=_ref(f"{V1}/Chassis"), Managers=_ref(f"{V1}/Managers"),
                     UpdateService=_ref(f"{V1}/UpdateService"),
                     SessionService=_ref(f"{V1}/SessionService"),
                     Links={"Sessions": _ref(f"{V1}/SessionService/Sessions")})


def _system(faulty: bool, vendor: str, model: str, serial: str) -> Json:
    rollup = "Critical" if faulty else "OK"
    return _resource(
        "ComputerSystem", "v1_13_0", SYSTEM, Id="1", Name="Computer System",
        Manufacturer=vendor, Model=model, SerialNumber=serial, HostName=None,
        PowerState="On", BiosVersion="1.86" if faulty else "06.01.02",
        Status=_status("OK", rollup=rollup),
        ProcessorSummary={"Count": 2, "Status": _status(rollup="OK")},
        MemorySummary={"TotalSystemMemoryGiB": 128,
                       "Status": _status(rollup="Critical" if faulty else "OK")},
        Processors=_ref(f"{SYSTEM}/Processors"), Memory=_ref(f"{SYSTEM}/Memory"),
        Storage=_ref(f"{SYSTEM}/Storage"),
        EthernetInterfaces=_ref(f"{SYSTEM}/EthernetInterfaces"),
        LogServices=_ref(f"{SYSTEM}/LogServices"),
        Links={"Chassis": [_ref(CHASSIS)], "ManagedBy": [_ref(f"{V1}/Managers/1")]})


def _processors() -> dict[str, Json]:
    paths = [f"{SYSTEM}/Processors/CPU{i}" for i in (1, 2)]
    tree = {f"{SYSTEM}/Processors": _collection("Processor", f"{SYSTEM}/Processors", paths)}
    for number, path in enumerate(paths, start=1):
        tree[path] = _resource("Processor", "v1_10_0", path, Id=f"CPU{number}",
                               Name=f"CPU{number}", Socket=f"CPU{number}",
                               Model="Intel(R) Xeon(R) Gold 6330 CPU @ 2.00GHz",
                               TotalCores=28, Status=_status())
    return tree


DIMMS = ("DIMM A1", "DIMM A2", "DIMM B1", "DIMM B2")


def _memory(faulty: bool) -> dict[str, Json]:
    base = f"{SYSTEM}/Memory"
    paths = [f"{base}/DIMM{i:03d}" for i in range(len(DIMMS))] + [f"{base}/DIMM999"]
    tree = {base: _collection("Memory", base, paths)}
    for index, name in enumerate(DIMMS):
        path = paths[index]
        bad = faulty and name == "DIMM A2"
        tree[path] = _resource(
            "Memory", "v1_11_0", path, Id=path.rsplit("/", 1)[1], Name=name,
            DeviceLocator=name, CapacityMiB=32768, MemoryDeviceType="DDR4",
            BaseModuleType="RDIMM", OperatingSpeedMhz=3200,
            SerialNumber=f"3A1F{index:04d}", Manufacturer="Samsung",
            Status=_status("Critical" if bad else "OK"), Metrics=_ref(f"{path}/MemoryMetrics"))
        tree[f"{path}/MemoryMetrics"] = _resource(
            "MemoryMetrics", "v1_4_0", f"{path}/MemoryMetrics", Id="MemoryMetrics",
            Name=f"{name} metrics",
            LifeTime={"CorrectableECCErrorCount": 37 if bad else 0,
                      "UncorrectableECCErrorCount": 2 if bad else 0},
            HealthData={"AlarmTrips": {"CorrectableECCError": bad,
                                       "UncorrectableECCError": bad}})
    # An empty slot: servers list every slot, populated or not.
    tree[paths[-1]] = _resource("Memory", "v1_11_0", paths[-1], Id="DIMM999",
                                Name="DIMM D2", Status=_status(state="Absent"))
    return tree


DRIVES = 4


def _storage(faulty: bool, vendor: str) -> dict[str, Json]:
    drives = [f"{CHASSIS}/Drives/HDDPlaneDisk{i}" for i in range(DRIVES)]
    volume = f"{STORAGE}/Volumes/LogicalDrive0"
    tree = {
        f"{SYSTEM}/Storage": _collection("Storage", f"{SYSTEM}/Storage", [STORAGE]),
        STORAGE: _resource(
            "Storage", "v1_9_0", STORAGE, Id="RAIDStorage0", Name="RAIDStorage0",
            Status=_status(rollup="Warning" if faulty else "OK"),
            StorageControllers=[{
                "@odata.id": f"{STORAGE}#/StorageControllers/0", "MemberId": "0",
                "Name": "RAID Card1 Controller", "Model": "SP686C-M-16i 2G",
                "FirmwareVersion": "5.160.01-3415", "Status": _status()}],
            Drives=[_ref(d) for d in drives], Volumes=_ref(f"{STORAGE}/Volumes")),
        f"{STORAGE}/Volumes": _collection("Volume", f"{STORAGE}/Volumes", [volume]),
        volume: _resource(
            "Volume", "v1_5_0", volume, Id="LogicalDrive0", Name="LogicalDrive0",
            RAIDType="RAID5", CapacityBytes=3 * 1_200_000_000_000,
            Status=_status("Warning", "Degraded") if faulty else _status()),
    }
    for index, path in enumerate(drives):
        predicting = faulty and index == 2
        drive = _resource(
            "Drive", "v1_12_0", path, Id=f"HDDPlaneDisk{index}", Name=f"Disk{index}",
            MediaType="HDD", Protocol="SAS", CapacityBytes=1_200_000_000_000,
            Model="ST1200MM0009", SerialNumber=f"WFK0{index:04d}",
            FailurePredicted=predicting, Status=_status("Warning" if predicting else "OK"))
        if index == 3:  # a cache SSD: its wear is read too
            drive.update(MediaType="SSD", Model="SAMSUNG MZ7L3480", CapacityBytes=480_000_000_000,
                         PredictedMediaLifeLeftPercent=93)
        drive["Oem"] = {vendor: {"FirmwareStatus": "Online"}}
        tree[path] = drive
    return tree


def _network() -> dict[str, Json]:
    base = f"{SYSTEM}/EthernetInterfaces"
    paths = [f"{base}/mainboardLOMPort{i}" for i in (1, 2)]
    tree = {base: _collection("EthernetInterface", base, paths)}
    for number, path in enumerate(paths, start=1):
        tree[path] = _resource("EthernetInterface", "v1_6_0", path, Id=path.rsplit("/")[-1],
                               Name=f"LOM Port{number}", LinkStatus="LinkUp", SpeedMbps=10000,
                               InterfaceEnabled=True, MACAddress=f"b4:05:5d:00:00:0{number}",
                               Status=_status())
    return tree


def _entries(faulty: bool) -> list[Json]:
    events = [("OK", "System boot completed", "SystemBoot")]
    if faulty:
        events += [("Critical", "Uncorrectable ECC error on DIMM A2", "MemoryUncorrectable"),
                   ("Warning", "Disk2 predictive failure asserted", "DrivePredictiveFailure"),
                   ("Warning", "LogicalDrive0 (RAID5) is degraded", "VolumeDegraded")]
    events.append(("OK", "BMC time synchronized with NTP", "TimeSync"))
    return [_resource("LogEntry", "v1_8_0", f"{LOG}/Entries/{i}", Id=str(i),
                      Name=f"Log Entry {i}", EntryType="SEL", Severity=severity,
                      Created=f"2026-11-2{i}T0{i}:15:00+08:00", Message=message,
                      MessageId=f"iBMC.1.0.{code}")
            for i, (severity, message, code) in enumerate(events, start=1)]


def _logs(faulty: bool) -> dict[str, Json]:
    return {
        f"{SYSTEM}/LogServices": _collection("LogService", f"{SYSTEM}/LogServices", [LOG]),
        LOG: _resource("LogService", "v1_2_0", LOG, Id="SEL", Name="System Event Log",
                       Entries=_ref(f"{LOG}/Entries")),
        # The entries themselves: the server pages them (lab/redfish.py).
        f"{LOG}/Entries": {"@odata.type": "#LogEntryCollection.LogEntryCollection",
                           "@odata.id": f"{LOG}/Entries", "Name": "SEL Entries",
                           "Members": _entries(faulty)},
    }


def _chassis(model: str, serial: str) -> dict[str, Json]:
    power, thermal = f"{CHASSIS}/Power", f"{CHASSIS}/Thermal"
    supplies = [{"@odata.id": f"{power}#/PowerSupplies/{i}", "MemberId": str(i),
                 "Name": f"PSU{i + 1}", "Model": "PAC900S12-T1", "LineInputVoltage": 228,
                 "PowerCapacityWatts": 900, "Status": _status()} for i in range(2)]
    temps = [("Inlet Temp", 24, 42, 47), ("CPU1 Core Rem", 51, 85, 93),
             ("CPU2 Core Rem", 49, 85, 93), ("Outlet Temp", 36, 60, 65)]
    return {
        f"{V1}/Chassis": _collection("Chassis", f"{V1}/Chassis", [CHASSIS]),
        CHASSIS: _resource("Chassis", "v1_14_0", CHASSIS, Id="1", Name="Computer System Chassis",
                           ChassisType="RackMount", Model=model, SerialNumber=serial,
                           Status=_status(), Power=_ref(power), Thermal=_ref(thermal)),
        power: _resource(
            "Power", "v1_5_4", power, Id="Power", Name="Power", PowerSupplies=supplies,
            PowerControl=[{"@odata.id": f"{power}#/PowerControl/0", "MemberId": "0",
                           "Name": "System Power Control 1", "PowerConsumedWatts": 312,
                           "Status": _status()}],
            Redundancy=[{"@odata.id": f"{power}#/Redundancy/0", "MemberId": "0",
                         "Name": "PSU Redundancy", "Mode": "N+m", "MinNumNeeded": 1,
                         "Status": _status()}]),
        thermal: _resource(
            "Thermal", "v1_6_2", thermal, Id="Thermal", Name="Thermal",
            Temperatures=[{"@odata.id": f"{thermal}#/Temperatures/{i}", "MemberId": str(i),
                           "Name": name, "ReadingCelsius": value,
                           "UpperThresholdNonCritical": warn, "UpperThresholdCritical": crit,
                           "Status": _status()}
                          for i, (name, value, warn, crit) in enumerate(temps)],
            Fans=[{"@odata.id": f"{thermal}#/Fans/{i}", "MemberId": str(i),
                   "Name": f"Fan{i + 1}", "Reading": 30 + i, "ReadingUnits": "Percent",
                   "Status": _status()} for i in range(4)]),
    }


def _firmware(bmc_version: str, bios: str) -> dict[str, Json]:
    base = f"{V1}/UpdateService/FirmwareInventory"
    items = {"ActiveBMC": ("Active iBMC", bmc_version), "Bios": ("Bios", bios),
             "RAIDCard1": ("RAID Card1 Firmware", "5.160.01-3415")}
    tree = {f"{V1}/UpdateService": _resource(
        "UpdateService", "v1_8_0", f"{V1}/UpdateService", Id="UpdateService",
        Name="Update Service", FirmwareInventory=_ref(base)),
        base: _collection("SoftwareInventory", base, [f"{base}/{k}" for k in items])}
    for key, (name, version) in items.items():
        tree[f"{base}/{key}"] = _resource("SoftwareInventory", "v1_2_3", f"{base}/{key}",
                                          Id=key, Name=name, Version=version,
                                          Updateable=True, Status=_status())
    return tree


def _managers(bmc_version: str) -> dict[str, Json]:
    path = f"{V1}/Managers/1"
    return {f"{V1}/Managers": _collection("Manager", f"{V1}/Managers", [path]),
            path: _resource("Manager", "v1_10_0", path, Id="1", Name="Manager",
                            ManagerType="BMC", FirmwareVersion=bmc_version,
                            Status=_status())}


def tree(profile: str) -> dict[str, Json]:
    """Every resource of the lab BMC of `profile` (one of PROFILES)."""
    if profile not in PROFILES:
        raise ValueError(f"unknown lab Redfish profile {profile!r}; known: {PROFILES}")
    faulty = profile == "faulty"
    vendor, model, serial, bmc = ("Huawei", "2288H V6", "2102313LNR10N4000071", "3.03.00.11") \
        if faulty else ("Inspur", "NF5280M6", "218093377", "4.28.05")
    resources: dict[str, Json] = {V1: _root(), f"{V1}/Systems": _collection(
        "ComputerSystem", f"{V1}/Systems", [SYSTEM]), SYSTEM: _system(faulty, vendor, model,
                                                                       serial)}
    for part in (_processors(), _memory(faulty), _storage(faulty, vendor), _network(),
                 _logs(faulty), _chassis(model, serial), _firmware(bmc, "1.86"),
                 _managers(bmc)):
        resources.update(part)
    resources[f"{V1}/SessionService"] = _resource(
        "SessionService", "v1_1_8", f"{V1}/SessionService", Id="SessionService",
        Name="Session Service", Sessions=_ref(f"{V1}/SessionService/Sessions"))
    return resources
