"""Telnet, the last resort for a device without SSH (`transport.telnet_fallback`).

The same netmiko drivers as SSH, their `_telnet` twins; the session above it (guard,
redaction, recording) is ssh.py's. A device without a Telnet driver of its own (FortiOS)
gets netmiko's generic one, which is a terminal server's and leaves the login prompts
unanswered: `_GenericTelnet` answers them as any device asks them.
"""

from __future__ import annotations

from typing import Any

from netmiko import ConnectHandler
from netmiko.ssh_dispatcher import CLASS_MAPPER
from netmiko.terminal_server.terminal_server import TerminalServerTelnet

# SSH-only connection parameters the Telnet drivers refuse.
_SSH_ONLY = ("allow_agent", "use_keys", "ssh_strict", "system_host_keys", "alt_host_keys",
             "banner_timeout", "auth_timeout")


class _GenericTelnet(TerminalServerTelnet):
    """Telnet to a device without a netmiko driver of its own: log in as any device asks."""

    def telnet_login(self, *args: Any, **kwargs: Any) -> str:
        return self.std_login(*args, **kwargs)


def telnet_type(device_type: str) -> str:
    telnet = f"{device_type}_telnet"
    return telnet if telnet in CLASS_MAPPER else "generic_telnet"


def open_telnet(params: dict[str, Any], device_type: str, port: int) -> Any:
    """A Telnet session from the SSH connection parameters `params` (netmiko's)."""
    params = {k: v for k, v in params.items() if k not in _SSH_ONLY}
    params.update(device_type=telnet_type(device_type), port=port)
    if params["device_type"] == "generic_telnet":
        return _GenericTelnet(**params)
    return ConnectHandler(**params)
