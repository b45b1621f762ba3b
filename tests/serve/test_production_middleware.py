"""The production settings' middleware: health check first, then the request log, whitenoise
right after SecurityMiddleware (as whitenoise asks), every base middleware once; JSON logs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json
from seonggwa.config.settings import base, production
print(json.dumps({"base": base.MIDDLEWARE, "production": production.MIDDLEWARE,
                  "storage": production.STORAGES["staticfiles"]["BACKEND"],
                  "formatter": production.LOGGING["formatters"]["json"]["()"],
                  "request_logger": production.LOGGING["loggers"]["seonggwa"]["level"]}))
"""


def test_production_middleware_order() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEONGGWA_")}
    env["SEONGGWA_SECRET_KEY"] = "x" * 60
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    got = json.loads(done.stdout)
    production, base = got["production"], got["base"]
    assert production[:4] == [
        "seonggwa.web.health.HealthCheckMiddleware",
        "seonggwa.web.request_log.RequestLogMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert len(production) == len(set(production))
    assert set(base) <= set(production)
    # the rest keeps base's order
    assert production[4:] == [m for m in base if m not in production[:4]]
    assert got["storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert got["formatter"] == "seonggwa.core.jsonlog.JsonFormatter"
    assert got["request_logger"] == "INFO"
