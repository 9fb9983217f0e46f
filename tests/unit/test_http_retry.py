"""The retry loop: which failures are resent, backoff, Retry-After, body rewinding, secrets kept out of logs."""

import io
import logging
import random

import pytest

from swiftfiles.exceptions import BodyNotRewindable, ConnectionFailed, TransportError
from swiftfiles.http import CannedResponse, FunctionTransport, HTTPClient, Request, RequestBody, RetryPolicy
from swiftfiles.http.retry import parse_retry_after


def client_with(responses, sleeps=None, policy=None):
    seen = []

    def handler(request):
        body = request.body.value
        data = body.read() if hasattr(body, "read") else body
        if data is not None and not isinstance(data, bytes):
            data = b"".join(data)
        seen.append((request.method, data))
        item = responses.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    sleeps = [] if sleeps is None else sleeps
    http = HTTPClient(FunctionTransport(handler), policy or RetryPolicy(total=3), sleep=sleeps.append)
    return http, seen, sleeps


def test_retries_5xx_then_succeeds_resending_the_same_bytes() -> None:
    http, seen, sleeps = client_with([CannedResponse(503), CannedResponse(500), CannedResponse(201)])
    body = io.BytesIO(b"payload")
    response = http.send(Request("PUT", "http://h/v1/a/c/o", {}, RequestBody(body)))
    assert response.status == 201
    assert [s[1] for s in seen] == [b"payload"] * 3
    assert len(sleeps) == 2


@pytest.mark.parametrize("status", [408, 429, 498, 502, 504])
def test_retryable_statuses(status: int) -> None:
    http, seen, _ = client_with([CannedResponse(status), CannedResponse(200)])
    assert http.send(Request("GET", "http://h/x")).status == 200
    assert len(seen) == 2


@pytest.mark.parametrize("status", [400, 401, 404, 409, 412, 422])
def test_client_errors_are_not_retried(status: int) -> None:
    http, seen, _ = client_with([CannedResponse(status), CannedResponse(200)])
    assert http.send(Request("GET", "http://h/x")).status == status
    assert len(seen) == 1


def test_connection_errors_are_retried_and_finally_raised() -> None:
    errors = [ConnectionFailed("reset")] * 4
    http, seen, sleeps = client_with(errors)
    with pytest.raises(ConnectionFailed):
        http.send(Request("GET", "http://h/x"))
    assert len(seen) == 4 and len(sleeps) == 3


def test_gives_up_with_last_status_when_exhausted() -> None:
    http, seen, _ = client_with([CannedResponse(503)] * 4)
    assert http.send(Request("GET", "http://h/x")).status == 503
    assert len(seen) == 4


def test_retry_after_is_honoured_and_capped() -> None:
    policy = RetryPolicy(total=2, retry_after_max=30)
    http, _, sleeps = client_with(
        [
            CannedResponse(429, {"Retry-After": "7"}),
            CannedResponse(503, {"Retry-After": "9999"}),
            CannedResponse(200),
        ],
        policy=policy,
    )
    http.send(Request("GET", "http://h/x"))
    assert sleeps == [7.0, 30]


def test_one_shot_body_is_not_resent() -> None:
    http, seen, _ = client_with([CannedResponse(503), CannedResponse(201)])
    body = RequestBody(iter([b"a", b"b"]))
    with pytest.raises(BodyNotRewindable, match="HTTP 503"):
        http.send(Request("PUT", "http://h/x", {}, body))
    assert len(seen) == 1


def test_backoff_is_exponential_with_jitter_and_capped() -> None:
    policy = RetryPolicy(total=10, backoff_factor=1, backoff_max=5)
    rng = random.Random(1)
    ceilings = []
    for _ in range(6):
        policy = policy.increment(503)
        ceilings.append(min(5, 2 ** (len(policy.history) - 1)))
        assert 0 <= policy.backoff(rng=rng) <= ceilings[-1]
    assert ceilings == [1, 2, 4, 5, 5, 5]


def test_policy_is_immutable() -> None:
    base = RetryPolicy(total=2)
    nxt = base.increment(500)
    assert base.history == () and len(nxt.history) == 1 and nxt.attempts_left == 1


def test_parse_retry_after() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470) == 10.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_debug_log_redacts_signatures(caplog) -> None:
    http, _, _ = client_with([CannedResponse(200)])
    with caplog.at_level(logging.DEBUG, logger="swiftfiles.http"):
        http.send(
            Request(
                "GET",
                "http://h/v1/a/c/o?temp_url_sig=abcdef&temp_url_expires=1",
                {"X-Auth-Token": "tok-secret"},
            )
        )
    assert "abcdef" not in caplog.text and "tok-secret" not in caplog.text
    assert "temp_url_sig=<redacted>" in caplog.text


# -- which earlier attempts leave the outcome unknown (a resent DELETE answered 404 then succeeded) ---------------


@pytest.mark.parametrize(
    ("first", "unknown"),
    [
        (ConnectionFailed("response lost"), True),  # no sign the request never left: it may have been carried out
        (CannedResponse(504), True),  # a gateway lost the server's answer
        (CannedResponse(502), True),
        (CannedResponse(503), False),  # the server answered: it did not do it
        (CannedResponse(429), False),
    ],
    ids=["transport-error", "504", "502", "503", "429"],
)
def test_response_tells_whether_an_earlier_attempt_may_have_been_carried_out(first, unknown) -> None:
    http, seen, _ = client_with([first, CannedResponse(404)])
    response = http.send(Request("DELETE", "http://h/v1/a/c/o"))
    assert response.status == 404 and len(seen) == 2
    assert response.outcome_unknown_before is unknown
    assert len(response.attempts) == 1


def test_first_answer_has_no_earlier_attempts() -> None:
    http, _, _ = client_with([CannedResponse(404)])
    response = http.send(Request("DELETE", "http://h/v1/a/c/o"))
    assert response.attempts == () and not response.outcome_unknown_before


def test_a_refused_connection_never_reached_the_server() -> None:
    """A connection that could not be made cannot have carried a request: its outcome is known."""
    import socket

    from swiftfiles.http import Urllib3Transport
    from swiftfiles.http.transport import request_may_have_arrived

    with socket.socket() as probe:  # a port nobody listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    transport = Urllib3Transport()
    try:
        # ConnectionFailed once issue 10 item 13 lands (urllib3 2 makes NewConnectionError a ConnectTimeoutError)
        with pytest.raises(TransportError) as info:
            transport.send(Request("DELETE", f"http://127.0.0.1:{port}/v1/a/c/o"))
    finally:
        transport.close()
    assert request_may_have_arrived(info.value) is False
    assert request_may_have_arrived(ConnectionFailed("reset after sending")) is True
