"""What operators see of a running assistant: health (`/health/live`, `/health/ready`), Prometheus metrics
(`/metrics`) and JSON logs. Counts and states only: nothing here holds what a person typed or who they are.

- `metrics`: every metric, defined once, with the fixed label vocabularies;
- `health`: whether the tracker store and the lock store answer, within short timeouts;
- `endpoints`: the input channel that serves both on the Rasa port (credentials.yml);
- `logs`: one JSON object per log line, through structlog (README "Health, metrics and logs").
"""
