#!/bin/sh
# A CGI that fails every request with HTTP 500 and the server's own explanation as text/plain,
# the way a hosting site's front end reports its storage being down (served at /failing/). The
# body carries a terminal escape and a very long line: a client must not pass either through.
printf 'Status: 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\n'
printf '\033[31mInternal error: the repository storage is offline.\033[0m\n'
printf 'Incident %s: try again in a few minutes.\n' "7f3a"
printf 'trace %s\n' "$(head -c 3000 /dev/zero | tr '\0' x)"
printf 'a fourth line\n'
exit 0
