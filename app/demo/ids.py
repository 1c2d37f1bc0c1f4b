"""Demo ids: UUIDv7 (RFC 9562) like the ones the API makes, yet reproducible from the seed."""

import random
import uuid
from datetime import datetime

PER_MILLISECOND = 1 << 12  # the 12-bit counter of rand_a


class DemoIds:
    """UUIDv7s in the order they are made, starting at ``start``.

    RFC 9562's fixed-length dedicated counter: the 48-bit timestamp advances one millisecond
    every 4,096 ids and the 12 bits after the version count within it, so each id is greater
    than the one before; the 62 bits after the variant come from ``rng``. The same seed gives
    the same ids; each draw takes 128 bits, so the rest of the seeded data does not depend on
    the id layout.
    """

    def __init__(self, rng: random.Random, start: datetime) -> None:
        self._rng = rng
        self._start = int(start.timestamp() * 1000)
        self._made = 0

    def __call__(self) -> uuid.UUID:
        millis, counter = divmod(self._made, PER_MILLISECOND)
        self._made += 1
        value = (self._start + millis) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62
        return uuid.UUID(int=value | self._rng.getrandbits(128) & ((1 << 62) - 1))
