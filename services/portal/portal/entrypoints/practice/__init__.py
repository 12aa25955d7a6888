"""GP practice pages (role referrer)."""
