"""Build dist/slaeditor_<version>_<arch>.deb from the PyInstaller bundle with dpkg-deb.

Layout: the bundle in /opt/slaeditor, /usr/bin/slaeditor a symlink to its program, and the
desktop integration in /usr/share (desktop entry, AppStream metainfo, MIME type for *.sla.yaml,
hicolor icons). `Depends` is computed: every shared library a bundled ELF file needs (its
DT_NEEDED entries) that the bundle does not carry is looked up in the linker cache, then in
dpkg's database, and the owning package's shlibs entry gives the versioned dependency.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
APP_ID = "io.github.slaeditor.SlaEditor"
PACKAGE = "slaeditor"
INSTALL_DIR = Path("opt") / PACKAGE
# Not libraries, so no ELF entry names them: the contract's typefaces (templates/standard's CSS).
EXTRA_DEPENDS = ("fonts-liberation2 | fonts-liberation", "fontconfig")
# ca-certificates: `verify` checks signers against the system roots (without it none is trusted)
RECOMMENDS = ("fonts-dejavu-core", "xdg-utils", "ca-certificates")
DESCRIPTION = """\
Build service level agreements and export Word and PDF contracts
 SLA Editor guides legal and sales staff through a service level agreement
 step by step (parties, services, availability, service credits, support,
 exclusions, reporting), computes downtime budgets and credit tables, and
 exports a signable Word or PDF contract from editable template packs."""


def run(*command: str) -> str:
    """Run a command and return its standard output."""
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def is_elf(path: Path) -> bool:
    """Return True for an ELF binary (a program or shared library)."""
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def needed_libraries(bundle: Path) -> dict[str, set[str]]:
    """Return each DT_NEEDED name in the bundle's ELF files and which files need it."""
    sys.path.insert(0, str(HERE.parent))
    from bundle_filter import needed

    wanted: dict[str, set[str]] = {}
    for path in bundle.rglob("*"):
        if is_elf(path):
            for name in needed(str(path)):
                wanted.setdefault(name, set()).add(str(path.relative_to(bundle)))
    return wanted


def linker_cache() -> dict[str, str]:
    """Map sonames to paths as `ldconfig -p` lists them (first entry: native architecture)."""
    paths: dict[str, str] = {}
    for line in run("/sbin/ldconfig", "-p").splitlines()[1:]:
        name, _, path = line.strip().partition(" => ")
        paths.setdefault(name.split(" ")[0], path)
    return paths


def owning_package(path: str) -> str:
    """Return the Debian package (with architecture qualifier) that installed `path`."""
    real = Path(path).resolve()
    candidates = {path, str(real)}
    for candidate in list(candidates):  # merged /usr: dpkg may know either spelling
        if candidate.startswith("/usr/lib/"):
            candidates.add(candidate.removeprefix("/usr"))
        elif candidate.startswith("/lib"):
            candidates.add("/usr" + candidate)
    for candidate in sorted(candidates):
        result = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:  # "libc6:amd64: /lib/x86_64-linux-gnu/libc.so.6"
            return result.stdout.splitlines()[0].split(": ", 1)[0].split(", ")[0]
    raise SystemExit(f"build_deb: no Debian package owns {path}")


def shlibs_dependency(package: str, soname: str) -> str:
    """Return the dependency the package's shlibs file declares for `soname`, else its name."""
    match = re.fullmatch(r"(.+)\.so\.(.+)", soname) or re.fullmatch(r"(.+)-([\d.]+)\.so", soname)
    name = package.split(":")[0]
    if match is None:
        return name
    library, version = match.groups()
    info = Path("/var/lib/dpkg/info")
    for shlibs in (info / f"{package}.shlibs", info / f"{name}.shlibs"):
        if not shlibs.is_file():
            continue
        for line in shlibs.read_text().splitlines():
            fields = line.split(maxsplit=2)
            if len(fields) == 3 and fields[0] == library and fields[1] == version:
                return fields[2]
    return name


def compute_depends(bundle: Path) -> tuple[list[str], dict[str, str]]:
    """Return the Depends entries and, for the report, which package each library came from."""
    carried = {path.name for path in bundle.rglob("*")}
    cache = linker_cache()
    missing = sorted(set(needed_libraries(bundle)) - carried)
    unresolved = [name for name in missing if name not in cache]
    if unresolved:
        raise SystemExit(
            "build_deb: the bundle needs libraries this machine does not have: "
            + ", ".join(unresolved)
        )
    depends: dict[str, str] = {}
    sources: dict[str, str] = {}
    for soname in missing:
        package = owning_package(cache[soname])
        sources[soname] = package.split(":")[0]
        dependency = shlibs_dependency(package, soname)
        depends.setdefault(dependency.split()[0], dependency)
    return sorted(depends.values()) + list(EXTRA_DEPENDS), sources


