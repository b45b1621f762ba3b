"""Complete, versioned JSON backups of one organisation's data (``seonggwa dump/restore``)."""
