"""Models of the carers app: filled in by its own issue."""
