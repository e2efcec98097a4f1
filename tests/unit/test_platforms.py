"""Definition files are validated when loaded: every mistake is an error naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from inspector.model import FAMILY_NAMES
from inspector.parsing.platforms import DefinitionError, load_platform, platforms

BASE = {
    "name": "testos", "vendor": "Test", "description": "d", "netmiko_device_type": "x",
    "prompt": r"(?P<hostname>\w+)#", "identify": ["TestOS"], "read_only": ["show"],
    "families": {f: {"unsupported": "n/a"} for f in FAMILY_NAMES},
}
GOOD_SOURCE = {"command": "show version", "template": "ntc:cisco_ios_show_version.textfsm",
               "normalizer": "cisco_ios.version_facts"}


def _write(tmp_path: Path, **changes: object) -> Path:
    data = {**BASE, **changes}
    path = tmp_path / "testos.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_builtin_definitions_load() -> None:
    assert {"cisco_ios", "huawei_vrp", "hp_comware", "inspur_cnos", "cisco_nxos",
            "ruijie_os"} <= set(platforms())


def test_a_valid_definition_loads(tmp_path: Path) -> None:
    families = {**BASE["families"], "facts": [GOOD_SOURCE]}  # type: ignore[dict-item]
    platform = load_platform(_write(tmp_path, families=families))
    assert platform.commands() == ["show version"]


@pytest.mark.parametrize(("changes", "message"), [
    ({"colour": "blue"}, "colour"),
    ({"families": {"facts": [GOOD_SOURCE]}}, "are not declared"),
    ({"families": {**BASE["families"], "weather": []}}, "unknown families"),  # type: ignore[dict-item]
    ({"prompt": "(unclosed"}, "invalid regular expression"),
    ({"name": "other"}, "must match the file name"),
    ({"families": {**BASE["families"], "facts": [  # type: ignore[dict-item]
        {**GOOD_SOURCE, "template": "nope.textfsm"}]}}, "template 'nope.textfsm' not found"),
    ({"families": {**BASE["families"], "facts": [  # type: ignore[dict-item]
        {**GOOD_SOURCE, "normalizer": "x.y"}]}}, "normalizer 'x.y' is not registered"),
    ({"families": {**BASE["families"], "facts": [  # type: ignore[dict-item]
        {**GOOD_SOURCE, "normalizer": "cisco_ios.memory"}]}},
     "returns list[Memory], but facts records are Facts"),
    ({"families": {**BASE["families"], "facts": [  # type: ignore[dict-item]
        {**GOOD_SOURCE, "colour": 1}]}}, "colour"),
])
def test_invalid_definitions_name_the_file_and_field(
    tmp_path: Path, changes: dict[str, object], message: str
) -> None:
    path = _write(tmp_path, **changes)
    with pytest.raises(DefinitionError) as err:
        load_platform(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_unreadable_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "testos.yaml"
    path.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"testos\.yaml"):
        load_platform(path)
