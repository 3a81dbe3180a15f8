"""Reads for the cadres app, always starting from the user's scope."""

from django.db.models import Count, Q

from organizations.choices import TOWNSHIP_KINDS
from organizations.models import Organization

from .choices import CheckpointSet, Dimension, Polarity
from .models import Cadre, FrontlineRecord


def subject_search(*, user, query: str = "", limit: int = 30) -> list[dict]:
    """Cadres and leadership teams whose name contains `query`, as picker options."""
    # The query comes straight from the address; PostgreSQL refuses a NUL in any string.
    query = query.replace("\x00", "")
    teams = Organization.objects.visible_to(user).filter(kind__in=TOWNSHIP_KINDS)
    cadres = (
        Cadre.objects.visible_to(user)
        .filter(is_active=True)
        .select_related("category", "organization")
    )
    if query:
        teams = teams.filter(name__icontains=query)
        cadres = cadres.filter(name__icontains=query) | cadres.filter(
            organization__name__icontains=query
        )
    options = [
        {"value": f"t{team.pk}", "label": f"{team.name}领导班子", "set": CheckpointSet.TEAM.value}
        for team in teams[:5]
    ]
    options += [
        {
            "value": f"c{cadre.pk}",
            "label": f"{cadre.name} · {cadre.organization.name}{cadre.post_title}",
            "set": cadre.category.checkpoint_set,
        }
        for cadre in cadres.order_by("name")[: limit - len(options)]
    ]
    return options


def subject_from_value(*, user, value: str):
    """The cadre ("c12") or leadership team ("t3") a picker value names, if in scope."""
    number = (value or "")[1:]
    # Only ASCII digits: str.isdigit() also admits "²" and "١", which int() refuses or reads.
    if not (number.isascii() and number.isdigit()):
        return None
    pk = int(number)
    if value[0] == "c":
        return Cadre.objects.visible_to(user).select_related("category").filter(pk=pk).first()
    if value[0] == "t":
        return Organization.objects.visible_to(user).filter(kind__in=TOWNSHIP_KINDS, pk=pk).first()
    return None


def file_summary(records) -> list[dict]:
    """Counts by polarity and dimension for a subject's records: one grouped query."""
    dimension_counts = {
        dimension.value: Count("pk", filter=Q(dimensions__contains=dimension.value))
        for dimension in Dimension
    }
    rows = {
        row["polarity"]: row
        for row in records.order_by()
        .values("polarity")
        .annotate(total=Count("pk"), **dimension_counts)
    }
    return [
        {
            "polarity": polarity.label,
            "total": rows.get(polarity.value, {}).get("total", 0),
            "dimensions": [rows.get(polarity.value, {}).get(d.value, 0) for d in Dimension],
        }
        for polarity in Polarity
    ]


def records_of(subject):
    """A subject's records with what the timeline shows, newest first."""
    records = FrontlineRecord.objects.select_related("recorded_by").annotate(
        evidence_count=Count("evidence")
    )
    if isinstance(subject, Cadre):
        return records.filter(cadre=subject)
    return records.filter(team=subject)
