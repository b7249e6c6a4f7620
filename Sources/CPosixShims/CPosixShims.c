// posix_openpt, grantpt, unlockpt and ptsname_r are only declared with _GNU_SOURCE (ptsname_r is a GNU
// extension); Package.swift defines it for this target, as swift-nio's CNIOLinux does.
#ifndef _GNU_SOURCE
#error "CPosixShims must be compiled with _GNU_SOURCE (cSettings: [.define(\"_GNU_SOURCE\")])"
#endif

#include "CPosixShims.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int CPosixShims_openPseudoTerminal(char *slavePath, size_t slavePathCapacity) {
    // glibc's posix_openpt passes its flags straight to open("/dev/ptmx"), so O_CLOEXEC and
    // O_NONBLOCK take effect atomically here instead of needing a variadic fcntl from Swift.
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    if (master < 0) {
        return -1;
    }
    int failure = 0;
    if (grantpt(master) != 0 || unlockpt(master) != 0) {
        failure = errno;
    } else {
        // ptsname_r reports failure through its return value, not necessarily errno.
        int result = ptsname_r(master, slavePath, slavePathCapacity);
        if (result != 0) {
            failure = result;
        }
    }
    if (failure != 0) {
        close(master);
        errno = failure;
        return -1;
    }
    return master;
}
