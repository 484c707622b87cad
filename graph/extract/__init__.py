"""Extract: entries → facts (papers, topics, lexicon matches, typed relations with evidence)."""
