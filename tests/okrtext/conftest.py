"""Prints the reader's per-field accuracy table at the end of the test run."""

REPORTS: list[str] = []


def pytest_terminal_summary(terminalreporter):
    for report in REPORTS:
        terminalreporter.write_sep("=", "okrtext: key result reading accuracy")
        terminalreporter.write_line(report)
