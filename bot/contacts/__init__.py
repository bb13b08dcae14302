"""The contacts directory and contact suggestions."""
