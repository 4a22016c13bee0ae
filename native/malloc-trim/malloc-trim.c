/*
 * glibc's malloc_trim(0) for Node: gives back to the OS the free memory of every malloc arena. A worker thread
 * that exits leaves its arena to glibc, which keeps it for the next thread and never returns what is free in it
 * (tens of MB after a build worker of a million-event log; docs/decisions.md, "Memory that exited workers leave to
 * glibc goes back to the OS").
 * Elsewhere than glibc there is nothing to trim: `trim` answers null.
 */
#define NAPI_VERSION 8
#include <stdlib.h>
#include <node_api.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/* true: memory was given back; false: there was none to give; null: not glibc. */
static napi_value Trim(napi_env env, napi_callback_info info) {
  napi_value result;
#if defined(__GLIBC__)
  napi_get_boolean(env, malloc_trim(0) == 1, &result);
#else
  napi_get_null(env, &result);
#endif
  return result;
}

NAPI_MODULE_INIT() {
  napi_value trim;
  napi_create_function(env, "trim", NAPI_AUTO_LENGTH, Trim, NULL, &trim);
  napi_set_named_property(env, exports, "trim", trim);
  return exports;
}
