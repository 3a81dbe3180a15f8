"""Thousands of members from a spreadsheet, with the rules of the register, in batches."""

from collections.abc import Callable, Generator, Sequence

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from organizations.choices import OrganizationKind
from organizations.models import Organization, User

from ..models import (
    Member,
)
from .registry import _member_rules, id_number_not_here
from .rules import _raise_if, _require_writer

IMPORT_CHUNK = 1000
CREATED, UPDATED = "created", "updated"


def _county_organ_test() -> Callable[[Organization], bool]:
    """`is_in_county_organ` for many members: the county organs' paths in one query."""
    organs = set(
        Organization.objects.filter(kind=OrganizationKind.COUNTY_ORGAN).values_list(
            "path", flat=True
        )
    )
    return lambda organization: organization.path[: 2 * Organization.steplen] in organs


def members_import(
    *, user: User, rows: Sequence[dict], dry_run: bool
) -> Generator[tuple[str, int, int], None, list]:
    """Create or update thousands of members with the rules of `member_create`/`member_update`.

    Each row holds the keyword arguments `member_create` takes; an ID number the user already
    sees updates that member. The rules are the same (`_member_rules` and every field check
    of `full_clean`), and a refused row gets all of its errors at once, not the first. What
    those would ask the database row by row (the organization exists, the ID number is
    free, the county organs) is asked once per chunk, so thousands of rows
    take a handful of queries. Nothing is written on a dry run or when any row is refused;
    otherwise every row is written in one transaction, in batches, each with its history row
    naming `user`.

    A generator, so a page can show progress: it yields ("check", rows done, rows) and then
    ("write", rows done, rows), and returns per row CREATED, UPDATED or the ValidationError
    that refused it. Drive it to the end (`yield from`, or a loop); closing it early rolls
    back.
    """
    _require_writer(user)
    outcomes: list = [None] * len(rows)
    members: list[Member] = []
    in_county_organ = _county_organ_test()
    seen = set()
    with transaction.atomic():
        for start in range(0, len(rows), IMPORT_CHUNK):
            chunk = range(start, min(start + IMPORT_CHUNK, len(rows)))
            numbers = {str(rows[i].get("id_number") or "").strip().upper() for i in chunk}
            visible = Member.objects.visible_to(user).filter(id_number__in=numbers).order_by()
            if not dry_run:
                visible = visible.select_for_update(of=("self",))
            existing = {member.id_number: member for member in visible}
            taken = set(
                Member.objects.filter(id_number__in=numbers - existing.keys())
                .order_by()
                .values_list("id_number", flat=True)
            )
            for index in chunk:
                fields = rows[index]
                number = str(fields.get("id_number") or "").strip().upper()
                if number and number in seen:
                    outcomes[index] = ValidationError({"id_number": _("与本文件前面的行重复。")})
                    continue
                seen.add(number)
                member = existing.get(number)
                was_in = None
                if member is None:
                    member = Member(**fields)
                else:
                    was_in = member.organization_id
                    for name, value in fields.items():
                        setattr(member, name, value)
                try:
                    _member_import_check(
                        member,
                        taken=taken,
                        in_county_organ=in_county_organ,
                        placed=member.pk is None or member.organization_id != was_in,
                    )
                except ValidationError as error:
                    outcomes[index] = error
                    continue
                outcomes[index] = CREATED if member.pk is None else UPDATED
                members.append(member)
            yield ("check", chunk.stop, len(rows))
        if dry_run or len(members) < len(rows):
            return outcomes
        fields = sorted({name for row in rows for name in row})
        yield from _members_write(members, user=user, fields=fields)
    return outcomes


