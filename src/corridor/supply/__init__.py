"""Supply side of the value chain: facility registry, capacity pipeline, world supply by
country, stage balances, concentration and supply risk."""
