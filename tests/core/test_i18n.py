"""Every user-visible string has a zh-hans translation.

For each app, makemessages runs on a copy of its source; every message it extracts must be in
the committed catalogue, translated and not fuzzy (msgfmt leaves untranslated and fuzzy
entries out of the compiled catalogue, which is what is compared).
"""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = sorted(p.parent.name for p in (ROOT / "mubiao").glob("*/apps.py"))
CATALOGUE = Path("locale/zh_Hans/LC_MESSAGES/django.po")


def compiled_ids(po: Path, tmp: Path) -> set[str]:
    mo = tmp / f"{po.parent.parent.parent.parent.name}.mo"
    subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=True)
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    return {key if isinstance(key, str) else key[0] for key in catalog if key}


def extracted_ids(app: str, tmp: Path) -> set[str]:
    copy = tmp / app
    shutil.copytree(ROOT / "mubiao" / app, copy, ignore=shutil.ignore_patterns("locale"))
    (copy / CATALOGUE).parent.mkdir(parents=True)
    subprocess.run(
        # django-admin, not `python -m django`: the app's selectors.py would shadow the stdlib's
        # module of that name from the working directory.
        [str(Path(sys.executable).parent / "django-admin"), "makemessages", "-l", "zh_Hans",
         "--no-location", "--settings=mubiao.settings"],
        cwd=copy, check=True, capture_output=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    po = copy / CATALOGUE
    if not po.exists():
        return set()
    with_context = subprocess.run(
        ["msgattrib", "--no-wrap", str(po)], capture_output=True, text=True, check=True
    ).stdout
    ids, context = set(), None
    for line in with_context.splitlines():
        if line.startswith("msgctxt "):
            context = line[9:-1]
        elif line.startswith("msgid ") and line != 'msgid ""':
            msgid = line[7:-1].encode().decode("unicode_escape").encode("latin-1").decode()
            ids.add(f"{context}\x04{msgid}" if context else msgid)
            context = None
    return ids


@pytest.mark.parametrize("app", APPS)
def test_catalogue_is_complete(app, tmp_path):
    extracted = extracted_ids(app, tmp_path)
    if not extracted:
        return
    po = ROOT / "mubiao" / app / CATALOGUE
    assert po.exists(), f"mubiao/{app} has translatable text but no {CATALOGUE}"
    missing = extracted - compiled_ids(po, tmp_path)
    assert not missing, (
        f"mubiao/{app}: {len(missing)} messages missing, untranslated or fuzzy in the zh_Hans "
        f"catalogue (run makemessages in mubiao/{app} and translate): {sorted(missing)[:10]}"
    )


def test_one_translation_per_message(tmp_path):
    """Django merges the apps' catalogues and the first one wins, so a message translated two
    ways would show whichever app happens to come first (plural messages included: the people
    import's preview read '0 人已停用' from the directory's catalogue beside '新增 2 人')."""
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for po in sorted((ROOT / "mubiao").glob(f"*/{CATALOGUE}")):
        mo = tmp_path / "check.mo"
        subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=True)
        with mo.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog
        app = po.parents[3].name
        for key, translation in catalog.items():
            # A plural form's key is (msgid, form index): its translations must agree as well.
            if not key or (isinstance(key, tuple) and not key[0]):
                continue
            first = seen.setdefault(key, (app, translation))
            if first[1] != translation:
                clashes.append(f"{key!r}: {first[0]} {first[1]!r} ≠ {app} {translation!r}")
    assert not clashes, "\n".join(clashes)


def _catalog(mo: Path) -> dict:
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


@pytest.mark.parametrize("app", APPS)
def test_the_compiled_catalogue_in_the_repository_is_the_catalogue(app, tmp_path):
    """`pip install .` ships what the repository holds: without a committed, current .mo an
    installed Mubiao shows English to people who chose Chinese (a tester's server did, until it
    ran compilemessages). After editing a .po, `make messages` and commit the .mo beside it."""
    po = ROOT / "mubiao" / app / CATALOGUE
    if not po.exists():
        pytest.skip(f"{app} has no catalogue")
    mo = po.with_suffix(".mo").relative_to(ROOT)
    # The committed blob, not the working file: `make test` compiles the catalogues before the
    # suite runs, which would hide a stale commit. (Outside a git checkout, the file itself.)
    shipped = ROOT / mo
    if shutil.which("git") and (ROOT / ".git").exists():
        committed = subprocess.run(
            ["git", "show", f"HEAD:{mo}"], cwd=ROOT, capture_output=True, check=False
        )
        assert committed.returncode == 0, f"{mo} is not committed: run `make messages`, commit it"
        shipped = tmp_path / "shipped.mo"
        shipped.write_bytes(committed.stdout)
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(po)], check=True)
    assert _catalog(shipped) == _catalog(fresh), (
        f"{mo} as committed is older than its .po: run `make messages` and commit it"
    )


@pytest.mark.parametrize("app", APPS)
def test_every_catalogue_passes_msgfmt_check(app, tmp_path):
    """`msgfmt -c` refuses what a plain compile lets through: a plural translation past the
    language's one form (zh-hans has nplurals=1), a placeholder missing from a translation."""
    po = ROOT / "mubiao" / app / CATALOGUE
    if not po.exists():
        pytest.skip(f"{app} has no catalogue")
    checked = subprocess.run(
        ["msgfmt", "-c", "-o", str(tmp_path / "checked.mo"), str(po)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
