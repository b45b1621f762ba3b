"""gunicorn's configuration for ``seonggwa serve --production`` (``-c python:...``).

Its own messages (worker started, worker timed out) go to standard output as JSON lines, like
the application's (seonggwa.core.jsonlog); the access log stays off, as the application logs
each request itself with the user and the request id (seonggwa.web.request_log).
"""

from seonggwa.core.jsonlog import json_logging

logconfig_dict = json_logging(
    {
        "gunicorn.error": ("INFO", True),
        # off: seonggwa.request already has a line for each request
        "gunicorn.access": ("CRITICAL", False),
    }
)

# no runtime control socket (gunicorn 25+ makes one under the home directory by default): the
# service manager starts, stops and reloads gunicorn with signals, and two instances on one
# machine would share the socket's path
control_socket_disable = True
