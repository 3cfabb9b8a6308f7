public import Domain

/// What an organization-side row (排考, 科目成绩) reads to find the enrolled subject it names.
public protocol EnrolledSubjectDirectory {
    func plan(code: String) throws -> ExamPlan?
    /// The candidate's enrolled subjects in the plan.
    func enrollments(planCode: String, idNumber: String) throws -> [ScheduleEntry]
    /// The subjects of a certificate level: (code, name).
    func subjects(certificateCode: String, level: CertificateLevel) throws -> [(code: String, name: String)]
}

/// A subject cell (its code, or its name) matched against a candidate's enrolled subjects, as
/// the 排考 and 科目成绩 rows name them.
enum EnrolledSubject {
    /// The one enrolled subject `text` names; otherwise `code` on `column` (none, or a name that
    /// fits several subjects) and nil.
    static func find(
        _ text: String, among enrolled: [ScheduleEntry],
        names: (_ certificateCode: String, _ level: CertificateLevel) throws -> [(code: String, name: String)],
        failing code: FailureCode, column: Int, judge: inout RowJudge
    ) throws -> ScheduleEntry? {
        let subjectCode = Normalize.code(text)
        var matches: [ScheduleEntry] = []
        for entry in enrolled {
            if entry.subjectCode == subjectCode {
                matches.append(entry)
            } else if try names(entry.certificateCode, entry.level).contains(where: { $0.code == entry.subjectCode && $0.name == text }) {
                matches.append(entry)
            }
        }
        if matches.count == 1 { return matches[0] }
        judge.fail(
            code, column: column, value: text, matches.isEmpty ? "该考生没有报考此考试计划的这个科目" : "科目名称对应多个报考科目，请填写科目代码")
        return nil
    }
}
