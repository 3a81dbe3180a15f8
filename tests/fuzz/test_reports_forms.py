"""Fuzzing the reports forms: the status report, answering and reopening needs, directives,
the cadence."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import strategies as st

from reports.choices import CadenceKind, Evidence, Risk
from reports.models import (
    Directive,
    DirectiveItem,
    Need,
    ReportingCadence,
    ReportPhoto,
    StatusReport,
)
from reports.services import need_answer, report_submit

from . import strategies as fz
from .harness import (
    assert_file_kept,
    assert_recorded_by,
    assert_stored,
    fuzz_form,
    sent,
    submit_step,
    typed_checkbox,
    typed_date,
    typed_int,
    typed_lines,
    typed_text,
)

D = datetime.date


def lines(max_line: int, max_total: int) -> fz.Field:
    """A textarea of one item a line, as the county and the townships type them."""
    line = fz.plain_text(max_line)
    valid = st.lists(line, min_size=1, max_size=4).map("\n".join)
    hostile = st.one_of(
        fz.hostile_text(max_total),
        st.lists(st.one_of(line, fz.hostile_strings(max_line)), min_size=1, max_size=4).map(
            "\r\n".join
        ),
        fz.repeated("\n", 10),
    )
    return fz.Field(valid, hostile)


def test_report_form_files_exactly_what_the_township_typed(client_as, tree, personas, settings):
    """Highlights, new needs (one a line), the risk and photos: all the secretary types."""
    settings.UPLOAD_MAX_BYTES = fz.UPLOAD_LIMIT
    client = client_as("township_a")
    url = reverse("reports:report_file")
    period = ReportingCadence.current().period_for(fz.TODAY)
    needs = lines(500, 3000)
    examples = fz.form_data(
        {
            "highlights": fz.text(2000, required=False),
            "needs": fz.Field(st.one_of(needs.valid, st.just("")), needs.hostile),
            "risk": fz.choice(Risk.values),
            "photos": fz.uploads(2, kinds=("png", "jpg")),
        }
    )

    def stored(outcome, data):
        report = outcome.new_row(StatusReport)
        assert_stored(
            report,
            organization_id=tree.township_a.pk,
            period_start=period.start,
            period_end=period.end,
            highlights=typed_text(data.get("highlights")),
            risk=sent(data["risk"]),
            submitted_by_id=personas.township_a.pk,
        )
        raised = outcome.new_rows(Need)
        assert [need.text for need in raised] == typed_lines(data.get("needs"))
        assert all(need.raised_on == fz.TODAY for need in raised)
        photos = fz.files_sent(data.get("photos"))
        kept = outcome.new_rows(ReportPhoto)
        assert len(kept) == len(photos)
        for photo, upload in zip(kept, photos, strict=True):
            assert_file_kept(photo.file, upload)
            assert photo.content_type == upload.content_type
        assert_recorded_by(report, personas.township_a)

    fuzz_form(client, url, examples, stored)


@pytest.fixture
def need(tree, personas):
    report = report_submit(
        user=personas.township_a,
        organization=tree.township_a,
        period=ReportingCadence.current().period_for(D(2026, 2, 3)),
        risk=Risk.WATCH,
        needs=["缺少 N95 口罩 2000 只"],
    )
    return report.needs.get()


def test_need_answer_form_keeps_exactly_the_answer_typed(client_as, personas, need):
    """The county says who handles a need and what was done, and may close it."""
    client = client_as("county_staff")
    url = reverse("reports:need_answer", args=[need.pk])
    examples = fz.form_data(
        {"handler": fz.text(100), "answer": fz.text(2000), "close": fz.boolean()}
    )

    def stored(outcome, data):
        assert_stored(
            need,
            handler=typed_text(data["handler"]),
            answer=typed_text(data["answer"]),
            answered_by_id=personas.county_staff.pk,
        )
        closed = Need.objects.get(pk=need.pk).closed_at is not None
        assert closed == typed_checkbox(data, "close")
        assert_recorded_by(need, personas.county_staff)

    fuzz_form(client, url, examples, stored)


def test_need_reopen_form_keeps_exactly_the_reason_typed(client_as, personas, need):
    """A closed need is reopened with a reason, which joins the answer; it opens again."""
    need_answer(
        need=need, user=personas.county_staff, handler="县卫健委", answer="已调拨", close=True
    )
    client = client_as("county_staff")
    url = reverse("reports:need_reopen", args=[need.pk])
    examples = fz.form_data({"reason": fz.text(500)})

    def stored(outcome, data):
        reopened = Need.objects.get(pk=need.pk)
        assert reopened.closed_at is None
        assert reopened.answer.startswith("已调拨\n")
        assert reopened.answer.endswith(typed_text(data["reason"]))
        assert_recorded_by(reopened, personas.county_staff)

    fuzz_form(client, url, examples, stored, post=submit_step)


def test_directive_form_publishes_exactly_the_items_typed(client_as, personas):
    """Each line becomes a numbered item, in order, each tied to the records chosen."""
    client = client_as("county_staff")
    url = reverse("reports:directive_create")
    examples = fz.form_data(
        {
            "title": fz.text(200),
            "items": lines(300, 10_000),
            "evidence": fz.choice(Evidence.values, required=False),
        }
    )

    def stored(outcome, data):
        directive = outcome.new_row(Directive)
        assert_stored(
            directive,
            title=typed_text(data["title"]),
            issued_on=fz.TODAY,
            issued_by_id=personas.county_staff.pk,
        )
        evidence = sent(data.get("evidence", ""))
        items = outcome.new_rows(DirectiveItem)
        assert [(i.number, i.text, i.evidence) for i in items] == [
            (number, text, evidence)
            for number, text in enumerate(typed_lines(data["items"]), start=1)
        ]
        assert_recorded_by(directive, personas.county_staff)

    fuzz_form(client, url, examples, stored)


def test_cadence_form_keeps_exactly_the_cadence_chosen(client_as, personas):
    """The newest cadence rules; the completeness page must still open with it."""
    client = client_as("county_staff")
    url = reverse("reports:cadence")
    examples = fz.form_data(
        {
            "kind": fz.choice(CadenceKind.values),
            "every_days": fz.integer(1, 31),
            "anchor": fz.date(D(2025, 1, 1), D(2026, 12, 31)),
            "grace_hours": fz.integer(0, 72),
            "include_branches": fz.boolean(),
        }
    )

    def stored(outcome, data):
        cadence = outcome.new_row(ReportingCadence)
        assert_stored(
            cadence,
            kind=sent(data["kind"]),
            every_days=typed_int(data["every_days"]),
            anchor=typed_date(data["anchor"]),
            grace_hours=typed_int(data["grace_hours"]),
            include_branches=typed_checkbox(data, "include_branches"),
            created_by_id=personas.county_staff.pk,
        )
        assert ReportingCadence.current().pk == cadence.pk
        assert_recorded_by(cadence, personas.county_staff)

    fuzz_form(client, url, examples, stored)
