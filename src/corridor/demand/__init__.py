"""The demand side: sales, fleet, batteries, materials, recycling, the chain and its Monte
Carlo."""
