"""The PII canary: personal fields filled with unique values go through the whole running
stack (success paths, bad input, a poison event, a refused email, erasure); then not one of
them may be found in a log line, a topic ops can read, a metric, a console answer, an error
answer, or, after erasure, any table of any service. `allowed.py` lists the exceptions."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from rich.console import Console

from t2t_cli.stack.common import free_port
from t2t_cli.stack.config import ServiceSpec, StackConfig
from t2t_cli.stack.up import start_stack
from tests.e2e.privacy import collect, poison, scenario
from tests.e2e.privacy.client import Api
from tests.e2e.privacy.findings import Run, erased_ids, write_summary
from tests.e2e.privacy.people import REFUSED
from tests.e2e.privacy.settle import until_quiet
from tests.fixtures import canary_places
from tests.fixtures.canary import CanarySet, report
from tests.fixtures.refusing_smtp import RefusingMailCatcher
from tests.fixtures.services import STACK_ENV, unique_prefix

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
async def run(
    postgres_dsn: str,
    kafka_bootstrap: str,
    fresh_database: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Run]:
    started = time.monotonic()
    home = tmp_path_factory.mktemp("canary")
    smtp = RefusingMailCatcher(home / "mail", REFUSED)
    smtp.start()
    prefix = unique_prefix()
    databases = {name: fresh_database(f"canary_{name}") for name in collect.SERVICES}
    services = tuple(ServiceSpec(name, name, free_port()) for name in collect.SERVICES)
    config = StackConfig(
        home=home,
        postgres_dsn=postgres_dsn,
        kafka_bootstrap=kafka_bootstrap,
        smtp_host=smtp.host,
        smtp_port=smtp.port,
        services=services,
        ready_within=180,
        extra_env={
            **STACK_ENV,
            "T2T_TOPIC_PREFIX": prefix,
            "T2T_SMS_QUIET_HOURS": "",
            "T2T_RETRY_DELAYS_S": "[0.5]",
            "T2T_DISPATCH_POLL_INTERVAL_S": "0.2",
            "T2T_LAG_INTERVAL_S": "1",
            "T2T_TOPIC_REFRESH_S": "0.5",
            # Every public form of the run comes from one address: no 429 in the way.
            "T2T_SELF_REFERRALS_BURST": "100",
            "T2T_APPLICATION_BURST": "100",
            **{f"T2T_DATABASE_URL_{name.upper()}": url for name, url in databases.items()},
        },
    )
    result = Run(CanarySet())
    log_path = home / "stack.log"
    try:
        with log_path.open("w", buffering=1) as log_file:
            out = Console(file=log_file, width=10_000, color_system=None, soft_wrap=True)
            async with start_stack(config, console=out) as (_, info):
                api = Api({spec.name: info.url(spec) for spec in info.services})
                try:
                    made = await _play(api, result, smtp, kafka_bootstrap, prefix)
                    await until_quiet(list(databases.values()))
                    await _read_answers(api, result, "before erasure", made.ids())
                    await scenario.erase_everyone(api, made)
                    await until_quiet(list(databases.values()))
                    await _read_answers(api, result, "after erasure", made.ids())
                    await _read_stores(result, kafka_bootstrap, prefix, databases)
                    result.erased_ids = erased_ids(result, made)
                except BaseException:
                    print(f"the canary run failed; the stack's log: {log_path}")
                    raise
                finally:
                    await api.aclose()
                    result.places["refused requests"] = api.refusals
        result.places["logs"] = canary_places.log_lines(log_path)
        result.took_s = time.monotonic() - started
        write_summary(home, result)
        yield result
    finally:
        smtp.stop()


async def _play(
    api: Api, result: Run, smtp: RefusingMailCatcher, bootstrap: str, prefix: str
) -> scenario.Erasable:
    canaries, made = result.canaries, scenario.Erasable()
    facilitator = await scenario.recruit_facilitator(api, canaries, made)
    await scenario.open_group(api, facilitator, made)
    await scenario.gp_patient_placed(api, canaries, made)
    await scenario.self_referrer_rejected(api, canaries, made)
    await scenario.professional_refused_email(api, canaries, made, smtp)
    await scenario.community_wrong_number(api, canaries, made)
    await scenario.odd_inputs(api, canaries, made)
    contacts = f"{prefix}referrals.contacts"
    result.poison_key = await poison.send_poison(bootstrap, contacts, canaries)
    result.poison_went_to = await poison.until_dead_lettered(bootstrap, prefix, result.poison_key)
    return made


async def _read_answers(api: Api, result: Run, phase: str, ids: dict[str, str]) -> None:
    """What ops is shown: read before erasure (the most there is to see) and after it."""
    for category, places in (
        ("console", await collect.console(api, phase)),
        ("ops reads", await collect.ops_answers(api, phase, ids)),
        ("metrics", await collect.metrics(api, phase)),
    ):
        result.places.setdefault(category, {}).update(places)


async def _read_stores(result: Run, bootstrap: str, prefix: str, databases: dict[str, str]) -> None:
    result.places["topics"], result.topics = await collect.topics(bootstrap, prefix)
    result.places["tables"] = await collect.tables(databases)


def _assert_clean(run: Run, category: str) -> None:
    places = run.places[category]
    assert places, f"nothing was read for {category}: the search would prove nothing"
    hits = run.hits(category)
    assert not hits, report(hits, len(places))


def test_the_scenario_went_everywhere_it_should(run: Run) -> None:
    kinds = {canary.kind.split(".")[0] for canary in run.canaries}
    assert {"gp_patient", "self_referrer", "hp_patient", "community_patient"} <= kinds
    assert {"volunteer", "bad_input", "poison"} <= kinds
    assert any(t.endswith(".dlq") for t in run.topics)
    assert any(t.endswith(".retry") for t in run.topics)
    assert any(t.endswith(".events") for t in run.topics)
    assert any("retry" in t for t in run.poison_went_to), run.poison_went_to
    assert any("dlq" in t for t in run.poison_went_to), run.poison_went_to
    # A refused answer (a missing scope, a route gone) would make the search prove nothing.
    for category in ("console", "metrics"):
        reads = [where for where in run.places[category] if ":GET " in where]
        refused = [where for where in reads if not where.endswith("(200)")]
        assert not refused, f"{category} not read: {refused}"


def test_no_canary_in_any_log_line(run: Run) -> None:
    _assert_clean(run, "logs")


def test_no_canary_on_topics_ops_can_read(run: Run) -> None:
    _assert_clean(run, "topics")


def test_no_canary_in_metrics(run: Run) -> None:
    _assert_clean(run, "metrics")


def test_no_canary_in_console_answers(run: Run) -> None:
    _assert_clean(run, "console")


def test_no_canary_in_any_answer_to_an_ops_token(run: Run) -> None:
    _assert_clean(run, "ops reads")


def test_bad_input_is_answered_without_a_server_error(run: Run) -> None:
    answers = list(run.places["refused requests"])
    assert answers
    assert not [where for where in answers if where.startswith("http:5")], answers


def test_no_canary_in_answers_to_bad_input(run: Run) -> None:
    _assert_clean(run, "refused requests")


def test_no_canary_in_any_table_after_erasure(run: Run) -> None:
    _assert_clean(run, "tables")
