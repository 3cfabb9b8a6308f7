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
    static func matches(
        _ text: String, among enrolled: [ScheduleEntry],
        names: (_ certificateCode: String, _ level: CertificateLevel) throws -> [(code: String, name: String)]
    ) throws -> [ScheduleEntry] {
        let code = Normalize.code(text)
        var matches: [ScheduleEntry] = []
        for entry in enrolled {
            if entry.subjectCode == code {
                matches.append(entry)
            } else if try names(entry.certificateCode, entry.level).contains(where: { $0.code == entry.subjectCode && $0.name == text }) {
                matches.append(entry)
            }
        }
        return matches
    }
}
