#ifndef KAOWU_DIGEST_H
#define KAOWU_DIGEST_H

/*
 * SHA-256 (FIPS 180-4) in C: with the x86 SHA extensions (SHA-NI) where the CPU has them,
 * chosen at run time, else portable C. Swift's own version cost a third of a photo import's
 * CPU (every photo is hashed, and the whole archive once more for the import record).
 *
 * The context is a plain struct so the Swift wrapper can hold it by value; no allocation.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KAOWU_SHA256_DIGEST_SIZE 32

typedef struct kaowu_sha256 {
    uint32_t state[8];
    /* Bytes hashed so far. */
    uint64_t length;
    /* A partial block waiting for more input. */
    unsigned char block[64];
    unsigned pending;
    /* Nonzero: this context uses the portable compression (forced by the caller, so tests can
     * check both against the same vectors, or because the CPU lacks SHA-NI). */
    int portable;
} kaowu_sha256;

/* `portable` nonzero forces the portable C compression for this context. */
void kaowu_sha256_init(kaowu_sha256 *context, int portable);
void kaowu_sha256_update(kaowu_sha256 *context, const void *data, size_t size);
/* Pads, writes the 32-byte digest; the context must be initialised again before reuse. */
void kaowu_sha256_final(kaowu_sha256 *context, unsigned char digest[KAOWU_SHA256_DIGEST_SIZE]);
/* Nonzero when this CPU has SHA-NI (and SSE4.1), so contexts not forced portable use it. */
int kaowu_sha256_accelerated(void);

#ifdef __cplusplus
}
#endif

#endif
