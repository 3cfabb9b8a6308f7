#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>
