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
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

// MARK: The real functions (dlsym(RTLD_NEXT) once each; a race stores the same pointer twice, harmlessly)

static void *real_function(_Atomic(void *) *slot, const char *name) {
    void *function = atomic_load_explicit(slot, memory_order_acquire);
    if (function == NULL) {
        function = dlsym(RTLD_NEXT, name);
        atomic_store_explicit(slot, function, memory_order_release);
    }
    return function;
}

#define REAL(name)                                                              \
    static _Atomic(void *) name##_slot;                                         \
    static __typeof__(&name) real_##name(void) {                                \
        return (__typeof__(&name))real_function(&name##_slot, #name);           \
    }

REAL(clock_gettime)
REAL(gettimeofday)
REAL(time)
REAL(clock_nanosleep)
REAL(sem_timedwait)
REAL(sem_clockwait)
REAL(pthread_cond_timedwait)
REAL(pthread_cond_clockwait)
REAL(pthread_mutex_timedlock)
REAL(pthread_mutex_clocklock)

// MARK: The offset

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
    int saved = errno;
    int descriptor = open(offset_file_path, O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) {
        atomic_store_explicit(&offset_seconds, 0, memory_order_relaxed);
        errno = saved;
        return;
    }
    char text[64];
    ssize_t count = read(descriptor, text, sizeof text - 1);
    close(descriptor);
    errno = saved;
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
        read_offset_file();
        atomic_compare_exchange_strong(&next_read_nanoseconds, &due, now + reread_interval_nanoseconds);
    } else if (now >= due && atomic_compare_exchange_strong(&next_read_nanoseconds, &due, now + reread_interval_nanoseconds)) {
        // Due again: the one thread whose exchange succeeded reads; the others keep the last offset.
        read_offset_file();
    }
    return atomic_load_explicit(&offset_seconds, memory_order_relaxed);
}

long long WallClockShim_offsetSeconds(void) { return current_offset_seconds(); }

static int is_wall_clock(clockid_t clock) { return clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE; }

// MARK: Reading the wall clock: real time + offset

int clock_gettime(clockid_t clock, struct timespec *time) {
    int result = real_clock_gettime()(clock, time);
    if (result == 0 && is_wall_clock(clock)) time->tv_sec += current_offset_seconds();
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

// MARK: Waiting until a wall-clock deadline: the deadline − offset, so the wait lasts what the caller meant
//
// The process computes such deadlines from the moved clock (libdispatch turns every DispatchSemaphore
// timeout into a sem_timedwait deadline; NIO's ConditionLock reads gettimeofday for pthread_cond_timedwait),
// while the C library compares them with the real clock: without this a +1 day offset makes a 10 ms wait
// last a day, and a negative one makes every wait return at once.

static struct timespec real_deadline(const struct timespec *deadline) {
    struct timespec real = *deadline;
    real.tv_sec -= current_offset_seconds();
    return real;
}

int clock_nanosleep(clockid_t clock, int flags, const struct timespec *request, struct timespec *remaining) {
    if (!(flags & TIMER_ABSTIME) || !is_wall_clock(clock) || request == NULL) return real_clock_nanosleep()(clock, flags, request, remaining);
    struct timespec real = real_deadline(request);
    return real_clock_nanosleep()(clock, flags, &real, remaining);
}

int sem_timedwait(sem_t *restrict semaphore, const struct timespec *restrict deadline) {
    struct timespec real = real_deadline(deadline);
    return real_sem_timedwait()(semaphore, &real);
}

int sem_clockwait(sem_t *restrict semaphore, clockid_t clock, const struct timespec *restrict deadline) {
    if (!is_wall_clock(clock)) return real_sem_clockwait()(semaphore, clock, deadline);
    struct timespec real = real_deadline(deadline);
    return real_sem_clockwait()(semaphore, clock, &real);
}

int pthread_cond_timedwait(pthread_cond_t *restrict condition, pthread_mutex_t *restrict mutex,
                           const struct timespec *restrict deadline) {
    // glibc (2.25 and later) keeps the clock chosen with pthread_condattr_setclock in bit 1 of __wrefs:
    // set means CLOCK_MONOTONIC, whose deadlines stay as they are.
    int monotonic = (__atomic_load_n(&condition->__data.__wrefs, __ATOMIC_RELAXED) & 2) != 0;
    if (monotonic) return real_pthread_cond_timedwait()(condition, mutex, deadline);
    struct timespec real = real_deadline(deadline);
    return real_pthread_cond_timedwait()(condition, mutex, &real);
}

int pthread_cond_clockwait(pthread_cond_t *restrict condition, pthread_mutex_t *restrict mutex, clockid_t clock,
                           const struct timespec *restrict deadline) {
    if (!is_wall_clock(clock)) return real_pthread_cond_clockwait()(condition, mutex, clock, deadline);
    struct timespec real = real_deadline(deadline);
    return real_pthread_cond_clockwait()(condition, mutex, clock, &real);
}

int pthread_mutex_timedlock(pthread_mutex_t *restrict mutex, const struct timespec *restrict deadline) {
    struct timespec real = real_deadline(deadline);
    return real_pthread_mutex_timedlock()(mutex, &real);
}

int pthread_mutex_clocklock(pthread_mutex_t *restrict mutex, clockid_t clock, const struct timespec *restrict deadline) {
    if (!is_wall_clock(clock)) return real_pthread_mutex_clocklock()(mutex, clock, deadline);
    struct timespec real = real_deadline(deadline);
    return real_pthread_mutex_clocklock()(mutex, clock, &real);
}
