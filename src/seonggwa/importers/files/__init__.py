"""Document files as they are (HWPX, PDF, spreadsheets in the official layouts) read into
rows of cells (:mod:`.cells`), which the text parsers then read like a text extraction.

One module per format, each with one entry point taking ``(*, name, data, limits)`` and
returning a :class:`~.cells.CellDocument` or raising :class:`~.cells.FileFormatError`:

* :mod:`.hwpx`  ``read_hwpx``  — 한/글's HWPX (a zip of XML): tables and paragraphs in order;
* :mod:`.pdf`   ``read_pdf``   — a PDF with a text layer (pdfplumber); scanned PDFs refused;
* :mod:`.sheet` ``read_sheet`` — a workbook in the official layouts (not seonggwa's own
  workbook, which ``importers.xlsx`` reads exactly).

Pure: no Django (the limits come in as an argument).
"""
