"""The serve side: a Flask app over the store that a build published."""
