"""Templates: which exist, and what each looks like with its sample data."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from notifications.domain.rendering import TemplateError, TemplateNotFound
from notifications.entrypoints.deps import Deps, Staff
from notifications.entrypoints.templates_schemas import (
    EmailPreview,
    SmsPreview,
    TemplatePreview,
    TemplateSummary,
)
from t2t_shared.http.errors import STANDARD_ERRORS, Problem

router = APIRouter(tags=["templates"], responses=STANDARD_ERRORS)


@router.get(
    "/templates",
    response_model=list[TemplateSummary],
    summary="Every template and its versions per channel",
)
async def list_templates(_: Staff, deps: Deps) -> list[TemplateSummary]:
    r = deps.renderer
    return [
        TemplateSummary(
            name=name,
            email_versions=r.versions(name, "email"),
            sms_versions=r.versions(name, "sms"),
        )
        for name in r.names()
    ]


@router.get(
    "/templates/{name}/preview",
    response_model=TemplatePreview,
    summary="A template rendered with its sample data",
    description="The newest version of each channel, as a recipient would see it, with the "
    "SMS's encoding and segment count.",
    responses={404: {"model": Problem, "description": "No such template"}},
)
async def preview_template(name: str, _: Staff, deps: Deps) -> TemplatePreview:
    r = deps.renderer
    try:
        sample = r.sample_context(name)
        email = sms = None
        if r.versions(name, "email"):
            e = r.render_email(name, sample)
            email = EmailPreview(version=e.version, subject=e.subject, text=e.text, html=e.html)
        if r.versions(name, "sms"):
            s = r.render_sms(name, sample)
            sms = SmsPreview(
                version=s.version,
                body=s.body,
                encoding=s.segments.encoding,
                characters=s.segments.characters,
                segments=s.segments.segments,
            )
    except TemplateNotFound:
        raise HTTPException(404, f"No template named {name!r}") from None
    except TemplateError as exc:
        raise HTTPException(500, f"Template {name!r} does not render: {exc}") from None
    return TemplatePreview(name=name, sample=sample, email=email, sms=sms)