def _member_import_check(
    member: Member,
    *,
    taken: set,
    in_county_organ: Callable[[Organization], bool],
    placed: bool = True,
) -> None:
    """What `member_create` checks through `audited_save`, with the lookups done in advance,
    every error at once (the rules and each field), so a row is corrected in one go.

    The organization is an object the caller has looked up (the importer: in the user's
    scope), so its existence is not asked again; a row without one (its cell could not be
    read) is refused and still checked for everything else. The check constraints follow
    from `_member_rules`; the ID numbers in use outside the rows' own members are `taken`,
    by members the user does not see: said as `member_create` says it, without telling
    that the person is a member elsewhere.
    """
    errors = {}
    if member.organization_id is None:
        errors["organization"] = [_("请填写所在党支部。")]
        placeholder = member.organization = Organization(kind=OrganizationKind.BRANCH)
        known_test = in_county_organ

        def in_county_organ(organization):  # nothing to say about an unknown branch
            return organization is placeholder or known_test(organization)

    derived = []
    try:
        _member_rules(member, in_county_organ=in_county_organ, placed=placed)
    except ValidationError as error:
        _merge(errors, error)
        derived = ["gender", "birth_date", "status"]  # not filled in by a refused row
    member.township_id = member.organization.township_id
    try:
        member.full_clean(
            exclude=["organization", "township", *derived],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        _merge(errors, error)
    if member.id_number in taken and "id_number" not in errors:
        errors["id_number"] = [id_number_not_here()]
    _raise_if(errors)


def _merge(errors: dict, error: ValidationError) -> None:
    for name, texts in error.message_dict.items():
        known = errors.setdefault(name, [])
        known += [text for text in texts if text not in known]


def _members_write(
    members: list[Member], *, user: User, fields: list[str]
) -> Generator[tuple[str, int, int], None, None]:
    """Insert the new members and update the known ones, with history rows, in batches."""
    created = [member for member in members if member.pk is None]
    updated = [member for member in members if member.pk is not None]
    done = 0
    for start in range(0, len(created), IMPORT_CHUNK):
        batch = created[start : start + IMPORT_CHUNK]
        bulk_create_with_history(batch, Member, batch_size=IMPORT_CHUNK, default_user=user)
        done += len(batch)
        yield ("write", done, len(members))
    now = timezone.now()
    changed = [*fields, "gender", "birth_date", "status", "township", "updated_at"]
    for start in range(0, len(updated), IMPORT_CHUNK):
        batch = updated[start : start + IMPORT_CHUNK]
        for member in batch:
            member.updated_at = now
        _members_update_rows(batch, changed)
        Member.history.bulk_history_create(
            batch, update=True, default_user=user, batch_size=IMPORT_CHUNK
        )
        done += len(batch)
        yield ("write", done, len(members))


def _members_update_rows(members: list[Member], fields: list[str]) -> None:
    """Save `fields` of many members with one UPDATE … FROM (VALUES …) per batch.

    What `bulk_update_with_history` does, without its CASE WHEN per row and field, which
    took three minutes for 30,000 members; the caller writes the history rows as that does.
    """
    columns = [Member._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    table, pk = quote(Member._meta.db_table), quote(Member._meta.pk.column)

    def value(position, column):  # VALUES columns are column1, column2, … on both databases
        if connection.vendor == "postgresql":
            return f"CAST(v.column{position} AS {column.cast_db_type(connection)})"
        return f"v.column{position}"

    assignments = ", ".join(
        f"{quote(column.column)} = {value(position, column)}"
        for position, column in enumerate(columns, start=2)
    )
    row = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    size = min(IMPORT_CHUNK, connection.ops.bulk_batch_size(["pk", *fields], members))
    with connection.cursor() as cursor:
        for start in range(0, len(members), size):
            batch = members[start : start + size]
            params = []
            for member in batch:
                params.append(member.pk)
                params += [
                    column.get_db_prep_save(getattr(member, column.attname), connection)
                    for column in columns
                ]
            cursor.execute(  # names from the model, every value a parameter
                f"UPDATE {table} SET {assignments} "
                f"FROM (VALUES {', '.join([row] * len(batch))}) AS v "
                f"WHERE {table}.{pk} = v.column1",
                params,
            )
