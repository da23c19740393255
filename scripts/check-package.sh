#!/usr/bin/env bash
# Checks the packages users install (the .deb, and the .rpm when given) against what
# src-tauri/tauri.conf.json promises, and unpacks the .deb so its binary can be tested:
#
#   ./scripts/check-package.sh <file.deb> <unpack dir> [<file.rpm>]
#
# .deb: the control fields (Package, Version, Architecture, Depends naming the WebKitGTK 4.1 and
# GTK 3 libraries), then, unpacked into <unpack dir> with `dpkg-deb -x` (nothing is installed):
# an executable usr/bin/<binary>, a .desktop entry with Type/Name/Exec/Icon/Categories that
# points at that binary and icon, and the hicolor icons at every size of the PNGs tauri.conf.json
# lists (byte for byte those files). .rpm: name, version, architecture, the same libraries (by soname) in
# its requirements, and the same binary, .desktop entry and icons in its file list.
# Prints each check; exits non-zero at the first one that fails.
#
# Why: the tests drive a binary, but users get a package; a bundle setting that drops the icons,
# the desktop entry or a dependency breaks the installed app while every other test passes.
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 2 ] || { echo "usage: $0 <file.deb> <unpack dir> [<file.rpm>]" >&2; exit 2; }
deb=$1 root=$2 rpm=${3:-}

ok() { printf '  \033[32mok\033[0m   %s\n' "$*"; }
fail() { printf '  \033[1;31mFAIL\033[0m %s\n' "$*" >&2; exit 1; }
expect_eq() { # <what> <actual> <expected>
  [ "$2" = "$3" ] && ok "$1 = $2" || fail "$1 is '$2', expected '$3'"
}

# What the package must contain, from the app's own configuration.
conf=src-tauri/tauri.conf.json
read_conf() { node -e "const c = require('./$conf'); console.log($1)"; }
version=$(read_conf 'c.version')
product=$(read_conf 'c.productName')
# The app's executable: the [[bin]] target of src-tauri/Cargo.toml.
binary=$(awk '/^\[\[bin\]\]/ { b = 1; next } b && /^name *=/ { gsub(/^name *= *"|"$/, ""); print; exit }' src-tauri/Cargo.toml)
[ -n "$binary" ] || fail "no [[bin]] name in src-tauri/Cargo.toml"
package=$(printf '%s' "$product" | tr '[:upper:] ' '[:lower:]-')
mapfile -t icons < <(read_conf "c.bundle.icon.filter((p) => p.endsWith('.png')).join('\n')")
[ ${#icons[@]} -gt 0 ] || fail "$conf lists no PNG icons"

# hicolor directory of a PNG, the way the bundler names it: <width>x<height>, plus "@2" for
# an "@2x" file.
icon_dir() {
  local png=$1 size
  size=$(od -An -tu1 -j16 -N8 "$png" \
    | awk '{ printf "%dx%d", $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }')
  case "$png" in *@2x.png) size="$size@2" ;; esac
  printf '%s' "$size"
}

echo "check-package: $deb"
[ -f "$deb" ] || fail "$deb does not exist"
field() { dpkg-deb -f "$deb" "$1"; }
expect_eq "Package" "$(field Package)" "$package"
expect_eq "Version" "$(field Version)" "$version"
expect_eq "Architecture" "$(field Architecture)" "$(dpkg --print-architecture)"
depends=$(field Depends)
for lib in libwebkit2gtk-4.1-0 libgtk-3-0; do
  # Depends is a comma-separated list; an entry may carry a version constraint.
  printf '%s\n' "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx "$lib" \
    && ok "Depends includes $lib" || fail "Depends ($depends) lacks $lib"
done

listing=$(dpkg-deb -c "$deb")
printf '%s\n' "$listing" | grep -qE " (\./)?usr/bin/$binary\$" \
  && ok "lists ./usr/bin/$binary" || fail "no ./usr/bin/$binary in the package"

rm -rf "$root"
mkdir -p "$root"
dpkg-deb -x "$deb" "$root"
ok "unpacked into $root ($(find "$root" -type f | wc -l) files)"
bin=$root/usr/bin/$binary
[ -x "$bin" ] && [ -f "$bin" ] || fail "$bin is not an executable file"
head -c4 "$bin" | od -An -c | grep -q 'E   L   F' || fail "$bin is not an ELF binary"
ok "usr/bin/$binary is an executable ELF file ($(du -h "$bin" | cut -f1))"

mapfile -t desktops < <(find "$root/usr/share/applications" -name '*.desktop' 2>/dev/null)
[ ${#desktops[@]} -eq 1 ] || fail "expected one .desktop file in usr/share/applications, found ${#desktops[@]}"
desktop=${desktops[0]}
entry() { sed -n "s/^$1=//p" "$desktop" | head -n1; }
expect_eq "$(basename "$desktop"): Type" "$(entry Type)" "Application"
expect_eq "$(basename "$desktop"): Name" "$(entry Name)" "$product"
exec_cmd=$(entry Exec)
[ "${exec_cmd%% *}" = "$binary" ] && ok "$(basename "$desktop"): Exec=$exec_cmd runs usr/bin/$binary" \
  || fail "$(basename "$desktop"): Exec=$exec_cmd does not run $binary"
expect_eq "$(basename "$desktop"): Icon" "$(entry Icon)" "$binary"
[ -n "$(entry Categories)" ] && ok "$(basename "$desktop"): Categories=$(entry Categories)" \
  || fail "$(basename "$desktop") has no Categories"

icon_paths=()
for icon in "${icons[@]}"; do
  src=src-tauri/$icon
  rel=usr/share/icons/hicolor/$(icon_dir "$src")/apps/$binary.png
  icon_paths+=("/$rel")
  cmp -s "$src" "$root/$rel" && ok "$rel is $icon" || fail "$rel missing or not $icon"
done

if [ -n "$rpm" ]; then
  echo "check-package: $rpm"
  [ -f "$rpm" ] || fail "$rpm does not exist"
  query() { rpm -qp --nosignature --queryformat "$1" "$rpm"; }
  expect_eq "Name" "$(query '%{NAME}')" "$package"
  expect_eq "Version" "$(query '%{VERSION}')" "$version"
  expect_eq "Arch" "$(query '%{ARCH}')" "$(uname -m)"
  requires=$(rpm -qp --nosignature --requires "$rpm")
  # The bundler requires the libraries by soname, e.g. `libgtk-3.so.0()(64bit)`.
  for lib in libwebkit2gtk-4.1.so.0 libgtk-3.so.0; do
    printf '%s\n' "$requires" | sed 's/[( ].*//' | grep -qx "$lib" \
      && ok "Requires includes $lib" || fail "Requires ($(echo $requires)) lacks $lib"
  done
  files=$(rpm -qp --nosignature --list "$rpm")
  for path in "/usr/bin/$binary" "/usr/share/applications/$(basename "$desktop")" "${icon_paths[@]}"; do
    printf '%s\n' "$files" | grep -qx "$path" && ok "lists $path" || fail "no $path in the rpm"
  done
fi
echo "check-package: all checks passed"
