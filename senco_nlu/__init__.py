"""Rule-based NLU for the SENCO assistant: dates, the facts they are about, and stated facts (no Rasa import)."""
