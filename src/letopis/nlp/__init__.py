"""Language identification, sentences, tokens and lemmas."""
