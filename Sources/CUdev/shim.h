#ifndef IRONCASHIER_CUDEV_SHIM_H
#define IRONCASHIER_CUDEV_SHIM_H
#include <libudev.h>
#endif
