"""Whether a process of this machine still runs: for autosaves and locks left by a crash.

A window that crashed leaves its autosave and possibly a save lock behind; both are taken over
once their process is gone. On Windows os.kill(pid, 0) would terminate the process, so the
kernel is asked instead.
"""

from __future__ import annotations

import os
import sys


def process_alive(pid: int) -> bool:
    """Tell whether a process with this id is running (on any account).

    A reused id makes a crashed window's autosave look alive until that process ends; the
    autosave is then offered at a later start, which is late but never lost.
    """
    if sys.platform == "win32":
        return _alive_on_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists but belongs to another user
    except OSError:
        return False
    return True


def _alive_on_windows(pid: int) -> bool:
    """Ask Windows about the process; os.kill(pid, 0) there would terminate it."""
    if sys.platform != "win32":
        return False
    import ctypes

    process_query_limited_information = 0x1000
    still_active = 259
    access_denied = 5
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        return bool(ctypes.get_last_error() == access_denied)
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return bool(code.value == still_active)
    finally:
        kernel32.CloseHandle(handle)
