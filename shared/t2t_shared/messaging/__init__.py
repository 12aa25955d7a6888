"""Kafka plumbing: connection settings, producer, consumers with retry and dead-letter topics."""
