public import Domain

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
