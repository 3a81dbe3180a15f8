"""Posting one generated example through the whole stack and judging what happened.

Each test builds the shared county, personas and records once with the usual pytest
fixtures, signs in with `client_as`, and then runs an inner `@given` function: each
generated example runs inside its own savepoint (`clean_slate`), rolled back when it ends,
so it starts from the same database as every other whatever the example before it wrote.
(That is what `hypothesis.extra.django.TestCase` does per example, without giving up the
shared fixtures.) The client stays signed in throughout: it was signed in before the
first example, outside every savepoint. `fuzz_form` is that loop, for a test to hand its
strategy and its checks to.

An example ends one of two ways, and both are checked:

* accepted (a redirect to the next page, or a success message): the row holds exactly
  what was typed, after the form's own normalisation;
* refused (the form again, with its errors, or an error message): no table of the
  project changed at all, history tables included.

A 500 never comes back as a status: the test client re-raises the view's exception.
"""

import datetime
import io
import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.forms import BaseForm
from django.urls import reverse
from hypothesis import event, given
from hypothesis.strategies import SearchStrategy
from PIL import Image

from .strategies import Upload

PROJECT_APPS = ("organizations", "members", "cadres", "funds", "reports")


def _project_tables() -> dict[str, str]:
    """label → "SELECT every row, primary key first" for each table of the project,
    history tables included."""
    quote = connection.ops.quote_name
    return {
        model._meta.label: "SELECT {pk}, * FROM {table} ORDER BY {pk}".format(
            pk=quote(model._meta.pk.column), table=quote(model._meta.db_table)
        )
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
    }


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table of the project (they are small in these tests).

    Plain SQL, because the ORM's query building would be most of the fuzzing time.
    """
    with connection.cursor() as cursor:
        rows = {}
        for label, select in _project_tables().items():
            cursor.execute(select)
            rows[label] = cursor.fetchall()
    return rows


@contextmanager
def clean_slate():
    """One generated example: whatever it writes is rolled back when it ends."""
    with transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


@dataclass
class Tally:
    """How many examples each way, so a test proves it reached both outcomes."""

    accepted: int = 0
    refused: int = 0

    def count(self, outcome: "Outcome") -> None:
        if outcome.accepted:
            self.accepted += 1
        else:
            self.refused += 1

    def assert_both_ways(self, *, at_least: int = 10) -> None:
        assert self.accepted >= at_least, f"only {self.accepted} examples accepted: {self}"
        assert self.refused >= at_least, f"only {self.refused} examples refused: {self}"


@dataclass
class Outcome:
    """What one POST did, with the database as it was just before."""

    response: object
    before: dict[str, list[tuple]]
    accepted: bool
    levels: list[int] = field(default_factory=list)

    def new_rows(self, model) -> list:
        known = {row[0] for row in self.before[model._meta.label]}
        return [row for row in model._base_manager.order_by("pk") if row.pk not in known]

    def new_row(self, model):
        rows = self.new_rows(model)
        assert len(rows) == 1, f"expected one new {model.__name__}, found {rows}"
        return rows[0]

    def assert_nothing_changed(self) -> None:
        after = snapshot()
        changed = [label for label, rows in after.items() if rows != self.before[label]]
        assert not changed, f"a refused form changed {changed}"


def _forms_in(response) -> list[BaseForm]:
    """The forms the page was rendered with (a refused POST shows its form again)."""
    contexts = response.context if isinstance(response.context, list) else [response.context]
    found = []
    for context in contexts:
        if context is None:
            continue
        for layer in context.dicts:
            found += [value for value in layer.values() if isinstance(value, BaseForm)]
    return found


def submit(client, url: str, data: dict, *, tally: Tally | None = None) -> Outcome:
    """POST to a form view: a redirect means accepted, the form again with errors refused.

    When a hostile value was accepted, the next page is opened too: what was stored must
    also show. (Plain values are shown by each app's own view tests; skipping them keeps
    the fuzzing fast.)
    """
    before = snapshot()
    client.cookies.pop("messages", None)
    response = client.post(url, _with_files(data))
    if response.status_code == 302:
        _assert_next_page_shows(client, response, data)
        outcome = Outcome(response, before, accepted=True)
    else:
        assert response.status_code == 200, f"{response.status_code} for {data!r}"
        assert any(form.errors for form in _forms_in(response)), "200 without a form error"
        outcome = Outcome(response, before, accepted=False)
    return _counted(outcome, tally)


def submit_step(client, url: str, data: dict, *, tally: Tally | None = None) -> Outcome:
    """POST to a one-click step that always redirects and says how it went in a message."""
    before = snapshot()
    client.cookies.pop("messages", None)
    response = client.post(url, data)
    assert response.status_code == 302, f"{response.status_code} for {data!r}"
    levels = [message.level for message in get_messages(response.wsgi_request)]
    assert len(levels) == 1, f"expected one message, got {levels}"
    _assert_next_page_shows(client, response, data)
    outcome = Outcome(response, before, accepted=levels == [messages.SUCCESS], levels=levels)
    return _counted(outcome, tally)


def fuzz_form(
    client,
    url: str,
    examples: SearchStrategy[dict],
    stored: Callable[[Outcome, dict], None],
    *,
    post: Callable[..., Outcome] = submit,
) -> None:
    """Post every generated example to `url`, each in its own `clean_slate()`.

    `stored(outcome, data)` checks what an accepted example kept (`post` has already
    checked that a refused one changed nothing), and at the end the form must have gone
    both ways. `post=submit_step` for a one-click step that answers with a message.
    """
    tally = Tally()

    def example(data):
        with clean_slate():
            outcome = post(client, url, data, tally=tally)
            if outcome.accepted:
                stored(outcome, data)

    # Hypothesis keys its example database (and the ci profile its seed) by a digest of the
    # function under @given, which is this same one for every test: add the test's own name,
    # as Hypothesis does for parametrized tests and state machines.
    example._hypothesis_internal_add_digest = f"{stored.__module__}.{stored.__qualname__}".encode()
    # @seed or @reproduce_failure, put on `stored`, apply as they would on the test.
    vars(example).update(vars(stored))
    given(examples)(example)()
    tally.assert_both_ways()


def _with_files(data: dict) -> dict:
    """Fresh file objects for each POST (the client reads them to the end)."""

    def attach(value):
        if isinstance(value, Upload):
            # A bare file object: SimpleUploadedFile would refuse names like "..".
            file = io.BytesIO(value.content)
            file.name = value.name
            return file
        if isinstance(value, list):
            return [attach(item) for item in value]
        return value

    return {name: attach(value) for name, value in data.items()}


def _assert_next_page_shows(client, response, data: dict) -> None:
    assert not response.url.startswith(reverse("login")), "the client was signed out"
    if not getattr(data, "spoiled", True):
        return
    page = client.get(response.url)
    assert page.status_code == 200, f"{response.url} gave {page.status_code} after the POST"


def _counted(outcome: Outcome, tally: Tally | None) -> Outcome:
    event("accepted" if outcome.accepted else "refused")
    if tally is not None:
        tally.count(outcome)
    if not outcome.accepted:
        outcome.assert_nothing_changed()
    return outcome


def assert_stored(instance, **expected) -> None:
    """Each attribute, reloaded from the database, equals what the form should have kept."""
    instance = type(instance)._base_manager.get(pk=instance.pk)
    differences = {
        name: (getattr(instance, name), value)
        for name, value in expected.items()
        if getattr(instance, name) != value
    }
    assert not differences, f"stored ≠ submitted (stored, expected): {differences}"


def assert_spelled(instance, **patterns) -> None:
    """Stored values keep the system's own spelling (e.g. ASCII digits), whatever was typed."""
    instance = type(instance)._base_manager.get(pk=instance.pk)
    for name, pattern in patterns.items():
        value = getattr(instance, name)
        assert re.fullmatch(pattern, value), f"{name} stored as {value!r}"


