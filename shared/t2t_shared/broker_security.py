"""FastStream takes TLS and SASL as one security object rather than as client arguments."""

from __future__ import annotations

from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512

from t2t_shared.messaging.kafka import KafkaConnection


def faststream_security(kafka: KafkaConnection) -> BaseSecurity | None:
    context = kafka.ssl_context()
    if kafka.sasl_mechanism:
        sasl = {
            "PLAIN": SASLPlaintext,
            "SCRAM-SHA-256": SASLScram256,
            "SCRAM-SHA-512": SASLScram512,
        }[kafka.sasl_mechanism]
        return sasl(kafka.sasl_username or "", kafka.sasl_password or "", ssl_context=context)
    if kafka.uses_tls:
        return BaseSecurity(ssl_context=context)
    return None
