"""Jinja2 rendering of versioned email and SMS templates.

Layout of the templates directory (flat, one file per part):

    <name>.v<N>.subject.txt   email subject (one line)
    <name>.v<N>.txt           email plain-text part
    <name>.v<N>.html          email HTML part, usually extending _layout.html
    <name>.v<N>.sms.txt       SMS body
    <name>.sample.json        example context, for previews and tests
    _*.html / _*.txt          shared layouts, never rendered on their own

A new wording is a new version file, so the version recorded with a sent
notification always names the exact text that went out. Email and SMS are
versioned separately: the newest version with email parts is the email default.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, TemplateSyntaxError, select_autoescape
from jinja2 import TemplateNotFound as JinjaNotFound

from notifications.adapters.template_filters import FILTERS, StrictVariable, VariableMissing
from notifications.domain.rendering import (
    RenderedEmail,
    RenderedSms,
    TemplateDataMissing,
    TemplateError,
    TemplateNotFound,
    TemplateRenderedEmpty,
)
from notifications.domain.sms_segments import count_segments

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"

Channel = Literal["email", "sms"]
_PARTS: dict[Channel, tuple[str, ...]] = {
    "email": ("subject.txt", "txt", "html"),
    "sms": ("sms.txt",),
}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FILE = re.compile(
    r"^(?P<name>[a-z][a-z0-9_]*)\.v(?P<version>[1-9][0-9]*)\.(?P<part>subject\.txt|txt|html|sms\.txt)$"
)


class TemplateRenderer:
    """Renders templates strictly: a missing variable fails the whole render."""

    def __init__(self, templates_dir: Path | None = None) -> None:
        self.templates_dir = templates_dir or TEMPLATES_DIR
        self._env = Environment(
            loader=FileSystemLoader(self.templates_dir),
            undefined=StrictVariable,
            autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
            trim_blocks=True,
            lstrip_blocks=True,
            # A version's files do not change once written (new wording is a new version):
            # compiled templates are kept until the directory's listing changes (below),
            # not checked against their files' times on every render.
            auto_reload=False,
        )
        self._env.filters.update(FILTERS)
        self._listed: tuple[int, dict[tuple[str, int], set[str]]] | None = None
        # (name, channel) -> its versions, oldest first: as of the listing above.
        self._versions: dict[tuple[str, Channel], list[int]] = {}

    def names(self) -> list[str]:
        return sorted({name for name, _ in self._index()})

    def versions(self, name: str, channel: Channel) -> list[int]:
        """Versions of `name` that have at least one part for `channel`, oldest first."""
        return list(self._versions_of(self._index(), name, channel))

    def _versions_of(
        self, index: dict[tuple[str, int], set[str]], name: str, channel: Channel
    ) -> list[int]:
        if (found := self._versions.get((name, channel))) is None:
            wanted = set(_PARTS[channel])
            found = sorted(v for (n, v), parts in index.items() if n == name and parts & wanted)
            self._versions[(name, channel)] = found
        return found

    def render_email(
        self, name: str, context: dict[str, Any], version: int | None = None
    ) -> RenderedEmail:
        version = self._resolve(name, "email", version)
        # The layout's <title> needs the subject, so it is rendered first and shared.
        subject = " ".join(self._render(name, version, "subject.txt", context).split())
        context = {**context, "email_subject": subject}
        text = self._render(name, version, "txt", context) + "\n"
        html = self._render(name, version, "html", context) + "\n"
        return RenderedEmail(subject=subject, text=text, html=html, version=version)

    def render_sms(
        self, name: str, context: dict[str, Any], version: int | None = None
    ) -> RenderedSms:
        version = self._resolve(name, "sms", version)
        body = self._render(name, version, "sms.txt", context)
        return RenderedSms(body=body, version=version, segments=count_segments(body))

    def sample_context(self, name: str) -> dict[str, Any]:
        """The example context stored beside the template as `<name>.sample.json`."""
        path = self.templates_dir / f"{self._check_name(name)}.sample.json"
        if not path.is_file():
            raise TemplateNotFound(name, "no sample context")
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise TemplateError(f"sample context for {name!r} is not a JSON object")
        return data

    def _index(self) -> dict[tuple[str, int], set[str]]:
        # Listed again whenever the directory changes (a file added or removed), so new
        # templates show up in previews without a restart; listing on every render was
        # most of the cost of rendering a text.
        stamp = self.templates_dir.stat().st_mtime_ns
        if self._listed is None or self._listed[0] != stamp:
            index: dict[tuple[str, int], set[str]] = defaultdict(set)
            for path in self.templates_dir.iterdir():
                if match := _FILE.match(path.name):
                    index[(match["name"], int(match["version"]))].add(match["part"])
            self._listed = (stamp, dict(index))
            self._versions.clear()
            if self._env.cache is not None:
                self._env.cache.clear()
        return self._listed[1]

    def _resolve(self, name: str, channel: Channel, version: int | None) -> int:
        index = self._index()
        available = self._versions_of(index, self._check_name(name), channel)
        if not available:
            raise TemplateNotFound(name, f"no {channel} template")
        if version is None:
            version = available[-1]
        elif version not in available:
            raise TemplateNotFound(name, f"no {channel} version {version}")
        # A half-added version fails loudly instead of silently using an older one.
        missing = set(_PARTS[channel]) - index.get((name, version), set())
        if missing:
            raise TemplateNotFound(name, f"v{version} lacks {', '.join(sorted(missing))}")
        return version

    def _render(self, name: str, version: int, part: str, context: dict[str, Any]) -> str:
        filename = f"{name}.v{version}.{part}"
        try:
            rendered = self._env.get_template(filename).render(context).strip()
        except VariableMissing as exc:
            raise TemplateDataMissing(filename, exc.variable) from None
        except TemplateSyntaxError as exc:
            raise TemplateError(f"template {exc.name!r} line {exc.lineno}: {exc.message}") from None
        except JinjaNotFound as exc:
            raise TemplateNotFound(name, f"{filename} refers to missing {exc.name}") from None
        except (TypeError, ValueError) as exc:
            # The original message may quote the offending value, which could be personal.
            raise TemplateError(
                f"template {filename!r}: bad value ({type(exc).__name__})"
            ) from None
        if not rendered:
            raise TemplateRenderedEmpty(filename)
        return rendered

    @staticmethod
    def _check_name(name: str) -> str:
        # Names come from URLs in the preview endpoint: keep them out of other paths.
        if not _NAME.match(name):
            raise TemplateNotFound(name, "not a valid template name")
        return name
