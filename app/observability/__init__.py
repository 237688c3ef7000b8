"""Operations: Prometheus metrics, JSON logs with request ids, the redaction of tokens in
logged paths."""
