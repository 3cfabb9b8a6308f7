public import Domain

/// The rules of one candidate photo: pure functions of the facts the codec measured
/// (`PhotoFacts`) and the entry's name, so they are tested without images or archives.
///
/// A failure names the entry as its value, under the column “照片”; `row` is whatever the photos
/// import numbers its entries by (the failed-rows workbook lists one entry per row).
public enum PhotoRules {
    public static let column = "照片"
    /// Extensions a photo may have, and the format each promises.
    public static let extensions: [String: ImageFormat] = ["jpg": .jpeg, "jpeg": .jpeg, "png": .png]

    /// Every failure of the photo: format (by content, and the name's extension must agree),
    /// file size, pixel size and background. Size in bytes is judged even when the content is
    /// not an image; pixel size and background only for an image, background only when measured.
    public static func check(_ facts: PhotoFacts, entryName: String, row: Int) -> [Failure] {
        var failures: [Failure] = []
        if let format = facts.format {
            if let problem = extensionProblem(entryName, format: format) {
                failures.append(failure(.photoFormat, row, entryName, problem))
            }
        } else {
            failures.append(failure(.photoFormat, row, entryName, "文件内容不是 JPG 或 PNG 图片（按文件内容判断，与扩展名无关），请上传 JPG 或 PNG 格式的照片"))
        }
        if facts.byteCount > PhotoSpec.maxBytes {
            failures.append(tooLarge(byteCount: facts.byteCount, entryName: entryName, row: row))
        }
        guard facts.format != nil else { return failures }
        if facts.width != PhotoSpec.width || facts.height != PhotoSpec.height {
            failures.append(
                failure(
                    .photoDimensions, row, entryName,
                    "照片尺寸为 \(facts.width)×\(facts.height) 像素，应为 \(PhotoSpec.width)×\(PhotoSpec.height) 像素（宽×高）"))
        }
        if let border = facts.border, !PhotoSpec.isRed(border) {
            let rgb = "\(Int(border.red.rounded())), \(Int(border.green.rounded())), \(Int(border.blue.rounded()))"
            failures.append(failure(.photoBackground, row, entryName, "照片背景不是红色（边缘平均颜色 RGB \(rgb)），请使用红色背景的证件照"))
        }
        return failures
    }

    /// `photo.too-large`, also for an entry too large to be read at all (its declared size).
    public static func tooLarge(byteCount: Int, entryName: String, row: Int) -> Failure {
        // Tenths of a MB rounded up, so 5 MB and one byte never reads as “5.0 MB”.
        let tenths = (byteCount * 10 + (1 << 20) - 1) >> 20
        return failure(
            .photoTooLarge, row, entryName, "照片文件大小为 \(tenths / 10).\(tenths % 10) MB（\(byteCount) 字节），超过 5 MB 上限，请压缩后重新上传")
    }

    /// `photo.format` for a JPEG or PNG the codec could not decode (damaged or truncated).
    public static func unreadable(format: ImageFormat, entryName: String, row: Int) -> Failure {
        failure(.photoFormat, row, entryName, "\(format.displayName) 图片已损坏或不完整，无法读取，请重新导出照片后上传")
    }

    /// Why the name's extension does not fit the content, or nil. A PNG named `.jpg` fails: the
    /// platform and most viewers trust the extension, so the file is renamed or re-saved now.
    static func extensionProblem(_ entryName: String, format: ImageFormat) -> String? {
        let fileName = entryName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? entryName
        guard let dot = fileName.lastIndex(of: ".") else {
            return "文件名没有扩展名，应为 .jpg、.jpeg 或 .png"
        }
        let fileExtension = fileName[fileName.index(after: dot)...].lowercased()
        guard let promised = extensions[fileExtension] else {
            return "扩展名 .\(fileExtension) 不受支持，应为 .jpg、.jpeg 或 .png"
        }
        if promised == format { return nil }
        let proper = format == .png ? ".png" : ".jpg"
        return "扩展名为 .\(fileExtension)，但文件内容是 \(format.displayName) 图片，请把扩展名改为 \(proper) 或另存为 \(promised.displayName) 格式"
    }

    private static func failure(_ code: FailureCode, _ row: Int, _ entryName: String, _ reason: String) -> Failure {
        Failure(code: code, row: row, column: column, value: entryName, reason: reason)
    }
}
