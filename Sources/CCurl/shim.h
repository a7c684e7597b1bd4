#ifndef FOLLOWUP_CCURL_SHIM_H
#define FOLLOWUP_CCURL_SHIM_H

#include <curl/curl.h>
#include <dlfcn.h>
#include <stddef.h>

/* libcurl is loaded with dlopen when a server's refusal is to be read again, not linked: linked,
   it and the twenty libraries it needs would be loaded at every start of followup-sync. */
typedef struct {
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
} followup_curl_api;

/* 0 when libcurl was found and every function resolved. The library stays loaded. */
static inline int followup_curl_load(followup_curl_api *api) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return -1;
    api->easy_init = (CURL *(*)(void))dlsym(library, "curl_easy_init");
    api->easy_cleanup = (void (*)(CURL *))dlsym(library, "curl_easy_cleanup");
    api->easy_perform = (CURLcode (*)(CURL *))dlsym(library, "curl_easy_perform");
    api->easy_setopt = (CURLcode (*)(CURL *, CURLoption, ...))dlsym(library, "curl_easy_setopt");
    api->easy_getinfo = (CURLcode (*)(CURL *, CURLINFO, ...))dlsym(library, "curl_easy_getinfo");
    return api->easy_init && api->easy_cleanup && api->easy_perform && api->easy_setopt && api->easy_getinfo ? 0 : -1;
}

static inline CURL *followup_curl_init(const followup_curl_api *api) { return api->easy_init(); }
static inline void followup_curl_cleanup(const followup_curl_api *api, CURL *handle) { api->easy_cleanup(handle); }
static inline CURLcode followup_curl_perform(const followup_curl_api *api, CURL *handle) { return api->easy_perform(handle); }

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one wrapper per argument type. */

static inline CURLcode followup_curl_set_string(const followup_curl_api *api, CURL *handle, CURLoption option, const char *value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode followup_curl_set_long(const followup_curl_api *api, CURL *handle, CURLoption option, long value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode followup_curl_set_pointer(const followup_curl_api *api, CURL *handle, CURLoption option, void *value) {
    return api->easy_setopt(handle, option, value);
}

/* CURLAUTH_BASIC is a cast expression, which Swift does not import. */
static inline CURLcode followup_curl_use_basic_auth(const followup_curl_api *api, CURL *handle) {
    return api->easy_setopt(handle, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
}

typedef size_t (*followup_curl_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode followup_curl_set_write_callback(const followup_curl_api *api, CURL *handle, followup_curl_write_callback callback) {
    return api->easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

static inline CURLcode followup_curl_get_long(const followup_curl_api *api, CURL *handle, CURLINFO info, long *value) {
    return api->easy_getinfo(handle, info, value);
}

static inline CURLcode followup_curl_get_string(const followup_curl_api *api, CURL *handle, CURLINFO info, char **value) {
    return api->easy_getinfo(handle, info, value);
}

#endif
