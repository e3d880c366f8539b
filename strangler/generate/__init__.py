"""Stage 5: an `ExtractionPlan` -> files to write (service, client shim, routes) and codemods."""
