"""Distributed extraction on Dask: ``salvo ingest --engine dask`` (see ``salvo.distributed.engine``)."""