def check_release_version(version: str) -> None:
    """Refuse to build when the metainfo's newest release is not this version."""
    tree = ET.parse(HERE / f"{APP_ID}.metainfo.xml")  # noqa: S314 (our own file)
    release = tree.find("releases/release")
    if release is None or release.get("version") != version:
        found = None if release is None else release.get("version")
        raise SystemExit(
            f"build_deb: {APP_ID}.metainfo.xml: the newest <release> is {found}, but "
            f"pyproject.toml says {version}; add release notes for {version}"
        )


def install(source: Path, target: Path, mode: int = 0o644) -> None:
    """Copy one file into the package tree."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(mode)


def stage(bundle: Path, icons: Path, tree: Path) -> None:
    """Lay out the package's files under `tree`."""
    shutil.copytree(bundle, tree / INSTALL_DIR, symlinks=True)
    (tree / "usr" / "bin").mkdir(parents=True)
    (tree / "usr" / "bin" / PACKAGE).symlink_to(Path("/") / INSTALL_DIR / PACKAGE)
    share = tree / "usr" / "share"
    install(HERE / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop")
    install(HERE / f"{APP_ID}.metainfo.xml", share / "metainfo" / f"{APP_ID}.metainfo.xml")
    install(HERE / f"{APP_ID}.mime.xml", share / "mime" / "packages" / f"{APP_ID}.xml")
    hicolor = share / "icons" / "hicolor"
    for png in sorted(icons.glob("*x*.png")):
        install(png, hicolor / png.stem / "apps" / f"{APP_ID}.png")
    install(
        ROOT / "assets" / "icons" / "slaeditor.svg", hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    )
    install(HERE / "copyright", share / "doc" / PACKAGE / "copyright")
    for path in tree.rglob("*"):
        if path.is_dir():
            path.chmod(0o755)


def write_control(tree: Path, version: str, depends: list[str]) -> None:
    """Write DEBIAN/control and the maintainer scripts."""
    debian = tree / "DEBIAN"
    debian.mkdir()
    size_kib = sum(p.lstat().st_size for p in tree.rglob("*") if not p.is_dir()) // 1024
    control = {
        "Package": PACKAGE,
        "Version": version,
        "Architecture": run("dpkg", "--print-architecture").strip(),
        "Maintainer": "SLA Editor team <slaeditor@users.noreply.github.com>",
        "Installed-Size": str(size_kib),
        "Depends": ", ".join(depends),
        "Recommends": ", ".join(RECOMMENDS),
        "Section": "office",
        "Priority": "optional",
        "Homepage": "https://github.com/slaeditor/slaeditor",
        "Description": DESCRIPTION,
    }
    text = "".join(f"{key}: {value}\n" for key, value in control.items())
    (debian / "control").write_text(text)
    for script in ("postinst", "postrm"):
        install(HERE / script, debian / script, mode=0o755)


def build(bundle: Path, icons: Path, out_dir: Path, version: str) -> Path:
    """Build the .deb and return its path."""
    check_release_version(version)
    depends, sources = compute_depends(bundle)
    for soname, package in sorted(sources.items()):
        print(f"  system library {soname} <- {package}")
    work = ROOT / "build" / "deb"
    shutil.rmtree(work, ignore_errors=True)
    tree = work / "root"
    stage(bundle, icons, tree)
    write_control(tree, version, depends)
    arch = run("dpkg", "--print-architecture").strip()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
    # xz -6 (dpkg's default) takes ~3 minutes on 2 cores; the CI smoke test asks for -1.
    level = os.environ.get("SLAEDITOR_DEB_XZ_LEVEL", "6")
    run("dpkg-deb", "--root-owner-group", "-Zxz", f"-z{level}", "--build", str(tree), str(target))
    shutil.rmtree(work)
    print(f"Depends: {', '.join(depends)}")
    return target


def main() -> int:
    """Build the package from the command line (packaging/build.py calls `build`)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "bundle" / PACKAGE)
    parser.add_argument("--icons", type=Path, default=ROOT / "build" / "icons")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--version", required=True)
    args = parser.parse_args()
    print(f"wrote {build(args.bundle, args.icons, args.out, args.version)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
