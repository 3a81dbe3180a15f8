"""What the fuzzer types into a form field: plausible values and hostile ones.

Each field is a `Field(valid, hostile)` pair. `form_data` makes every field valid, or
one of them hostile, or several, so a good share of examples pass every check and reach
the database while the rest try hostile values alone and together. A field drawn as
`OMIT` is left out of the POST altogether, as a hand-made request might.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from hypothesis import strategies as st

from organizations.personal import build_id_number
from tests import files

OMIT = object()
TODAY = timezone.localdate()

# Characters of everyday input: Chinese, Latin letters, digits, a little punctuation.
PLAIN = "党员岗区村社区卡口值守排查张李王刘陈杨赵黄周吴一二三四五号楼组abcXYZ0123456789-·（）、"
# Strings that have broken other systems: SQL, markup, template and format syntax,
# right-to-left overrides, byte-order marks, emoji sequences, the spelling of "nothing".
FRAGMENTS = [
    "'; DROP TABLE members_member; --",
    '" OR "1"="1',
    "Robert'); DELETE FROM funds_expenditure; --",
    "<script>alert(1)</script>",
    "<b>加粗</b>&amp;&lt;",
    "{{ request.user.password }}",
    "{% debug %}",
    "%(object)s",
    "%s%s%s%n",
    "{0}{1}",
    "😷🇨🇳👨‍👩‍👧‍👦",
    "\u202e反转文字",
    "\ufeff零宽\u200b空格",
    "../../etc/passwd",
    "NULL",
    "None",
    "null",
    "undefined",
    "ＦＵＬＬ　ＷＩＤＴＨ",
    "a\r\nb\rc\n",
]
CONTROL = st.characters(categories=["Cc", "Cf", "Zl", "Zp"])
# The same digits in other scripts: Python's \d and int() take them, a database does not
# know they are digits, and a person's number typed in them is another string.
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass(frozen=True)
class Field:
    valid: st.SearchStrategy
    hostile: st.SearchStrategy


class FormData(dict):
    """The fields of one POST, remembering which of them were drawn hostile."""

    def __init__(self, *args, spoiled: frozenset = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.spoiled = spoiled


@st.composite
def form_data(draw, fields: dict[str, Field]) -> dict:
    """One POST: every field valid, or exactly one hostile, or any number hostile.

    One hostile field among valid ones is what finds a value that is wrongly accepted (so
    it is drawn half the time); several at once is what finds checks that trip over each
    other.
    """
    names = st.sampled_from(sorted(fields))
    one = names.map(lambda name: {name})
    ways = [st.just(set()), one, one]
    if len(fields) > 1:
        ways.append(st.sets(names, min_size=2, max_size=len(fields)))
    spoiled = draw(st.one_of(ways))
    data = FormData(spoiled=frozenset(spoiled))
    for name, field in fields.items():
        value = draw(field.hostile if name in spoiled else field.valid)
        if value is not OMIT:
            data[name] = value
    return data


def _padded(strategy):
    """Sometimes with spaces around it, which the form strips."""
    return st.one_of(strategy, strategy.map(lambda s: f"  {s}\t"))


def plain_text(max_length: int, *, min_size: int = 1) -> st.SearchStrategy:
    """Everyday words, a string exactly at the limit, or one of the FRAGMENTS that fits."""
    size = min(max_length, 30)
    words = st.text(alphabet=PLAIN, min_size=min_size, max_size=size)
    return st.one_of(
        _padded(words.filter(lambda s: s.strip() or min_size == 0)),
        repeated("字", max_length),  # exactly at the limit
        st.sampled_from(FRAGMENTS).filter(lambda s: len(s) <= max_length),
    )


def repeated(character: str, length: int) -> st.SearchStrategy:
    """One character `length` times (built on drawing, so reprs stay short)."""
    return st.just(length).map(lambda n: character * n)


def hostile_strings(max_length: int) -> st.SearchStrategy:
    """Blank, one over the limit, far over it, any Unicode, control characters, NUL."""
    return st.one_of(
        st.sampled_from(["", " ", "\t\r\n", "\u3000"]),
        repeated("字", max_length + 1),
        repeated("x", max_length * 20 + 1),
        st.text(max_size=40),
        st.text(alphabet=CONTROL, min_size=1, max_size=10),
        st.builds("{}\x00{}".format, st.text(PLAIN, max_size=5), st.text(PLAIN, max_size=5)),
        st.sampled_from(FRAGMENTS),
    )


def hostile_text(max_length: int) -> st.SearchStrategy:
    """Hostile strings, or the field left out, or sent twice."""
    return st.one_of(
        hostile_strings(max_length),
        st.just(OMIT),
        st.lists(st.text(PLAIN, max_size=5), min_size=2, max_size=3),
    )


def text(max_length: int, *, required: bool = True) -> Field:
    """A CharField or textarea of `max_length` characters."""
    valid = plain_text(max_length)
    if not required:
        valid = st.one_of(valid, st.just(""))
    return Field(valid, hostile_text(max_length))


def iso(day: datetime.date) -> str:
    return day.isoformat()


def hostile_date() -> st.SearchStrategy:
    """Days that do not exist, the ends of the calendar, other spellings, garbage."""
    return st.one_of(
        st.sampled_from(
            [
                "",
                OMIT,
                "2026-02-30",
                "2026-13-01",
                "0000-00-00",
                "0001-01-01",
                "9999-12-31",
                "99999-01-01",
                "2026/02/01",
                "2026年2月1日",
                "01/02/2026",
                "2026-02-01T08:00:00",
                "20260201",
                "-1",
                "today",
                "２０２６-０２-０１",
                "2026-02-01\x00",
            ]
        ),
        st.dates().map(iso),  # any day from year 1 to 9999
        st.text(max_size=12),
    )


def date(start: datetime.date, end: datetime.date = TODAY, *, required: bool = True) -> Field:
    """A day between `start` and `end` (today unless given), as the date picker sends it."""
    valid = st.dates(min_value=start, max_value=end).map(iso)
    if not required:
        valid = st.one_of(valid, st.just(""))
    return Field(valid, hostile_date())


# What a number field may receive instead of a number, or a number too big for any column.
NUMBER_NOISE = [
    "",
    OMIT,
    "-1",
    "-0",
    "1.5",
    "1e3",
    "0x10",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "2147483647",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "9" * 30,
    "9" * 5000,
    "1,000",
    "１２",
    "١٢",
    "²",
    "12\x00",
    "abc",
]


def integer(min_value: int, max_value: int) -> Field:
    """A whole number the form should take, or anything else."""
    valid = _padded(st.integers(min_value, max_value).map(str))
    hostile = st.one_of(
        st.sampled_from(NUMBER_NOISE),
        st.integers().map(str),
        st.text(max_size=8),
    )
    return Field(valid, hostile)


def money(max_value: str = "5000") -> Field:
    """Yuan with two decimal places, up to `max_value`; hostile: zero, cents of cents, NaN…"""
    valid = st.decimals(
        min_value=Decimal("0.01"), max_value=Decimal(max_value), places=2, allow_nan=False
    ).map(str)
    hostile = st.one_of(
        st.sampled_from(
            [
                *NUMBER_NOISE,
                "0",
                "0.00",
                "0.001",
                "-100.00",
                "sNaN",
                "1e-9999999",
                "1e999999999",
                "123456789012.34",
                "1234567890123.45",
                "¥100",
                "100元",
                "1 000.00",
            ]
        ),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
    )
    return Field(valid, hostile)


def choice(values, *, required: bool = True) -> Field:
    """One of a select's values; hostile: near misses (case, spaces), repeats, anything."""
    values = list(values)
    valid = st.sampled_from(values)
    if not required:
        valid = st.one_of(valid, st.just(""))
    hostile = st.one_of(
        st.sampled_from(["", OMIT, "x", "'; --", "\x00", "None"]),
        valid.map(str.upper),
        valid.map(lambda v: f" {v} "),
        st.lists(valid, min_size=2, max_size=2),
        st.text(max_size=20),
    )
    return Field(valid, hostile)


