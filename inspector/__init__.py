"""inspector: preventive-inspection (巡检) agent for network, server and machine-room gear."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("inspector")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"
