"""One object of every kind a URL takes, in township B and in township A, for the access matrix.

The county and personas are those of tests/county.py, built once per module here.
Everything else goes through the services, as a user's clicks would. Every name in
township A carries "甲" and every name in township B "乙", and nothing else in the
application does, so a page or export shown to one township can be searched for the
other's marker.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cadres.choices import Checkpoint
from cadres.services import (
    commendation_nominate,
    commendation_start_notice,
    objection_record,
    outcome_propose,
    record_create,
    record_review,
)
from funds.services import (
    allocation_from_appropriation,
    allocation_pass_down,
    allocation_request_approve,
    appropriation_create,
    expenditure_record,
    reversal_request,
)
from members.choices import MemberCategory, PostKind, RegistrationRole
from members.services import (
    activist_create,
    care_record,
    discipline_record,
    personal_data_reveal,
    post_assign,
    post_create,
    registration_create,
    roster_add,
)
from organizations.choices import RevealReason, Role
from organizations.choices import Sector as S
from organizations.models import Job, JobState
from organizations.services import temporary_branch_open
from reports.models import ReportingCadence
from reports.services import directive_publish, report_submit

from .county import build_personas, build_tree
from .factories import CadreFactory, MemberFactory, UserFactory, id_number
from .files import PDF, PNG

D = datetime.date
MARKER = {"a": "甲", "b": "乙"}


def _members(w, side: str, organization, secretary) -> None:
    """A member on a post, with a discipline case and care; an activist; and a county-organ
    member reporting there (到属地报到)."""
    mark = MARKER[side]
    member = MemberFactory(organization=organization, name=f"{mark}党员")
    post = post_create(
        user=secretary,
        organization=organization,
        kind=PostKind.ZONE,
        name=f"{mark}责任区",
        place="一组",
        duty="入户排查",
        households_covered=50,
        starts_on=D(2026, 1, 25),
    )
    assignment = post_assign(post=post, member=member, user=secretary, starts_on=D(2026, 1, 25))
    case = discipline_record(
        user=secretary,
        member=member,
        deciding_organization=organization,
        kind="handling",
        reason="retreated",
        facts="擅离岗位",
        decision="criticism",
        decided_on=D(2026, 2, 2),
    )
    care = care_record(
        user=secretary,
        organization=organization,
        member=member,
        difficulty="家中老人无人照料",
        reported_on=D(2026, 2, 1),
    )
    activist = activist_create(
        user=secretary,
        name=f"{mark}积极分子",
        id_number=id_number(birth=D(1998, 1, 1)),
        education="college",
        organization=organization,
        applied_on=D(2024, 1, 1),
        performance="值守卡口",
    )
    organ_member = MemberFactory(
        organization=w.tree.organ_branch,
        name=f"县直党员{side}",
        category=MemberCategory.COUNTY_ORGAN,
    )
    registration = registration_create(
        user=secretary,
        member=organ_member,
        organization=organization,
        role=RegistrationRole.SCREENER,
        starts_on=D(2026, 2, 1),
    )
    # The secretary once saw the member's full numbers: the reveal log has a row each side.
    personal_data_reveal(
        subject=member, user=secretary, fields="身份证号码、手机号码", reason=RevealReason.CONTACT
    )
    vars(w).update(
        {
            f"member_{side}": member,
            f"post_{side}": post,
            f"assignment_{side}": assignment,
            f"case_{side}": case,
            f"care_{side}": care,
            f"activist_{side}": activist,
            f"registration_{side}": registration,
        }
    )


def _observe(subject, user, checkpoint, **extra):
    return record_create(
        user=user,
        subject=subject,
        occurred_on=D(2026, 2, 1),
        place="卡口",
        description="连续值守",
        polarity="outstanding",
        dimensions=["commitment"],
        checkpoint=checkpoint,
        source="site_visit",
        **extra,
    )


def _cadres(w, side: str, township, secretary) -> None:
    """A principal cadre with a reviewed record (with evidence), a township's proposal
    awaiting review, an outcome and a commendation resting on the reviewed record, and a
    commendation in its 公示 with an objection to it."""
    mark = MARKER[side]
    county = w.personas.county_staff
    cadre = CadreFactory(organization=township, name=f"{mark}书记")
    # Written by the township, reviewed by the county: nobody reviews their own (four eyes).
    record = _observe(
        cadre,
        secretary,
        Checkpoint.IN_FRONT,
        evidence_files=[SimpleUploadedFile("现场.png", PNG)],
    )
    record = record_review(record=record, user=county)
    proposed = _observe(cadre, secretary, Checkpoint.AT_POST)
    outcome = outcome_propose(
        user=county, subject=cadre, kind="recommend", reason="表现突出", records=[record]
    )
    commendation = commendation_nominate(
        user=county, nominee=cadre, title="先进个人", citation="靠前指挥", records=[record]
    )
    today = timezone.localdate()
    noticed = commendation_nominate(
        user=county, nominee=cadre, title="优秀干部", citation="靠前指挥", records=[record]
    )
    commendation_start_notice(
        commendation=noticed,
        user=county,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=6),
    )
    objection = objection_record(
        commendation=noticed,
        user=county,
        raised_by=f"{mark}村村民",
        raised_on=today,
        content="反映值守期间曾离岗",
    )
    vars(w).update(
        {
            f"cadre_{side}": cadre,
            f"record_{side}": record,
            f"evidence_{side}": record.evidence.get(),
            f"proposed_record_{side}": proposed,
            f"outcome_{side}": outcome,
            f"commendation_{side}": commendation,
            f"noticed_{side}": noticed,
            f"objection_{side}": objection,
        }
    )


def _second_staff(w):
    """Another county staff member: the second pair of eyes on money above the threshold."""
    if not hasattr(w, "second_staff"):
        w.second_staff = UserFactory(
            username="county2", role=Role.COUNTY_STAFF, organization=w.tree.county
        )
    return w.second_staff


def _funds(w, side: str, township, secretary) -> None:
    """A batch that reaches only this township, its allocation (above the threshold, so
    approved by a second county staff member) and one spending entry; a pass-down and a
    reversal the township secretary asked for, awaiting approval."""
    mark = MARKER[side]
    batch = appropriation_create(
        user=w.personas.county_staff,
        source="higher",
        document_number=f"{mark}专〔2026〕1号",
        issued_on=D(2026, 1, 28),
        amount=Decimal("100000.00"),
        allowed_uses=["condolence", "supplies", "hardship"],
    )
    allocation = allocation_request_approve(
        user=_second_staff(w),
        request=allocation_from_appropriation(
            user=w.personas.county_staff,
            appropriation=batch,
            organization=township,
            amount=Decimal("30000.00"),
            allocated_on=D(2026, 1, 29),
        ),
    )
    entry = expenditure_record(
        user=secretary,
        allocation=allocation,
        amount=Decimal("500.00"),
        spent_on=D(2026, 2, 2),
        use="supplies",
        beneficiaries=f"{mark}口罩",
        beneficiary_count=100,
        payee="药店",
        voucher=SimpleUploadedFile("收据.pdf", PDF),
    )
    allocation_request = allocation_pass_down(
        user=secretary,
        parent=allocation,
        organization={"a": w.tree.village_a, "b": w.tree.community_b}[side],
        amount=Decimal("12000.00"),
        allocated_on=D(2026, 1, 30),
    )
    reversal = reversal_request(user=secretary, entry=entry, reason=f"{mark}录错")
    vars(w).update(
        {
            f"batch_{side}": batch,
            f"allocation_{side}": allocation,
            f"entry_{side}": entry,
            f"allocation_request_{side}": allocation_request,
            f"reversal_request_{side}": reversal,
        }
    )


def _report(w, side: str, township, secretary) -> None:
    """Today's status report with a photo and one need."""
    mark = MARKER[side]
    period = ReportingCadence.current().period_for(timezone.localdate())
    report = report_submit(
        user=secretary,
        organization=township,
        period=period,
        highlights=f"{mark}典型事迹",
        risk="calm",
        needs=[f"{mark}急需口罩"],
        photos=[SimpleUploadedFile("现场.png", PNG)],
    )
    vars(w).update(
        {
            f"report_{side}": report,
            f"photo_{side}": report.photos.get(),
            f"need_{side}": report.needs.get(),
        }
    )


