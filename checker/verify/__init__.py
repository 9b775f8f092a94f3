"""Claim against evidence: comparable facts, the learned decision, and the suggestion a reviewer sees."""
