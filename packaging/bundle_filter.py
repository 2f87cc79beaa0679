"""Keep the PyInstaller bundle lean: only the Qt plugins the application uses, only needed libs.

PyInstaller's Qt hooks collect every plugin of each plugin type a Qt module may use, and every
shared library those plugins link; with PySide6-Addons installed that is several hundred
megabytes the application never loads. slaeditor.spec filters the collected files with these
two functions. They run inside PyInstaller (imported by the spec), not inside the application.
"""

from __future__ import annotations

import posixpath
from pathlib import PurePosixPath

# Plugin folder -> plugin file name stems kept (None: every plugin in the folder).
# platforms: offscreen (tests, smoke test), xcb and wayland (Linux desktops), windows, cocoa.
_KEPT_PLUGINS: dict[str, tuple[str, ...] | None] = {
    "platforms": ("qoffscreen", "qxcb", "qwayland", "qwindows", "qcocoa"),
    "imageformats": None,
    "iconengines": ("qsvgicon",),
    "platforminputcontexts": (
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    ),
    "platformthemes": ("qxdgdesktopportal",),
    "xcbglintegrations": None,
    "wayland-shell-integration": None,
    "wayland-decoration-client": None,
    "styles": None,
}

# Loaded with dlopen by WeasyPrint (through cffi), so no ELF entry points at them.
WEASYPRINT_SONAMES = (
    "libgobject-2.0.so.0",
    "libpango-1.0.so.0",
    "libpangoft2-1.0.so.0",
    "libharfbuzz.so.0",
    "libharfbuzz-subset.so.0",
    "libfontconfig.so.1",
)
# Linux libraries left to the system even though PyInstaller would copy them: the D-Bus client
# library must match the running bus (and drags in libsystemd and libgcrypt).
_SYSTEM_ONLY = ("libdbus-1.so.3",)


def _plugin_parts(dest: str) -> tuple[str, str] | None:
    """Return (plugin folder, plugin stem) when `dest` is a Qt plugin, else None."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if "plugins" not in parts or "PySide6" not in parts:
        return None
    index = parts.index("plugins")
    if index + 2 >= len(parts):
        return None
    stem = parts[-1].split(".")[0]
    return parts[index + 1], stem.removeprefix("lib")


def keep_plugin(dest: str) -> bool:
    """Return False for a Qt plugin the application never loads (True for anything else)."""
    plugin = _plugin_parts(dest)
    if plugin is None:
        return True
    folder, stem = plugin
    if folder not in _KEPT_PLUGINS:
        return False
    stems = _KEPT_PLUGINS[folder]
    return stems is None or any(stem.startswith(kept) for kept in stems)


def _is_root(dest: str) -> bool:
    """Return True for a binary the program loads itself (not only as another's dependency)."""
    name = PurePosixPath(dest).name
    return (
        not name.startswith("lib")
        or ".cpython-" in name
        or ".abi3." in name
        or "/plugins/" in dest
        or "lib-dynload/" in dest
        or name.startswith("libpython")
        or name in WEASYPRINT_SONAMES
    )


def system_libraries(sonames: tuple[str, ...]) -> list[tuple[str, str]]:
    """Return (path, ".") binaries for the given sonames from the linker cache (Linux).

    WeasyPrint's PyInstaller hook looks them up with ctypes.util.find_library, which fails
    on some Python builds; the linker cache is what dlopen itself uses.
    """
    import subprocess

    listing = subprocess.run(
        ["/sbin/ldconfig", "-p"], capture_output=True, text=True, check=True
    ).stdout
    found: dict[str, str] = {}
    for line in listing.splitlines():
        name, _, path = line.strip().partition(" => ")
        soname = name.split(" ")[0]
        if soname in sonames:
            found.setdefault(soname, path)  # the first entry is the native architecture
    missing = [soname for soname in sonames if soname not in found]
    if missing:
        raise SystemExit(f"WeasyPrint needs these libraries, not found: {', '.join(missing)}")
    return [(found[soname], ".") for soname in sonames]


def needed(path: str) -> list[str]:
    """Return the DT_NEEDED entries of an ELF file (readelf, from binutils)."""
    import subprocess

    output = subprocess.run(
        ["readelf", "--dynamic", "--wide", path], capture_output=True, text=True, check=True
    ).stdout
    return [
        line.rsplit("[", 1)[1].rstrip("]") for line in output.splitlines() if "(NEEDED)" in line
    ]


def prune_unreachable(
    binaries: list[tuple[str, str, str]],
) -> list[tuple[str, str, str]]:
    """Drop shared libraries that no kept extension module, plugin or dlopened library needs.

    Linux only: starting from the binaries the program loads itself, follow DT_NEEDED
    entries to the collected files (matched by file name); libraries in _SYSTEM_ONLY are
    dropped so the system's copy is used. PyInstaller also lists top-level symlinks to
    libraries in subfolders (kind "SYMLINK", src = the target's dest): one is kept only when
    its target is.
    """
    files = [entry for entry in binaries if entry[2] != "SYMLINK"]
    by_name = {PurePosixPath(dest).name: (dest, src, kind) for dest, src, kind in files}
    kept: set[str] = set()
    queue = [entry for entry in files if _is_root(entry[0])]
    while queue:
        dest, src, _kind = queue.pop()
        if dest in kept or PurePosixPath(dest).name in _SYSTEM_ONLY:
            continue
        kept.add(dest)
        for name in needed(src):
            entry = by_name.get(name)
            if entry is not None and entry[0] not in kept:
                queue.append(entry)
    files_and_links = [entry for entry in binaries if entry[0] in kept or entry[2] == "SYMLINK"]
    return drop_dangling_symlinks(files_and_links, files_and_links)


def drop_dangling_symlinks(
    toc: list[tuple[str, str, str]], kept: list[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """Return `toc` less the symlinks whose target is not among the files in `kept`.

    A SYMLINK entry's src is the link target relative to the link's own folder.
    """
    present = {dest for dest, _src, kind in kept if kind != "SYMLINK"}
    return [
        (dest, src, kind)
        for dest, src, kind in toc
        if kind != "SYMLINK"
        or posixpath.normpath(posixpath.join(posixpath.dirname(dest), src)) in present
    ]
