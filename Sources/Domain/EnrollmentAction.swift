/// The three enrollment imports: 按证书报考, 按科目报考 and 批量删除报考.
public enum EnrollmentAction: String, Sendable, CaseIterable {
    case byCertificate, bySubject, delete

    /// The plan mode an adding import needs.
    public var mode: EnrollmentMode? {
        switch self {
        case .byCertificate: .byCertificate
        case .bySubject: .bySubject
        case .delete: nil
        }
    }
}
