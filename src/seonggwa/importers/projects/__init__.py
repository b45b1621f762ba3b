"""Importer of the major-project table (주요 역점사업 정기평가, domain.md §4.12): :func:`parse`
reads the text into :class:`ProjectsDocument` with its findings (pure, no Django);
``seonggwa.importers.projects_load`` loads it in one transaction."""

from seonggwa.importers.projects.parse import ParsedProject, ProjectsDocument, detect, parse

__all__ = ["ParsedProject", "ProjectsDocument", "detect", "parse"]
