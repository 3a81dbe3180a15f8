"""WebTest, made to submit forms as a browser does.

WebTest sends a file as multipart/form-data even when the form forgot to declare
`enctype="multipart/form-data"`; a browser then sends only the file's name and the upload
is lost. `BrowserForm` does what the browser does, so such a form fails its test as it
fails its user.
"""

from django.conf import settings
from django.test import Client
from django_webtest import DjangoTestApp, DjangoWebtestResponse
from webtest import forms

MULTIPART = "multipart/form-data"


class BrowserForm(forms.Form):
    """A form as a browser submits it; a picker (organizations/autocomplete.py) takes a
    value only if the page offers it, as `offered()` asks."""

    def __setitem__(self, name, value):
        field = self.fields.get(name, [None])[0]
        if field is not None and field.attrs.get("data-autocomplete") == name:
            if value not in ("", None) and str(value) not in self.offered(name):
                raise ValueError(f"{value!r} is not among what the picker {name!r} offers")
            field.force_value("" if value is None else str(value))
            return
        super().__setitem__(name, value)

    def offered(self, name: str, text: str = "") -> dict[str, str]:
        """What the picker `name` offers (value → label) when `text` is typed into it, asked
        of the page as its script asks (static/js/autocomplete.js)."""
        field = self[name]
        assert field.attrs.get("data-autocomplete") == name, f"{name!r} is not a picker here"
        path = field.attrs.get("data-autocomplete-url") or self.response.request.path
        answer = self.response.test_app.get(path, {"autocomplete": name, "q": text}).json
        return {row["value"]: row["text"] for row in answer["results"]}

    def pick(self, name: str, obj, text: str | None = None) -> None:
        """Choose `obj` in the picker `name` as a person does: type `text` (by default the
        object's name) and take it from the matches. An object the page does not offer for
        that text fails the test, as it fails the user."""
        text = obj.name if text is None else text
        offered = self.offered(name, text)
        assert str(obj.pk) in offered, f"{obj} not offered for {text!r}: {offered}"
        self[name].force_value(str(obj.pk))

    def submit_fields(self, name=None, index=None, submit_value=None):
        fields = super().submit_fields(name, index=index, submit_value=submit_value)
        if self.method.upper() == "GET":
            return fields
        if (self.enctype or "").lower().startswith(MULTIPART):
            return fields
        return [
            (key, _file_name(value) if isinstance(value, forms.File) else value)
            for key, value in fields
        ]


def _file_name(field: forms.File) -> str:
    value = field.value
    if isinstance(value, forms.Upload):
        return value.filename
    if isinstance(value, (list, tuple)) and value:
        return value[0]
    return value or ""


class BrowserResponse(DjangoWebtestResponse):
    def _parse_forms(self):
        forms_ = self._forms_indexed = {}
        for i, text in enumerate(str(f) for f in self.html("form")):
            form = BrowserForm(self, text, self.parser_features)
            forms_[i] = form
            if form.id:
                forms_[form.id] = form


class BrowserApp(DjangoTestApp):
    response_class = BrowserResponse


def web_app(user=None, sign_in=None) -> BrowserApp:
    """A WebTest browser signed in as `user` (anonymous if None), second factor included.

    Forms are taken from the HTML each page renders (`app.get(url).forms[...]`) and
    submitted as a person would, CSRF token, enctype and offered choices included.
    """
    app = BrowserApp()
    if user is not None:
        client = sign_in(Client(), user)
        cookie = settings.SESSION_COOKIE_NAME
        app.set_cookie(cookie, client.cookies[cookie].value)
    return app


def form_with(page, field: str):
    """The one form on `page` that has `field` (the navbar's sign-out form has none)."""
    matching = [form for form in page.forms.values() if field in form.fields]
    unique = {id(form): form for form in matching}
    assert len(unique) == 1, f"expected one form with {field!r}, found {len(unique)}"
    return next(iter(unique.values()))


def tick(form, name: str, *values: str) -> None:
    """Tick exactly the checkboxes named `name` whose values are `values`, as a person
    does; a value the page does not offer fails the test."""
    boxes = form.fields.get(name, [])
    offered = {box._value for box in boxes}
    assert set(values) <= offered, f"{set(values) - offered} not offered for {name!r}"
    for box in boxes:
        box.checked = box._value in values
