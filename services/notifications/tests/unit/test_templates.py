from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment, FileSystemLoader, meta

from notifications.adapters.template_filters import FILTERS, uk_datetime, working_days
from notifications.adapters.templates import TEMPLATES_DIR, TemplateRenderer
from notifications.domain.rendering import (
    TemplateDataMissing,
    TemplateError,
    TemplateNotFound,
    TemplateRenderedEmpty,
)

SIGN_OFF = "The Type 2 Together team"
renderer = TemplateRenderer()


def _channels(name: str) -> list[str]:
    return [c for c in ("email", "sms") if renderer.versions(name, c)]  # type: ignore[arg-type]


def _render_all(r: TemplateRenderer, name: str, context: dict[str, Any]) -> list[str]:
    """Every part of every version of `name`, across both channels."""
    out: list[str] = []
    for version in r.versions(name, "email"):
        email = r.render_email(name, context, version)
        out += [email.subject, email.text, email.html]
    for version in r.versions(name, "sms"):
        out.append(r.render_sms(name, context, version).body)
    return out


def _variables(name: str) -> set[str]:
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True)
    env.filters.update(FILTERS)
    found: set[str] = set()
    for path in TEMPLATES_DIR.glob(f"{name}.v*"):
        assert env.loader is not None
        source = env.loader.get_source(env, path.name)[0]
        found |= meta.find_undeclared_variables(env.parse(source))
    return found - {"email_subject"}


EMAIL_ONLY = {
    "referral_receipt_referrer",
    "referral_outcome_referrer",
    "group_created_coordinators",
}
EVERY_TEMPLATE = {
    "referral_acknowledgement", "referral_receipt_referrer", "referral_accepted",
    "referral_rejected", "referral_outcome_referrer", "contact_attempt_missed", "place_offered",
    "member_waitlisted", "member_joined", "session_reminder", "session_cancelled",
    "session_rescheduled", "group_created_coordinators", "group_created_facilitator",
    "facilitator_assigned", "volunteer_applied", "screening_started", "volunteer_screened",
    "training_started", "facilitator_trained", "renewal_due",
}  # fmt: skip


def test_names_lists_every_template() -> None:
    assert set(renderer.names()) == EVERY_TEMPLATE
    for name in renderer.names():
        expected = ["email"] if name in EMAIL_ONLY else ["email", "sms"]
        assert _channels(name) == expected, name


@pytest.mark.parametrize("name", renderer.names())
def test_every_version_renders_its_sample(name: str) -> None:
    context = renderer.sample_context(name)
    for version in renderer.versions(name, "email"):
        email = renderer.render_email(name, context, version)
        assert email.subject.strip()
        assert "{" not in email.subject
        assert SIGN_OFF in email.text
        assert SIGN_OFF in email.html
        assert "{{" not in email.text + email.html
    for version in renderer.versions(name, "sms"):
        sms = renderer.render_sms(name, context, version)
        assert "Type 2 Together" in sms.body
        assert "{{" not in sms.body


@pytest.mark.parametrize("name", sorted(EVERY_TEMPLATE - EMAIL_ONLY))
def test_every_sms_is_gsm7_and_at_most_two_parts_with_its_sample(name: str) -> None:
    sms = renderer.render_sms(name, renderer.sample_context(name))
    assert sms.segments.encoding == "GSM-7", name
    assert sms.segments.segments <= 2, (name, sms.segments)


@pytest.mark.parametrize("name", renderer.names())
def test_sample_values_show_up_in_the_email(name: str) -> None:
    context = renderer.sample_context(name)
    email = renderer.render_email(name, context)
    shown = [v for v in context.values() if isinstance(v, str) and v and "T" not in v[:11]]
    for value in shown:
        if value in email.text:
            assert value in email.html.replace("&#39;", "'") or "&" in value


@pytest.mark.parametrize("name", renderer.names())
def test_sample_holds_exactly_the_variables_the_templates_use(name: str) -> None:
    assert set(renderer.sample_context(name)) == _variables(name)


@pytest.mark.parametrize(
    ("name", "variable"),
    [(n, v) for n in renderer.names() for v in sorted(renderer.sample_context(n))],
)
def test_missing_variable_fails_the_whole_render(name: str, variable: str) -> None:
    context = renderer.sample_context(name)
    del context[variable]
    with pytest.raises(TemplateDataMissing) as caught:
        _render_all(renderer, name, context)
    assert caught.value.variable == variable
    assert caught.value.template.startswith(f"{name}.v")


