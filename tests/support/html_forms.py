"""Read back what an HTML form shows: each field's value as a browser would submit it."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action, self.inside = action, False
        self.values: dict[str, list[str]] = {}
        self.errors: dict[str, str] = {}
        self._textarea: str | None = None
        self._option: str | None = None
        self._select: str | None = None
        self._error: str | None = None
        self._fieldsets: list[bool] = []  # disabled or not, innermost last

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "fieldset":
            self._fieldsets.append("disabled" in a or any(self._fieldsets))
        if any(self._fieldsets) and tag in ("input", "textarea", "select"):
            return  # a browser sends nothing of a disabled fieldset
        if tag == "input" and a.get("name"):
            checkable = a.get("type") in ("checkbox", "radio")
            if not checkable or "checked" in a:
                self.values.setdefault(a["name"], []).append(a.get("value", "on"))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values.setdefault(a["name"], []).append("")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values.setdefault(self._select, []).append(a.get("value", ""))
        elif tag == "p" and "field-error" in a.get("class", ""):
            self._error = a["id"].removesuffix("-error")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        if tag == "fieldset" and self._fieldsets:
            self._fieldsets.pop()
        self._textarea = None if tag == "textarea" else self._textarea
        self._select = None if tag == "select" else self._select
        self._error = None if tag == "p" else self._error

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea][-1] += data
        if self._error:
            self.errors[self._error] = self.errors.get(self._error, "") + data


def form_values(html: str, action: str) -> dict[str, list[str]]:
    """``{name: [values]}`` of the form posting to ``action``, as a browser sends it (no
    unticked box, nothing of a disabled fieldset)."""
    reader = _FormReader(action)
    reader.feed(html)
    return reader.values


def field_errors(html: str, action: str) -> dict[str, str]:
    """``{field id: message}`` of the errors shown next to the fields of that form."""
    reader = _FormReader(action)
    reader.feed(html)
    return reader.errors
