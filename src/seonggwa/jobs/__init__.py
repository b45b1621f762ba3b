"""Background jobs (docs/jobs.md): django-tasks runs them; this app adds what it lacks —
progress, a heartbeat, the owner, the produced file, and a sweep that fails a job whose worker
died."""
