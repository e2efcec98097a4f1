"""A small but complete run for the report tests, built straight from the model.

It holds what a report must cope with: findings of every level plus passed and not-checked
ones, an unreachable device, a room sensor and a UPS, a hostile hostname and hostile
interface descriptions (HTML, spreadsheet formula, matplotlib mathtext), and an earlier run
for the changes and trend sections.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from inspector.model import (
    CaptureSummary,
    Config,
    Cpu,
    Device,
    DeviceResult,
    DeviceStatus,
    Evidence,
    Facts,
    Family,
    FamilyStatus,
    Finding,
    Interface,
    InventoryItem,
    LogEntry,
    Memory,
    Run,
    Sensor,
    Severity,
    Snapshot,
    Ups,
)

HOSTILE = "<script>alert('x')</script>"
FORMULA = '=HYPERLINK("http://evil.example","click")'
STARTED = datetime(2026, 11, 21, 1, 30, tzinfo=UTC)
OK = FamilyStatus.OK


def _ok(data: object) -> Family:  # type: ignore[type-arg]
    return Family(status=OK, data=data)


def _switch(name: str, role: str, platform: str, cpu: float, mem: float,
            description: str = "uplink", temp: float = 41.0) -> DeviceResult:
    device = Device(name=name, host="10.0.0.1", platform=platform, role=role,
                    site="上海数据中心", room="B1-201", model="S6730-H48X6C")
    snapshot = Snapshot(
        device=device, taken_at=STARTED,
        facts=_ok(Facts(hostname=name, vendor="Huawei", model="S6730-H48X6C",
                        serial="2102351234567", os_version="V200R021C10SPC600",
                        uptime_seconds=3_456_789)),
        cpu=_ok([Cpu(slot="0", utilization_pct=cpu, avg_1m_pct=cpu, avg_5m_pct=cpu)]),
        memory=_ok([Memory(slot="0", total_bytes=4 << 30, used_bytes=int((4 << 30) * mem / 100),
                           utilization_pct=mem)]),
        interfaces=_ok([
            Interface(name="XGigabitEthernet0/0/1", admin_up=True, oper_up=True,
                      description=description, in_errors=1200, crc_errors=1180),
            Interface(name="XGigabitEthernet0/0/2", admin_up=True, oper_up=False,
                      description=FORMULA),
            Interface(name="GigabitEthernet0/0/3", admin_up=False, oper_up=False),
        ]),
        sensors=_ok([
            Sensor(name="Slot 0 CPU", kind="temperature", value=temp, unit="C", status="ok",
                   high_warn=75, high_crit=85),
            Sensor(name="FAN1", kind="fan", status="ok"),
            Sensor(name="PWR2", kind="psu", status="absent"),
        ]),
        inventory=_ok([
            InventoryItem(name="PWR1", kind="psu", model="PAC600S12-T", status="normal"),
            InventoryItem(name="MPU", kind="module", model="S6730-H48X6C", hw_version="VER.B",
                          fw_version="V200R021C10SPC600"),
        ]),
        logs=_ok([LogEntry(timestamp="Nov 21 2026 09:58:01", severity=2,
                           mnemonic="DEVM/2/POWER_FAIL", message="Power supply 2 failed")]),
        config=_ok(Config(saved=False)),
    )
    captures = [CaptureSummary(command="display version", bytes=120,
                               file=f"{name}/001-display_version.txt"),
                CaptureSummary(command="display cpu-usage", error="timeout", bytes=0)]
    return DeviceResult(device=device, status=DeviceStatus.COMPLETE, captures=captures,
                        snapshot=snapshot)


def _unreachable(name: str) -> DeviceResult:
    device = Device(name=name, host="10.0.9.9", platform="cisco_ios", role="access")
    return DeviceResult(device=device, status=DeviceStatus.UNREACHABLE,
                        reason="TCP connection to 10.0.9.9:22 timed out after 15 s",
                        snapshot=Snapshot(device=device))


def _env_sensor() -> DeviceResult:
    device = Device(name="th-b1-201", host="10.0.5.1", platform="snmp_env", role="env-sensor",
                    room="B1-201")
    snapshot = Snapshot(device=device, sensors=_ok([
        Sensor(name="Room temperature", kind="temperature", value=28.5, unit="C",
               status="warning", low_warn=18, high_warn=27, low_crit=15, high_crit=32),
        Sensor(name="Room humidity", kind="humidity", value=45, unit="%RH", status="ok",
               low_warn=35, high_warn=75),
    ]))
    return DeviceResult(device=device, status=DeviceStatus.COMPLETE, snapshot=snapshot)


def _ups() -> DeviceResult:
    device = Device(name="ups-b1-01", host="10.0.5.2", platform="snmp_ups", role="ups",
                    room="B1-201")
    snapshot = Snapshot(device=device, ups=_ok(Ups(
        status="online", battery_status="normal", charge_pct=100, runtime_min=35,
        input_voltage_v=221, output_voltage_v=220, output_load_pct=38,
        battery_temperature_c=26, on_battery=False)))
    return DeviceResult(device=device, status=DeviceStatus.COMPLETE, snapshot=snapshot)


def _finding(check_id: str, category: str, device: str, severity: Severity | None,
             **extra: object) -> Finding:
    return Finding(check_id=check_id, category=category, device=device, severity=severity,
                   **extra)  # type: ignore[arg-type]


def sample_findings(core: str = "core-sw1") -> list[Finding]:
    return [
        _finding("cpu.utilization", "cpu", core, Severity.MAJOR, observed="92%",
                 threshold="> 80%", message_zh="CPU 5 分钟平均利用率过高",
                 message_en="CPU 5-minute average too high",
                 recommendation_zh="排查占用 CPU 的进程与协议报文。",
                 recommendation_en="Find the processes and protocol traffic using the CPU.",
                 evidence=[Evidence(command="display cpu-usage",
                                    lines=["CPU Usage            : 92% Max: 99%"])]),
        _finding("power.redundancy", "power", core, Severity.CRITICAL, observed="PWR2 absent",
                 threshold="2 PSUs present", message_zh="电源冗余丢失",
                 message_en="Power supply redundancy lost",
                 recommendation_zh="检查 PWR2 电源模块及其供电。",
                 recommendation_en="Check PSU PWR2 and its power feed.",
                 evidence=[Evidence(command="display power",
                                    lines=[f"line {i}" for i in range(20)])]),
        _finding("ports.crc", "ports", HOSTILE, Severity.MINOR, observed="1180 CRC",
                 threshold="> 0", message_zh=f"端口 CRC 错误 {HOSTILE}",
                 message_en=f"CRC errors on a port {HOSTILE}",
                 recommendation_zh="更换光模块或跳线。", recommendation_en="Replace the optic."),
        _finding("config.saved", "config", core, Severity.INFO, message_zh="配置未保存",
                 message_en="Configuration not saved", recommendation_zh="执行 save。",
                 recommendation_en="Run `save`."),
        _finding("env.temperature", "environment", "th-b1-201", Severity.MINOR,
                 observed="28.5 °C", threshold="18–27 °C", message_zh="机房温度偏高",
                 message_en="Room temperature high", recommendation_zh="检查空调。",
                 recommendation_en="Check the air conditioning."),
        _finding("collection.reachable", "collection", "acc-sw9", Severity.CRITICAL,
                 message_zh="设备无法连接", message_en="Device unreachable"),
        _finding("memory.utilization", "memory", core, None, passed=True, observed="40%",
                 threshold="> 85%"),
        _finding("memory.utilization", "memory", HOSTILE, None, passed=True, observed="30%",
                 threshold="> 85%"),
        _finding("ntp.sync", "ntp", "acc-sw9", None, not_checked_reason="ntp not collected"),
        _finding("ups.battery", "ups", "ups-b1-01", None, passed=True,
                 threshold="battery normal"),
    ]


def sample_run(run_id: str = "2026-11-21-monthly", started: datetime = STARTED) -> Run:
    devices = [_switch("core-sw1", "core", "huawei_vrp", 92, 40),
               _switch(HOSTILE, "access", "cisco_ios", 12, 30, description="<b>$x$</b>",
                       temp=58),
               _unreachable("acc-sw9"), _env_sensor(), _ups()]
    return Run(run_id=run_id, mode="live", started=started,
               ended=started + timedelta(minutes=4), devices=devices,
               findings=sample_findings())


def previous_run() -> Run:
    """The month before: the PSU was fine, an NTP problem has since been fixed."""
    run = sample_run("2026-10-21-monthly", STARTED - timedelta(days=31))
    run.findings = [f for f in run.findings if f.check_id != "power.redundancy"] + [
        _finding("ntp.sync", "ntp", "core-sw1", Severity.MINOR, message_zh="NTP 未同步",
                 message_en="NTP not synchronized")]
    return run


def failing_count(run: Run) -> int:
    return sum(1 for f in run.findings if not f.passed and f.not_checked_reason is None)


def test_sample_has_every_level() -> None:
    levels = {f.severity for f in sample_run().findings if f.severity is not None}
    assert levels == set(Severity)
    assert failing_count(sample_run()) == 6
