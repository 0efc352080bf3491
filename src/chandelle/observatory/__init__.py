"""The observatory: many institutions in one store, and the sector seen from above.

* ``institutions`` — institutions and the accounts they own (``chandelle import --institution``).
* ``sector`` — the audit per institution and sector aggregates (``chandelle observatory``).
* ``mip`` — the UK "Museums in the Pandemic" counts against the minimum viable cadence
  (``chandelle observatory --mip DIR``).

Kept import-light: ``chandelle.ingest`` imports ``institutions`` inside the import transaction.
See docs/observatory.md.
"""
