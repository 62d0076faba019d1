"""Read HTML forms the way a browser submits them (no dependency beyond the standard library).

``parse_forms(html)`` returns one ``Form`` per <form>: its action, method, the values a browser
would send without touching anything (``fields``, a list of pairs), the submit buttons, and
which names are file inputs."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str = ""
    method: str = "get"
    fields: list = field(default_factory=list)
    buttons: list = field(default_factory=list)  # (name, value, text)
    files: list = field(default_factory=list)
    names: set = field(default_factory=set)
    options: dict = field(default_factory=dict)  # select name -> option values
    attrs: dict = field(default_factory=dict)

    def data(self, overrides=None, button=None, drop=()):
        """The pairs to post: defaults, then ``overrides`` (a dict; a list value repeats the
        name), then the chosen submit button's (name, value)."""
        overrides = overrides or {}
        pairs = [(k, v) for k, v in self.fields if k not in overrides and k not in drop]
        for key, value in overrides.items():
            for item in value if isinstance(value, list) else [value]:
                pairs.append((key, item))
        if button is not None and button[0]:
            pairs.append((button[0], button[1]))
        return pairs

    def button(self, text_or_value):
        for name, value, text in self.buttons:
            if text_or_value in (value, text) or text_or_value.lower() in text.lower():
                return (name, value)
        raise LookupError(f"no button {text_or_value!r} in {self.buttons}")


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = None
        self.select = None  # [name, first value, selected value]
        self.textarea = None  # [name, text]
        self.button_ = None  # [name, value, text]

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.form = Form(a.get("action", ""), a.get("method", "get").lower(), attrs=a)
            self.forms.append(self.form)
        if self.form is None:
            return
        name = a.get("name", "")
        if tag == "input":
            self._input(name, a)
        elif tag == "select" and name:
            self.form.names.add(name)
            self.select = [name, None, None]
            self.form.options[name] = []
        elif tag == "option" and self.select is not None:
            self._option(a)
        elif tag == "textarea" and name:
            self.form.names.add(name)
            self.textarea = [name, ""]
        elif tag == "button":
            if a.get("type", "submit").lower() == "submit":
                self.button_ = [name, a.get("value", ""), ""]

    def _input(self, name, a):
        kind = a.get("type", "text").lower()
        if name:
            self.form.names.add(name)
        if kind in ("submit", "image"):
            self.form.buttons.append((name, a.get("value", ""), a.get("value", "")))
        elif kind == "file":
            self.form.files.append(name)
        elif kind in ("checkbox", "radio"):
            if "checked" in a and name:
                self.form.fields.append((name, a.get("value", "on")))
        elif kind not in ("button", "reset") and name and "disabled" not in a:
            self.form.fields.append((name, a.get("value", "")))

    def _option(self, a):
        value = a.get("value", "")
        self.form.options[self.select[0]].append(value)
        if self.select[1] is None:
            self.select[1] = value
        if "selected" in a:
            self.select[2] = value

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        if self.button_ is not None:
            self.button_[2] += data

    def handle_endtag(self, tag):
        if self.form is None:
            return
        if tag == "select" and self.select is not None:
            name, first, selected = self.select
            value = selected if selected is not None else first
            if value is not None:
                self.form.fields.append((name, value))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.form.fields.append((self.textarea[0], self.textarea[1].lstrip("\n")))
            self.textarea = None
        elif tag == "button" and self.button_ is not None:
            name, value, text = self.button_
            self.form.buttons.append((name, value, " ".join(text.split())))
            self.button_ = None
        elif tag == "form":
            self.form = None


def parse_forms(html):
    parser = _Parser()
    parser.feed(html)
    return parser.forms


def find_form(html, has_field=None, action_contains=None):
    """The first form with a field named ``has_field`` and/or an action containing a text."""
    for form in parse_forms(html):
        if has_field and has_field not in form.names:
            continue
        if action_contains and action_contains not in form.action:
            continue
        return form
    raise LookupError(f"no form with field {has_field!r} / action {action_contains!r}")
