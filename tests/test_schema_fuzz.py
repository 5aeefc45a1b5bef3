"""Schemathesis against the API's own schema, in process: no answer is a 5xx, and every
answer is one the schema documents (status, content type, body).

Bounded: a few examples per operation (``EXAMPLES``), so that the run stays within a
few minutes on two cores; the served-app fuzzing of the hardening issue ran 27,092 cases.
Every operation in the schema is run: none is excluded. Path parameters naming the
partnership or the workspace are pointed at the signed-in owner's, so that the examples
reach the operation's own checks rather than stopping at 404.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from convenor.accounts.services import token_create
from convenor.api import api

EXAMPLES = 3
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

pytestmark = pytest.mark.slow


def served_schema() -> schemathesis.schemas.BaseSchema:
    """The schema ``/api/openapi.json`` serves, called in process through Django's WSGI app."""
    raw = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/"), default=str))
    loaded = schemathesis.openapi.from_dict(raw)
    loaded.app = get_wsgi_application()
    # Examples and bounded fuzzing; the coverage phase's exhaustive boundary cases run to
    # dozens per operation, past this suite's budget (the served-app run does them).
    loaded.config.phases.coverage.enabled = False
    return loaded


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's WSGI handler closes the database connection after each request; the test's
    transaction lives on it (PostgreSQL really closes it), so hold it open as Django's own
    test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def signed_in(alice, workspace, partnership) -> dict:
    _, raw = token_create(user=alice, name="fuzz")
    return {
        "headers": {"Authorization": f"Bearer {raw}"},
        "path": {"partnership_id": partnership.pk, "slug": workspace.slug},
    }


schema = served_schema()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is reported
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_5xx_or_outside_its_schema(case, signed_in):
    for name, value in signed_in["path"].items():
        if case.path_parameters and name in case.path_parameters:
            case.path_parameters[name] = value
    case.call_and_validate(headers=signed_in["headers"], checks=CHECKS)
