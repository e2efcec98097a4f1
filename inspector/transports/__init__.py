"""Transports: the only code that talks to devices. One module per transport (ssh, snmp,
ipmi, napalm), the read-only guard every command passes, SSH host keys, and the registry
that says which transport reaches which device (registry.py)."""
