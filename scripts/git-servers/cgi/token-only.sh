#!/bin/sh
# A CGI in front of git http-backend that checks basic authentication itself, as hosting sites
# do, and refuses any other password than the token with HTTP 401 and its reason as text/plain
# (served at /token-only/; the token is GIT_SERVER_AUTH's password, in GIT_SERVER_TOKEN).
expected="Basic $(printf '%s' "$GIT_SERVER_USER:$GIT_SERVER_TOKEN" | base64 -w0)"
if [ -z "$GIT_SERVER_TOKEN" ] || [ "${HTTP_AUTHORIZATION:-}" != "$expected" ]; then
    printf 'Status: 401 Unauthorized\r\nWWW-Authenticate: Basic realm="git"\r\nContent-Type: text/plain\r\n\r\n'
    printf 'Invalid username or token.\n'
    printf 'Password authentication is not supported: use a personal access token.\n'
    exit 0
fi
REMOTE_USER=$GIT_SERVER_USER exec /usr/lib/git-core/git-http-backend
