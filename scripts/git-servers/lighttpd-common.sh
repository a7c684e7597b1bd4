# Starts lighttpd + git http-backend for http.sh and https.sh; source it after common.sh.
# Optional environment: GIT_SERVER_AUTH=user:password requires HTTP basic authentication.
# Besides /git/ (git http-backend) it serves the same repositories at /read-only/ (pushes answered
# with 403 and a reason, cgi/read-only.sh), fails every request at /failing/ (500, cgi/failing.sh)
# and at /token-only/ checks GIT_SERVER_AUTH itself, refusing with 401 and a reason (cgi/token-only.sh);
# lighttpd itself refuses everything under /denied/ (mod_access: 403 with its own HTML page).

# start_lighttpd SCHEME REQUESTED_PORT [PEMFILE]: serves on the requested port, or a free one;
# sets PORT.
start_lighttpd() {
    LIGHTTPD_SCHEME=$1 LIGHTTPD_PEM=${3:-}
    listen_on "$1" "$2" spawn_lighttpd
}

CGI_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/cgi" && pwd)

# spawn_lighttpd PORT LOG: writes the configuration for PORT and starts lighttpd.
spawn_lighttpd() {
    local scheme=$LIGHTTPD_SCHEME port=$1 pemfile=$LIGHTTPD_PEM
    local dir="$BASE/$scheme"
    mkdir -p "$dir/www"
    local conf="$dir/lighttpd.conf" auth=${GIT_SERVER_AUTH:-}
    cat >"$conf" <<CONF
server.modules = ("mod_access", "mod_alias", "mod_cgi", "mod_setenv", "mod_auth", "mod_authn_file"$([ "$scheme" = https ] && echo ', "mod_openssl"'))
server.bind = "127.0.0.1"
server.port = $port
server.document-root = "$dir/www"
server.errorlog = "$dir/error.log"
server.max-request-size = 1048576
alias.url = ("/git" => "/usr/lib/git-core/git-http-backend",
             "/read-only" => "$CGI_DIR/read-only.sh",
             "/failing" => "$CGI_DIR/failing.sh",
             "/token-only" => "$CGI_DIR/token-only.sh")
cgi.assign = ("" => "")
\$HTTP["url"] =~ "^/denied/" { url.access-deny = ("") }
setenv.set-environment = ("GIT_PROJECT_ROOT" => "$BASE/repos", "GIT_HTTP_EXPORT_ALL" => "1",
                          "GIT_SERVER_USER" => "${auth%%:*}", "GIT_SERVER_TOKEN" => "${auth#*:}")
CONF
    if [ "$scheme" = https ]; then
        cat >>"$conf" <<CONF
ssl.engine = "enable"
ssl.pemfile = "$pemfile"
CONF
    fi
    if [ -n "${GIT_SERVER_AUTH:-}" ]; then
        printf '%s\n' "$GIT_SERVER_AUTH" >"$dir/users"
        cat >>"$conf" <<CONF
auth.backend = "plain"
auth.backend.plain.userfile = "$dir/users"
auth.require = ("/git" => ("method" => "basic", "realm" => "git", "require" => "valid-user"),
                "/read-only" => ("method" => "basic", "realm" => "git", "require" => "valid-user"))
CONF
    fi
    spawn_server "$2" lighttpd -D -f "$conf"
}
