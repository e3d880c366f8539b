"""'Because you watched...' - a SQL-only recommender from the 2020 hackathon."""