def build_world() -> SimpleNamespace:
    tree = build_tree()
    personas = build_personas(tree)
    w = SimpleNamespace(tree=tree, personas=personas)
    sides = {
        "a": (tree.village_a, tree.township_a, personas.township_a),
        "b": (tree.community_b, tree.township_b, personas.township_b),
    }
    for side, (branch, township, secretary) in sides.items():
        _members(w, side, branch, secretary)
        _cadres(w, side, township, secretary)
        _funds(w, side, township, secretary)
        _report(w, side, township, secretary)
    # What the branch secretary of 甲村 holds of its own: money passed down and spent there.
    w.allocation_village = allocation_pass_down(
        user=personas.township_a,
        parent=w.allocation_a,
        organization=tree.village_a,
        amount=Decimal("5000.00"),
        allocated_on=D(2026, 1, 30),
    )
    w.entry_village = expenditure_record(
        user=personas.branch,
        allocation=w.allocation_village,
        amount=Decimal("200.00"),
        spent_on=D(2026, 2, 3),
        use="condolence",
        beneficiaries="甲村慰问",
        beneficiary_count=2,
        payee="本人",
        voucher=SimpleUploadedFile("收据.pdf", PDF),
    )
    # A batch reaching both townships: each sees it, and only its own part of the tree.
    w.batch_shared = appropriation_create(
        user=personas.county_staff,
        source="county",
        document_number="丰组〔2026〕3号",
        issued_on=D(2026, 1, 28),
        amount=Decimal("50000.00"),
        allowed_uses=["supplies"],
    )
    for township in (tree.township_a, tree.township_b):
        allocation_from_appropriation(
            user=personas.county_staff,
            appropriation=w.batch_shared,
            organization=township,
            amount=Decimal("10000.00"),
            allocated_on=D(2026, 1, 29),
        )
    w.temporary_b = temporary_branch_open(
        secretary_name="临时书记",
        parent=tree.township_b,
        user=personas.township_b,
        name="乙街道卡口临时党支部",
        sector=S.URBAN_COMMUNITY,
        established_on=D(2026, 2, 1),
    )
    w.roster_entry_b = roster_add(
        branch=w.temporary_b, member=w.member_b, user=personas.township_b, starts_on=D(2026, 2, 1)
    )
    w.directive = directive_publish(
        user=personas.county_staff, title="关于做好返岗复工的部署", items=[("返岗排查", "posts")]
    )
    # An export job of township B's secretary, done: its page and download are B's alone.
    w.job_b = Job.objects.create(
        user=personas.township_b,
        kind="export",
        title="导出党员名册",
        path=reverse("members:member_list"),
        state=JobState.DONE,
        done=1,
        total=1,
        result_name="党员名册.xlsx",
    )
    w.job_b.result.save("job-b.xlsx", ContentFile(b"PK"))
    return w
