/*
 * The only setjmp/longjmp code in kaowu. See include/kaowu_image.h for the contract.
 *
 * Every function keeps its state in one calloc'd context: after a longjmp only that heap
 * object and the unmodified pointer to it are read, so no automatic variable changed between
 * setjmp and longjmp is ever used (C11 7.13.2.1). Both libraries' messages are captured into
 * the caller's buffer; nothing is ever printed.
 */
#include "kaowu_image.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>
#include <png.h>

/* Progressive JPEGs keep every coefficient of the image in memory (2 bytes a sample); the
 * pixel limit bounds that, this caps it outright. */
#define KAOWU_JPEG_MAX_MEMORY (512L * 1024 * 1024)
/* Ancillary PNG chunks (iCCP, zTXt, …) are never inflated beyond this. */
#define KAOWU_PNG_MAX_CHUNK (8L * 1024 * 1024)

static void say(kaowu_image_message *message, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(message->text, sizeof message->text, format, arguments);
    va_end(arguments);
}

/* Checked before any pixel buffer exists: the header is untrusted. */
static int too_large(long width, long height, kaowu_image_message *message) {
    if (width > KAOWU_IMAGE_MAX_SIDE || height > KAOWU_IMAGE_MAX_SIDE || width * height > KAOWU_IMAGE_MAX_PIXELS) {
        say(message, "image is %ldx%ld pixels, larger than %dx%d or %ld pixels", width, height, KAOWU_IMAGE_MAX_SIDE,
            KAOWU_IMAGE_MAX_SIDE, KAOWU_IMAGE_MAX_PIXELS);
        return 1;
    }
    return 0;
}

void kaowu_image_free(void *buffer) { free(buffer); }

/* MARK: JPEG */

struct jpeg_failure {
    struct jpeg_error_mgr manager;  /* first, so a j_common_ptr's err can be cast back */
    jmp_buf jump;
    kaowu_image_message *message;
};

