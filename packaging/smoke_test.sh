#!/usr/bin/env bash
# Smoke test of the Linux package, as a user would meet it: build the bundle and the .deb
# (`make package`), install the .deb with dpkg, render the three example agreements with the
# installed `slaeditor`, sign and verify one with it, start the installed application (offscreen, and on X11 under Xvfb when
# xvfb-run is there) and let it close itself, then remove the package and check that nothing
# of it is left, and purge it. Needs root (dpkg). Run by .ci/run after `make test`; prints how long each
# step took. The package is removed again even when a step fails.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

fail() { echo "smoke_test: $*" >&2; exit 1; }
now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
installed() { dpkg-query -W -f='${Status}' slaeditor 2>/dev/null | grep -q "install ok installed"; }

[ "$(id -u)" = 0 ] || fail "run as root: it installs the package with dpkg"
installed && fail "slaeditor is already installed; remove it first (dpkg --purge slaeditor)"

t_start=$(now)
version=$(.venv/bin/python -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])' 2>/dev/null \
  || python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
deb="$ROOT/dist/slaeditor_${version}_$(dpkg --print-architecture).deb"

echo "== make package"
t0=$(now)
make package
t_package=$(seconds "$t0" "$(now)")
[ -f "$deb" ] || fail "$deb was not built"

echo "== metadata checks"
desktop-file-validate packaging/linux/io.github.slaeditor.SlaEditor.desktop
appstreamcli validate --no-net packaging/linux/io.github.slaeditor.SlaEditor.metainfo.xml
bundle_mib=$(du -sm dist/bundle/slaeditor | cut -f1)
deb_mib=$(awk -v b="$(stat -c %s "$deb")" 'BEGIN { printf "%.1f", b / 1048576 }')

