"""The parse stage: captures to a normalized Snapshot, as pure functions.

Platform definitions (definitions/*.yaml, loaded by platforms.py), TextFSM templates
(textfsm/), normalizers (normalizers/), SNMP profiles (snmp_profiles/, snmpprofile.py) and
the builders that turn captures into families (snapshot.py for CLI text, snmp_parse.py,
napalm.py), sharing families.py's status and merge. Session logs are split into captures
here too (sessionlog.py)."""
