"""HTTP plumbing shared by every service: app factory, errors, auth dependencies, health."""
