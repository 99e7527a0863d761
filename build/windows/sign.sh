#!/usr/bin/env bash
# sign.sh FILE — signs FILE (Jiedao.exe or the .msi) in place with
# osslsigncode (Authenticode) when a certificate is supplied:
#
#   JIEDAO_SIGN_CERT      certificate (PEM or DER), or a .pfx/.p12 bundle
#   JIEDAO_SIGN_KEY       private key (PEM or DER); not needed for .pfx/.p12
#   JIEDAO_SIGN_PASS      the key's password (optional)
#   JIEDAO_SIGN_TIMESTAMP a timestamp server URL (optional, e.g.
#                         http://timestamp.digicert.com), so the signature
#                         outlives the certificate
#
# Without JIEDAO_SIGN_CERT it does nothing and says nothing: builds from a
# checkout and CI stay unsigned.
set -euo pipefail
file=${1:?usage: sign.sh FILE}
[ -n "${JIEDAO_SIGN_CERT:-}" ] || exit 0
command -v osslsigncode >/dev/null || { echo "sign.sh: JIEDAO_SIGN_CERT is set but osslsigncode is not installed (apt-get install osslsigncode)" >&2; exit 1; }

args=(sign -h sha256 -n "街道通 Jiedao" -i "https://jiedao.org")
case "$JIEDAO_SIGN_CERT" in
  *.pfx|*.p12) args+=(-pkcs12 "$JIEDAO_SIGN_CERT") ;;
  *) [ -n "${JIEDAO_SIGN_KEY:-}" ] || { echo "sign.sh: JIEDAO_SIGN_CERT is set but JIEDAO_SIGN_KEY is not" >&2; exit 1; }
     args+=(-certs "$JIEDAO_SIGN_CERT" -key "$JIEDAO_SIGN_KEY") ;;
esac
# The password goes through a file, not the command line, which other
# users of the machine could read in ps.
if [ -n "${JIEDAO_SIGN_PASS:-}" ]; then
  passfile=$(mktemp); trap 'rm -f "$passfile"' EXIT
  printf '%s' "$JIEDAO_SIGN_PASS" >"$passfile"
  args+=(-readpass "$passfile")
fi
[ -z "${JIEDAO_SIGN_TIMESTAMP:-}" ] || args+=(-ts "$JIEDAO_SIGN_TIMESTAMP")

signed="$file.signed"
osslsigncode "${args[@]}" -in "$file" -out "$signed" >/dev/null
mv "$signed" "$file"
osslsigncode verify -in "$file" >/dev/null 2>&1 || echo "sign.sh: $file signed (the certificate is not trusted on this machine)"
echo "sign.sh: signed $file"
