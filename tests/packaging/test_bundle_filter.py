"""The PyInstaller filters keep what the application loads and drop the rest of Qt."""

from __future__ import annotations

import importlib.util
import tomllib

import pytest
from helpers import ROOT

_spec = importlib.util.spec_from_file_location(
    "bundle_filter", ROOT / "packaging" / "bundle_filter.py"
)
assert _spec is not None and _spec.loader is not None
bundle_filter = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bundle_filter)

PLUGINS = "PySide6/Qt/plugins"


@pytest.mark.parametrize(
    "dest",
    [
        f"{PLUGINS}/platforms/libqoffscreen.so",
        f"{PLUGINS}/platforms/libqxcb.so",
        f"{PLUGINS}/platforms/libqwayland.so",
        f"{PLUGINS}/imageformats/libqjpeg.so",
        f"{PLUGINS}/iconengines/libqsvgicon.so",
        f"{PLUGINS}/wayland-shell-integration/libxdg-shell.so",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/Qt/lib/libQt6Core.so.6",
        "weasyprint/css/html5_ua.css",
    ],
)
def test_the_plugins_the_application_loads_are_kept(dest: str) -> None:
    assert bundle_filter.keep_plugin(dest)


@pytest.mark.parametrize(
    "dest",
    [
        f"{PLUGINS}/platforms/libqvnc.so",
        f"{PLUGINS}/platforms/libqeglfs.so",
        f"{PLUGINS}/platformthemes/libqgtk3.so",
        f"{PLUGINS}/multimedia/libffmpegmediaplugin.so",
        f"{PLUGINS}/sqldrivers/libqsqlite.so",
        f"{PLUGINS}/wayland-graphics-integration-client/libvulkan-server.so",
        f"{PLUGINS}/iconengines/libqsomethingelse.so",
    ],
)
def test_plugins_for_unused_qt_features_are_dropped(dest: str) -> None:
    assert not bundle_filter.keep_plugin(dest)


def test_a_symlink_goes_with_its_target() -> None:
    kept = [("PySide6/Qt/lib/libQt6Core.so.6", "/venv/libQt6Core.so.6", "BINARY")]
    toc = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"),
        ("PySide6/Qt/x/link.so", "../lib/libQt6Core.so.6", "SYMLINK"),
    ]
    assert bundle_filter.drop_dangling_symlinks(toc, kept) == [toc[0], toc[2]]


def test_the_metainfo_release_notes_describe_this_version() -> None:
    import xml.etree.ElementTree as ET

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    metainfo = ROOT / "packaging" / "linux" / "io.github.slaeditor.SlaEditor.metainfo.xml"
    release = ET.parse(metainfo).find("releases/release")
    assert release is not None
    assert release.get("version") == declared
