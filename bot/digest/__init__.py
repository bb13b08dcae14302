"""The weekly digest: what the community learned, asked and could not answer, posted on schedule."""
