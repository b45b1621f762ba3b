"""Document files as they are (HWPX, PDF, spreadsheets in the official layouts) read into
rows of cells (:mod:`.cells`), which the text parsers read like a text extraction."""
