#ifndef GITKIT_CLIBGIT2_SHIM_H
#define GITKIT_CLIBGIT2_SHIM_H

#include <git2.h>
#include <git2/sys/stream.h>
#include <git2/sys/transport.h>

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one wrapper per option used. */

/* Certificate file and/or directory used to verify https servers (NULL keeps the other). */
static inline int gitkit_set_ssl_cert_locations(const char *file, const char *directory) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, directory);
}

/* Where configuration files of one level are looked up; NULL restores the default. */
static inline int gitkit_set_search_path(git_config_level_t level, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, (int)level, path);
}

/* Whether opening a repository owned by another user fails (libgit2 default: on). */
static inline int gitkit_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

/* Version numbers of the linked libgit2. */
static inline int gitkit_version(int *major, int *minor, int *revision) {
    return git_libgit2_version(major, minor, revision);
}

/*
 * The plain socket every transport (git://, http, the TCP under https and ssh) connects
 * through, as libgit2's own but with TCP_NODELAY and MSG_NOSIGNAL. libgit2 sends a pack one
 * small write per object: with Nagle's algorithm each write after the first waited for the
 * server's delayed acknowledgement, about 40 ms per push.
 *
 * The layout after `parent` is that of libgit2 1.5's own socket stream: its ssh transport
 * reads the descriptor `s` from it to hand to libssh2.
 */
typedef struct {
    git_stream parent;
    char *host;
    char *port;
    int s;
} gitkit_socket_stream;

static inline int gitkit_socket_fail(int error_class, const char *what, const char *host, int code) {
    char message[512];
    snprintf(message, sizeof message, "%s %s: %s", what, host, code ? strerror(code) : "unknown error");
    git_error_set_str(error_class, message);
    return -1;
}

static inline int gitkit_socket_connect(git_stream *stream) {
    gitkit_socket_stream *st = (gitkit_socket_stream *)stream;
    struct addrinfo hints, *info = NULL, *candidate;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_family = AF_UNSPEC;
    int resolved = getaddrinfo(st->host, st->port, &hints, &info);
    if (resolved != 0) {
        char message[512];
        snprintf(message, sizeof message, "failed to resolve address for %s: %s", st->host, gai_strerror(resolved));
        git_error_set_str(GIT_ERROR_NET, message);
        return -1;
    }
    int s = -1, code = 0;
    for (candidate = info; candidate != NULL; candidate = candidate->ai_next) {
        s = socket(candidate->ai_family, candidate->ai_socktype | SOCK_CLOEXEC, candidate->ai_protocol);
        if (s < 0) { code = errno; continue; }
        if (connect(s, candidate->ai_addr, candidate->ai_addrlen) == 0) break;
        code = errno;
        close(s);
        s = -1;
    }
    freeaddrinfo(info);
    if (s < 0) return gitkit_socket_fail(GIT_ERROR_OS, "failed to connect to", st->host, code);
    int one = 1;
    (void)setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    st->s = s;
    return 0;
}

static inline ssize_t gitkit_socket_read(git_stream *stream, void *data, size_t length) {
    gitkit_socket_stream *st = (gitkit_socket_stream *)stream;
    ssize_t received;
    do { received = recv(st->s, data, length, 0); } while (received < 0 && errno == EINTR);
    if (received < 0) return gitkit_socket_fail(GIT_ERROR_OS, "error receiving data from", st->host, errno);
    return received;
}

static inline ssize_t gitkit_socket_write(git_stream *stream, const char *data, size_t length, int flags) {
    gitkit_socket_stream *st = (gitkit_socket_stream *)stream;
    ssize_t sent;
    do { sent = send(st->s, data, length, flags | MSG_NOSIGNAL); } while (sent < 0 && errno == EINTR);
    if (sent < 0) return gitkit_socket_fail(GIT_ERROR_OS, "error sending data to", st->host, errno);
    return sent;
}

static inline int gitkit_socket_close(git_stream *stream) {
    gitkit_socket_stream *st = (gitkit_socket_stream *)stream;
    int result = st->s >= 0 ? close(st->s) : 0;
    st->s = -1;
    return result;
}

static inline void gitkit_socket_free(git_stream *stream) {
    gitkit_socket_stream *st = (gitkit_socket_stream *)stream;
    free(st->host);
    free(st->port);
    free(st);
}

static inline int gitkit_socket_stream_new(git_stream **out, const char *host, const char *port) {
    gitkit_socket_stream *st = calloc(1, sizeof *st);
    if (st == NULL) return -1;
    st->host = strdup(host);
    st->port = strdup(port);
    st->s = -1;
    if (st->host == NULL || st->port == NULL) {
        gitkit_socket_free(&st->parent);
        return -1;
    }
    st->parent.version = GIT_STREAM_VERSION;
    st->parent.connect = gitkit_socket_connect;
    st->parent.read = gitkit_socket_read;
    st->parent.write = gitkit_socket_write;
    st->parent.close = gitkit_socket_close;
    st->parent.free = gitkit_socket_free;
    *out = &st->parent;
    return 0;
}

/* Makes every transport connect through gitkit_socket_stream. */
static inline int gitkit_register_socket_stream(void) {
    git_stream_registration registration;
    memset(&registration, 0, sizeof registration);
    registration.version = GIT_STREAM_VERSION;
    registration.init = gitkit_socket_stream_new;
    return git_stream_register(GIT_STREAM_STANDARD, &registration);
}

/*
 * A smart subtransport and its stream with room for the Swift object that implements them
 * (GitKit's OpenSSH transport). libgit2 hands back pointers to `parent`, the first member, so
 * the enclosing struct, and with it `owner`, is found by a cast.
 */
typedef struct {
    git_smart_subtransport parent;
    void *owner;
} gitkit_subtransport;

typedef struct {
    git_smart_subtransport_stream parent;
    void *owner;
} gitkit_subtransport_stream;

static inline git_smart_subtransport *gitkit_subtransport_parent(gitkit_subtransport *subtransport) {
    return &subtransport->parent;
}

static inline gitkit_subtransport *gitkit_subtransport_of(git_smart_subtransport *parent) {
    return (gitkit_subtransport *)parent;
}

static inline git_smart_subtransport_stream *gitkit_subtransport_stream_parent(gitkit_subtransport_stream *stream) {
    return &stream->parent;
}

static inline gitkit_subtransport_stream *gitkit_subtransport_stream_of(git_smart_subtransport_stream *parent) {
    return (gitkit_subtransport_stream *)parent;
}

#endif
