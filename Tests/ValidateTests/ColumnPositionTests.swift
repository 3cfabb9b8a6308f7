import Domain
import Testing

@testable import Validate

/// Rules read cells at positions resolved from the schemas by column name; every name resolves
/// in every variant of its schema, to the column of that name.
@Suite struct ColumnPositionTests {
    @Test(arguments: CandidateCategory.allCases)
    func candidatePositionsHoldForEveryCategory(category: CandidateCategory) {
        let schema = CandidateColumns.schema(for: category)
        let positions: [(String, Int)] = [
            (CandidateColumns.name, CandidateColumns.At.name), (CandidateColumns.pinyin, CandidateColumns.At.pinyin),
            (CandidateColumns.idType, CandidateColumns.At.idType), (CandidateColumns.idNumber, CandidateColumns.At.idNumber),
            (CandidateColumns.mobile, CandidateColumns.At.mobile), (CandidateColumns.major, CandidateColumns.At.major),
            (CandidateColumns.majorLevel, CandidateColumns.At.majorLevel),
            (CandidateColumns.entranceYear, CandidateColumns.At.entranceYear),
            (CandidateColumns.employer, CandidateColumns.At.employer),
        ]
        for (name, position) in positions { #expect(schema.columns[position].name == name) }
    }

    @Test func staticSchemasResolveEveryName() {
        #expect(SiteColumns.schema.columns[SiteColumns.At.phone].name == SiteColumns.phone)
        #expect(RoomColumns.schema.columns[RoomColumns.At.seats].name == RoomColumns.seats)
        #expect(RoomColumns.schema.columns[RoomColumns.At.level].name == RoomColumns.level)
        #expect(ProctorColumns.schema.columns[ProctorColumns.At.certificates].name == ProctorColumns.certificates)
        #expect(TeacherColumns.schema.columns[TeacherColumns.At.email].name == TeacherColumns.email)
    }

    @Test(arguments: EnrollmentAction.allCases)
    func enrollmentLayoutsResolveByName(action: EnrollmentAction) {
        let schema = EnrollmentColumns.schema(for: action)
        let layout = EnrollmentColumns.Layout(action)
        #expect(schema.columns[layout.idNumber].name == EnrollmentColumns.idNumber)
        #expect(schema.columns[layout.certificate].name == EnrollmentColumns.certificate)
        #expect(layout.subject.map { schema.columns[$0].name } == (action == .byCertificate ? nil : EnrollmentColumns.subject))
        #expect(layout.name == nil || action != .delete)
    }

    /// A column the schema lacks is nil through `index(of:)`; `position` is for names it has.
    @Test func positionAndIndexAgree() {
        let schema = SiteColumns.schema
        for (index, column) in schema.columns.enumerated() { #expect(schema.position(column.name) == index) }
        #expect(schema.index(of: "不存在") == nil)
    }
}
