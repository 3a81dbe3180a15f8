"""The demo county: a fictional 丰源县 with realistic names, deterministic for a seed.

Data generators may bulk-create (STYLE §6); history rows are written alongside with
simple-history's `bulk_history_create`, so every demo record has its creation on file.
Temporary branches go through the real service, as a township would set them up.
"""

import datetime
import hashlib
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from . import twofactor
from .choices import OrganizationKind as K
from .choices import Role
from .choices import Sector as S
from .models import Organization, User
from .services import temporary_branch_open

COUNTY_NAME = "丰源县"
COUNTY_CODE = "FY"
TOWNSHIPS_AT_SCALE_1 = 25
STREETS_AT_SCALE_1 = 7
COUNTY_ORGANS_AT_SCALE_1 = 60

PLACE_FIRST = (
    "东西南北前后上下新老大小高杨李王张刘陈赵黄周吴孙马朱胡郭何林罗宋郑梁谢韩唐冯于董萧"
    "程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔"
    "白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
PLACE_SECOND = "庄营寨屯湾岗集店桥河沟坡楼堡园洼铺岭口坊井台湖滩沙庙关寺"
TOWN_SECOND = "河源平安丰宁阳山川泉城桥林水湖台庄集镇店口岗"
COUNTY_ORGANS = [
    ("县委办公室", S.ORGAN),
    ("县人民政府办公室", S.ORGAN),
    ("县纪委监委", S.ORGAN),
    ("县委组织部", S.ORGAN),
    ("县委宣传部", S.ORGAN),
    ("县委统战部", S.ORGAN),
    ("县委政法委", S.ORGAN),
    ("县委党校", S.INSTITUTION),
    ("县发展和改革委员会", S.ORGAN),
    ("县教育局", S.ORGAN),
    ("县科技和工业信息化局", S.ORGAN),
    ("县公安局", S.ORGAN),
    ("县民政局", S.ORGAN),
    ("县司法局", S.ORGAN),
    ("县财政局", S.ORGAN),
    ("县人力资源和社会保障局", S.ORGAN),
    ("县自然资源局", S.ORGAN),
    ("县住房和城乡建设局", S.ORGAN),
    ("县交通运输局", S.ORGAN),
    ("县水利局", S.ORGAN),
    ("县农业农村局", S.ORGAN),
    ("县商务局", S.ORGAN),
    ("县文化广电和旅游局", S.ORGAN),
    ("县卫生健康委员会", S.ORGAN),
    ("县退役军人事务局", S.ORGAN),
    ("县应急管理局", S.ORGAN),
    ("县审计局", S.ORGAN),
    ("县市场监督管理局", S.ORGAN),
    ("县统计局", S.ORGAN),
    ("县医疗保障局", S.ORGAN),
    ("县城市管理局", S.ORGAN),
    ("县信访局", S.ORGAN),
    ("县林业局", S.ORGAN),
    ("县总工会", S.SOCIAL_ORGANIZATION),
    ("团县委", S.SOCIAL_ORGANIZATION),
    ("县妇联", S.SOCIAL_ORGANIZATION),
    ("县工商业联合会", S.SOCIAL_ORGANIZATION),
    ("县红十字会", S.SOCIAL_ORGANIZATION),
    ("县人民法院", S.ORGAN),
    ("县人民检察院", S.ORGAN),
    ("县融媒体中心", S.MEDIA),
    ("县人民医院", S.MEDICAL),
    ("县中医院", S.MEDICAL),
    ("县妇幼保健院", S.MEDICAL),
    ("县疾病预防控制中心", S.MEDICAL),
    ("县第一高级中学", S.SCHOOL),
    ("县第二高级中学", S.SCHOOL),
    ("县职业教育中心", S.SCHOOL),
    ("县实验小学", S.SCHOOL),
    ("县供销合作社", S.INSTITUTION),
    ("县档案馆", S.INSTITUTION),
    ("县图书馆", S.INSTITUTION),
    ("县气象局", S.INSTITUTION),
    ("县农村商业银行", S.STATE_ENTERPRISE),
    ("县供电公司", S.STATE_ENTERPRISE),
    ("县自来水公司", S.STATE_ENTERPRISE),
    ("县公共交通公司", S.STATE_ENTERPRISE),
    ("县粮食储备库", S.STATE_ENTERPRISE),
    ("县城市投资发展集团", S.STATE_ENTERPRISE),
    ("县邮政分公司", S.STATE_ENTERPRISE),
]
HOSPITAL_BRANCHES = ["内科", "外科", "发热门诊", "急诊科", "检验科", "护理部", "行政后勤"]
ENTERPRISE_WORDS = "鑫华宏盛泰兴源丰达诚信和顺嘉禾恒远新天"
ENTERPRISE_KINDS = ["食品", "机械", "纺织", "建材", "农业科技", "物流", "电子", "医药"]
MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "155",
    "156",
    "158",
    "176",
    "180",
    "186",
    "187",
    "188",
    "189",
]


