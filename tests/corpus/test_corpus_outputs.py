"""The corpus gate: every real output published by other projects of a command a platform
claims (cisco_ios, huawei_vrp, hp_comware, cisco_nxos, ruijie_os) parses `ok` for at least
97 % of the samples of each command, plausibly, and agreeing with the publisher's expected
records where there are some (tests/corpus/expected.py). The rate per platform × command is
printed; the commands the corpus holds that no platform claims are listed, not failed.

`python -m tests.corpus.rates --misses` prints the same table with every miss, and
`--form all` the rates after each capture form (tests/capture_forms.py).

Reads ../shared/corpus when it exists; skips cleanly otherwise. Nothing of it is copied
into the repository.
"""

from __future__ import annotations

import pytest

from tests.conftest import CORPUS
from tests.corpus.rates import GATE, NOT_OUTPUTS, PLATFORMS, measure_all

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present"),
]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_claimed_command_parses_ok(platform: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    rates = measure_all((platform,))
    with capsys.disabled():
        print(f"\n{rates.report()}")
    assert rates.counts, f"no corpus sample of {platform} maps to a claimed command"
    assert not rates.unexplained, rates.unexplained
    low = rates.below(GATE)
    assert not low, f"below {GATE:.0%} ok: {low}"


def test_outputs_that_are_not_the_command_s_stay_recognized() -> None:
    """The samples counted apart (a device's refusal, a filtered output, a disabled log
    buffer) are still read as what they are, not as data."""
    rates = measure_all()
    apart = {o.sample.raw.name: o.status for o in rates.apart}
    assert set(NOT_OUTPUTS) <= set(apart), set(NOT_OUTPUTS) - set(apart)
