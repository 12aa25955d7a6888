"""Portal: the service's pages for people, calling the services' public HTTP APIs."""
