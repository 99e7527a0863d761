#!/usr/bin/env bash
# msi.sh VERSION JIEDAO.EXE OUT.msi — builds the per-user installer from
# jiedao.wxs with wixl, forces its code page to 936 so the Chinese names
# survive, checks that they did, and signs it when a certificate is given
# (sign.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=${1:?usage: msi.sh VERSION JIEDAO.EXE OUT.msi}
exe=${2:?usage: msi.sh VERSION JIEDAO.EXE OUT.msi}
out=${3:?usage: msi.sh VERSION JIEDAO.EXE OUT.msi}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "msi.sh: version $version is not x.y.z" >&2; exit 1; }
[ -f "$exe" ] || { echo "msi.sh: no $exe (make windows)" >&2; exit 1; }
start=$(date +%s)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The icon Add/Remove Programs shows, from the app's icon.
convert "$here/../../assets/icon.png" -define icon:auto-resize=256,64,48,32,16 "$tmp/jiedao.ico"

# WINDOWS_LANGUAGE makes libgsf write the summary information (title,
# comments) in code page 936 instead of dropping the Chinese.
# wixl takes source files by relative names only, hence the link.
ln -s "$(realpath "$exe")" "$tmp/Jiedao.exe"
cp "$here/jiedao.wxs" "$tmp/"
(cd "$tmp" && WINDOWS_LANGUAGE=zh_CN wixl -a x64 -D Version="$version" -D Exe=Jiedao.exe -D Icon=jiedao.ico \
  -o jiedao.msi jiedao.wxs)

# wixl stores the tables' strings in the database's code page, which it
# leaves at 0, where every Chinese letter becomes nothing; _ForceCodepage
# sets it to 936 (GBK), which holds them.
printf '\r\n\r\n936\t_ForceCodepage\r\n' >"$tmp/_ForceCodepage.idt"
(cd "$tmp" && WINDOWS_LANGUAGE=zh_CN msibuild jiedao.msi -i _ForceCodepage.idt)

# Proof that it worked: the shortcut and the product are named 街道通.
shortcut=$(msiinfo export "$tmp/jiedao.msi" Shortcut)
property=$(msiinfo export "$tmp/jiedao.msi" Property)
grep -q $'\t街道通\t' <<<"$shortcut" ||
  { echo "msi.sh: the Shortcut table lost the name 街道通:" >&2; echo "$shortcut" >&2; exit 1; }
grep -q $'^ProductName\t街道通' <<<"$property" ||
  { echo "msi.sh: ProductName is not 街道通:" >&2; echo "$property" >&2; exit 1; }

"$here/sign.sh" "$tmp/jiedao.msi"
mkdir -p "$(dirname "$out")"
mv "$tmp/jiedao.msi" "$out"
echo "$out: $(stat -c %s "$out") bytes, version $version, built in $(( $(date +%s) - start )) s"
