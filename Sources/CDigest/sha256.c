/*
 * SHA-256 for kaowu: see include/kaowu_digest.h. The SHA-NI compression follows Intel's
 * published sequence (state kept as ABEF/CDGH, two rounds per sha256rnds2); the portable one
 * is the textbook FIPS 180-4 loop. Both are checked against the same vectors in the tests.
 */
#include "kaowu_digest.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define KAOWU_SHA_NI 1
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

static inline uint32_t load_be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void compress_portable(uint32_t state[8], const unsigned char *data, size_t blocks) {
    for (; blocks > 0; blocks--, data += 64) {
        uint32_t w[64];
        for (int t = 0; t < 16; t++) w[t] = load_be32(data + 4 * t);
        for (int t = 16; t < 64; t++) {
            uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (int t = 0; t < 64; t++) {
            uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
            uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}

#ifdef KAOWU_SHA_NI
/* Four rounds: the message words plus their constants, two rounds per sha256rnds2. */
#define KAOWU_ROUNDS4(message, group)                                                                      \
    do {                                                                                                   \
        __m128i sum = _mm_add_epi32((message), _mm_loadu_si128((const __m128i *)&K[4 * (group)]));         \
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, sum);                                                     \
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(sum, 0x0E));                            \
    } while (0)

/* The next four schedule words from the previous sixteen (w[t-16..t-1] in m0..m3). */
#define KAOWU_SCHEDULE(m0, m1, m2, m3) \
    _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32((m0), (m1)), _mm_alignr_epi8((m3), (m2), 4)), (m3))

__attribute__((target("sha,sse4.1"))) static void compress_sha_ni(uint32_t state[8], const unsigned char *data, size_t blocks) {
    const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
    for (; blocks > 0; blocks--, data += 64) {
        __m128i abef_start = abef, cdgh_start = cdgh;
        __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 0)), byteswap);
        __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16)), byteswap);
        __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 32)), byteswap);
        __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 48)), byteswap);
        KAOWU_ROUNDS4(m0, 0);
        KAOWU_ROUNDS4(m1, 1);
        KAOWU_ROUNDS4(m2, 2);
        KAOWU_ROUNDS4(m3, 3);
        for (int group = 4; group < 16; group += 4) {
            m0 = KAOWU_SCHEDULE(m0, m1, m2, m3);
            KAOWU_ROUNDS4(m0, group);
            m1 = KAOWU_SCHEDULE(m1, m2, m3, m0);
            KAOWU_ROUNDS4(m1, group + 1);
            m2 = KAOWU_SCHEDULE(m2, m3, m0, m1);
            KAOWU_ROUNDS4(m2, group + 2);
            m3 = KAOWU_SCHEDULE(m3, m0, m1, m2);
            KAOWU_ROUNDS4(m3, group + 3);
        }
        abef = _mm_add_epi32(abef, abef_start);
        cdgh = _mm_add_epi32(cdgh, cdgh_start);
    }
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

#undef KAOWU_ROUNDS4
#undef KAOWU_SCHEDULE

/* cpuid once: leaf 1 ECX bit 19 (SSE4.1) and bit 9 (SSSE3), leaf 7 EBX bit 29 (SHA). */
static int detect_sha_ni(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 19)) || !(c & (1u << 9))) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & (1u << 29)) != 0;
}
#endif

int kaowu_sha256_accelerated(void) {
#ifdef KAOWU_SHA_NI
    /* -1 until known; a race only repeats the same cpuid. */
    static int known = -1;
    int value = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (value < 0) {
        value = detect_sha_ni();
        __atomic_store_n(&known, value, __ATOMIC_RELAXED);
    }
    return value;
#else
    return 0;
#endif
}

static void compress(kaowu_sha256 *context, const unsigned char *data, size_t blocks) {
#ifdef KAOWU_SHA_NI
    if (!context->portable) {
        compress_sha_ni(context->state, data, blocks);
        return;
    }
#endif
    compress_portable(context->state, data, blocks);
}

void kaowu_sha256_init(kaowu_sha256 *context, int portable) {
    static const uint32_t initial[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };
    memset(context, 0, sizeof *context);
    memcpy(context->state, initial, sizeof initial);
    context->portable = portable || !kaowu_sha256_accelerated();
}

void kaowu_sha256_update(kaowu_sha256 *context, const void *data, size_t size) {
    const unsigned char *bytes = data;
    context->length += size;
    if (context->pending > 0) {
        size_t take = 64 - context->pending;
        if (take > size) take = size;
        memcpy(context->block + context->pending, bytes, take);
        context->pending += (unsigned)take;
        bytes += take;
        size -= take;
        if (context->pending < 64) return;
        compress(context, context->block, 1);
        context->pending = 0;
    }
    size_t blocks = size / 64;
    if (blocks > 0) {
        compress(context, bytes, blocks);
        bytes += blocks * 64;
        size -= blocks * 64;
    }
    memcpy(context->block, bytes, size);
    context->pending = (unsigned)size;
}

void kaowu_sha256_final(kaowu_sha256 *context, unsigned char digest[KAOWU_SHA256_DIGEST_SIZE]) {
    uint64_t bits = context->length * 8;
    unsigned pending = context->pending;
    context->block[pending++] = 0x80;
    if (pending > 56) {
        memset(context->block + pending, 0, 64 - pending);
        compress(context, context->block, 1);
        pending = 0;
    }
    memset(context->block + pending, 0, 56 - pending);
    for (int i = 0; i < 8; i++) context->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    compress(context, context->block, 1);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (unsigned char)(context->state[i] >> 24);
        digest[4 * i + 1] = (unsigned char)(context->state[i] >> 16);
        digest[4 * i + 2] = (unsigned char)(context->state[i] >> 8);
        digest[4 * i + 3] = (unsigned char)context->state[i];
    }
}