def several(values) -> Field:
    """A multiple-choice field (checkboxes): a non-empty list of distinct values."""
    values = list(values)
    valid = st.lists(st.sampled_from(values), min_size=1, max_size=len(values), unique=True)
    hostile = st.one_of(
        st.sampled_from(["", OMIT, [""], ["x"], ["\x00"]]),
        st.lists(st.text(max_size=12), max_size=3),
        st.lists(st.sampled_from([*values, "x", ""]), min_size=1, max_size=len(values) + 2),
    )
    return Field(valid, hostile)


def pk(in_scope, out_of_scope=(), *, required: bool = True) -> Field:
    """The id of an object: one the user may pick, or one they may not, or garbage."""
    valid = st.sampled_from([str(value) for value in in_scope])
    if not required:
        valid = st.one_of(valid, st.just(""))
    hostile = st.one_of(
        st.sampled_from([*(str(value) for value in out_of_scope), "0", "-1", "1.0", "x1"]),
        st.sampled_from(NUMBER_NOISE),
        st.integers(min_value=1).map(str),
        st.text(max_size=8),
    )
    return Field(valid, hostile)


def pks(in_scope, out_of_scope=()) -> Field:
    """Several ids (checkboxes): a non-empty list of those the user may pick."""
    in_scope = [str(value) for value in in_scope]
    valid = st.lists(st.sampled_from(in_scope), min_size=1, max_size=len(in_scope), unique=True)
    hostile = st.one_of(
        st.just(OMIT),
        st.lists(
            st.sampled_from([*in_scope, *(str(v) for v in out_of_scope), "0", "x", "9" * 30]),
            min_size=1,
            max_size=4,
        ),
    )
    return Field(valid, hostile)