@dataclass
class Node:
    name: str
    kind: str
    sector: str
    households: int = 0
    children: list["Node"] = field(default_factory=list)
    organization: Organization | None = None


@dataclass
class DemoCounty:
    """What the organizations app made, handed on to the other apps' demo builders."""

    rng: random.Random
    fake: Faker
    scale: float
    county: Organization
    townships: list[Organization]
    users: dict[str, User]
    password: str


class _Names:
    def __init__(self, rng: random.Random, fake: Faker):
        self.rng = rng
        self.fake = fake
        self.used = set()

    def unique(self, make) -> str:
        """A fresh name; when the syllables run out (large scales), a numbered one."""
        for _ in range(50):
            name = make()
            if name not in self.used:
                self.used.add(name)
                return name
        base, number = make(), 2
        while f"{base[:-1]}{number}{base[-1]}" in self.used:
            number += 1
        name = f"{base[:-1]}{number}{base[-1]}"
        self.used.add(name)
        return name

    def place(self, suffix: str) -> str:
        return self.unique(
            lambda: self.rng.choice(PLACE_FIRST) + self.rng.choice(PLACE_SECOND) + suffix
        )

    def town(self, suffix: str) -> str:
        return self.unique(
            lambda: self.rng.choice(PLACE_FIRST) + self.rng.choice(TOWN_SECOND) + suffix
        )

    def enterprise(self) -> str:
        words = "".join(self.rng.sample(ENTERPRISE_WORDS, 2))
        return self.unique(lambda: f"丰源{words}{self.rng.choice(ENTERPRISE_KINDS)}有限公司")

    def person(self) -> tuple[str, str]:
        return self.fake.last_name(), self.fake.first_name()

    def mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"


def _units(rng: random.Random, names: _Names, town: str, urban: bool) -> list[Node]:
    """The organs, clinics, schools and firms every township or street has."""
    units = [
        Node(f"{town}机关党支部", K.BRANCH, S.ORGAN),
        Node(f"{town}{'社区卫生服务中心' if urban else '卫生院'}党支部", K.BRANCH, S.MEDICAL),
    ]
    schools = ["中心小学", "初级中学"][: rng.randint(1, 2)]
    units += [Node(f"{town}{school}党支部", K.BRANCH, S.SCHOOL) for school in schools]
    units += [
        Node(f"{names.enterprise()}党支部", K.BRANCH, S.PRIVATE_ENTERPRISE)
        for _ in range(rng.randint(1, 3))
    ]
    if urban:
        units.append(Node(f"{town}社会组织联合党支部", K.BRANCH, S.SOCIAL_ORGANIZATION))
    return units


def _rural_township(rng: random.Random, names: _Names) -> Node:
    town = names.town(rng.choice(["镇", "镇", "乡"]))
    villages = [
        Node(f"{names.place('村')}党支部", K.BRANCH, S.RURAL, rng.randint(150, 900))
        for _ in range(rng.randint(36, 50))
    ]
    if rng.random() < 0.6:
        big = names.place("村")
        villages.append(
            Node(
                f"{big}党总支",
                K.GENERAL_BRANCH,
                S.RURAL,
                rng.randint(900, 1600),
                [Node(f"{big}第{n}党支部", K.BRANCH, S.RURAL) for n in "一二三"],
            )
        )
    node = Node(f"中共{town}委员会", K.TOWNSHIP, S.RURAL)
    node.children = villages + _units(rng, names, town, urban=False)
    return node