work=$(mktemp -d)
cleanup() {
  if dpkg-query -W -f='${Status}' slaeditor 2>/dev/null | grep -qv "not-installed"; then
    echo "== removing the package after a failure"
    dpkg --purge slaeditor >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== dpkg -i $(basename "$deb")"
t0=$(now)
dpkg -i "$deb"
t_install=$(seconds "$t0" "$(now)")
dpkg -L slaeditor > "$work/files.txt"

[ "$(readlink -f /usr/bin/slaeditor)" = /opt/slaeditor/slaeditor ] || fail "/usr/bin/slaeditor is not the bundle"
[ "$(slaeditor --version)" = "SLA Editor $version" ] || fail "slaeditor --version: $(slaeditor --version)"
grep -q ':application/x-sla-agreement+yaml:\*\.sla\.yaml' /usr/share/mime/globs2 \
  || fail "the MIME database does not know *.sla.yaml"
if command -v update-desktop-database >/dev/null; then
  grep -q 'application/x-sla-agreement+yaml=io.github.slaeditor.SlaEditor.desktop' \
    /usr/share/applications/mimeinfo.cache || fail "the desktop database does not open *.sla.yaml with SLA Editor"
fi
for size in 16x16 32x32 48x48 128x128 256x256 512x512 scalable; do
  ls /usr/share/icons/hicolor/$size/apps/io.github.slaeditor.SlaEditor.* >/dev/null \
    || fail "no $size icon"
done

# The application runs as a user would, in a scratch home, outside the checkout.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
export XDG_STATE_HOME="$work/home/.local/state" XDG_CACHE_HOME="$work/home/.cache"
export XDG_RUNTIME_DIR="$work/runtime"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
cd "$work"

echo "== rendering the examples with the installed slaeditor"
t0=$(now)
for example in "$ROOT"/examples/*.sla.yaml; do
  name=$(basename "$example" .sla.yaml)
  cp "$example" .
  for format in pdf docx; do
    slaeditor render "$name.sla.yaml" -o "$name.$format" 2>/dev/null
    [ "$(stat -c %s "$name.$format")" -gt 10000 ] || fail "$name.$format is too small"
  done
  id=$(grep -m1 '^  agreement_id:' "$name.sla.yaml" | sed 's/.*: *//; s/"//g')
  pdftotext "$name.pdf" - | tr -s ' \n' ' ' | grep -qF "$id" || fail "$name.pdf lacks $id"
  "$ROOT/.venv/bin/python" - "$name.docx" "$id" <<'EOF' || fail "$name.docx lacks its agreement id"
import sys
from docx import Document

text = " ".join(" ".join(p.text for p in Document(sys.argv[1]).paragraphs).split())
sys.exit(0 if sys.argv[2] in text else 1)
EOF
  echo "   $name: pdf $(stat -c %s "$name.pdf") bytes, docx $(stat -c %s "$name.docx") bytes"
done
t_render=$(seconds "$t0" "$(now)")

# After signing: the monthly statement in business time (the bundle must carry the holidays
# package's country modules: the example's support calendar names GB-ENG's bank holidays).
cp "$ROOT"/examples/telecom-customer-2025-05.*.csv .
slaeditor credits telecom-customer.sla.yaml --period 2025-05 \
  --measurements telecom-customer-2025-05.measurements.csv \
  --support telecom-customer-2025-05.support.csv -o statement.json \
  || fail "slaeditor credits failed in the installed bundle"
grep -q '"credit_amount"' statement.json || fail "the statement lacks its credits"
slaeditor slo telecom-customer.sla.yaml -o slos.yaml || fail "slaeditor slo failed"
echo "   statement and SLOs written"

# A running worker lays a contract out in parts, in forked processes joined by pikepdf: the
# bundle must carry pikepdf and fork must work in it. The checkout's venv builds the requests.
echo "== previews laid out in parts by the installed render worker"
"$ROOT/.venv/bin/python" - "$work" <<'EOF' || fail "the installed worker did not lay out a preview in parts"
import json, subprocess, sys
from pathlib import Path
from slaeditor.storage import load_agreement
from slaeditor.storage.drafts import draft_from_agreement

work = Path(sys.argv[1])
draft = draft_from_agreement(load_agreement(Path("telecom-customer.sla.yaml")))
worker = subprocess.Popen(["slaeditor", "--render-worker"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
assert json.loads(worker.stdout.readline()) == {"ready": True}
for ident, title in ((1, "First Preview"), (2, "Second Preview")):
    draft["document"]["title"] = title
    worker.stdin.write(json.dumps({"id": ident, "kind": "preview", "data": draft, "base": None,
                                   "target": str(work / f"preview-{ident}.pdf")}) + "\n")
    worker.stdin.flush()
    reply = json.loads(worker.stdout.readline())
    assert reply["ok"] and reply["parts"] >= 2, reply
    text = subprocess.run(["pdftotext", reply["target"], "-"], capture_output=True, text=True).stdout
    assert title in text and "of " + str(reply["pages"]) in text, reply
    print(f"   preview {ident}: {reply['pages']} pages, {reply['parts']} parts, {reply['ms']:.0f} ms")
worker.stdin.close()
sys.exit(worker.wait(timeout=60))
EOF

# Signing came after the bundle was designed: pyHanko, cryptography and their data must be in
# it. A self-signed identity is made with the checkout's venv (tests/certs.py, the same code the
# tests use); the installed command signs an installed-render contract, a second signer
# countersigns, verify passes, the embedded agreement opens, and a changed byte fails.
echo "== signing and verifying with the installed slaeditor"
t0=$(now)
"$ROOT/.venv/bin/python" - "$ROOT/tests" "$work" <<'EOF' || fail "could not make the test certificates"
import sys
from pathlib import Path

sys.path.insert(0, sys.argv[1])
from certs import identity, issued_identity

identity(Path(sys.argv[2]), "Helen Marsh", "Albion Connect")
identity(Path(sys.argv[2]), "Jonathan Ashworth", "Meridian Freight")
issued_identity(Path(sys.argv[2]), "Gareth Lloyd", "Meridian Freight")  # with root.pem
EOF
printf 'correct horse\n' | slaeditor sign telecom-customer.pdf --cert "$work/helen-marsh.p12" \
  --field "Albion Connect - Helen Marsh" --reason "Agreed" --password-stdin -o signed-once.pdf \
  || fail "the installed slaeditor could not sign"
printf 'correct horse\n' | slaeditor sign signed-once.pdf --cert "$work/jonathan-ashworth.p12" \
  --field "Meridian - Jonathan Ashworth" --password-stdin -o signed.pdf \
  || fail "the installed slaeditor could not countersign"
if slaeditor verify signed.pdf > /dev/null 2>&1; then
  fail "verify accepted self-signed signatures without --allow-untrusted"
fi
slaeditor verify signed.pdf --allow-untrusted > verify.txt \
  || { cat verify.txt >&2; fail "verify rejected good signatures"; }
grep -q "^Signature 2" verify.txt && grep -q "self-signed" verify.txt \
  || { cat verify.txt >&2; fail "verify did not list both self-signed signatures"; }
slaeditor validate signed.pdf >/dev/null || fail "the signed PDF's embedded agreement does not open"
printf 'correct horse\n' | slaeditor sign signed.pdf --cert "$work/gareth-lloyd-issued.p12" \
  --field "Meridian - Gareth Lloyd" --password-stdin -o signed-three.pdf \
  || fail "the installed slaeditor could not sign with a CA-issued certificate"
slaeditor verify signed-three.pdf --trust "$work/root.pem" --allow-untrusted > verify.txt \
  || { cat verify.txt >&2; fail "verify --trust rejected good signatures"; }
grep -q "certificate trusted:    yes$" verify.txt \
  || { cat verify.txt >&2; fail "verify --trust did not trust the certificate its root issued"; }
if printf 'wrong\n' | slaeditor sign telecom-customer.pdf --cert "$work/helen-marsh.p12" \
  --field "Albion Connect - Helen Marsh" --password-stdin -o never.pdf 2>/dev/null; then
  fail "signing with a wrong password succeeded"
fi
[ ! -e never.pdf ] || fail "a failed signing left a file"
"$ROOT/.venv/bin/python" - signed.pdf tampered.pdf <<'EOF'
import sys

data = bytearray(open(sys.argv[1], "rb").read())
data[data.index(b"Meridian Freight Group plc")] ^= 1  # inside the first signature's range
open(sys.argv[2], "wb").write(bytes(data))
EOF
if slaeditor verify tampered.pdf >/dev/null 2>&1; then fail "verify passed a changed PDF"; fi
echo "   signed three times and verified (one trusted via --trust); a wrong password and a changed byte are refused"
t_sign=$(seconds "$t0" "$(now)")

# The GUI prints "window shown at <unix time>" and "render worker ready at <unix time>".
gui_run() {
  local label=$1; shift
  local launched out shown ready
  launched=$(now)
  out=$("$@" slaeditor --smoke 2>"$work/gui-stderr.txt") || {
    cat "$work/gui-stderr.txt" >&2; fail "the installed application did not start ($label)"; }
  shown=$(sed -n 's/.*window shown at //p' <<<"$out")
  ready=$(sed -n 's/.*render worker ready at //p' <<<"$out")
  awk -v l="$launched" -v s="$shown" -v r="$ready" -v label="$label" \
    'BEGIN { printf "   %s: window shown %.0f ms after launch, renderer ready %.0f ms\n", label, (s - l) * 1000, (r - l) * 1000 }'
}
echo "== starting the installed application"
t0=$(now)
for run in 1 2 3; do gui_run "offscreen run $run" env QT_QPA_PLATFORM=offscreen; done
if command -v xvfb-run >/dev/null; then
  gui_run "X11 (Xvfb)" env -u QT_QPA_PLATFORM xvfb-run -a -s "-screen 0 1400x900x24"
fi
t_gui=$(seconds "$t0" "$(now)")
pgrep -f '/opt/slaeditor/slaeditor --render-worker' >/dev/null && fail "a render worker outlived its window"

echo "== dpkg -r slaeditor"
cd "$ROOT"
t0=$(now)
dpkg -r slaeditor
t_remove=$(seconds "$t0" "$(now)")
installed && fail "still installed"
left=0
while read -r path; do
  # Shared folders (/usr/share/icons/hicolor/...) stay; our own files and folders must go.
  if [ -d "$path" ] && [ ! -L "$path" ] && [[ "$path" != *slaeditor* ]]; then continue; fi
  if [ -e "$path" ] || [ -L "$path" ]; then echo "left behind: $path" >&2; left=1; fi
done < "$work/files.txt"
[ "$left" = 0 ] || fail "dpkg -r left files behind"
[ ! -e /opt/slaeditor ] || fail "/opt/slaeditor is left behind"
! grep -q 'sla-agreement' /usr/share/mime/globs2 || fail "the MIME type outlived the package"
if [ -f /usr/share/applications/mimeinfo.cache ]; then
  ! grep -q 'io.github.slaeditor.SlaEditor' /usr/share/applications/mimeinfo.cache \
    || fail "the desktop database still lists SLA Editor"
fi

# dpkg keeps a removed package's postrm until it is purged; purge it so dpkg forgets it too.
dpkg --purge slaeditor >/dev/null
if dpkg-query -W -f='${Status}' slaeditor 2>/dev/null | grep -qv "not-installed"; then
  fail "dpkg still records slaeditor after --purge: $(dpkg-query -W -f='${Status}' slaeditor)"
fi

echo "== smoke test passed"
echo "   bundle ${bundle_mib} MiB on disk, $(basename "$deb") ${deb_mib} MiB"
echo "   make package ${t_package} s, dpkg -i ${t_install} s, 3 examples x 2 formats ${t_render} s,"
echo "   signing ${t_sign} s, GUI starts ${t_gui} s, dpkg -r ${t_remove} s; smoke test in all $(seconds "$t_start" "$(now)") s"
