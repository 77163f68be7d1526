"""Read-only analysis over the store rollups: rankings, the overview and its headlines, provinces, company profiles."""
