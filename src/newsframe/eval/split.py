"""The fixed development / held-out split of an evaluation set.

Rule (recorded here and in the README; never tuned): a record belongs to the
**held-out** part when the first byte of ``sha256(record id, UTF-8)`` is odd, to
the **dev** part when it is even. The rule depends on the id alone, so it is
stable across runs, machines and orderings, and a record added later falls into
a part without moving the others. Rules may be written while reading dev records;
held-out records are only ever scored in aggregate.

Examples
--------
>>> part("PLOVER-GSR01-AGREE-0001") in ("dev", "heldout")
True
>>> part("x") == part("x")
True
"""

from __future__ import annotations

import hashlib
from typing import Literal

__all__ = ["PARTS", "Part", "part"]

Part = Literal["dev", "heldout"]
PARTS: tuple[Part, Part] = ("dev", "heldout")


def part(record_id: str) -> Part:
    """``"heldout"`` when the first byte of sha256(``record_id``) is odd, else ``"dev"``."""
    return "heldout" if hashlib.sha256(record_id.encode("utf-8")).digest()[0] % 2 else "dev"
