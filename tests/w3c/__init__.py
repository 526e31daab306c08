"""A harness for the W3C SPARQL 1.1 test suites (protocol, graph store, result formats, service description).

Run against any server: ``cd tests && python -m w3c http://127.0.0.1:8000 --token TOKEN``.
"""
