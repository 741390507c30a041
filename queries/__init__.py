"""Named SPARQL queries, one .rq file per question."""
