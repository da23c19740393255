#!/usr/bin/env bash
# Draws Shopdesk's 1024x1024 source icon (a white shopping bag on a teal rounded square) with
# ImageMagick, then derives every icon file tauri.conf.json and the bundles reference.
# Run it only when the artwork changes; its outputs in icons/ are committed.
#
#   ./scripts/make-icon.sh            # needs ImageMagick (apt-get install imagemagick)
#
# When @tauri-apps/cli is installed (`npx tauri icon`), the script uses it for the derived
# files so the .icns/.ico match Tauri's own layout; otherwise ImageMagick writes them.
set -euo pipefail
cd "$(dirname "$0")/.."

IM=/usr/bin/convert
[ -x "$IM" ] || IM=$(command -v convert || true)
[ -n "$IM" ] || { echo "make-icon: ImageMagick's convert is required" >&2; exit 1; }

out=icons
mkdir -p "$out"
src="$out/app-icon.png"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Background: a rounded square with a diagonal teal gradient, 64 px margin as desktop icons use.
"$IM" -size 896x896 -define gradient:angle=135 gradient:'#14b8a6'-'#0f4c81' "$tmp/grad.png"
"$IM" -size 896x896 xc:none -fill white -draw 'roundrectangle 0,0 895,895 200,200' "$tmp/mask.png"
"$IM" "$tmp/grad.png" "$tmp/mask.png" -alpha off -compose CopyOpacity -composite "$tmp/bg.png"

# The bag: a soft shadow, the handle (an arc running down into two holes), the body (slightly
# wider at the bottom, with a rounded base) and a darker band along the top edge.
"$IM" -size 896x896 xc:none \
  -fill 'rgba(0,0,0,0.28)' -draw 'polygon 262,352 634,352 676,744 220,744' \
  -blur 0x18 "$tmp/shadow.png"
"$IM" -size 896x896 xc:none \
  -fill none -stroke white -strokewidth 40 -draw 'ellipse 448,300 112,130 180,360' \
  -draw 'line 336,300 336,400' -draw 'line 560,300 560,400' \
  -stroke none -fill white -draw 'polygon 250,330 646,330 690,730 206,730' \
  -fill white -draw 'roundrectangle 206,690 690,742 26,26' \
  -fill '#ccfbf1' -draw 'polygon 250,330 646,330 650,368 246,368' \
  -fill '#0f4c81' -draw 'circle 336,408 336,426' -draw 'circle 560,408 560,426' \
  "$tmp/bag.png"
"$IM" -size 1024x1024 xc:none \
  "$tmp/bg.png" -geometry +64+64 -composite \
  "$tmp/shadow.png" -geometry +76+84 -composite \
  "$tmp/bag.png" -geometry +64+64 -composite \
  -define png:color-type=6 "$src"

if [ -x node_modules/.bin/tauri ]; then
  npx tauri icon "$src" -o "$out"
  rm -rf "$out/android" "$out/ios"
else
  for s in 32 64 128 256 512; do
    "$IM" "$src" -resize ${s}x${s} -define png:color-type=6 "$out/${s}x${s}.png"
  done
  "$IM" "$src" -resize 256x256 -define png:color-type=6 "$out/128x128@2x.png"
  "$IM" "$src" -resize 512x512 -define png:color-type=6 "$out/icon.png"
  "$IM" "$src" -define icon:auto-resize=256,128,64,48,32,16 "$out/icon.ico"
  "$IM" "$src" -resize 512x512 "$out/icon.icns" 2>/dev/null || echo "make-icon: no icns writer; skipped" >&2
fi
echo "make-icon: wrote $(ls "$out" | wc -l) files to $out/"
