# Starts lighttpd + git http-backend for http.sh and https.sh; source it after common.sh.
# Optional environment: GIT_SERVER_AUTH=user:password requires HTTP basic authentication.

# start_lighttpd SCHEME PORT [PEMFILE]
start_lighttpd() {
    local scheme=$1 port=$2 pemfile=${3:-}
    local dir="$BASE/$scheme"
    mkdir -p "$dir/www"
    local conf="$dir/lighttpd.conf"
    cat >"$conf" <<CONF
server.modules = ("mod_alias", "mod_cgi", "mod_setenv", "mod_auth", "mod_authn_file"$([ "$scheme" = https ] && echo ', "mod_openssl"'))
server.bind = "127.0.0.1"
server.port = $port
server.document-root = "$dir/www"
server.errorlog = "$dir/error.log"
server.max-request-size = 1048576
alias.url = ("/git" => "/usr/lib/git-core/git-http-backend")
cgi.assign = ("" => "")
setenv.set-environment = ("GIT_PROJECT_ROOT" => "$BASE/repos", "GIT_HTTP_EXPORT_ALL" => "1")
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
auth.require = ("/git" => ("method" => "basic", "realm" => "git", "require" => "valid-user"))
CONF
    fi
    local log="$BASE/$scheme.log"
    spawn_server "$log" lighttpd -D -f "$conf"
    local pid=$SERVER_PID
    echo "$pid" >"$BASE/$scheme.pid"
    wait_for_port "$port" "$pid" "$log"
}
