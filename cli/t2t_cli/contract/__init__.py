"""The published contract for subscribers: AsyncAPI, JSON Schemas and their compatibility check.

`python -m t2t_cli.contract generate|check|release` (`make contract`, `make contract-release`).
"""
