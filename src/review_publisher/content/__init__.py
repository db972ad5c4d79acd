"""Reading pages: exactly as the engine reads them, their front matter, their citations."""
