#ifndef IRONCASHIER_WALLCLOCKSHIM_H
#define IRONCASHIER_WALLCLOCKSHIM_H

// Test tooling only: an LD_PRELOAD library that moves a process's WALL clock and nothing else.
//
// Loaded with LD_PRELOAD=.../libWallClockShim.so, it adds an offset in seconds to every wall-clock read:
// clock_gettime for CLOCK_REALTIME and CLOCK_REALTIME_COARSE (every other clock passes straight through),
// gettimeofday and time. The offset comes from the file named by IRONCASHIER_TEST_WALL_CLOCK_OFFSET_FILE (a
// signed decimal integer, e.g. "86400" or "-172800"), re-read at most every 100 ms of real monotonic time,
// so a test moves the clock of a running process by rewriting it. A missing file means offset 0; a file
// that does not parse keeps the last offset.
//
// Waits until an absolute wall-clock deadline (sem_timedwait, sem_clockwait, pthread_cond_timedwait on a
// CLOCK_REALTIME condition, pthread_cond_clockwait, pthread_mutex_timedlock / _clocklock, clock_nanosleep
// with TIMER_ABSTIME) get the offset taken off again, because the process computed the deadline from the
// moved clock: libdispatch turns every DispatchSemaphore timeout into such a deadline. So every timed wait
// lasts as long as the caller meant. Monotonic clocks, relative sleeps, timerfds and Task.sleep are left
// alone. Not translated: CLOCK_REALTIME timerfds and POSIX timers armed with an absolute time (none of
// kioskd's libraries uses one). The environment is only read, never written (unlike libfaketime, whose
// setenv moves the environ block the Swift runtime finds argv from).

/// The environment variable naming the offset file.
#define WALL_CLOCK_SHIM_OFFSET_FILE_VARIABLE "IRONCASHIER_TEST_WALL_CLOCK_OFFSET_FILE"

/// The offset in seconds the shim currently adds to the wall clock (reads the file when due).
long long WallClockShim_offsetSeconds(void);

#endif
