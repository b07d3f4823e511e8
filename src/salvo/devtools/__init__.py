"""Developer tools, not the product: benchmarks named by what they measure.

- ``extraction_speed``: extraction throughput (articles/s on one core) and peak memory
  (``salvo bench``);
- ``ingest_cost``: a full ingest (extraction, storage, merging) against extraction alone
  (``salvo bench ingest``);
- ``api_latency``: API latency per endpoint and the dashboard's first render
  (``python -m salvo.devtools.api_latency``).

They sit above every product layer (they compose ingest, store, pipeline and api), and only
the command line imports them.
"""
