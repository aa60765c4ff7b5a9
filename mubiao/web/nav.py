"""Which item of the rail (the top menu) a page belongs to: one table over the URL names, read
by a context processor, so that no view names its section by hand (the grading review said
"My OKRs", issue 12). A page of no rail item (search, notifications, preferences, sign-in)
marks none. tests/web/test_nav_sections.py checks every URL name of a page against it."""

# The rail's items (web/base.html), each with the URL names of the pages under it.
SECTIONS: dict[str, tuple[str, ...]] = {
    "home": (
        "home", "objective_create", "objective", "objective_edit", "objective_grade",
        "objective_copy", "objective_move", "objective_archive", "objective_restore",
        "key_result", "key_result_restore", "check_mine", "grading", "calibration",
    ),
    "team": ("teams", "team", "team_check"),
    "company": ("company",),
    "alignment": (
        "alignment", "alignment_map", "alignment_map_hidden", "alignment_map_archived",
        "alignment_map_search",
    ),
    "templates": (
        "templates", "template_create", "template_from_objective", "template", "template_use",
        "template_edit", "template_delete",
    ),
    "reports": ("reports", "report"),
    "transfer": ("transfer", "import_preview", "import_confirm"),
    # The coaching pages (admins, and leads for their subtree): adoption and its sibling, the
    # grading review (the dashboards' tabs link both).
    "adoption": ("adoption", "grading_review"),
    "settings": (
        "settings", "settings_cycles", "settings_teams", "settings_team", "settings_people",
        "settings_member", "settings_quality", "settings_directory", "settings_sso",
        "people_import", "notify_channels",
    ),
}  # fmt: skip
SECTION_OF = {name: section for section, names in SECTIONS.items() for name in names}


def section(request) -> dict:
    """Context processor: `nav`, the rail item of the page's URL name (None: no item)."""
    match = getattr(request, "resolver_match", None)
    return {"nav": SECTION_OF.get(match.url_name) if match else None}
