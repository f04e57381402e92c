"""Scenario configuration: the schema, the built-in scenarios and the one override rule.

A scenario is a YAML file validated by :class:`Scenario` (unknown keys are errors). The
built-ins (``STEPS``, ``APS``, ``NZE``) live in ``config/scenarios/*.yaml`` and state only
what differs from their base (the schema's defaults for STEPS); a user file names a
``base`` and overrides it by the rule of :mod:`corridor.config.rules`.
"""

from corridor.config.load import BUILTIN, load_scenario
from corridor.config.schema import Anchors, Scenario

__all__ = ["BUILTIN", "Anchors", "Scenario", "load_scenario"]
