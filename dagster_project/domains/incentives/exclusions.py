"""The versioned list of bookings excluded from the incentive reconciliation."""

import re
from pathlib import Path

EXCLUSIONS_FILE = Path(__file__).with_name("incentive_exclusions.txt")


def parse_exclusions(text: str) -> frozenset[int]:
    """Booking ids separated by commas or new lines; `#` comments and other tokens ignored."""
    ids: set[int] = set()
    for line in text.splitlines():
        for token in re.split(r"[,\s]+", line.split("#", 1)[0]):
            if token.isdigit():
                ids.add(int(token))
    return frozenset(ids)


def load_exclusions(path: Path = EXCLUSIONS_FILE) -> frozenset[int]:
    return parse_exclusions(path.read_text()) if path.exists() else frozenset()
