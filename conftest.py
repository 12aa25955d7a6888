"""Root conftest: the session fixtures for PostgreSQL, the broker and SMTP."""

pytest_plugins = ["t2t_cli.pytest_plugin", "tests.fixtures.services"]
