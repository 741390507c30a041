"""HTTP plumbing shared by every route: errors, CORS, validators and content negotiation."""
