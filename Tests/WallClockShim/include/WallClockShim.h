#ifndef IRONCASHIER_WALLCLOCKSHIM_H
#define IRONCASHIER_WALLCLOCKSHIM_H

// Test tooling only: an LD_PRELOAD library that moves a process's WALL clock and nothing else.
//
// Loaded with LD_PRELOAD=.../libWallClockShim.so, it interposes clock_gettime (CLOCK_REALTIME and
// CLOCK_REALTIME_COARSE only; every other clock passes straight through), gettimeofday and time, and adds
// an offset in seconds read from the file named by IRONCASHIER_TEST_WALL_CLOCK_OFFSET_FILE (a signed
// decimal integer, e.g. "86400" or "-172800"). The file is re-read at most every 100 ms of real monotonic
// time, so a test moves the clock of a running process by rewriting it. A missing file means offset 0; a
// file that does not parse keeps the last offset.
//
// Timers, sleeps, timerfds and monotonic clocks are untouched (Task.sleep and retry backoff keep real time),
// and the environment is only read, never written (unlike libfaketime, whose setenv moves the environ
// block the Swift runtime finds argv from).

/// The environment variable naming the offset file.
#define WALL_CLOCK_SHIM_OFFSET_FILE_VARIABLE "IRONCASHIER_TEST_WALL_CLOCK_OFFSET_FILE"

/// The offset in seconds the shim currently adds to the wall clock (reads the file when due).
long long WallClockShim_offsetSeconds(void);

#endif
