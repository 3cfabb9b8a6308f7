/* Debian's libxml2 is built with ICU and its encoding.h includes <unicode/ucnv.h>, whose
   enums clash with Foundation's bundled ICU module. kaowu never uses libxml2's ICU
   converters, so block that header and declare the one opaque type encoding.h needs. */
#define UCNV_H
typedef struct UConverter UConverter;
typedef unsigned short UChar;
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
