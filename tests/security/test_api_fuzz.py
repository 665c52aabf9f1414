"""Every GET operation of the OpenAPI document, fuzzed in-process with schemathesis.

The checks: no 5xx, only documented status codes and content types, bodies that match the
documented schema. Examples are bounded and derandomized, so CI runs the same cases each time.
Schemathesis drives the Django WSGI handler directly; the demo content is loaded once per test
and every operation gets its own bounded Hypothesis run inside that test.
"""

from collections import defaultdict

import pytest
import schemathesis
from django.contrib.auth.models import Permission
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from wagtail.models import APIToken
from werkzeug.test import Client

OPENAPI = "/api/v3/openapi.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    # The demo is created once per test function and only read by the cases.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
REGISTER = "/api/v3/register/"
PROBLEM_JSON = "application/problem+json"


@pytest.fixture
def wsgi_app(db):
    """Django's WSGI handler inside the test transaction.

    The handler closes "old" connections around each request, which would end the test's
    transaction (and lose the demo); Django's own test client switches that off the same way.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(demo, wsgi_app):
    return schemathesis.openapi.from_wsgi(OPENAPI, wsgi_app)


@pytest.fixture
def read_token(db, django_user_model):
    """A token as the docs describe for register consumers: view members and applications."""
    user = django_user_model.objects.create_user(username="register-leser", password="x")
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_member", "view_membershipapplication"])
    )
    return APIToken.create_token(user=user, name="Registerabgleich")[1]


def get_operations(schema, predicate=lambda operation: True):
    operations = [result.ok() for result in schema.include(method="GET").get_all_operations()]
    return [operation for operation in operations if predicate(operation)]


def in_register(operation):
    return operation.path.startswith(REGISTER)


def known_ids(client, operation, headers):
    # `client` is a werkzeug client on the same handler: Django's test client would reconnect
    # the connection-closing signal handlers after its first request.
    """Ids from the matching list, so detail operations also answer 200 with real content."""
    parameters = [p.name for p in operation.path_parameters]
    if len(parameters) != 1 or not operation.path.endswith(f"{{{parameters[0]}}}/"):
        return None, []
    listing = client.get(operation.path.rsplit("{", 1)[0], headers=headers)
    if listing.status_code != 200:
        return None, []
    return parameters[0], [item["id"] for item in listing.get_json().get("items", [])][:20]


def fuzz(operation, client, headers, seen):
    """Run one operation's bounded examples; return the failure report, or None."""
    name, ids = known_ids(client, operation, headers)
    failures = []
    for mode in MODES:
        strategy = operation.as_strategy(mode, headers=headers)
        if ids:
            strategy = st.one_of(
                strategy,
                st.sampled_from(ids).flatmap(
                    lambda pk, mode=mode: operation.as_strategy(
                        mode, headers=headers, path_parameters={name: pk}
                    )
                ),
            )

        @EXAMPLES
        @given(case=strategy)
        def run(case):
            response = case.call_and_validate(checks=CHECKS)
            seen[operation.path].add(response.status_code)

        try:
            run()
        except Unsatisfiable:
            # Nothing in the request can be made invalid (no parameters, or all of them free
            # strings): there is no negative case to send.
            assert mode == GenerationMode.NEGATIVE, f"{operation.label}: no valid request"
        except (Exception, BaseExceptionGroup) as failure:
            failures.append(f"{operation.label} ({mode.value}):\n{failure}")
    return failures


def fuzz_all(operations, client, headers=None):
    seen, failures = defaultdict(set), []
    for operation in operations:
        failures += fuzz(operation, client, headers, seen)
    assert not failures, "\n\n".join(failures)
    return seen


@pytest.fixture
def wsgi_client(wsgi_app):
    return Client(wsgi_app)


def test_every_get_operation_anonymously(api_schema, wsgi_client):
    operations = get_operations(api_schema)
    assert len(operations) >= 30, "the document lost operations"
    seen = fuzz_all(operations, wsgi_client)
    for path in ["/api/v3/partners/", "/api/v3/bodies/", "/api/v3/sessions/", "/api/v3/news/"]:
        assert 200 in seen[path], f"{path} never answered with content"
    for path, statuses in seen.items():
        if path.startswith(REGISTER):
            # refused either way: unusable queries (integers beyond 64 bits) before the token
            assert statuses <= {400, 401}, f"{path} answered {statuses} without a token"


def test_register_operations_with_a_read_token(api_schema, wsgi_client, read_token):
    operations = get_operations(api_schema, in_register)
    assert len(operations) >= 4
    seen = fuzz_all(operations, wsgi_client, {"Authorization": f"Bearer {read_token}"})
    for path in ["/api/v3/register/members/", "/api/v3/register/contacts/"]:
        assert 200 in seen[path], f"{path} never answered the read token"
    assert 200 in seen["/api/v3/register/members/{member_id}/"], "no member detail was fuzzed"


# Regressions for what the fuzzing found.


def test_search_combined_with_a_topic_filter_answers(client, demo):
    """Used to be a 500: the search backend cannot filter on the related topic slug."""
    from network.models import Topic

    for topic in Topic.objects.all():
        for path in ["/api/v3/events/", "/api/v3/partners/", "/api/v3/bodies/"]:
            response = client.get(path, {"search": "Demokratie", "topic": topic.slug})
            assert response.status_code == 200, (path, topic.slug)
            in_topic = {
                item["id"] for item in client.get(path, {"topic": topic.slug}).json()["items"]
            }
            assert {item["id"] for item in response.json()["items"]} <= in_topic


def test_a_refused_parameter_combination_on_a_read_is_a_400_problem(client, demo):
    """Wagtail refuses random order with an offset; a read answers 400 like any bad query."""
    response = client.get("/api/v3/pages/", {"order": "random", "offset": 1})
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_JSON
    assert response.json()["detail"] == "Ungültige Parameter in der Anfrage."
    assert "random" in response.json()["errors"][0]["msg"]


def test_the_document_names_the_problem_answers(client, db):
    document = client.get(OPENAPI).json()
    members = document["paths"]["/api/v3/register/members/"]["get"]["responses"]
    assert {"200", "400", "401", "403", "404"} <= set(members)
    assert PROBLEM_JSON in members["401"]["content"]
    partners = document["paths"]["/api/v3/partners/"]["get"]["responses"]
    assert "403" not in partners, "public lists need no token"
    assert "ungültig" in partners["401"]["description"], "only a wrong token is refused"
    assert "ProblemDetail" in document["components"]["schemas"]
    # Wagtail's snippet endpoints take no type when no snippet exposes API fields: not offered.
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                assert parameter["schema"].get("const") != "", "an uncallable operation"
