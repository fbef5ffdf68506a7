"""Models of the funding app: filled in by its own issue."""