def assert_file_kept(stored_file, upload: Upload) -> None:
    """A PDF is kept byte for byte; a picture as the same picture, encoded again without
    its metadata."""
    with stored_file.open("rb") as handle:
        stored = handle.read()
    if upload.content_type == "application/pdf":
        assert stored == upload.content
        return
    with Image.open(io.BytesIO(stored)) as kept, Image.open(io.BytesIO(upload.content)) as sent:
        assert (kept.format, kept.size, kept.mode) == (sent.format, sent.size, sent.mode)
        assert not kept.getexif()


def assert_recorded_by(instance, user) -> None:
    """The newest history entry names the person who submitted the form."""
    latest = instance.history.order_by("-history_id").first()
    assert latest is not None and latest.history_user_id == user.pk


# How the system spells what it keeps, for `assert_spelled`: ASCII digits only.
ID_NUMBER = r"[0-9]{17}[0-9X]"
MOBILE = r"(1[3-9][0-9]{9})?"
PHONE = r"(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})?"


# What a form keeps of what was typed: the same normalisation its fields apply.
def sent(value):
    """A field sent twice counts with its last value, as Django's QueryDict.get reads it."""
    return value[-1] if isinstance(value, list) else value


def typed_text(value) -> str:
    """CharField strips with str.strip(), which also takes ideographic spaces and the like."""
    value = sent(value)
    return "" if value is None else value.strip()


def typed_int(value) -> int | None:
    return forms.IntegerField().to_python(sent(value))


def typed_date(value) -> datetime.date | None:
    return forms.DateField().to_python(sent(value))


def typed_decimal(value) -> Decimal | None:
    return forms.DecimalField().to_python(sent(value))


def typed_checkbox(data: dict, name: str) -> bool:
    """A checkbox reads "false" and "False" as unticked, any other value as ticked."""
    value = forms.CheckboxInput().value_from_datadict(data, {}, name)
    return forms.BooleanField(required=False).clean(value)


def typed_lines(value) -> list[str]:
    """A textarea of one item a line: each line stripped, blank lines dropped."""
    return [line.strip() for line in typed_text(value).splitlines() if line.strip()]