static void jpeg_fail(j_common_ptr cinfo) {
    struct jpeg_failure *failure = (struct jpeg_failure *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    say(failure->message, "%s", text);
    longjmp(failure->jump, 1);
}

/* Warnings that mean pixels are missing (libjpeg would pad them with gray) are fatal, like
 * Pillow's "image file is truncated"; other warnings and all trace messages are ignored. */
static void jpeg_message(j_common_ptr cinfo, int level) {
    if (level >= 0) return;
    int code = cinfo->err->msg_code;
    if (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER || code == JWRN_MUST_RESYNC) jpeg_fail(cinfo);
}

static void jpeg_silent(j_common_ptr cinfo) { (void)cinfo; }

static void jpeg_install(struct jpeg_failure *failure, kaowu_image_message *message) {
    jpeg_std_error(&failure->manager);
    failure->manager.error_exit = jpeg_fail;
    failure->manager.emit_message = jpeg_message;
    failure->manager.output_message = jpeg_silent;
    failure->message = message;
}

struct jpeg_reader {
    struct jpeg_decompress_struct cinfo;
    struct jpeg_failure failure;
    unsigned char *pixels;
    int status;
};

static int jpeg_reader_open(
    const unsigned char *data, size_t size, kaowu_image_message *message, struct jpeg_reader **opened) {
    *opened = NULL;
    if (message == NULL) return KAOWU_IMAGE_BAD_ARGUMENT;
    message->text[0] = 0;
    if (size == 0) {
        say(message, "empty file, no JPEG data");
        return KAOWU_IMAGE_CORRUPT;
    }
    if (data == NULL || size > ULONG_MAX) return KAOWU_IMAGE_BAD_ARGUMENT;
    struct jpeg_reader *reader = calloc(1, sizeof *reader);
    if (reader == NULL) {
        say(message, "out of memory");
        return KAOWU_IMAGE_NO_MEMORY;
    }
    reader->cinfo.err = &reader->failure.manager;
    jpeg_install(&reader->failure, message);
    *opened = reader;
    return KAOWU_IMAGE_OK;
}

static void jpeg_reader_close(struct jpeg_reader *reader) {
    jpeg_destroy_decompress(&reader->cinfo); /* safe on a half-created struct: it checks mem */
    free(reader->pixels);
    free(reader);
}

int kaowu_jpeg_info(const unsigned char *data, size_t size, kaowu_image_info *info, kaowu_image_message *message) {
    struct jpeg_reader *reader;
    int status = jpeg_reader_open(data, size, message, &reader);
    if (status != KAOWU_IMAGE_OK) return status;
    if (info == NULL) {
        jpeg_reader_close(reader);
        return KAOWU_IMAGE_BAD_ARGUMENT;
    }
    if (setjmp(reader->failure.jump)) {
        jpeg_reader_close(reader);
        return KAOWU_IMAGE_CORRUPT;
    }
    jpeg_create_decompress(&reader->cinfo);
    jpeg_mem_src(&reader->cinfo, data, (unsigned long)size);
    jpeg_read_header(&reader->cinfo, TRUE);
    info->width = (int)reader->cinfo.image_width;
    info->height = (int)reader->cinfo.image_height;
    info->components = reader->cinfo.num_components;
    jpeg_reader_close(reader);
    return KAOWU_IMAGE_OK;
}

/* One CMYK row to RGB. Adobe applications store CMYK inverted (0 = full ink). */
static void cmyk_to_rgb(const unsigned char *cmyk, unsigned char *rgb, JDIMENSION width, int inverted) {
    for (JDIMENSION x = 0; x < width; x++, cmyk += 4, rgb += 3) {
        unsigned k = inverted ? cmyk[3] : 255u - cmyk[3];
        for (int i = 0; i < 3; i++) {
            unsigned c = inverted ? cmyk[i] : 255u - cmyk[i];
            rgb[i] = (unsigned char)((c * k + 127) / 255);
        }
    }
}

int kaowu_jpeg_decode(
    const unsigned char *data, size_t size, int scale_denom, kaowu_rgb_image *image, kaowu_image_message *message) {
    struct jpeg_reader *reader;
    int status = jpeg_reader_open(data, size, message, &reader);
    if (status != KAOWU_IMAGE_OK) return status;
    if (image == NULL || (scale_denom != 1 && scale_denom != 2 && scale_denom != 4 && scale_denom != 8)) {
        say(message, "scale denominator must be 1, 2, 4 or 8");
        jpeg_reader_close(reader);
        return KAOWU_IMAGE_BAD_ARGUMENT;
    }
    memset(image, 0, sizeof *image);
    reader->status = KAOWU_IMAGE_CORRUPT; /* what a longjmp means, unless set otherwise */
    if (setjmp(reader->failure.jump)) {
        status = reader->status;
        jpeg_reader_close(reader);
        return status;
    }
    struct jpeg_decompress_struct *cinfo = &reader->cinfo;
    jpeg_create_decompress(cinfo);
    jpeg_mem_src(cinfo, data, (unsigned long)size);
    jpeg_read_header(cinfo, TRUE);
    if (too_large((long)cinfo->image_width, (long)cinfo->image_height, message)) {
        jpeg_reader_close(reader);
        return KAOWU_IMAGE_TOO_LARGE;
    }
    int cmyk = 0;
    switch (cinfo->jpeg_color_space) {
    case JCS_GRAYSCALE:
    case JCS_YCbCr:
    case JCS_RGB:
        cinfo->out_color_space = JCS_RGB;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        cinfo->out_color_space = JCS_CMYK;
        cmyk = 1;
        break;
    default:
        say(message, "unsupported JPEG colour space %d with %d components", (int)cinfo->jpeg_color_space,
            cinfo->num_components);
        jpeg_reader_close(reader);
        return KAOWU_IMAGE_UNSUPPORTED;
    }
    cinfo->scale_num = 1;
    cinfo->scale_denom = (unsigned)scale_denom;
    cinfo->mem->max_memory_to_use = KAOWU_JPEG_MAX_MEMORY;
    jpeg_start_decompress(cinfo);
    JDIMENSION width = cinfo->output_width, height = cinfo->output_height;
    if (cinfo->output_components != (cmyk ? 4 : 3)) {
        say(message, "unexpected %d output components", cinfo->output_components);
        jpeg_reader_close(reader);
        return KAOWU_IMAGE_UNSUPPORTED;
    }
    reader->pixels = malloc((size_t)width * height * 3);
    if (reader->pixels == NULL) {
        say(message, "out of memory for %ux%u pixels", (unsigned)width, (unsigned)height);
        jpeg_reader_close(reader);
        return KAOWU_IMAGE_NO_MEMORY;
    }
    JSAMPARRAY cmyk_row = NULL;
    if (cmyk) cmyk_row = (*cinfo->mem->alloc_sarray)((j_common_ptr)cinfo, JPOOL_IMAGE, width * 4, 1);
    while (cinfo->output_scanline < height) {
        unsigned char *target = reader->pixels + (size_t)cinfo->output_scanline * width * 3;
        JSAMPROW row = cmyk ? cmyk_row[0] : target;
        if (jpeg_read_scanlines(cinfo, &row, 1) != 1) {
            say(message, "JPEG data ended early");
            jpeg_reader_close(reader);
            return KAOWU_IMAGE_CORRUPT;
        }
        if (cmyk) cmyk_to_rgb(row, target, width, cinfo->saw_Adobe_marker);
    }
    jpeg_finish_decompress(cinfo); /* reads up to EOI: a cut-off tail is an error too */
    image->pixels = reader->pixels;
    image->width = (int)width;
    image->height = (int)height;
    reader->pixels = NULL;
    jpeg_reader_close(reader);
    return KAOWU_IMAGE_OK;
}

struct jpeg_writer {
    struct jpeg_compress_struct cinfo;
    struct jpeg_failure failure;
    unsigned char *output; /* grown by libjpeg's memory destination; ours to free */
    unsigned long size;
};

static void jpeg_writer_close(struct jpeg_writer *writer) {
    jpeg_destroy_compress(&writer->cinfo);
    free(writer->output);
    free(writer);
}

int kaowu_jpeg_encode(
    const unsigned char *samples, int width, int height, int components, int quality, int progressive, kaowu_bytes *output,
    kaowu_image_message *message) {
    if (message == NULL) return KAOWU_IMAGE_BAD_ARGUMENT;
    message->text[0] = 0;
    if (samples == NULL || output == NULL || width < 1 || height < 1 || width > JPEG_MAX_DIMENSION ||
        height > JPEG_MAX_DIMENSION || (components != 1 && components != 3 && components != 4) || quality < 1 ||
        quality > 100) {
        say(message, "bad JPEG encoder arguments");
        return KAOWU_IMAGE_BAD_ARGUMENT;
    }
    memset(output, 0, sizeof *output);
    struct jpeg_writer *writer = calloc(1, sizeof *writer);
    if (writer == NULL) {
        say(message, "out of memory");
        return KAOWU_IMAGE_NO_MEMORY;
    }
    writer->cinfo.err = &writer->failure.manager;
    jpeg_install(&writer->failure, message);
    if (setjmp(writer->failure.jump)) {
        jpeg_writer_close(writer);
        return KAOWU_IMAGE_CORRUPT;
    }
    struct jpeg_compress_struct *cinfo = &writer->cinfo;
    jpeg_create_compress(cinfo);
    jpeg_mem_dest(cinfo, &writer->output, &writer->size);
    cinfo->image_width = (JDIMENSION)width;
    cinfo->image_height = (JDIMENSION)height;
    cinfo->input_components = components;
    cinfo->in_color_space = components == 1 ? JCS_GRAYSCALE : components == 3 ? JCS_RGB : JCS_CMYK;
    jpeg_set_defaults(cinfo);
    jpeg_set_quality(cinfo, quality, TRUE);
    if (progressive) jpeg_simple_progression(cinfo);
    jpeg_start_compress(cinfo, TRUE);
    size_t stride = (size_t)width * (size_t)components;
    while (cinfo->next_scanline < cinfo->image_height) {
        JSAMPROW row = (JSAMPROW)(samples + (size_t)cinfo->next_scanline * stride); /* libjpeg only reads it */
        jpeg_write_scanlines(cinfo, &row, 1);
    }
    jpeg_finish_compress(cinfo);
    output->bytes = writer->output;
    output->size = writer->size;
    writer->output = NULL;
    jpeg_writer_close(writer);
    return KAOWU_IMAGE_OK;
}

/* MARK: PNG */

struct png_context {
    png_structp png;
    png_infop info;
    kaowu_image_message *message;
    /* reading */
    const unsigned char *data;
    size_t size, position;
    unsigned char *pixels;
    png_bytep *rows;
    /* writing */
    unsigned char *output;
    size_t output_size, output_capacity;
    int writing;
};

static void png_fail(png_structp png, png_const_charp text) {
    struct png_context *context = png_get_error_ptr(png);
    say(context->message, "%s", text);
    png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;
}

static void png_read_memory(png_structp png, png_bytep target, size_t length) {
    struct png_context *context = png_get_io_ptr(png);
    if (length > context->size - context->position) png_error(png, "PNG data ended early (truncated file)");
    memcpy(target, context->data + context->position, length);
    context->position += length;
}

static void png_write_memory(png_structp png, png_bytep source, size_t length) {
    struct png_context *context = png_get_io_ptr(png);
    if (length > context->output_capacity - context->output_size) {
        size_t capacity = context->output_capacity ? context->output_capacity : 4096;
        while (capacity - context->output_size < length) {
            if (capacity > SIZE_MAX / 2) png_error(png, "PNG output too large");
            capacity *= 2;
        }
        unsigned char *grown = realloc(context->output, capacity);
        if (grown == NULL) png_error(png, "out of memory");
        context->output = grown;
        context->output_capacity = capacity;
    }
    memcpy(context->output + context->output_size, source, length);
    context->output_size += length;
}

static void png_flush_memory(png_structp png) { (void)png; }

static void png_context_close(struct png_context *context) {
    if (context->writing) {
        png_destroy_write_struct(&context->png, &context->info);
    } else {
        png_destroy_read_struct(&context->png, &context->info, NULL);
    }
    free(context->pixels);
    free(context->rows);
    free(context->output);
    free(context);
}

static int png_context_open(int writing, kaowu_image_message *message, struct png_context **opened) {
    *opened = NULL;
    struct png_context *context = calloc(1, sizeof *context);
    if (context == NULL) {
        say(message, "out of memory");
        return KAOWU_IMAGE_NO_MEMORY;
    }
    context->message = message;
    context->writing = writing;
    context->png = writing ? png_create_write_struct(PNG_LIBPNG_VER_STRING, context, png_fail, png_quiet)
                           : png_create_read_struct(PNG_LIBPNG_VER_STRING, context, png_fail, png_quiet);
    if (context->png != NULL) context->info = png_create_info_struct(context->png);
    if (context->png == NULL || context->info == NULL) {
        say(message, "cannot create libpng structures");
        png_context_close(context);
        return KAOWU_IMAGE_NO_MEMORY;
    }
    *opened = context;
    return KAOWU_IMAGE_OK;
}

static int png_reader_open(
    const unsigned char *data, size_t size, kaowu_image_message *message, struct png_context **opened) {
    *opened = NULL;
    if (message == NULL) return KAOWU_IMAGE_BAD_ARGUMENT;
    message->text[0] = 0;
    if (size == 0) {
        say(message, "empty file, no PNG data");
        return KAOWU_IMAGE_CORRUPT;
    }
    if (data == NULL) return KAOWU_IMAGE_BAD_ARGUMENT;
    int status = png_context_open(0, message, opened);
    if (status != KAOWU_IMAGE_OK) return status;
    (*opened)->data = data;
    (*opened)->size = size;
    return KAOWU_IMAGE_OK;
}

/* Called after setjmp: libpng's own size limit is lifted so ours gives the TOO_LARGE status. */
static void png_reader_start(struct png_context *context) {
    png_set_read_fn(context->png, context, png_read_memory);
    png_set_user_limits(context->png, 0x7fffffff, 0x7fffffff);
    png_set_chunk_malloc_max(context->png, KAOWU_PNG_MAX_CHUNK);
    png_read_info(context->png, context->info);
}

int kaowu_png_info(const unsigned char *data, size_t size, kaowu_image_info *info, kaowu_image_message *message) {
    struct png_context *context;
    int status = png_reader_open(data, size, message, &context);
    if (status != KAOWU_IMAGE_OK) return status;
    if (info == NULL) {
        png_context_close(context);
        return KAOWU_IMAGE_BAD_ARGUMENT;
    }
    if (setjmp(png_jmpbuf(context->png))) {
        png_context_close(context);
        return KAOWU_IMAGE_CORRUPT;
    }
    png_reader_start(context);
    info->width = (int)png_get_image_width(context->png, context->info);
    info->height = (int)png_get_image_height(context->png, context->info);
    info->components = png_get_channels(context->png, context->info);
    png_context_close(context);
    return KAOWU_IMAGE_OK;
}

/* Reads the header (under the caller's setjmp) and refuses an image past the size limits. */
static int png_reader_start_sized(struct png_context *context, kaowu_image_message *message) {
    png_reader_start(context);
    png_uint_32 width = png_get_image_width(context->png, context->info), height = png_get_image_height(context->png, context->info);
    return too_large((long)width, (long)height, message) ? KAOWU_IMAGE_TOO_LARGE : KAOWU_IMAGE_OK;
}

/*
 * After the caller's transforms: checks each row normalised to `channels` bytes per pixel, then
 * reads every row into context->pixels. Called under the caller's setjmp.
 */
static int png_read_pixels(struct png_context *context, size_t channels, int color_type, kaowu_image_message *message) {
    png_structp png = context->png;
    png_infop info = context->info;
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    png_uint_32 width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    if (png_get_rowbytes(png, info) != (size_t)width * channels) {
        say(message, "PNG did not normalise to %zu channels of 8 bits (colour type %d)", channels, color_type);
        return KAOWU_IMAGE_UNSUPPORTED;
    }
    context->pixels = malloc((size_t)width * height * channels);
    context->rows = malloc(sizeof(png_bytep) * height);
    if (context->pixels == NULL || context->rows == NULL) {
        say(message, "out of memory for %ux%u pixels", (unsigned)width, (unsigned)height);
        return KAOWU_IMAGE_NO_MEMORY;
    }
    for (png_uint_32 y = 0; y < height; y++) context->rows[y] = context->pixels + (size_t)y * width * channels;
    png_read_image(png, context->rows);
    png_read_end(png, NULL); /* checks the trailing chunks' CRCs and that IEND is there */
    return KAOWU_IMAGE_OK;
}

/*
 * Decodes to RGB8 (rgba 0: palette expanded, gray widened, alpha dropped), or, for a PNG with
 * an alpha channel, to RGBA8 (rgba 1; any other PNG sets *has_alpha to 0 and decodes nothing).
 */
static int png_decode(
    const unsigned char *data, size_t size, kaowu_rgb_image *image, int rgba, int *has_alpha, kaowu_image_message *message) {
    if (image == NULL || (rgba && has_alpha == NULL)) return KAOWU_IMAGE_BAD_ARGUMENT;
    memset(image, 0, sizeof *image);
    if (has_alpha != NULL) *has_alpha = 0;
    struct png_context *context;
    int status = png_reader_open(data, size, message, &context);
    if (status != KAOWU_IMAGE_OK) return status;
    if (setjmp(png_jmpbuf(context->png))) {
        png_context_close(context);
        return KAOWU_IMAGE_CORRUPT;
    }
    png_structp png = context->png;
    png_infop info = context->info;
    if (png_reader_start_sized(context, message) != KAOWU_IMAGE_OK) {
        png_context_close(context);
        return KAOWU_IMAGE_TOO_LARGE;
    }
    int color_type = png_get_color_type(png, info);
    int alpha_channel = color_type == PNG_COLOR_TYPE_RGB_ALPHA || color_type == PNG_COLOR_TYPE_GRAY_ALPHA;
    if (rgba && !alpha_channel) {
        png_context_close(context);
        return KAOWU_IMAGE_OK;
    }
    if (png_get_bit_depth(png, info) == 16) png_set_strip_16(png); /* the high byte, as Pillow */
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA) {
        png_set_expand_gray_1_2_4_to_8(png);
        png_set_gray_to_rgb(png);
    }
    if (!rgba) png_set_strip_alpha(png); /* Pillow's convert("RGB") drops alpha without compositing */
    status = png_read_pixels(context, rgba ? 4 : 3, color_type, message);
    if (status != KAOWU_IMAGE_OK) {
        png_context_close(context);
        return status;
    }
    if (has_alpha != NULL) *has_alpha = rgba;
    image->pixels = context->pixels;
    image->width = (int)png_get_image_width(png, info);
    image->height = (int)png_get_image_height(png, info);
    context->pixels = NULL;
    png_context_close(context);
    return KAOWU_IMAGE_OK;
}

