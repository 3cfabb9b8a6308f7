#ifndef KAOWU_FUZZ_DRIVER_H
#define KAOWU_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// The callback libFuzzer calls with each input; returns 0.
typedef int (*kaowu_fuzz_callback)(const uint8_t *data, size_t size);

/// 1 when the binary was linked with libFuzzer (scripts/fuzz), else 0.
int kaowu_fuzz_driver_available(void);

/// Runs libFuzzer's driver with the process's arguments; only when available.
int kaowu_fuzz_run_driver(int *argc, char ***argv, kaowu_fuzz_callback callback);

#endif
