"""Every fixture output of ours meets every capture form (tests/capture_forms.py) and
parses the same; tests/unit/test_capture_forms.py does one form per output by default."""

from __future__ import annotations

import pytest

from tests.capture_forms import FORMS
from tests.unit.test_capture_forms import OUTPUTS, check

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("form", list(FORMS))
def test_every_fixture_parses_the_same_after_the_form(form: str) -> None:
    problems = [f"{name}: {p}" for platform, command, output, name in OUTPUTS
                if (p := check(form, platform, command, output))]
    assert not problems, problems[:5]
