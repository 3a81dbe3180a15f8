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
