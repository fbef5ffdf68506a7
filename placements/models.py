"""Models of the placements app: filled in by its own issue."""
