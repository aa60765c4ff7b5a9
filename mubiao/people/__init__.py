"""People in bulk: a spreadsheet of the organization's people (docs/people-import.md).

    import_people(actor, file_name=…, data=…, dry_run=False) -> PeopleImport
    export_people(actor, fmt="xlsx" | "csv") -> bytes

The file is read with the OKR import's machinery (okrs.transfer: formats, caps, zip-bomb
checks, located errors); writing is one transaction in services.py.
"""
