import CHaru
import Foundation

/// A libhpdf (libharu 2.3.0) error: its status and detail codes, and what was being done.
public struct PDFError: Error, CustomStringConvertible {
    public let status: UInt
    public let detail: UInt
    public let operation: String

    public var description: String {
        "PDF 生成失败（libharu 错误 0x\(String(status, radix: 16, uppercase: true))/\(detail)，\(operation)）"
    }
}

/// One PDF being built with libharu: owns the document, turns libharu's error callback into
/// thrown `PDFError`s, and is the only place kaowu calls libharu. Coordinates are PDF points
/// from the bottom left; `Layout` converts the templates' millimetres from the top left.
final class PDFDocument {
    private let document: HPDF_Doc
    private let errors: ErrorBox
    /// The page being drawn, whose open text object is closed before another page or the save.
    private var current: HPDF_Page?

    /// The last error libharu reported through its callback.
    private final class ErrorBox {
        var status: UInt = 0
        var detail: UInt = 0
    }

    init() throws {
        let errors = ErrorBox()
        self.errors = errors
        let handler: HPDF_Error_Handler = { status, detail, box in
            guard let box else { return }
            let errors = Unmanaged<ErrorBox>.fromOpaque(box).takeUnretainedValue()
            errors.status = UInt(status)
            errors.detail = UInt(detail)
        }
        guard let document = HPDF_New(handler, Unmanaged.passUnretained(errors).toOpaque()) else {
            throw PDFError(status: 0, detail: 0, operation: "创建文档")
        }
        self.document = document
        try check(HPDF_SetCompressionMode(document, UInt32(HPDF_COMP_ALL)), "设置压缩")
        try check(HPDF_UseUTFEncodings(document), "启用 UTF-8")
        try check(HPDF_SetCurrentEncoder(document, "UTF-8"), "启用 UTF-8")
        try check(HPDF_SetInfoAttr(document, HPDF_INFO_CREATOR, "kaowu"), "写入文档信息")
    }

    deinit { HPDF_Free(document) }

    private func check(_ status: HPDF_STATUS, _ operation: String) throws {
        guard status != HPDF_OK else { return }
        let error = PDFError(status: UInt(status), detail: errors.detail, operation: operation)
        HPDF_ResetError(document)
        throw error
    }

    private func failure(_ operation: String) -> PDFError {
        let error = PDFError(status: errors.status, detail: errors.detail, operation: operation)
        HPDF_ResetError(document)
        return error
    }

    /// Loads and embeds a TrueType font file (a `TrueTypeFace.subset` written out).
    func loadFont(path: String) throws -> PDFFont {
        guard let name = HPDF_LoadTTFontFromFile(document, path, HPDF_TRUE),
            let font = HPDF_GetFont(document, name, "UTF-8")
        else { throw failure("载入字体 \(path)") }
        return PDFFont(handle: font)
    }

    /// A JPEG, passed into the PDF as it is (DCT), not re-encoded.
    func jpeg(_ data: Data) throws -> PDFImage {
        let image = data.withUnsafeBytes { bytes in
            HPDF_LoadJpegImageFromMem(document, bytes.bindMemory(to: UInt8.self).baseAddress, UInt32(bytes.count))
        }
        guard let image else { throw failure("载入 JPEG 照片") }
        return PDFImage(handle: image)
    }

    /// A PNG (decoded and re-compressed by libharu, transparency kept).
    func png(_ data: Data) throws -> PDFImage {
        let image = data.withUnsafeBytes { bytes in
            HPDF_LoadPngImageFromMem(document, bytes.bindMemory(to: UInt8.self).baseAddress, UInt32(bytes.count))
        }
        guard let image else { throw failure("载入 PNG 图片") }
        return PDFImage(handle: image)
    }

