"""What the portal does between a page and the services' APIs."""
