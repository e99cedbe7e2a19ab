"""Harvest pipeline for partner feeds: fetch, parse, map, validate, write."""
