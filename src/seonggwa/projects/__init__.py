"""Major projects (주요 역점사업 정기평가, domain.md §4.12, R18): docs/projects.md."""
