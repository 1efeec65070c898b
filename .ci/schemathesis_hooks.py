"""Schemathesis hooks of the CI run (loaded by .ci/schemathesis via SCHEMATHESIS_HOOKS)."""

import uuid

import schemathesis


@schemathesis.hook
def before_call(context, case, kwargs) -> None:
    """Give every generated ``Idempotency-Key`` a fresh, unique value.

    Hypothesis draws the same few short keys over and over; the API would answer most
    POSTs 422 (a key reused with another body) and their endpoints would hardly be
    fuzzed. A fresh key per call still sends every such POST through the idempotency
    middleware (claim, run, store); replays are covered by tests/common.
    """
    for name in list(case.headers or {}):
        if name.lower() == "idempotency-key":
            case.headers[name] = str(uuid.uuid4())
