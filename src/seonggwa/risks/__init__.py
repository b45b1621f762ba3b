"""The city's risk register (시정 리스크 관리, domain.md §4.11, §7.6, §9 step 8): each month
the evaluation office reports next month's risk issues (주요내용, press items, risks, short-
and long-term requests), sets their importance, handles them itself or escalates them to
the 실·국 that owns them, and closes them once the department has responded."""
