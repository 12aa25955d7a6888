"""The embedded local stack: PostgreSQL, Tansu, a mail catcher and the services, no Docker.

``up.run_stack`` is `t2t up`; ``postgres``, ``broker`` and ``mail`` start one piece each
(the pytest plugin uses them too); ``supervisor`` owns the service processes.
"""
