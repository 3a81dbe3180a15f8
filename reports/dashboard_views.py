"""The county dashboard and, with the same definition, each township's."""

import datetime
from types import SimpleNamespace

from django.conf import settings
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from config.routers import replica_reads
from funds.choices import USE_SHORT_LABELS
from organizations.choices import TOWNSHIP_KINDS, Role
from organizations.models import Organization
from organizations.policy import Action, PolicyRequiredMixin
from organizations.viewmixins import object_from_query_or_404

from . import dashboard

RANGES = {
    "today": gettext_lazy("今天"),
    "week": gettext_lazy("本周"),
    "month": gettext_lazy("本月"),
    "custom": gettext_lazy("自定义"),
}


def period_from(params) -> tuple[str, datetime.date, datetime.date]:
    today = timezone.localdate()
    chosen = params.get("range", "week")
    if chosen == "today":
        return chosen, today, today
    if chosen == "month":
        return chosen, today.replace(day=1), today
    if chosen == "custom":
        try:
            start = datetime.date.fromisoformat(params.get("start", ""))
            end = datetime.date.fromisoformat(params.get("end", ""))
        except ValueError:
            start = end = None
        if start and end and start <= end:
            return chosen, start, end
    return "week", today - datetime.timedelta(days=today.weekday()), today


def township_scope(township: Organization):
    """Look at the county through one township secretary's eyes (same scope rules)."""
    return SimpleNamespace(
        is_authenticated=True,
        is_active=True,
        is_superuser=False,
        sees_whole_county=False,
        role=Role.TOWNSHIP_SECRETARY,
        organization=township,
        organization_id=township.pk,
    )


def short_name(organization: Organization) -> str:
    """ "中共甲镇委员会" → "甲镇", "中共乙街道工作委员会" → "乙街道"; a branch keeps its name."""
    return (
        organization.name.removeprefix("中共").removesuffix("委员会").removesuffix("工作")
        or organization.name
    )


def heading(user, township: Organization | None) -> str:
    """The dashboard's title names the scope it shows: the county, or one organization."""
    if township is not None:
        scope = township
    elif user.sees_whole_county or user.organization is None:
        return _("全县态势")
    else:
        scope = user.organization
    return _("%(name)s态势") % {"name": short_name(scope)}


def _chart(kind, categories=None, series=None, data=None, stack=False):
    return {
        "type": kind,
        "categories": categories or [],
        "series": series or [],
        "data": data or [],
        "stack": stack,
    }


class DashboardView(PolicyRequiredMixin, TemplateView):
    action = Action.DASHBOARD_READ

    def get_template_names(self):
        if self.request.GET.get("print"):
            return ["reports/dashboard_print.html"]
        return ["reports/dashboard.html"]

    def get_context_data(self, **kwargs):
        user = self.request.user
        scope, township = user, None
        if self.request.GET.get("township"):
            townships = Organization.objects.visible_to(user).filter(kind__in=TOWNSHIP_KINDS)
            township = object_from_query_or_404(townships, self.request.GET["township"])
            scope = township_scope(township)
        chosen, start, end = period_from(self.request.GET)
        with replica_reads():  # a moment behind is fine here (config/routers.py)
            board = dashboard.build(user=scope, start=start, end=end)
        rows = self._rows(board)
        paging = {}
        if not self.request.GET.get("print"):  # a printed dashboard lists every township
            paginator = Paginator(rows, settings.DASHBOARD_TOWNSHIP_ROWS)
            page = paginator.get_page(self.request.GET.get("page"))
            rows = page.object_list
            paging = {
                "paginator": paginator,
                "page_obj": page,
                "is_paginated": page.has_other_pages(),
            }
        period = board.panels["reporting"]["current"].period
        return super().get_context_data(
            board=board,
            reporting_period=period,
            reporting_url=f"{reverse('reports:completeness')}?period={period.start.isoformat()}",
            heading=heading(user, township),
            township=township,
            chosen=chosen,
            ranges=RANGES,
            charts=self._charts(board),
            rows=rows,
            **paging,
            **kwargs,
        )

    def _rows(self, board):
        panels = board.panels
        reporting = panels["reporting"]["current"].statuses
        rows = []
        for township in board.townships:
            pk = township.pk
            rows.append(
                {
                    "township": township,
                    "report": reporting.get(pk),
                    "posts": panels["posts"]["per_township"].get(pk, {}),
                    "registrations": panels["registrations"]["per_township"].get(pk, 0),
                    "records": panels["records"]["per_township"].get(pk, {}),
                    "money": panels["money"]["per_township"].get(pk, {}),
                    "needs": panels["needs"]["per_township"].get(pk, {}),
                    "organizations": panels["organizations"]["per_township"].get(pk, {}),
                }
            )
        return rows

    def _charts(self, board):
        panels = board.panels
        posts_url = reverse("members:post_list")
        posts = panels["posts"]["by_kind"]
        records = panels["records"]
        polarity_labels = dict(records["polarities"])
        categories = list(records["by_category"])
        money = panels["money"]["per_township"]
        names = [short_name(t) for t in board.townships]
        return {
            "posts": _chart(
                "bar",
                [label for _, label, _, _ in posts],
                [
                    {
                        "name": _("岗区数"),
                        "data": [
                            {"value": n, "link": f"{posts_url}?kind={kind}"}
                            for kind, _, n, _ in posts
                        ],
                    },
                    {"name": _("在岗党员"), "data": [m for _, _, _, m in posts]},
                ],
            ),
            "registrations": _chart(
                "pie",
                data=[
                    {
                        "name": label,
                        "value": n,
                        "link": f"{reverse('members:registration_list')}?role={role}",
                    }
                    for role, label, n in panels["registrations"]["by_role"]
                ],
            ),
            "activists": _chart(
                "bar",
                [label for _, label, _ in panels["activists"]["by_stage"]],
                [
                    {
                        "name": _("人数"),
                        "data": [
                            {
                                "value": n,
                                "link": f"{reverse('members:activist_list')}?stage={stage}",
                            }
                            for stage, _, n in panels["activists"]["by_stage"]
                        ],
                    }
                ],
            ),
            "records": _chart(
                "bar",
                categories,
                [
                    {
                        "name": str(polarity_labels[value]),
                        "data": [records["by_category"][name].get(value, 0) for name in categories],
                    }
                    for value, _ in records["polarities"]
                ],
                stack=True,
            ),
            "dimensions": _chart(
                "bar",
                [label for _, label, _ in records["by_dimension"]],
                [{"name": _("记录数"), "data": [n for _, _, n in records["by_dimension"]]}],
            ),
            "money": _chart(
                "bar",
                names,
                [
                    {
                        "name": _("已支出"),
                        "data": [
                            float(money.get(t.pk, {}).get("spent", 0)) for t in board.townships
                        ],
                    },
                    {
                        "name": _("余额"),
                        "data": [
                            float(money.get(t.pk, {}).get("balance", 0)) for t in board.townships
                        ],
                    },
                ],
                stack=True,
            ),
            "spending": _chart(
                "pie",
                data=[
                    {"name": str(USE_SHORT_LABELS.get(use, use)), "value": float(total)}
                    for use, total in panels["spending"]["by_use"]
                ],
            ),
        }
