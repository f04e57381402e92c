"""Trade: partial-equilibrium tariff models (:mod:`corridor.trade.models`)."""
