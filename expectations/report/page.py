"""The Jinja2 environment of the report: templates from expectations/templates, autoescape on,
and the CSS / JS files inlined so the report stays one offline file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def inline(name: str) -> Markup:
    """A template folder file's text, to put inside <style> or <script> as is (no escaping:
    entities are not decoded there). A closing tag inside would end the element early."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    if "</" in text:
        raise ValueError(f"{name} must not contain '</' (it would close its <style>/<script>)")
    return Markup(text)


def thousands(value: int | float | None) -> str:
    return "" if value is None else f"{value:,}"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["thousands"] = thousands
    env.globals["inline"] = inline
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
