import Domain
import Foundation
import SampleData

/// `kaowu sample --out DIR`: seed-deterministic sample workbooks (and photos) for demos and tests.
enum SampleCommand {
    static let command = Command(
        name: "sample",
        forms: [
            Form(
                nil, usage: "kaowu sample --out DIR [--candidates N] [--bad-ratio R] [--seed S] [--photos] [--enrollments]",
                options: ["--out", "--candidates", "--bad-ratio", "--seed"], flags: ["--photos", "--enrollments"])
        ],
        run: { arguments in
            let ratioText = arguments.option("--bad-ratio") ?? "0.05"
            guard let ratio = Double(ratioText), (0...1).contains(ratio) else {
                throw UsageError(message: "--bad-ratio 应为 0 到 1 之间的小数：\(ratioText)")
            }
            let summary = try SampleData.generate(
                SampleData.Options(
                    directory: try arguments.required("--out"), candidates: try arguments.integer("--candidates", default: 1000),
                    badRatio: ratio, seed: UInt64(try arguments.integer("--seed", default: 20_261_123)),
                    photos: arguments.flag("--photos"), enrollments: arguments.flag("--enrollments")))
            Output.out("目录：\(summary.catalogPath)\n考生：\(summary.candidatesPath)（\(summary.rows) 行，其中故意错误 \(summary.badRows) 行）\n")
            if let photos = summary.photosPath {
                Output.out("照片：\(photos)（\(summary.photoCount) 张，其中故意错误 \(summary.badPhotos) 张）\n")
                for more in summary.photoArchives.dropFirst() { Output.out("照片（续）：\(more)\n") }
            }
            if let enrollments = summary.enrollmentsPath {
                Output.out("报考：\(enrollments)（\(summary.enrollmentRows) 行，其中故意错误 \(summary.badEnrollmentRows) 行）\n")
                let folder = (enrollments as NSString).deletingLastPathComponent
                Output.out("科目成绩：\(folder)/scores.xlsx（\(summary.scoreRows) 行，含缺考与不及格）\n")
                Output.out("印章：\(folder)/seal.png　签章：\(folder)/signature.png\n")
            }
            return .ok
        })
}
