"""Vocabulary of the organization hierarchy (notice §3), with the rules that follow from it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    COUNTY = "county", _("县委")
    TOWNSHIP = "township", _("乡镇党委")
    STREET = "street", _("街道党工委")
    INDUSTRIAL_PARK = "industrial_park", _("产业集聚区党工委")
    COUNTY_ORGAN = "county_organ", _("县直单位党委（党组）")
    COMMITTEE = "committee", _("党委")
    GENERAL_BRANCH = "general_branch", _("党总支")
    BRANCH = "branch", _("党支部")
    TEMPORARY_BRANCH = "temporary_branch", _("临时党支部")


class Sector(models.TextChoices):
    RURAL = "rural", _("农村")
    URBAN_COMMUNITY = "urban_community", _("城市社区")
    ORGAN = "organ", _("机关")
    INSTITUTION = "institution", _("事业单位")
    STATE_ENTERPRISE = "state_enterprise", _("国有企业")
    PRIVATE_ENTERPRISE = "private_enterprise", _("非公企业")
    SOCIAL_ORGANIZATION = "social_organization", _("社会组织")
    MEDICAL = "medical", _("医疗卫生")
    SCHOOL = "school", _("学校")
    MEDIA = "media", _("新闻媒体")


class Role(models.TextChoices):
    COUNTY_STAFF = "county_staff", _("县委组织部工作人员")
    LEADER = "leader", _("县委领导")
    TOWNSHIP_SECRETARY = "township_secretary", _("乡镇（街道）党（工）委书记")
    BRANCH_SECRETARY = "branch_secretary", _("基层党组织书记")


K = OrganizationKind

# The level-two committees that the county divides its territory into.
TOWNSHIP_KINDS = frozenset({K.TOWNSHIP, K.STREET, K.INDUSTRIAL_PARK})

# Branches sit under committees, never the other way round: a kind may only be placed
# under one of these parent kinds. The county committee is the one root.
ALLOWED_PARENT_KINDS = {
    K.COUNTY: frozenset(),
    K.TOWNSHIP: frozenset({K.COUNTY}),
    K.STREET: frozenset({K.COUNTY}),
    K.INDUSTRIAL_PARK: frozenset({K.COUNTY}),
    K.COUNTY_ORGAN: frozenset({K.COUNTY}),
    K.COMMITTEE: frozenset({K.COUNTY, *TOWNSHIP_KINDS, K.COUNTY_ORGAN, K.COMMITTEE}),
    K.GENERAL_BRANCH: frozenset({K.COUNTY, *TOWNSHIP_KINDS, K.COUNTY_ORGAN, K.COMMITTEE}),
    K.BRANCH: frozenset({K.COUNTY, *TOWNSHIP_KINDS, K.COUNTY_ORGAN, K.COMMITTEE, K.GENERAL_BRANCH}),
    K.TEMPORARY_BRANCH: frozenset({*TOWNSHIP_KINDS, K.COUNTY_ORGAN, K.COMMITTEE, K.GENERAL_BRANCH}),
}

# Kinds that can hold no organization beneath them.
LEAF_KINDS = frozenset(
    kind for kind in K if not any(kind in parents for parents in ALLOWED_PARENT_KINDS.values())
)

# What notice §3 asks of each field of work; shown on every organization's page.
TOWNSHIP_DUTY = _("切实担负起属地防控工作的重要责任，把各项防控措施覆盖到户、落实到人")
_UNIT_DUTY = _("做好本单位疫情防控工作，在维护稳定、保障运行、调配资源、筹措资金等方面发挥作用")
SECTOR_DUTIES = {
    Sector.RURAL: _("担负属地防控责任，把各项防控措施覆盖到户、落实到人"),
    Sector.URBAN_COMMUNITY: _("担负属地防控责任，把各项防控措施覆盖到户、落实到人"),
    Sector.ORGAN: _UNIT_DUTY,
    Sector.INSTITUTION: _UNIT_DUTY,
    Sector.STATE_ENTERPRISE: _UNIT_DUTY,
    Sector.PRIVATE_ENTERPRISE: _UNIT_DUTY,
    Sector.SOCIAL_ORGANIZATION: _UNIT_DUTY,
    Sector.SCHOOL: _UNIT_DUTY,
    Sector.MEDICAL: _("团结带领医务工作者和专业技术人员恪尽职守，全力做好医疗救护、基础预防等工作"),
    Sector.MEDIA: _("加强舆情引导，营造有利于疫情防控的网上氛围"),
}


class RevealReason(models.TextChoices):
    """Why someone saw a person's full ID number or phone (the reveal log's 事由).

    The first five are chosen by the person on the reveal button; the last three are given
    by the pages that reveal by themselves. Records from before reasons were asked have none.
    """

    CONTACT = "contact", _("联系本人")
    CHECK_FILE = "check_file", _("核对档案信息")
    TRANSFER = "transfer", _("办理组织关系或报到")
    SUPPORT = "support", _("发放补助或慰问")
    OTHER = "other", _("其他")
    EDIT = "edit", _("修改党员信息")
    ID_SEARCH = "id_search", _("按身份证号码查找")
    EXPORT = "export", _("导出名册")


# The reasons a person may give on a reveal button; the others are the system's own.
CHOSEN_REVEAL_REASONS = (
    RevealReason.CONTACT,
    RevealReason.CHECK_FILE,
    RevealReason.TRANSFER,
    RevealReason.SUPPORT,
    RevealReason.OTHER,
)
