"""The connection cap and the open-file limit it is kept under."""

from __future__ import annotations

import resource

import pytest

from service import server
from service.server import MIN_CONNECTION_CAP, connection_cap, raise_open_file_limit


def test_the_cap_leaves_the_reserve_free_but_never_falls_to_nothing() -> None:
    assert connection_cap(10_000, 1_048_576) == 10_000
    assert connection_cap(10_000, 1_024) == 1_024 - server.RESERVED_FILE_DESCRIPTORS
    assert connection_cap(10_000, 256) == MIN_CONNECTION_CAP
    assert connection_cap(10, 256) == 10


class FakeLimits:
    """RLIMIT_NOFILE as a process may find it; an infinite hard limit cannot be set up without privileges."""

    def __init__(self, soft: int, hard: int) -> None:
        self.limits = (soft, hard)

    def getrlimit(self, which: int) -> tuple[int, int]:
        assert which == resource.RLIMIT_NOFILE
        return self.limits

    def setrlimit(self, which: int, limits: tuple[int, int]) -> None:
        assert which == resource.RLIMIT_NOFILE and limits[1] == self.limits[1]
        assert self.limits[1] == resource.RLIM_INFINITY or limits[0] <= self.limits[1]
        self.limits = limits


@pytest.mark.parametrize(
    ("soft", "hard", "raised"),
    [
        (1_024, resource.RLIM_INFINITY, 65_536),
        (1_024, 4_096, 4_096),
        (1_024, 1_048_576, 65_536),
        (100_000, 1_048_576, 100_000),  # a higher soft limit is not lowered
    ],
)
def test_the_soft_limit_is_raised_towards_the_hard_one(
    monkeypatch: pytest.MonkeyPatch, soft: int, hard: int, raised: int
) -> None:
    limits = FakeLimits(soft, hard)
    monkeypatch.setattr(server.resource, "getrlimit", limits.getrlimit)
    monkeypatch.setattr(server.resource, "setrlimit", limits.setrlimit)
    assert raise_open_file_limit() == raised
    assert limits.limits == (raised, hard)
    assert connection_cap(10_000, raised) == min(10_000, raised - server.RESERVED_FILE_DESCRIPTORS)
