"""The BibTeX library: strict loading, LaTeX to text, the house citation style."""
