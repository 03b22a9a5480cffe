"""Regex helpers for text that mixes Chinese and Latin script without spaces.

Python's ``\\b`` sees no boundary between "请用" and "ToDesk" (both are word
characters), so "请用ToDesk连接" would never match ``\\btodesk\\b``. Patterns compiled
here treat ``\\b`` as a boundary of ASCII words only.
"""

from __future__ import annotations

import re

ASCII_BOUNDARY = r"(?:(?<![A-Za-z0-9_])(?=[A-Za-z0-9_])|(?<=[A-Za-z0-9_])(?![A-Za-z0-9_]))"


def compile_mixed(source: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compile ``source`` with every ``\\b`` meaning an ASCII word boundary."""
    return re.compile(source.replace(r"\b", ASCII_BOUNDARY), flags)
