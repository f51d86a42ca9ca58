"""Clients and Dagster resources for every external system; no other project imports."""
