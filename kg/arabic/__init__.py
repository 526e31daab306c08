"""Arabic text handling: normalisation for matching, tokens, sentences, morphology."""
