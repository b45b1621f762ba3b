"""Importers of the joint evaluation (지방자치단체 합동평가, docs/joint-evaluation.md): ``parse``
(seed 003's tables -> plain records with line numbers, pure), ``load`` (the plan of kind
``joint`` in one transaction), ``vps`` (a VPS sheet's rows, pure) and ``vps_load`` (the
regions' results in one transaction)."""
