#!/bin/sh
# A CGI in front of git http-backend that lets everyone read and no one write, as a hosting site
# answers a user without write access: HTTP 403 with its reason as text/plain (served at /read-only/).
case "$QUERY_STRING$PATH_INFO" in
*git-receive-pack*)
    repository=${PATH_INFO#/}
    printf 'Status: 403 Forbidden\r\nContent-Type: text/plain\r\n\r\n'
    printf 'Permission to %s denied to %s.\n' "${repository%%.git/*}.git" "${REMOTE_USER:-anonymous}"
    printf 'Ask the owner for write access.\n'
    exit 0
    ;;
esac
exec /usr/lib/git-core/git-http-backend