def test_referral_acknowledgement_content() -> None:
    context = renderer.sample_context("referral_acknowledgement")
    email = renderer.render_email("referral_acknowledgement", context)
    sms = renderer.render_sms("referral_acknowledgement", context)
    assert email.subject == "We've received your referral to Type 2 Together peer support"
    assert email.version == sms.version == 1
    for body in (email.text, email.html, sms.body):
        assert "Sam" in body
        assert "T2T-4F7K2Q" in body
        assert "within 2 working days" in body
    assert "trained volunteers who live with type 2 diabetes" in email.text
    assert "Reply STOP" in sms.body


def test_acknowledgement_sms_stays_short_and_gsm7() -> None:
    sms = renderer.render_sms(
        "referral_acknowledgement", renderer.sample_context("referral_acknowledgement")
    )
    assert sms.segments.encoding == "GSM-7"
    assert sms.segments.segments <= 2


def test_referrer_receipt_has_no_personal_details() -> None:
    assert _variables("referral_receipt_referrer") == {
        "reference_code", "received_at", "source", "ods_code", "practice_name",
        "contact_target_days", "snomed_code", "snomed_term",
    }  # fmt: skip
    email = renderer.render_email(
        "referral_receipt_referrer", renderer.sample_context("referral_receipt_referrer")
    )
    assert email.subject == "Referral received: T2T-4F7K2Q"
    for body in (email.text, email.html):
        assert "26 November 2026, 14:05" in body
        assert "Park Lane Surgery" in body
        assert "Y12345" in body
        assert "871731000000106 | Referral to social prescribing service" in body


@pytest.mark.parametrize("name", ["referral_receipt_referrer", "referral_outcome_referrer"])
def test_practice_messages_carry_the_snomed_code_only_when_there_is_one(name: str) -> None:
    coded = renderer.render_email(name, renderer.sample_context(name))
    uncoded = renderer.render_email(
        name, {**renderer.sample_context(name), "snomed_code": "", "snomed_term": ""}
    )
    for body in (coded.text, coded.html):
        assert "For the GP record (SNOMED CT): " in body or "(SNOMED CT)</th>" in body
        assert "871731000000106 | Referral to social prescribing service" in body
    for body in (uncoded.text, uncoded.html):
        assert "SNOMED" not in body


def test_html_is_escaped_and_text_is_not() -> None:
    context = {**renderer.sample_context("referral_acknowledgement"), "given_name": "<b>Jo & Al"}
    email = renderer.render_email("referral_acknowledgement", context)
    assert "&lt;b&gt;Jo &amp; Al" in email.html
    assert "<b>Jo & Al" in email.text
    assert '<html lang="en-GB">' in email.html
    assert "<title>We&#39;ve received your referral" in email.html


def test_non_gsm_name_switches_sms_to_ucs2() -> None:
    context = {**renderer.sample_context("referral_acknowledgement"), "given_name": "Siân"}
    assert renderer.render_sms("referral_acknowledgement", context).segments.encoding == "UCS-2"


def test_errors_never_quote_context_values() -> None:
    context = {**renderer.sample_context("referral_receipt_referrer"), "received_at": "Jo Bloggs"}
    with pytest.raises(TemplateError) as caught:
        renderer.render_email("referral_receipt_referrer", context)
    assert "Jo Bloggs" not in str(caught.value)


@pytest.mark.parametrize("name", ["nope", "../templates/x", "Referral"])
def test_unknown_or_unsafe_names_are_not_found(name: str) -> None:
    with pytest.raises(TemplateNotFound):
        renderer.render_email(name, {})
    with pytest.raises(TemplateNotFound):
        renderer.sample_context(name)


def test_uk_datetime_uses_uk_local_time() -> None:
    assert uk_datetime("2026-11-26T14:05:00Z") == "26 November 2026, 14:05"
    assert uk_datetime("2026-07-01T13:05:00+00:00") == "1 July 2026, 14:05"  # BST
    assert uk_datetime(datetime(2026, 7, 1, 13, 5)) == "1 July 2026, 14:05"  # naive is UTC
    paris = timezone(timedelta(hours=1))
    assert uk_datetime(datetime(2026, 1, 5, 9, 30, tzinfo=paris)) == "5 January 2026, 08:30"


