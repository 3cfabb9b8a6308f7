/* The least one PDF file costs with libharu 2.3.0, for scripts/bench-documents: a new document,
 * the UTF-8 encoder, a cut TrueType font, one A4 page with the lines of TEXT (a ticket's text,
 * so the same glyphs are embedded) and a JPEG photo, saved to a file and freed; N times on one
 * thread. What kaowu adds to this per file (reading the store, cutting the font, the QR code,
 * the table's lines) is not here, so its files per second on one core are a ceiling for any
 * libharu program writing one ticket per file.
 *
 *   libharu-floor N FONT.ttf PHOTO.jpg TEXT OUTDIR    prints: files, seconds, files per second
 */
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void fail(HPDF_STATUS status, HPDF_STATUS detail, void *data) {
    (void)data;
    fprintf(stderr, "libharu error 0x%04X/%u\n", (unsigned)status, (unsigned)detail);
    exit(1);
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: libharu-floor N FONT.ttf PHOTO.jpg TEXT OUTDIR\n");
        return 2;
    }
    int count = atoi(argv[1]);
    static char text[1 << 16];
    FILE *file = fopen(argv[4], "rb");
    if (!file) {
        perror(argv[4]);
        return 2;
    }
    text[fread(text, 1, sizeof text - 1, file)] = 0;
    fclose(file);
    char *lines[256];
    int lineCount = 0;
    for (char *line = strtok(text, "\n\f"); line && lineCount < 256; line = strtok(NULL, "\n\f")) lines[lineCount++] = line;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int i = 0; i < count; i++) {
        HPDF_Doc pdf = HPDF_New(fail, NULL);
        HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
        HPDF_UseUTFEncodings(pdf);
        HPDF_SetCurrentEncoder(pdf, "UTF-8");
        HPDF_Font font = HPDF_GetFont(pdf, HPDF_LoadTTFontFromFile(pdf, argv[2], HPDF_TRUE), "UTF-8");
        HPDF_Page page = HPDF_AddPage(pdf);
        HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        HPDF_Page_BeginText(page);
        HPDF_Page_SetFontAndSize(page, font, 12);
        for (int line = 0; line < lineCount; line++) HPDF_Page_TextOut(page, 40, 800 - 12 * line, lines[line]);
        HPDF_Page_EndText(page);
        HPDF_Page_DrawImage(page, HPDF_LoadJpegImageFromFile(pdf, argv[3]), 440, 600, 90, 125);
        char path[4096];
        snprintf(path, sizeof path, "%s/%d.pdf", argv[5], i);
        HPDF_SaveToFile(pdf, path);
        HPDF_Free(pdf);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%d %.3f %.1f\n", count, seconds, count / seconds);
    return 0;
}
