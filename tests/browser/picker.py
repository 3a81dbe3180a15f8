"""Choosing in a picker (organizations/autocomplete.py) as a person does: tap it, type, and
tap one of the matches the page finds."""


def pick(page, name: str, text: str = "", label: str | None = None, within: str = "") -> str:
    """Type `text` into the picker of the field `name` (inside `within`, a selector) and
    choose the match whose label holds `label`, or the first match. Returns the value the
    form will post."""
    select = page.locator(f"{within} select[name={name}]".strip())
    control = page.locator(f"#{select.get_attribute('id')}-ts-control")
    control.click()
    control.fill(text)
    option = page.locator(".ts-dropdown .option")
    if label is not None:
        option = option.filter(has_text=label)
    option.first.wait_for()
    option.first.click()
    return select.input_value()
