"""Confidence of extracted facts, from the factors in ``lexicons/confidence.yaml``.

The rules are data so that a domain expert can weigh them; this module only multiplies.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from conflictkg.paths import mapping_data


@cache
def factors(path: Path | None = None) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (path or mapping_data("lexicons/confidence.yaml")).read_text("utf-8")
    )
    return data


def event_confidence(
    *, noun: bool, actor_rule: str, location_rule: str, date_basis: str | None, status: str
) -> float:
    """Product of the trigger, actor, date, location and status factors."""
    ev = factors()["event"]
    value = (
        float(ev["trigger"]["noun" if noun else "verb"])
        * float(ev["actor"].get(actor_rule, 0.8))
        * float(ev["date"].get(date_basis or "none", 0.8))
        * float(ev["location"].get(location_rule or "none", 0.9))
        * float(ev["status"].get(status, 0.9))
    )
    return round(value, 2)


def mention_confidence(rule: str) -> float:
    return float(factors()["mention"].get(rule, 0.8))


def claim_confidence(rule: str) -> float:
    return float(factors()["claim"].get(rule, 0.7))