    /// A JPEG colour plane (passed through) with a soft mask of 8-bit alpha (compressed). libharu's
    /// own PNG loader re-deflates the colour in every document and writes the mask uncompressed
    /// (56 KB for a 240×240 seal).
    func transparentImage(jpeg: [UInt8], alpha: [UInt8], width: Int, height: Int) throws -> PDFImage {
        let colour = jpeg.withUnsafeBufferPointer { bytes in HPDF_LoadJpegImageFromMem(document, bytes.baseAddress, UInt32(bytes.count)) }
        let mask = alpha.withUnsafeBufferPointer { pixels in
            HPDF_LoadRawImageFromMem(document, pixels.baseAddress, UInt32(width), UInt32(height), HPDF_CS_DEVICE_GRAY, 8)
        }
        guard let colour, let mask else { throw failure("载入透明图片") }
        try check(HPDF_Image_AddSMask(colour, mask), "载入透明图片")
        return PDFImage(handle: colour)
    }

    /// A 1-bit grey bitmap (0 dark), each row padded to whole bytes: a QR code as one small
    /// image (CCITT-compressed by libharu) instead of a rectangle per run of modules.
    func bitmap(_ pixels: [UInt8], width: Int, height: Int) throws -> PDFImage {
        precondition(pixels.count == (width + 7) / 8 * height, "one row of whole bytes per line")
        let image = pixels.withUnsafeBufferPointer { bytes in
            HPDF_LoadRawImageFromMem(document, bytes.baseAddress, UInt32(width), UInt32(height), HPDF_CS_DEVICE_GRAY, 1)
        }
        guard let image else { throw failure("载入二维码图像") }
        return PDFImage(handle: image)
    }

    func addPage(width: Double, height: Double) throws -> PDFPage {
        try closeText()
        guard let page = HPDF_AddPage(document) else { throw failure("添加页面") }
        current = page
        try check(HPDF_Page_SetWidth(page, Float(width)), "设置页面大小")
        try check(HPDF_Page_SetHeight(page, Float(height)), "设置页面大小")
        return PDFPage(handle: page, document: self)
    }

    func save(to path: String) throws {
        try closeText()
        try check(HPDF_SaveToFile(document, path), "保存 \(path)")
    }

    fileprivate func run(_ status: HPDF_STATUS, _ operation: String) throws { try check(status, operation) }

    private func closeText() throws {
        guard let current else { return }
        try PDFPage(handle: current, document: self).endText()
    }
}

/// A font loaded into one document, with the advance of each character looked up once
/// (libharu finds a glyph by a linear search of the font's character map), in a table of
/// 256-character blocks made as text reaches them.
final class PDFFont {
    fileprivate let handle: HPDF_Font
    private var blocks: [[Double]?] = Array(repeating: nil, count: 0x1100)

    fileprivate init(handle: HPDF_Font) { self.handle = handle }

    /// Advance of one character at size 1000.
    func advance(_ scalar: Unicode.Scalar) -> Double {
        let block = Int(scalar.value >> 8)
        let index = Int(scalar.value & 0xFF)
        if let known = blocks[block]?[index], !known.isNaN { return known }
        let advance = Double(HPDF_Font_GetUnicodeWidth(handle, UInt16(truncatingIfNeeded: scalar.value)))
        if blocks[block] == nil { blocks[block] = Array(repeating: .nan, count: 256) }
        blocks[block]?[index] = advance
        return advance
    }

    /// Width of `text` at `size` points (for alignment and wrapping).
    func width(_ text: some StringProtocol, size: Double) -> Double { width(of: text.unicodeScalars, size: size) }

    /// Width of one character at `size` points.
    func width(_ character: Character, size: Double) -> Double { width(of: character.unicodeScalars, size: size) }

    private func width(of scalars: some Sequence<Unicode.Scalar>, size: Double) -> Double {
        var total = 0.0
        for scalar in scalars { total += advance(scalar) }
        return total * size / 1000
    }
}

/// An image placed once in a document and drawn on any number of its pages.
struct PDFImage {
    fileprivate let handle: HPDF_Image
    var width: Double { Double(HPDF_Image_GetWidth(handle)) }
    var height: Double { Double(HPDF_Image_GetHeight(handle)) }
}

