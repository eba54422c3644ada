"""The one rule for ids in every data file (milestones, families, documents, ladders, publications)."""

from __future__ import annotations

import re

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
ID_EXPECTED = "lowercase letters, digits and '-', starting with a letter or digit"  # expect.id in the catalogues
PROVINCE_PATTERN = re.compile(r"CN-[A-Z]{2}(-\d{2,4})?")
