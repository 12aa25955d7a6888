"""Composition root: providers, templates, dispatcher and runtime from settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from notifications.adapters import orm
from notifications.adapters.email_smtp import SmtpEmailProvider
from notifications.adapters.govuk_notify import NotifyEmailProvider, NotifySmsProvider
from notifications.adapters.rate_limit import RateLimitedEmail, RateLimitedSms, RateLimiter
from notifications.adapters.sms_sink import SmsSinkProvider
from notifications.adapters.templates import TemplateRenderer
from notifications.adapters.unit_of_work import SqlNotificationsUnitOfWork
from notifications.config import Settings
from notifications.service_layer.breaker import BreakerPolicy
from notifications.service_layer.dispatch_policy import DispatchPolicy
from notifications.service_layer.dispatcher import Dispatcher
from notifications.service_layer.housekeeping import Housekeeping, HousekeepingPolicy
from notifications.service_layer.offer_links import offer_link_builder
from notifications.service_layer.planning import Clock, Planning, utc_now
from notifications.service_layer.providers import EmailProvider, SmsProvider
from notifications.service_layer.render_check import render_check
from t2t_shared.runtime import ServiceRuntime
from t2t_shared.topics import Topics


@dataclass
class Container:
    settings: Settings
    clock: Clock = utc_now
    renderer: TemplateRenderer = field(default_factory=TemplateRenderer)
    runtime: ServiceRuntime = field(init=False)
    dispatcher: Dispatcher = field(init=False)
    housekeeping: Housekeeping = field(init=False)
    planning: Planning = field(init=False)

    @property
    def topics(self) -> Topics:
        return Topics(self.settings.topic_prefix)

    def uow(self) -> SqlNotificationsUnitOfWork:
        return self.runtime.unit_of_work(
            SqlNotificationsUnitOfWork, inbox_table=orm.processed_messages
        )


def providers(settings: Settings) -> tuple[EmailProvider, SmsProvider]:
    """The configured providers, each behind its rate limit (Notify's shared by both)."""
    notify = RateLimiter(settings.notify_rate_per_minute)
    email: EmailProvider
    if settings.email_provider == "notify":
        email = RateLimitedEmail(
            NotifyEmailProvider(
                _notify_key(settings), settings.notify_email_template_id, settings.notify_base_url
            ),
            notify,
        )
    else:
        password = settings.smtp_password
        email = SmtpEmailProvider(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_from,
            username=settings.smtp_username,
            password=password.get_secret_value() if password else None,
            starttls=settings.smtp_starttls,
            use_tls=settings.smtp_use_tls,
            ca_file=str(settings.smtp_ca_file) if settings.smtp_ca_file else None,
        )
        if settings.smtp_rate_per_minute:
            email = RateLimitedEmail(email, RateLimiter(settings.smtp_rate_per_minute))
    sms: SmsProvider
    if settings.sms_provider == "notify":
        sms = RateLimitedSms(
            NotifySmsProvider(
                _notify_key(settings), settings.notify_sms_template_id, settings.notify_base_url
            ),
            notify,
        )
    else:
        sms = SmsSinkProvider(settings.sms_sink_file)
    return email, sms


def _notify_key(settings: Settings) -> str:
    if settings.notify_api_key is None:
        raise ValueError("T2T_NOTIFY_API_KEY is required when a provider is 'notify'")
    return settings.notify_api_key.get_secret_value()


def bootstrap(
    settings: Settings | None = None,
    *,
    email: EmailProvider | None = None,
    sms: SmsProvider | None = None,
    clock: Clock = utc_now,
) -> Container:
    from notifications.entrypoints.consumers import build_routes

    settings = settings or Settings()
    container = Container(settings, clock=clock)
    container.planning = Planning(
        contact_target_days=settings.contact_target_days,
        clock=clock,
        mailboxes=settings.coordinator_mailboxes,
        check=render_check(container.renderer),
        offer_link=offer_link_builder(
            settings.portal_url, settings.offer_link_secret.get_secret_value()
        ),
    )
    routes = build_routes(container)
    container.runtime = ServiceRuntime(settings, outbox_table=orm.outbox, routes=routes)
    configured_email, configured_sms = (
        providers(settings) if email is None or sms is None else (email, sms)
    )
    container.dispatcher = Dispatcher(
        uow_factory=container.uow,
        email=email or configured_email,
        sms=sms or configured_sms,
        renderer=container.renderer,
        topics=container.topics,
        policy=DispatchPolicy(
            batch_size=settings.dispatch_batch_size,
            workers=settings.dispatch_workers,
            max_attempts=settings.max_send_attempts,
            poll_interval_s=settings.dispatch_poll_interval_s,
            abandoned_after_s=settings.dispatch_abandoned_after_s,
            renew_every_s=settings.dispatch_abandoned_after_s / 4,
            drain_timeout_s=settings.dispatch_drain_timeout_s,
            unknown_grace_s=settings.unknown_outcome_grace_s,
            quiet_hours=settings.quiet_hours,
            sends_per_recipient_per_day=settings.sends_per_recipient_per_day,
            breaker=BreakerPolicy(
                first_probe_s=settings.provider_probe_first_s,
                max_probe_s=settings.provider_probe_max_s,
                window_s=settings.provider_outage_window_s,
                probe_lease_s=settings.provider_probe_lease_s,
            ),
        ),
        clock=clock,
    )
    container.housekeeping = Housekeeping(
        container.uow,
        container.planning,
        container.topics,
        HousekeepingPolicy(
            every_s=settings.housekeeping_every_s,
            contact_wait_max_s=settings.contact_wait_max_s,
            attempts_days=settings.retention_attempts_days,
            notifications_days=settings.retention_notifications_days,
        ),
    )
    return container