def boolean() -> Field:
    """A checkbox: ticked ("on") or left out; anything else is what a hand-made POST sends."""
    return Field(
        st.sampled_from(["on", OMIT]),
        st.sampled_from(["", "0", "false", "False", "off", "no", "1", "true", "\x00", "是"]),
    )


def id_numbers(*, born_from: datetime.date, born_until: datetime.date) -> Field:
    """A valid resident ID number, sometimes typed with a lower-case x."""
    valid = st.builds(
        # Another region than the factories' numbers, so never one of the fixtures' people.
        lambda birth, sequence: build_id_number("110105", birth, sequence),
        st.dates(min_value=born_from, max_value=born_until),
        st.integers(0, 999),
    ).map(lambda number: number.lower() if number.endswith("X") else number)
    hostile = st.one_of(
        st.sampled_from(["", OMIT, "1" * 18, "41070219900101001", "41070219900230001X"]),
        valid.map(lambda number: number[:17] + ("0" if number[17] != "0" else "1")),  # checksum
        # The same number in other scripts' digits, the check character left as typed.
        st.builds(
            lambda number, digits: number[:17].translate(digits) + number[17],
            valid,
            st.sampled_from([FULL_WIDTH_DIGITS, ARABIC_INDIC_DIGITS]),
        ),
        valid.map(lambda number: number.translate(FULL_WIDTH_DIGITS)),
        valid.map(lambda number: f"{number}\x00"),
        st.text(alphabet="0123456789Xx", min_size=15, max_size=20),
        st.text(max_size=20),
    )
    return Field(valid, hostile)


def mobile(*, required: bool = False) -> Field:
    """A mainland mobile number; hostile ones include the same digits in other scripts."""
    valid = st.builds(
        lambda second, rest: f"1{second}{rest:09d}",
        st.sampled_from("3456789"),
        st.integers(0, 10**9 - 1),
    )
    if not required:
        valid = st.one_of(valid, st.just(""))
    numbers = valid.filter(bool)
    hostile = st.one_of(
        st.sampled_from(
            [
                "",
                OMIT,
                "12345678901",
                "1380000000",
                "138000000000",
                "+8613800000000",
                "139 1234 5678",
            ]
        ),
        # The same number with some of its digits from other scripts.
        *(
            st.builds(
                lambda number, start, digits=digits: (
                    number[:start] + number[start:].translate(digits)
                ),
                numbers,
                st.integers(2, 10),
            )
            for digits in (FULL_WIDTH_DIGITS, ARABIC_INDIC_DIGITS)
        ),
        st.text(max_size=25),
    )
    return Field(valid, hostile)


def phone() -> Field:
    """An organization's contact: a mobile, or a landline with its area code, or none."""
    mobiles = mobile()
    landline = st.builds(
        lambda area, dash, number: f"0{area}{dash}{number}",
        st.integers(10, 999).map(str),
        st.sampled_from(["-", ""]),
        st.integers(10**6, 10**8 - 1).map(str),
    )
    return Field(st.one_of(mobiles.valid, landline), mobiles.hostile)


