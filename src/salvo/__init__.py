"""Salvo: news reports about attacks in, a sourced incident database out."""

__version__ = "0.1.0"
