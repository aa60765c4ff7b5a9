"""Per-field accuracy of `read_key_result` on the hand-written corpus."""

from mubiao.okrtext import read_key_result

from .corpus import CORPUS, Expected

FIELDS = ("text", "metric", "start", "target", "target_type", "unit", "direction", "deadline",
          "due", "mentions", "is_activity")  # fmt: skip


def _same(field: str, got: object, want: object) -> bool:
    if field == "metric" and isinstance(got, str) and isinstance(want, str):
        # Metrics are phrases: compare without case and spacing ("A/B 测试" == "a/b测试").
        return "".join(got.split()).casefold() == "".join(want.split()).casefold()
    if isinstance(want, float | int) and not isinstance(want, bool) and got is not None:
        return float(got) == float(want)
    return got == want


def evaluate(
    entries: list[Expected] = CORPUS,
) -> tuple[dict[str, float], list[tuple[str, str, object, object]]]:
    """(accuracy per field, mismatches as (kr, field, got, expected))."""
    hits = dict.fromkeys(FIELDS, 0)
    misses = []
    for entry in entries:
        got = read_key_result(entry.kr, year=entry.year).to_dict()
        for field, want in entry.as_dict().items():
            if _same(field, got[field], want):
                hits[field] += 1
            else:
                misses.append((entry.kr, field, got[field], want))
    return {f: hits[f] / len(entries) for f in FIELDS}, misses


def table(columns: dict[str, tuple[dict[str, float], int]]) -> str:
    """A per-field table with one column per named corpus: {name: (accuracy, size)}."""
    header = f"{'field':<12}" + "".join(
        f"{f'{name} (n={n})':>22}" for name, (_, n) in columns.items()
    )
    rows = [header]
    for field in FIELDS:
        rows.append(f"{field:<12}" + "".join(f"{acc[field]:>22.1%}" for acc, _ in columns.values()))
    return "\n".join(rows)
