"""Ad-hoc reviews (시정 주요사업 수시평가, domain.md §4.9, §7.6): a year's reviews of chosen
issues, each with its target department, period and method (project review or inspection),
rounds with findings and recommendations, and the follow-up of each recommendation."""
