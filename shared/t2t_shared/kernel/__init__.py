"""Plain-Python pieces every service's domain may use: no I/O, no framework, no database.

Domains import only this part of `t2t_shared`; the import contracts in `.importlinter`
forbid the rest (messaging, outbox, http, db) to them.
"""
