"""The embedded local stack: PostgreSQL, Tansu, a mail catcher and the services, no Docker."""
