#ifndef GITKIT_CLIBGIT2_SHIM_H
#define GITKIT_CLIBGIT2_SHIM_H

#include <git2.h>

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

#endif
