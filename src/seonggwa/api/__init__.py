"""The REST API under ``/api/v1/`` (django-ninja; docs/api.md): anonymous reads of what is
published, personal API tokens for what their owner may see, and actual entry, submission
and approval through the results services. An interface, beside ``web`` and ``cli``: the
rules are the policy's, the selectors' and the services'."""
