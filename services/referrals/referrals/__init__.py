"""referrals service."""
