"""The package version (read by the build hook and by mypkg itself)."""
__version__ = "0.1.0"
