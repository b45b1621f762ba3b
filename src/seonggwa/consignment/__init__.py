"""Consignment evaluation (민간위탁 종합성과평가, domain.md §4.8, §7.6, R15, R16): consigned
services, the yearly evaluation in rounds, evaluators' scores, contract events and the
council consent clock."""
