"""`python -m t2t_cli.bench`: throughput and latency of the broker, the relay and the services.

Everything runs on one private stack the bench starts and stops itself, so figures from two
runs compare like with like and a developer's own `t2t up` stack is never touched.
"""
