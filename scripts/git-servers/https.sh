#!/usr/bin/env bash
# Usage: [GIT_SERVER_AUTH=user:password] [TLS_CERT=cert.pem TLS_KEY=key.pem] https.sh BASEDIR [PORT]
# Like http.sh over TLS. Without TLS_CERT/TLS_KEY it makes a self-signed certificate for DNS:localhost
# in BASEDIR/tls/cert.pem (trust that file on the client). Prints e.g. https://localhost:34567/git/
# (mbedTLS, libgit2's TLS on Debian, rejects certificates that only name IP:127.0.0.1).
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/lighttpd-common.sh"
prepare_base "$1"
mkdir -p "$BASE/tls"
cert=${TLS_CERT:-$BASE/tls/cert.pem}
key=${TLS_KEY:-$BASE/tls/key.pem}
if [ ! -f "$cert" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
        -addext "subjectAltName=DNS:localhost" -keyout "$key" -out "$cert" 2>/dev/null
fi
cat "$cert" "$key" >"$BASE/tls/server.pem"
start_lighttpd https "${2:-}" "$BASE/tls/server.pem"
echo "https://localhost:$PORT/git/"
