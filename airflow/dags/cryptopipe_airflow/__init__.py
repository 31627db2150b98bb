"""Building blocks of the crypto_daily_aggregation DAG: its settings, the job's exit-code contract, its operators."""
