"""docs/subscribers.md names every topic the code publishes, and says which are restricted."""

from __future__ import annotations

import re
from pathlib import Path

from t2t_cli.contract.discovery import discover

REPO = Path(__file__).resolve().parents[2]
DOC = (REPO / "docs" / "subscribers.md").read_text()
TOPIC_ROW = re.compile(r"^\| `t2t\.([a-z]+\.[a-z]+)` \|.*\| \**(public|restricted)\** \|$", re.M)
KAFKA_TOOL_OPTIONS = {"--reset-offsets", "--to-earliest", "--all-topics", "--execute"}


def test_every_published_topic_is_in_the_topics_table_with_its_access() -> None:
    rows = dict(TOPIC_ROW.findall(DOC))
    for topic in discover():
        expected = "restricted" if topic.restricted else "public"
        assert rows.get(f"{topic.service}.{topic.kind}") == expected, topic


def test_every_option_it_shows_for_the_example_exists() -> None:
    script = (REPO / "examples" / "subscriber" / "subscriber.py").read_text()
    for option in set(re.findall(r"(--[a-z][a-z-]+)", DOC)) - KAFKA_TOOL_OPTIONS:
        assert f'"{option}"' in script, option
