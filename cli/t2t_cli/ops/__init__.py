"""Operations commands: events tail, lag, dlq, funnel and replay, straight to the broker."""