def test_working_days_pluralises() -> None:
    assert working_days(1) == "1 working day"
    assert working_days("3") == "3 working days"


def _write(directory: Path, files: dict[str, str]) -> TemplateRenderer:
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return TemplateRenderer(directory)


def test_version_defaults_to_newest_per_channel(tmp_path: Path) -> None:
    r = _write(
        tmp_path,
        {
            "hi.v1.subject.txt": "Hi {{ who }}\n",
            "hi.v1.txt": "one {{ who }}",
            "hi.v1.html": "<p>one {{ who }}</p>",
            "hi.v1.sms.txt": "sms one",
            "hi.v2.subject.txt": "Hello\n  {{ who }}",
            "hi.v2.txt": "two",
            "hi.v2.html": "<p>two</p>",
            "hi.v3.sms.txt": "sms three",
            "notes.md": "ignored",
            "_base.html": "ignored",
        },
    )
    assert r.names() == ["hi"]
    latest = r.render_email("hi", {"who": "Al"})
    assert (latest.version, latest.subject, latest.text) == (2, "Hello Al", "two\n")
    assert r.render_email("hi", {"who": "Al"}, version=1).text == "one Al\n"
    assert r.render_sms("hi", {}).version == 3
    with pytest.raises(TemplateNotFound):
        r.render_email("hi", {"who": "Al"}, version=3)
    with pytest.raises(TemplateNotFound):
        r.sample_context("hi")


def test_a_version_added_while_running_is_used_at_once(tmp_path: Path) -> None:
    r = _write(tmp_path, {"hi.v1.sms.txt": "one {{ who }}"})
    assert (r.render_sms("hi", {"who": "Al"}).body, r.versions("hi", "sms")) == ("one Al", [1])
    (tmp_path / "hi.v2.sms.txt").write_text("two {{ who }}", encoding="utf-8")
    assert (r.render_sms("hi", {"who": "Al"}).body, r.versions("hi", "sms")) == ("two Al", [1, 2])


def test_a_versions_files_are_read_once(tmp_path: Path) -> None:
    # New wording is a new version: a file changed in place is not read again while the
    # directory's listing stays the same.
    r = _write(tmp_path, {"hi.v1.sms.txt": "one {{ who }}"})
    assert r.render_sms("hi", {"who": "Al"}).body == "one Al"
    (tmp_path / "hi.v1.sms.txt").write_text("changed {{ who }}", encoding="utf-8")
    assert r.render_sms("hi", {"who": "Bo"}).body == "one Bo"


def test_incomplete_newest_version_fails_loudly(tmp_path: Path) -> None:
    r = _write(
        tmp_path,
        {"a.v1.subject.txt": "s", "a.v1.txt": "t", "a.v1.html": "h", "a.v2.subject.txt": "s2"},
    )
    with pytest.raises(TemplateNotFound, match="lacks html, txt"):
        r.render_email("a", {})
    assert r.render_email("a", {}, version=1).html == "h\n"


def test_empty_output_and_nested_missing_attributes(tmp_path: Path) -> None:
    r = _write(
        tmp_path,
        {
            "blank.v1.sms.txt": "{% if show %}text{% endif %}\n",
            "deep.v1.sms.txt": "Hi {{ person.name }}",
        },
    )
    with pytest.raises(TemplateRenderedEmpty):
        r.render_sms("blank", {"show": False})
    with pytest.raises(TemplateDataMissing) as caught:
        r.render_sms("deep", {"person": {}})
    assert caught.value.variable == "name"
    with pytest.raises(TemplateDataMissing) as caught:
        r.render_sms("blank", {})
    assert caught.value.variable == "show"


def test_sample_must_be_an_object(tmp_path: Path) -> None:
    r = _write(tmp_path, {"x.v1.sms.txt": "x", "x.sample.json": "[1]"})
    with pytest.raises(TemplateError):
        r.sample_context("x")


def test_syntax_errors_surface_as_template_errors(tmp_path: Path) -> None:
    r = _write(tmp_path, {"bad.v1.sms.txt": "{{ x | no_such_filter }}"})
    with pytest.raises(TemplateError, match="no_such_filter"):
        r.render_sms("bad", {"x": 1})
