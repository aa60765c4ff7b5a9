"""Import and export of OKRs: text/Markdown, Excel, CSV and JSON (docs/import-export.md).

    import_okrs(actor, file_name=…, data=…, cycle=…, dry_run=False, progress=None) -> ImportResult
    export_okrs(actor, cycle=…, fmt="md" | "xlsx" | "csv" | "json") -> bytes
    blank_sheet("xlsx" | "csv") -> bytes

Reading a file builds a plan (plan.py); writing goes through okrs.services in one
transaction. Errors are ImportFailed, located in the file (errors.py).
"""

from mubiao.okrs.transfer.errors import ImportFailed, Location
from mubiao.okrs.transfer.exporter import blank_sheet, export_okrs
from mubiao.okrs.transfer.importer import ImportResult, import_okrs

__all__ = ["ImportFailed", "ImportResult", "Location", "blank_sheet", "export_okrs", "import_okrs"]