int kaowu_png_decode(const unsigned char *data, size_t size, kaowu_rgb_image *image, kaowu_image_message *message) {
    return png_decode(data, size, image, 0, NULL, message);
}

int kaowu_png_decode_rgba(
    const unsigned char *data, size_t size, kaowu_rgb_image *image, int *has_alpha, kaowu_image_message *message) {
    return png_decode(data, size, image, 1, has_alpha, message);
}

static int png_channels(int color_type) {
    switch (color_type) {
    case PNG_COLOR_TYPE_GRAY: return 1;
    case PNG_COLOR_TYPE_PALETTE: return 1;
    case PNG_COLOR_TYPE_GRAY_ALPHA: return 2;
    case PNG_COLOR_TYPE_RGB: return 3;
    case PNG_COLOR_TYPE_RGB_ALPHA: return 4;
    default: return 0;
    }
}

int kaowu_png_encode(
    const unsigned char *samples, int width, int height, int color_type, int bit_depth, const unsigned char *palette,
    int palette_count, const unsigned char *transparency, int trans_count, int interlace, kaowu_bytes *output,
    kaowu_image_message *message) {
    if (message == NULL) return KAOWU_IMAGE_BAD_ARGUMENT;
    message->text[0] = 0;
    int channels = png_channels(color_type);
    int paletted = color_type == PNG_COLOR_TYPE_PALETTE;
    if (samples == NULL || output == NULL || width < 1 || height < 1 || channels == 0 ||
        (paletted && (palette == NULL || palette_count < 1 || palette_count > 256 || trans_count < 0 || trans_count > palette_count ||
                      (trans_count > 0 && transparency == NULL)))) {
        say(message, "bad PNG encoder arguments");
        return KAOWU_IMAGE_BAD_ARGUMENT;
    }
    memset(output, 0, sizeof *output);
    struct png_context *context;
    int status = png_context_open(1, message, &context);
    if (status != KAOWU_IMAGE_OK) return status;
    context->rows = malloc(sizeof(png_bytep) * (size_t)height);
    if (context->rows == NULL) {
        say(message, "out of memory");
        png_context_close(context);
        return KAOWU_IMAGE_NO_MEMORY;
    }
    if (setjmp(png_jmpbuf(context->png))) {
        png_context_close(context);
        return KAOWU_IMAGE_CORRUPT; /* libpng refused the arguments (e.g. a bad bit depth) */
    }
    png_structp png = context->png;
    png_infop info = context->info;
    png_set_write_fn(png, context, png_write_memory, png_flush_memory);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, bit_depth, color_type,
                 interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (paletted) {
        png_color colors[256];
        for (int i = 0; i < palette_count; i++) {
            colors[i].red = palette[3 * i];
            colors[i].green = palette[3 * i + 1];
            colors[i].blue = palette[3 * i + 2];
        }
        png_set_PLTE(png, info, colors, palette_count);
        if (trans_count > 0) png_set_tRNS(png, info, transparency, trans_count, NULL);
    }
    size_t stride = ((size_t)width * (size_t)channels * (size_t)bit_depth + 7) / 8;
    for (int y = 0; y < height; y++) context->rows[y] = (png_bytep)(samples + (size_t)y * stride); /* only read */
    png_write_info(png, info);
    png_write_image(png, context->rows);
    png_write_end(png, NULL);
    output->bytes = context->output;
    output->size = context->output_size;
    context->output = NULL;
    png_context_close(context);
    return KAOWU_IMAGE_OK;
}
