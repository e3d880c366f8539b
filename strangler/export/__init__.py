"""Hand the proxy's route table to production proxies (nginx)."""
