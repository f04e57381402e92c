"""Invariants as code: demand side, supply side and the IAMC table. Each raises
:class:`~corridor.errors.CheckError` naming the first failure."""

from corridor.checks.demand import check_demand
from corridor.checks.supply import check_supply
from corridor.checks.table import check_children

__all__ = ["check_children", "check_demand", "check_supply"]
