"""Read models of the ops console: plain Python over decoded events, no infrastructure."""
