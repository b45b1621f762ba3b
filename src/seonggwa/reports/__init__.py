"""Official documents out: the report model, its builder and one writer per format."""
