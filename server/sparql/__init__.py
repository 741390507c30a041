"""The SPARQL 1.1 Protocol: requests, running them within limits, results, cache, service description."""
