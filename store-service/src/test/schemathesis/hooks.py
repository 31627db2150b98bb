"""Schemathesis hooks for the store-service API (loaded through SCHEMATHESIS_HOOKS by run-schemathesis.sh).

OpenAPI states each parameter on its own; two rules of the price and daily operations join parameters, and their
descriptions state them: `from` before `to` (days: not after), and at most MAX_POINTS buckets of the step (without a
step: hours), at most MAX_DAYS days. A schema-valid request that breaks one of them is refused with 400
(`invalid_range`, `range_too_large`), as the document says, so a case generated to be valid is brought within them
here: its range is shortened to one hour (one day) ending where it ended. Cases generated to be invalid are left as
they are. Nothing else is touched: every single-parameter rule is the document's own.

A query is text on the wire: a case generated to be invalid only by a query value that is not text where the document
asks for text (the number 0 for a coin id is sent as `0`, a valid id), by a value that is no array where the document
asks for a comma-separated one but whose text is one (`ids=true` is the one id `true`), or by a value that is left off
the wire (null for an optional parameter) is not invalid as sent, so it is dropped (`filter_case`) rather than
reported.
"""
import datetime as dt
import os
import re

import schemathesis

HOUR = dt.timedelta(hours=1)
STEPS = {"1m": 60, "5m": 300, "1h": 3600}
EARLIEST = dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc)


def _given(query, name):
    value = (query or {}).get(name)
    return value if isinstance(value, str) and value != "" else None


def _instant(text):
    try:
        value = dt.datetime.fromisoformat(text.replace("z", "Z").replace("t", "T"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def _date(text):
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _back(moment, span, earliest):
    """`moment - span`, or `earliest` where Python's calendar (it starts at year 1) cannot count back that far."""
    return moment - span if moment - earliest >= span else earliest


def _buckets(start, end, seconds):
    """As store-service's Step.bucketsBetween: epoch-aligned buckets that [start, end) touches."""
    start_ms = int(start.timestamp() * 1000)
    end_ms = int(end.timestamp() * 1000)
    width = seconds * 1000
    return (end_ms - 1) // width - start_ms // width + 1


def _text(instant):
    return instant.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ").rjust(20, "0")


def _prices(case):
    query = case.query if case.query is not None else {}
    given_from, given_to, step = _given(query, "from"), _given(query, "to"), _given(query, "step")
    end = _instant(given_to) if given_to else dt.datetime.now(dt.timezone.utc)
    start = _instant(given_from) if given_from else (_back(end, dt.timedelta(hours=24), EARLIEST) if end else None)
    if end is None or start is None or (step is not None and step not in STEPS):
        return  # a value the document itself refuses: not this hook's business
    max_points = int(os.environ.get("MAX_POINTS", "1000"))
    seconds = STEPS.get(step, STEPS["1h"])
    if start < end and _buckets(start, end, seconds) <= max_points:
        return
    if end - EARLIEST < HOUR:
        end = EARLIEST + HOUR
        query["to"] = _text(end)
    query["from"] = _text(end - HOUR)
    case.query = query


def _daily(case):
    query = case.query if case.query is not None else {}
    given_from, given_to = _given(query, "from"), _given(query, "to")
    last = _date(given_to) if given_to else dt.datetime.now(dt.timezone.utc).date()
    first = _date(given_from) if given_from else (_back(last, dt.timedelta(days=29), dt.date.min) if last else None)
    if last is None or first is None:
        return
    max_days = int(os.environ.get("MAX_DAYS", "366"))
    if first <= last and (last - first).days + 1 <= max_days:
        return
    query["from"] = last.isoformat().rjust(10, "0")
    case.query = query


def _wire(value):
    """The text a scalar query value is sent as (None: not a scalar, its wire form is not this hook's to guess)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    return None


def _valid_array_text(text, schema):
    """Whether a comma-separated value (form style, not exploded) is a valid array of the schema."""
    items = text.split(",")
    item_schema = schema.get("items", {})
    pattern = item_schema.get("pattern")
    return len(items) <= schema.get("maxItems", len(items)) and all(
        pattern is None or re.search(pattern, item) is not None for item in items)


def _text_as_sent(value, schema):
    """False when the wire form of `value` is not the value the case was generated with."""
    if value is None:
        return False
    if schema.get("type") == "array":
        # Not exploded: whatever the value, the query carries one comma-separated text, read as the array's items.
        # A value generated to be no array at all (`true`, `"a,b"`) is sent as a valid array when that text is one.
        items = value if isinstance(value, list) else [value]
        texts = [_wire(item) for item in items]
        if any(text is None for text in texts):
            return False
        if not isinstance(value, list) or not all(isinstance(item, str) for item in items):
            joined = ",".join(texts)
            return joined != "" and not _valid_array_text(joined, schema)
        return True
    if schema.get("type") == "string":
        return isinstance(value, str)
    return True


@schemathesis.hook
def filter_case(context, case):
    meta = case.meta
    if meta is None or meta.generation.mode.is_positive or not case.query:
        return True
    schemas = {parameter.name: parameter.definition.get("schema", {}) for parameter in case.operation.query}
    return all(_text_as_sent(value, schemas.get(name, {})) for name, value in case.query.items())


@schemathesis.hook
def map_case(context, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return case
    if case.operation.path == "/api/coins/{id}/prices":
        _prices(case)
    elif case.operation.path == "/api/coins/{id}/daily":
        _daily(case)
    return case
