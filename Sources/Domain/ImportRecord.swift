public import Foundation

/// The lasting trace of one import: what came in, from whom, and how it ended.
public struct ImportRecord: Hashable, Sendable {
    /// Each record kind as users name it (the platform's menu names): the one place these
    /// labels live. A kind not listed shows as itself.
    public static let kindLabels: [String: String] = [
        "catalog": "目录", "candidates": "考生信息", "candidates-update": "批量修改考生信息", "photos": "考生照片", "sites": "考核站点",
        "rooms": "考场", "enrollments-certificate": "按证书报考", "enrollments-subject": "按科目报考", "enrollments-delete": "批量删除报考",
        "proctors": "监考人员", "teachers": "教师", "schedule": "排考", "scores": "科目成绩", "issuance": "签发（考核站点）",
        "issuance-org": "签发（培训评价组织）",
    ]

    /// The kind in Chinese, e.g. 考生信息.
    public var kindLabel: String { ImportRecord.kindLabels[kind] ?? kind }

    public var id: String
    public var kind: String
    public var fileName: String
    public var sha256: String
    public var tenant: String
    public var operatorName: String
    public var startedAt: Date
    public var finishedAt: Date
    public var total: Int
    public var succeeded: Int
    public var failed: Int
    public var warnings: Int
    public var status: ImportStatus
    /// Path of the failed-rows workbook relative to the data root, when there are failed rows.
    public var failedRowsFile: String?
    /// The file-level refusal, when status is `.refused`.
    public var refusal: String?

    public init(
        id: String, kind: String, fileName: String, sha256: String, tenant: String, operatorName: String,
        startedAt: Date, finishedAt: Date, total: Int, succeeded: Int, failed: Int, warnings: Int,
        status: ImportStatus, failedRowsFile: String?, refusal: String?
    ) {
        self.id = id
        self.kind = kind
        self.fileName = fileName
        self.sha256 = sha256
        self.tenant = tenant
        self.operatorName = operatorName
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.total = total
        self.succeeded = succeeded
        self.failed = failed
        self.warnings = warnings
        self.status = status
        self.failedRowsFile = failedRowsFile
        self.refusal = refusal
    }
}
