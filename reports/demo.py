"""Demo reporting for 丰源县: weekly reports over eight weeks, with gaps, late reports,
open and answered needs, and the notice acknowledged by most townships.

Reports go through the service (so their figures are read from the demo records); only
the filing time is then set back to when the week's report would have come in.
"""

import datetime

from django.utils import timezone

from .choices import Risk
from .models import StatusReport
from .services import (
    cadence_update,
    directive_acknowledge,
    need_answer,
    notice_directive_ensure,
    report_submit,
)

WEEKS = 8
HIGHLIGHTS = [
    "党员责任区包片到户，返乡人员全部登记",
    "临时党支部连续值守卡口，未发生聚集",
    "县直机关报到党员协助完成入户排查",
    "",
]
NEEDS = ["缺少口罩和消毒液", "测温枪不足", "隔离户生活物资配送人手不够", "夜间值守帐篷需要加固"]


def build(county) -> None:
    rng = county.rng
    staff = county.users["county"]
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday() + 7 * WEEKS)
    cadence = cadence_update(
        user=staff,
        kind="weekly",
        every_days=7,
        anchor=monday,
        grace_hours=12,
        include_branches=False,
    )
    secretaries = {
        u.organization_id: u for u in county.users.values() if u.role == "township_secretary"
    }
    period = cadence.period_for(monday)
    while period.end < today:
        for township in county.townships:
            roll = rng.random()
            if roll < 0.1:
                continue  # a gap: no report this week
            user = secretaries[township.pk]
            report = report_submit(
                user=user,
                organization=township,
                period=period,
                highlights=rng.choice(HIGHLIGHTS),
                risk=rng.choices(list(Risk), weights=[70, 25, 5])[0],
                needs=rng.sample(NEEDS, k=1) if rng.random() < 0.3 else [],
            )
            late = roll > 0.85
            filed = period.deadline + datetime.timedelta(
                hours=rng.randint(1, 30) if late else -rng.randint(1, 30)
            )
            StatusReport.objects.filter(pk=report.pk).update(submitted_at=filed)
            for need in report.needs.all():
                if period.end < today - datetime.timedelta(days=7) and rng.random() < 0.7:
                    need_answer(
                        need=need,
                        user=staff,
                        handler="县卫健委",
                        answer="已协调调拨物资，送达乡镇",
                        close=True,
                    )
        period = cadence.period_for(period.end + datetime.timedelta(days=1))
    directive = notice_directive_ensure()
    for township in county.townships:
        if rng.random() < 0.8:
            directive_acknowledge(
                directive=directive, organization=township, user=secretaries[township.pk]
            )
