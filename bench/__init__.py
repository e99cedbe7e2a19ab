"""Benchmarks for WijkWijzer and the synthetic data they run on."""