# Uploads: the first bytes say what a file claims to be, and the file must then be one
# (organizations/uploads.py: a picture Pillow decodes, a PDF pypdf reads with nothing active
# in it). The valid ones are real, tiny files; the hostile ones lie in their first bytes,
# carry a script, are empty, or are too big.
SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    "jpg": (b"\xff\xd8\xff\xe0", "image/jpeg"),
    "pdf": (b"%PDF-", "application/pdf"),
}
# Tests with uploads lower settings.UPLOAD_MAX_BYTES to this, so "too big" stays cheap.
UPLOAD_LIMIT = 4096
FILE_NAME = st.text(alphabet="现场照片收据abcXYZ0123456789-_ ()", min_size=1, max_size=40)


@dataclass(frozen=True)
class Upload:
    """A file to attach; `plain_name` says its name reaches the server unchanged."""

    name: str
    content: bytes
    plain_name: bool = True

    @property
    def content_type(self) -> str | None:
        for signature, content_type in SIGNATURES.values():
            if self.content.startswith(signature):
                return content_type
        return None


def _signed(extension: str, filler: st.SearchStrategy) -> st.SearchStrategy:
    """The first bytes of a kind of file, and then anything."""
    signature = SIGNATURES[extension][0]
    return st.builds(
        lambda stem, body: Upload(f"{stem}.{extension}", signature + body),
        FILE_NAME,
        filler,
    )


_SIZES = st.tuples(st.integers(1, 24), st.integers(1, 24))
_COLORS = st.tuples(*[st.integers(0, 255)] * 3)
_REAL_FILES = {
    "png": st.builds(lambda size, color: files.png(size=size, color=color), _SIZES, _COLORS),
    "jpg": st.builds(
        lambda size, color, gps: files.jpeg(size=size, color=color, gps=gps),
        _SIZES,
        _COLORS,
        st.booleans(),
    ),
    "pdf": st.integers(1, 3).map(lambda pages: files.pdf(pages=pages)),
}


def valid_upload(*, kinds=tuple(SIGNATURES)) -> st.SearchStrategy:
    return st.one_of(
        *(
            st.builds(
                lambda stem, content, kind=kind: Upload(f"{stem}.{kind}", content),
                FILE_NAME,
                _REAL_FILES[kind],
            )
            for kind in kinds
        )
    )


HOSTILE_FILE_NAMES = [
    "",
    ".",
    "..",
    "../../etc/passwd.png",
    "..\\..\\boot.ini.png",
    "a\x00b.png",
    'q"uote.png',
    "semi;colon.png",
    "a\r\nContent-Type: text/html.png",
    "x" * 300 + ".png",
    "😷.png",
    "&lt;script&gt;.png",
]


def hostile_upload() -> st.SearchStrategy:
    return st.one_of(
        st.builds(Upload, FILE_NAME, st.just(b"")),  # empty
        st.builds(Upload, FILE_NAME, st.binary(min_size=1, max_size=256)),  # no signature
        st.one_of(*(_signed(kind, st.binary(max_size=512)) for kind in SIGNATURES)),  # no file
        st.builds(Upload, st.just("现场.jpg"), st.just(files.JPEG_THEN_HTML)),
        st.builds(Upload, st.just("签收表.pdf"), st.just(files.pdf(javascript="app.alert(1)"))),
        st.builds(Upload, st.just("shell.php.png"), st.just(b"<?php system($_GET['c']); ?>")),
        _signed("png", st.binary(min_size=UPLOAD_LIMIT, max_size=UPLOAD_LIMIT + 64)),  # big
        st.builds(
            lambda name, upload: Upload(name, upload.content, plain_name=False),
            st.sampled_from(HOSTILE_FILE_NAMES),
            valid_upload(),
        ),
    )


def uploads(max_count: int, *, kinds=tuple(SIGNATURES)) -> Field:
    """Several files in one field (may be none)."""
    valid = st.lists(valid_upload(kinds=kinds), max_size=max_count).map(lambda files: files or OMIT)
    hostile = st.lists(
        st.one_of(valid_upload(), hostile_upload()), min_size=1, max_size=max_count + 1
    )
    return Field(valid, st.one_of(hostile, st.just("not a file")))


def upload() -> Field:
    """One optional file."""
    return Field(
        st.one_of(st.just(OMIT), valid_upload()),
        st.one_of(hostile_upload(), st.just("not a file")),
    )


def files_sent(value) -> list[Upload]:
    """The uploads a field value carries (a text value is no file at all)."""
    values = value if isinstance(value, list) else [value]
    return [item for item in values if isinstance(item, Upload)]
