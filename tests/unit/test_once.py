"""The loaders of the package's own data run once per process, however many threads ask."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from inspector.once import once
from inspector.parsing.platforms import platforms


def test_threads_arriving_together_share_one_computation() -> None:
    calls: list[int] = []
    start = threading.Barrier(16)

    @once
    def load() -> dict[str, int]:
        calls.append(1)
        time.sleep(0.05)  # long enough for every other thread to arrive meanwhile
        return {"a": 1}

    def ask() -> dict[str, int]:
        start.wait()
        return load()

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(lambda _: ask(), range(16)))
    assert len(calls) == 1
    assert all(r is results[0] for r in results)


def test_results_are_kept_per_argument_and_can_be_forgotten() -> None:
    calls: list[str] = []

    @once
    def load(lang: str) -> str:
        calls.append(lang)
        return lang.upper()

    assert (load("zh"), load("en"), load("zh")) == ("ZH", "EN", "ZH")
    assert calls == ["zh", "en"]
    load.cache_clear()
    assert load("zh") == "ZH"
    assert calls == ["zh", "en", "zh"]


def test_the_platform_definitions_are_one_object_per_process() -> None:
    assert platforms() is platforms()
    assert "huawei_vrp" in platforms()