/// One page's drawing operations. Consecutive texts share one text object, and a colour, font,
/// size or line width is written only when it changes (libharu keeps the page's state): a
/// ticket page had five operators around each of its 30 texts.
struct PDFPage {
    fileprivate let handle: HPDF_Page
    fileprivate unowned let document: PDFDocument

    func text(_ text: String, x: Double, y: Double, font: PDFFont, size: Double, gray: Double = 0) throws {
        if HPDF_Page_GetGMode(handle) != UInt16(HPDF_GMODE_TEXT_OBJECT) {
            try document.run(HPDF_Page_BeginText(handle), "写文字")
        }
        if HPDF_Page_GetFillingColorSpace(handle) != HPDF_CS_DEVICE_GRAY || HPDF_Page_GetGrayFill(handle) != Float(gray) {
            try document.run(HPDF_Page_SetGrayFill(handle, Float(gray)), "设置颜色")
        }
        if HPDF_Page_GetCurrentFont(handle) != font.handle || HPDF_Page_GetCurrentFontSize(handle) != Float(size) {
            try document.run(HPDF_Page_SetFontAndSize(handle, font.handle, Float(size)), "设置字体")
        }
        try document.run(HPDF_Page_TextOut(handle, Float(x), Float(y), text), "写文字")
    }

    /// Closes an open text object: lines, boxes and images are drawn outside one.
    fileprivate func endText() throws {
        guard HPDF_Page_GetGMode(handle) == UInt16(HPDF_GMODE_TEXT_OBJECT) else { return }
        try document.run(HPDF_Page_EndText(handle), "写文字")
    }

    private func setLineWidth(_ width: Double, _ operation: String) throws {
        guard HPDF_Page_GetLineWidth(handle) != Float(width) else { return }
        try document.run(HPDF_Page_SetLineWidth(handle, Float(width)), operation)
    }

    func line(from start: (x: Double, y: Double), to end: (x: Double, y: Double), width: Double, dash: Double? = nil) throws {
        try endText()
        try setLineWidth(width, "画线")
        if let dash {
            var pattern: [UInt16] = [UInt16(max(1, dash)), UInt16(max(1, dash))]
            try document.run(HPDF_Page_SetDash(handle, &pattern, 2, 0), "画线")
        }
        try document.run(HPDF_Page_MoveTo(handle, Float(start.x), Float(start.y)), "画线")
        try document.run(HPDF_Page_LineTo(handle, Float(end.x), Float(end.y)), "画线")
        try document.run(HPDF_Page_Stroke(handle), "画线")
        if dash != nil { try document.run(HPDF_Page_SetDash(handle, nil, 0, 0), "画线") }
    }

    func rectangle(x: Double, y: Double, width: Double, height: Double, lineWidth: Double) throws {
        try endText()
        try setLineWidth(lineWidth, "画框")
        try document.run(HPDF_Page_Rectangle(handle, Float(x), Float(y), Float(width), Float(height)), "画框")
        try document.run(HPDF_Page_Stroke(handle), "画框")
    }

    /// A rectangle filled with an RGB colour (components 0…1): a page's background.
    func fill(x: Double, y: Double, width: Double, height: Double, color: (red: Double, green: Double, blue: Double)) throws {
        try endText()
        try document.run(HPDF_Page_SetRGBFill(handle, Float(color.red), Float(color.green), Float(color.blue)), "填充颜色")
        try document.run(HPDF_Page_Rectangle(handle, Float(x), Float(y), Float(width), Float(height)), "填充颜色")
        try document.run(HPDF_Page_Fill(handle), "填充颜色")
    }

    func image(_ image: PDFImage, x: Double, y: Double, width: Double, height: Double) throws {
        try endText()
        try document.run(HPDF_Page_DrawImage(handle, image.handle, Float(x), Float(y), Float(width), Float(height)), "放置图片")
    }
}
