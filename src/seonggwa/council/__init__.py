"""Council written questions (서면질문서) and their answer packs (docs/council.md)."""
