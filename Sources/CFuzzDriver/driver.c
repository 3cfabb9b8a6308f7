#include "CFuzzDriver.h"

// A weak reference: resolved only when scripts/fuzz links libFuzzer (its no-main runtime, with
// `-u LLVMFuzzerRunDriver`); in the ordinary build it stays null and kaowu-fuzz replays files.
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t))
    __attribute__((weak));

int kaowu_fuzz_driver_available(void) { return LLVMFuzzerRunDriver != NULL; }

int kaowu_fuzz_run_driver(int *argc, char ***argv, kaowu_fuzz_callback callback) {
    if (LLVMFuzzerRunDriver == NULL) return -1;
    return LLVMFuzzerRunDriver(argc, argv, callback);
}
