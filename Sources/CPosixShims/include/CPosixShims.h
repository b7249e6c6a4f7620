#ifndef IRONCASHIER_CPOSIXSHIMS_H
#define IRONCASHIER_CPOSIXSHIMS_H

#include <stddef.h>

/// Opens a pseudo-terminal master (/dev/ptmx) as O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK,
/// grants and unlocks its slave, and writes the slave's path (e.g. "/dev/pts/3") into
/// `slavePath`, NUL-terminated.
///
/// Returns the master file descriptor, or -1 with errno set (the master is closed on failure).
/// Exists because Swift's Glibc module does not export posix_openpt, grantpt, unlockpt or ptsname_r.
int CPosixShims_openPseudoTerminal(char *slavePath, size_t slavePathCapacity);

#endif
