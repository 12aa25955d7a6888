"""`t2t demo`: plays the pilot's year through the public APIs of a running stack."""
