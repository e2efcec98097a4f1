"""The demo's planted configuration change: last month's configuration of a lab device,
put in the demo's archive just before each demo run, so that its report shows a changed
configuration (`config.changed`, the 配置变更 appendix).

`<device>.cfg` beside this module is that device's earlier configuration (its VRRP priority
and NTP servers differ from what the simulated device prints now).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from inspector.configs.mask import mask_config
from inspector.configs.store import Archived, ConfigStore, digest
from inspector.fileio import read_text
from inspector.parsing.platforms import get_platform
from inspector.store.history import History

PLANTED = Path(__file__).parent
PLANTED_RUN = "demo-previous"  # the run id the planted configurations are archived under


def plant_previous_configs(history: History, platforms: dict[str, str]) -> list[str]:
    """Archive each planted configuration (of the devices in `platforms`, name -> platform)
    as run PLANTED_RUN, dated now: the newest archive the next run compares with. Returns
    the devices planted."""
    store = ConfigStore(history)
    now = datetime.now(UTC)
    planted = []
    for path in sorted(PLANTED.glob("*.cfg")):
        platform = platforms.get(path.stem)
        if platform is None:
            continue
        text = mask_config(read_text(path), get_platform(platform).archive)
        store.add(Archived(run_id=PLANTED_RUN, device=path.stem, platform=platform,
                           started=now, file=path, sha256=digest(text)), text)
        planted.append(path.stem)
    return planted
