"""What the assistant does when something it depends on fails mid-conversation (README, "Faults")."""
