/* info.c: what this build of the library is (ABI version, package version, how it was built).
 * build_ffi.py passes the strings in as macros; a hand build gets "unknown". */
#include "lanes.h"

#ifndef MYPKG_VERSION_STRING
#define MYPKG_VERSION_STRING "unknown"
#endif
#ifndef MYPKG_BUILD_INFO
#define MYPKG_BUILD_INFO "variant=unknown; compiler=unknown; flags=unknown"
#endif

MYPKG_API int64_t mypkg_abi_version(void) { return MYPKG_ABI_VERSION; }

MYPKG_API const char *mypkg_version(void) { return MYPKG_VERSION_STRING; }

MYPKG_API const char *mypkg_build_info(void) { return MYPKG_BUILD_INFO; }
