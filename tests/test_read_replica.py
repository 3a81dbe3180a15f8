"""Beyond one machine (issue #17 §5): a city or a province reads its dashboards and large
exports from a read replica. The router sends only those reads there, and only when a
replica is configured; every write, and every other read, stays on the primary. Here the
"replica" alias is a test mirror of the same database (config/settings/test.py)."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.routers import replica_reads
from organizations.jobs import export_job_create
from organizations.models import Job, Organization
from tests.factories import MemberFactory

REPLICA_TEST = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def _tables(captured) -> str:
    return " ".join(query["sql"] for query in captured.captured_queries)


@REPLICA_TEST
def test_the_dashboard_reads_from_the_replica_when_there_is_one(client_as, tree, settings):
    client = client_as("county_staff")
    settings.READ_REPLICA = True
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        assert client.get(reverse("reports:dashboard")).status_code == 200
    assert "members_post" in _tables(replica) and "funds_allocation" in _tables(replica)
    assert "members_post" not in _tables(primary)
    assert "django_session" in _tables(primary)  # the request's own reads stay

    settings.READ_REPLICA = False
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get(reverse("reports:dashboard")).status_code == 200
    assert replica.captured_queries == []


@REPLICA_TEST
def test_an_export_job_reads_from_the_replica_and_writes_its_job_on_the_primary(
    personas, tree, settings
):
    MemberFactory(organization=tree.village_a, name="复本读者")
    settings.READ_REPLICA = True
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        job = export_job_create(
            user=personas.county_staff,
            title="党员名册",
            path=reverse("members:member_list"),
            query="",
            total=1,
        )
    assert Job.objects.get(pk=job.pk).state == "done"
    assert "members_member" in _tables(replica)
    assert "UPDATE" in _tables(primary) and "UPDATE" not in _tables(replica)


@REPLICA_TEST
def test_writes_and_other_reads_never_go_to_the_replica(tree, settings):
    """A write inside the block, as any other outside it, is the primary's."""
    settings.READ_REPLICA = True
    assert Organization.objects.all().db == "default"
    with replica_reads():
        assert Organization.objects.all().db == "replica"
        created = MemberFactory(organization=tree.village_a, name="写入")
    assert created._state.db == "default"
    settings.READ_REPLICA = False
    with replica_reads():
        assert Organization.objects.all().db == "default"