def _street(rng: random.Random, names: _Names) -> Node:
    street = names.town("街道")
    communities = [
        Node(f"{names.place('社区')}党支部", K.BRANCH, S.URBAN_COMMUNITY, rng.randint(800, 3000))
        for _ in range(rng.randint(10, 16))
    ]
    node = Node(f"中共{street}工作委员会", K.STREET, S.URBAN_COMMUNITY)
    node.children = communities + _units(rng, names, street, urban=True)
    return node


def _industrial_park(rng: random.Random, names: _Names, number: int) -> Node:
    park = "丰源县产业集聚区" if number == 1 else f"丰源县第{number}产业集聚区"
    groups = []
    for sector in (S.STATE_ENTERPRISE, S.PRIVATE_ENTERPRISE):
        group = names.enterprise().replace("有限公司", "集团")
        groups.append(
            Node(
                f"{group}党委",
                K.COMMITTEE,
                sector,
                children=[
                    Node(f"{group}第{n}党支部", K.BRANCH, sector)
                    for n in "一二三四"[: rng.randint(2, 4)]
                ],
            )
        )
    firms = [
        Node(f"{names.enterprise()}党支部", K.BRANCH, S.PRIVATE_ENTERPRISE)
        for _ in range(rng.randint(12, 16))
    ]
    node = Node(f"中共{park}工作委员会", K.INDUSTRIAL_PARK, S.PRIVATE_ENTERPRISE)
    node.children = [Node(f"{park}管委会机关党支部", K.BRANCH, S.ORGAN), *groups, *firms]
    return node


def _county_organ(rng: random.Random, index: int) -> Node:
    name, sector = COUNTY_ORGANS[index % len(COUNTY_ORGANS)]
    if index >= len(COUNTY_ORGANS):
        name = f"{name}（第{index // len(COUNTY_ORGANS) + 1}片区）"
    if sector == S.MEDICAL:
        branch_names = HOSPITAL_BRANCHES[: rng.randint(4, len(HOSPITAL_BRANCHES))]
    else:
        branch_names = [f"第{n}" for n in "一二三四五六七八九"[: rng.randint(3, 9)]]
    kind_word = "党组" if sector == S.ORGAN else "党委"
    return Node(
        f"中共{name}{kind_word}",
        K.COUNTY_ORGAN,
        sector,
        children=[Node(f"{name}{branch}党支部", K.BRANCH, sector) for branch in branch_names],
    )


def county_plan(rng: random.Random, names: _Names, scale: float) -> Node:
    """The whole tree as plain nodes, before anything is written."""
    townships = max(1, round(TOWNSHIPS_AT_SCALE_1 * scale))
    streets = max(1, round(STREETS_AT_SCALE_1 * scale)) if townships > 2 else 0
    parks = max(1, round(scale)) if townships > 3 else 0
    rural = townships - streets - parks
    county = Node(f"中共{COUNTY_NAME}委员会", K.COUNTY, S.ORGAN)
    county.children = (
        [_rural_township(rng, names) for _ in range(rural)]
        + [_street(rng, names) for _ in range(streets)]
        + [_industrial_park(rng, names, n + 1) for n in range(parks)]
        + [_county_organ(rng, n) for n in range(max(1, round(COUNTY_ORGANS_AT_SCALE_1 * scale)))]
    )
    return county


