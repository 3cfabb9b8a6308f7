#ifndef KAOWU_IMAGE_H
#define KAOWU_IMAGE_H

/*
 * JPEG and PNG through libjpeg(-turbo) and libpng, behind plain C functions that never abort.
 *
 * Both libraries report fatal errors by calling a handler that must not return; the shim's
 * handlers longjmp back into the shim function that called the library, which frees what it
 * allocated and returns a status code and a message. Swift never runs between setjmp and
 * longjmp, so no Swift frame is ever skipped.
 *
 * Every output buffer is malloc'd here and released with kaowu_image_free.
 */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes returned by every function. */
enum {
    KAOWU_IMAGE_OK = 0,
    /* The library refused the data: not this format, damaged or truncated. */
    KAOWU_IMAGE_CORRUPT = 1,
    /* The declared dimensions exceed the limits below; nothing was allocated for pixels. */
    KAOWU_IMAGE_TOO_LARGE = 2,
    /* A valid image the shim does not convert (e.g. an unusual JPEG colour space). */
    KAOWU_IMAGE_UNSUPPORTED = 3,
    KAOWU_IMAGE_NO_MEMORY = 4,
    KAOWU_IMAGE_BAD_ARGUMENT = 5
};

/* Decoding refuses images wider or higher than this, or with more pixels, before allocating. */
#define KAOWU_IMAGE_MAX_SIDE 10000
#define KAOWU_IMAGE_MAX_PIXELS 64000000L

/* Room for a library message; longer ones are cut. */
#define KAOWU_IMAGE_MESSAGE_SIZE 200

typedef struct kaowu_image_message {
    char text[KAOWU_IMAGE_MESSAGE_SIZE];
} kaowu_image_message;

/* What a header says, without decoding pixels. */
typedef struct kaowu_image_info {
    int width;
    int height;
    /* Colour channels as stored: JPEG 1 (gray), 3 (YCbCr/RGB) or 4 (CMYK/YCCK); PNG 1–4. */
    int components;
} kaowu_image_info;

/* Decoded pixels: width * height * 3 bytes, rows top to bottom, RGB8. */
typedef struct kaowu_rgb_image {
    unsigned char *pixels;
    int width;
    int height;
} kaowu_rgb_image;

typedef struct kaowu_bytes {
    unsigned char *bytes;
    size_t size;
} kaowu_bytes;

int kaowu_jpeg_info(const unsigned char *data, size_t size, kaowu_image_info *info, kaowu_image_message *message);

/*
 * Decodes to RGB8 at 1/scale_denom of the size (1, 2, 4 or 8; libjpeg's DCT scaling, so 8
 * reads only each 8x8 block's DC term and every output pixel is that block's mean). Gray is
 * expanded, CMYK/YCCK converted (Adobe-inverted data is recognised). Progressive is fine.
 * A truncated stream or one with missing entropy data is refused, not padded with gray.
 */
int kaowu_jpeg_decode(
    const unsigned char *data, size_t size, int scale_denom, kaowu_rgb_image *image, kaowu_image_message *message);

/*
 * Encodes width * height samples of `components` bytes each (1 gray, 3 RGB, 4 CMYK written
 * as-is with an Adobe marker) at quality 1–100, optionally progressive.
 */
int kaowu_jpeg_encode(
    const unsigned char *samples, int width, int height, int components, int quality, int progressive, kaowu_bytes *output,
    kaowu_image_message *message);

int kaowu_png_info(const unsigned char *data, size_t size, kaowu_image_info *info, kaowu_image_message *message);

/* Decodes any PNG to RGB8: palette expanded, gray widened, 16-bit cut to 8, alpha dropped. */
int kaowu_png_decode(const unsigned char *data, size_t size, kaowu_rgb_image *image, kaowu_image_message *message);

/*
 * Decodes a PNG with an alpha channel (colour types 4 and 6 only) to RGBA8 in `image` (4 bytes
 * a pixel); for every other colour type (tRNS included) sets `has_alpha` to 0 and decodes nothing.
 */
int kaowu_png_decode_rgba(
    const unsigned char *data, size_t size, kaowu_rgb_image *image, int *has_alpha, kaowu_image_message *message);

/*
 * Encodes rows of samples laid out as libpng expects for `color_type` (PNG_COLOR_TYPE_* value:
 * 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA) and `bit_depth` (16-bit samples big-endian).
 * `palette` holds palette_count RGB triples, `transparency` trans_count alpha values (both
 * only for color_type 3; may be NULL otherwise). interlace: 0 none, 1 Adam7.
 */
int kaowu_png_encode(
    const unsigned char *samples, int width, int height, int color_type, int bit_depth, const unsigned char *palette,
    int palette_count, const unsigned char *transparency, int trans_count, int interlace, kaowu_bytes *output,
    kaowu_image_message *message);

/* Frees a buffer returned in kaowu_rgb_image.pixels or kaowu_bytes.bytes (NULL is fine). */
void kaowu_image_free(void *buffer);

#ifdef __cplusplus
}
#endif

#endif
