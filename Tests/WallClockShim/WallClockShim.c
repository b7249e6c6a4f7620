// See include/WallClockShim.h. Thread-safe without locks: the offset and the next re-read deadline are
// atomics, one thread at a time wins the right to re-read the file, and the others use the last offset.
// No stdio and no malloc of its own, and it calls no interposed function, so a call can never recurse.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "WallClockShim.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

typedef int (*clock_gettime_function)(clockid_t, struct timespec *);
typedef int (*gettimeofday_function)(struct timeval *restrict, void *restrict);
typedef time_t (*time_function)(time_t *);

static _Atomic(clock_gettime_function) real_clock_gettime_pointer;
static _Atomic(gettimeofday_function) real_gettimeofday_pointer;
static _Atomic(time_function) real_time_pointer;

static _Atomic int64_t offset_seconds;
/// Monotonic nanoseconds from which the file is due to be read again (0: never read yet).
static _Atomic int64_t next_read_nanoseconds;

static const int64_t reread_interval_nanoseconds = 100 * 1000 * 1000;

static pthread_once_t path_once = PTHREAD_ONCE_INIT;
static char offset_file_path[4096];

static void copy_offset_file_path(void) {
    // Only reads the environment, once; the copy keeps it valid whatever the program does to environ later.
    const char *path = getenv(WALL_CLOCK_SHIM_OFFSET_FILE_VARIABLE);
    if (path != NULL && strlen(path) < sizeof offset_file_path) strcpy(offset_file_path, path);
}

// dlsym(RTLD_NEXT) once per function; a race stores the same pointer twice, which is harmless.
static clock_gettime_function real_clock_gettime(void) {
    clock_gettime_function function = atomic_load_explicit(&real_clock_gettime_pointer, memory_order_acquire);
    if (function == NULL) {
        function = (clock_gettime_function)dlsym(RTLD_NEXT, "clock_gettime");
        atomic_store_explicit(&real_clock_gettime_pointer, function, memory_order_release);
    }
    return function;
}

static gettimeofday_function real_gettimeofday(void) {
    gettimeofday_function function = atomic_load_explicit(&real_gettimeofday_pointer, memory_order_acquire);
    if (function == NULL) {
        function = (gettimeofday_function)dlsym(RTLD_NEXT, "gettimeofday");
        atomic_store_explicit(&real_gettimeofday_pointer, function, memory_order_release);
    }
    return function;
}

static time_function real_time(void) {
    time_function function = atomic_load_explicit(&real_time_pointer, memory_order_acquire);
    if (function == NULL) {
        function = (time_function)dlsym(RTLD_NEXT, "time");
        atomic_store_explicit(&real_time_pointer, function, memory_order_release);
    }
    return function;
}

/// Parses an optionally signed decimal integer with optional surrounding whitespace; 0 when it does not.
static int parse_seconds(const char *text, int64_t *value) {
    const char *p = text;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    int negative = 0;
    if (*p == '+' || *p == '-') negative = *p++ == '-';
    if (*p < '0' || *p > '9') return 0;
    int64_t result = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        // Far beyond any useful offset (about 317 years): refuse rather than overflow.
        if (result > 10000000000LL) return 0;
        result = result * 10 + (*p - '0');
    }
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (*p != '\0') return 0;
    *value = negative ? -result : result;
    return 1;
}

static void read_offset_file(void) {
    if (offset_file_path[0] == '\0') return;
    int descriptor = open(offset_file_path, O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) {
        atomic_store_explicit(&offset_seconds, 0, memory_order_relaxed);
        return;
    }
    char text[64];
    ssize_t count = read(descriptor, text, sizeof text - 1);
    close(descriptor);
    if (count <= 0) return;
    text[count] = '\0';
    int64_t value;
    if (parse_seconds(text, &value)) atomic_store_explicit(&offset_seconds, value, memory_order_relaxed);
}

static int64_t current_offset_seconds(void) {
    pthread_once(&path_once, copy_offset_file_path);
    struct timespec monotonic;
    if (real_clock_gettime()(CLOCK_MONOTONIC, &monotonic) != 0) return atomic_load_explicit(&offset_seconds, memory_order_relaxed);
    int64_t now = (int64_t)monotonic.tv_sec * 1000000000LL + monotonic.tv_nsec;
    int64_t due = atomic_load_explicit(&next_read_nanoseconds, memory_order_acquire);
    if (due == 0) {
        // Never read yet: every thread that gets here reads the file itself before answering (a few reads
        // at start-up cost nothing), so no caller ever sees the unshifted time and nobody waits on another.
        int saved = errno;
        read_offset_file();
        errno = saved;
        atomic_compare_exchange_strong(&next_read_nanoseconds, &due, now + reread_interval_nanoseconds);
    } else if (now >= due && atomic_compare_exchange_strong(&next_read_nanoseconds, &due, now + reread_interval_nanoseconds)) {
        // Due again: the one thread whose exchange succeeded reads; the others keep the last offset.
        int saved = errno;
        read_offset_file();
        errno = saved;
    }
    return atomic_load_explicit(&offset_seconds, memory_order_relaxed);
}

long long WallClockShim_offsetSeconds(void) { return current_offset_seconds(); }

int clock_gettime(clockid_t clock, struct timespec *time) {
    int result = real_clock_gettime()(clock, time);
    if (result == 0 && (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE)) {
        time->tv_sec += current_offset_seconds();
    }
    return result;
}

int gettimeofday(struct timeval *restrict time, void *restrict zone) {
    int result = real_gettimeofday()(time, zone);
    if (result == 0) time->tv_sec += current_offset_seconds();
    return result;
}

time_t time(time_t *result) {
    time_t now = real_time()(NULL);
    if (now != (time_t)-1) now += current_offset_seconds();
    if (result != NULL) *result = now;
    return now;
}