def _write_tree(root: Node, names: _Names) -> list[Organization]:
    """Write the plan level by level with hand-made treebeard paths; returns every row."""
    written = []
    level = [(root, None, 1, None, "", 1)]
    while level:
        rows = []
        for node, township, depth, parent_code, parent_path, position in level:
            code = (
                COUNTY_CODE
                if parent_code is None
                else (
                    f"{parent_code}{position:03d}" if depth <= 3 else f"{parent_code}{position:02d}"
                )
            )
            secretary = names.person()
            node.organization = Organization(
                name=node.name,
                code=code,
                kind=node.kind,
                sector=node.sector,
                township=township,
                secretary_name="".join(secretary),
                contact_phone=names.mobile(),
                households_covered=node.households,
                path=Organization._get_path(parent_path, depth, position),
                depth=depth,
                numchild=len(node.children),
            )
            rows.append(node.organization)
        Organization.objects.bulk_create(rows)
        townships = [row for row in rows if row.is_township]
        for row in townships:
            row.township = row
        Organization.objects.bulk_update(townships, ["township"])
        written += rows
        next_level = []
        for node, township, depth, _code, _path, _position in level:
            organization = node.organization
            child_township = organization if organization.is_township else township
            for position, child in enumerate(node.children, start=1):
                next_level.append(
                    (
                        child,
                        child_township,
                        depth + 1,
                        organization.code,
                        organization.path,
                        position,
                    )
                )
        level = next_level
    return written


def _make_user(username, role, organization, names, password_hash, superuser=False) -> User:
    last_name, first_name = names.person()
    return User(
        username=username,
        last_name=last_name,
        first_name=first_name,
        role=role,
        organization=organization,
        password=password_hash,
        is_staff=superuser,
        is_superuser=superuser,
    )


def build(*, scale: float = 1, seed: int = 2020, password: str) -> DemoCounty:
    rng = random.Random(seed)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    names = _Names(rng, fake)

    plan = county_plan(rng, names, scale)
    organizations = _write_tree(plan, names)
    Organization.history.bulk_history_create(organizations, default_change_reason="演示数据")
    county = plan.organization
    townships = [node.organization for node in plan.children if node.organization.is_township]

    password_hash = make_password(password)
    users = [
        _make_user("admin", "", None, names, password_hash, superuser=True),
        _make_user("county", Role.COUNTY_STAFF, county, names, password_hash),
        _make_user("leader", Role.LEADER, county, names, password_hash),
    ]
    for number, township in enumerate(townships, start=1):
        users.append(
            _make_user(f"town{number:02d}", Role.TOWNSHIP_SECRETARY, township, names, password_hash)
        )
    branch_plans = [
        next(child for child in node.children if child.kind == K.BRANCH)
        for node in plan.children
        if node.organization.is_township
    ]
    for number, branch in enumerate(branch_plans, start=1):
        users.append(
            _make_user(
                f"branch{number:02d}",
                Role.BRANCH_SECRETARY,
                branch.organization,
                names,
                password_hash,
            )
        )
    # A second county-staff account: four eyes (a record or proposal is reviewed and decided
    # by someone other than its author, organizations/policy.py).
    users.append(_make_user("county2", Role.COUNTY_STAFF, county, names, password_hash))
    User.objects.bulk_create(users)
    User.history.bulk_history_create(users, default_change_reason="演示数据")
    by_name = {user.username: user for user in User.objects.all()}
    for user in by_name.values():
        if twofactor.is_required(user):
            TOTPDevice.objects.create(
                user=user,
                name=twofactor.DEMO_DEVICE_NAME,
                # Demo only: a key anyone with the seed can compute (`manage.py demo_code`).
                key=hashlib.sha1(f"demo-{seed}-{user.username}".encode()).hexdigest(),
                confirmed=True,
            )

    today = timezone.localdate()
    for number, township in enumerate(townships, start=1):
        place = names.place(rng.choice(["检查站", "卡口", "集中隔离点"]))
        established_on = today - datetime.timedelta(days=rng.randint(1, 20))
        # Approved by the township, which designates the secretary; members are not yet
        # loaded here (members/demo.py runs later), so the secretary is given by name.
        temporary_branch_open(
            parent=township,
            user=by_name[f"town{number:02d}"],
            name=f"{place}疫情防控临时党支部",
            sector=township.sector,
            secretary_name="".join(names.person()),
            contact_phone=names.mobile(),
            households_covered=rng.randint(0, 300),
            established_on=established_on,
            approved_by=township,
            approved_on=established_on,
            approval_document=f"{township.code}组〔{established_on.year}〕{number}号",
        )
    return DemoCounty(rng, fake, scale, county, townships, by_name, password)
