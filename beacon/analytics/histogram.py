"""Duration histograms: fixed buckets that can be summed across rollup rows, so a median or a 90th
percentile can be read for any filter and date range without looking at a single ticket.

Pure functions, no ORM. Bucket i counts durations in [BOUNDS[i-1], BOUNDS[i]) seconds (BOUNDS[-1]
is 0 for i = 0); the last bucket counts everything from 14 days up.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

MINUTE, HOUR, DAY = 60, 3600, 86400
# Upper bounds (exclusive), in seconds. Fine where support work happens (minutes to a day), coarse
# after; a percentile read from them is exact to within its bucket (docs/analytics.md).
BOUNDS: tuple[int, ...] = (
    MINUTE,
    5 * MINUTE,
    15 * MINUTE,
    30 * MINUTE,
    HOUR,
    2 * HOUR,
    4 * HOUR,
    8 * HOUR,
    12 * HOUR,
    DAY,
    2 * DAY,
    3 * DAY,
    5 * DAY,
    7 * DAY,
    14 * DAY,
)
SIZE = len(BOUNDS) + 1


def bucket_of(seconds: float) -> int:
    """The bucket a duration falls in (negative durations, from clock skew, count as zero)."""
    return bisect_right(BOUNDS, max(seconds, 0))


def column_names(prefix: str) -> list[str]:
    return [f"{prefix}_{i}" for i in range(SIZE)]


def percentile(counts: Sequence[int], q: float) -> float | None:
    """The q-quantile (0 < q < 1) of the durations counted in `counts`, in seconds.

    The rank q × n is located in its bucket and the value interpolated linearly between the bucket's
    bounds, as if the durations in a bucket were spread evenly. In the open last bucket its lower
    bound is returned. None when nothing was counted."""
    total = sum(counts)
    if total <= 0:
        return None
    rank = q * total
    seen = 0
    for index, count in enumerate(counts):
        if count and seen + count >= rank:
            lower = BOUNDS[index - 1] if index else 0
            if index >= len(BOUNDS):
                return float(lower)
            return lower + (BOUNDS[index] - lower) * (rank - seen) / count
        seen += count
    return float(BOUNDS[-1])


def merge(*histograms: Sequence[int]) -> list[int]:
    merged = [0] * SIZE
    for histogram in histograms:
        for index, count in enumerate(histogram):
            merged[index] += count
    return merged
