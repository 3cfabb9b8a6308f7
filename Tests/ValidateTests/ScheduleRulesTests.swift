import Domain
import Foundation
import TestSupport
import Testing

@testable import Validate

/// The 排考 row rules that need data the sample cannot give: a plan of another organization,
/// and a candidate seated at an overlapping time (in the store, or earlier in the file).
@Suite struct ScheduleRulesTests {
    static let day = Date(timeIntervalSince1970: 1_800_000_000)
    static let clock = Clock(now: day - 86_400 * 10)
    static let morning = SessionKey(certificateCode: "C1", level: .junior, subjectCode: "A")
    static let overlapping = SessionKey(certificateCode: "C1", level: .junior, subjectCode: "B")

    final class Directory: ScheduleDirectory {
        var seats: [Seat] = []
        func plan(code: String) throws -> ExamPlan? {
            let window = Window(start: day - 86_400 * 20, end: day - 86_400)
            return ExamPlan(
                code: code, name: code, organizationCode: code == "P-OTHER" ? "ORG2" : "ORG1", certificateCodes: ["C1"],
                schoolCodes: ["S1"],
                mode: .byCertificate, registration: window, scheduling: window, scoreRegistration: window, publicityEnd: day,
                feePerCertificate: nil, feePerSubject: nil)
        }
        func enrollments(planCode: String, idNumber: String) throws -> [ScheduleEntry] {
            [morning, overlapping].map {
                ScheduleEntry(
                    schoolCode: "S1", idNumber: idNumber, name: "张三", pinyin: "zhang san", major: nil, certificateCode: "C1",
                    level: .junior,
                    subjectCode: $0.subjectCode, paid: true)
            }
        }
        func subjects(certificateCode: String, level: CertificateLevel) throws -> [(code: String, name: String)] {
            [("A", "甲"), ("B", "乙")]
        }
        func siteSchool(reference: String, certificateCode: String) throws -> String? { "S1" }
        func room(_ key: RoomKey) throws -> ExamRoom? {
            ExamRoom(
                key: key, schoolCode: "S1", level: .junior, subjectCode: key.name, type: .written, address: "一号楼", seats: 30, recordID: nil)
        }
        func sessions(planCode: String) throws -> [SessionKey: Window] {
            [morning: Window(start: day, end: day + 7200), overlapping: Window(start: day + 3600, end: day + 9000)]
        }
        func seatHolder(_ room: RoomKey, number: Int) throws -> (idNumber: String, session: SessionKey)? { nil }
        func seats(planCode: String, idNumber: String) throws -> [Seat] { seats.filter { $0.idNumber == idNumber } }
        func ticket(planCode: String, idNumber: String) throws -> String? { nil }
        func ticketHolder(_ number: String) throws -> String? { nil }
    }

    static func row(_ plan: String, _ id: String, _ subject: String, room: String? = nil, seat: String = "1") -> RowCells {
        RowCells(
            row: 2,
            values: [plan, id, subject, "S1", room ?? subject, seat, nil].map { $0.map { CellValue(type: .string, text: $0) } })
    }

    @Test func aPlanOfAnotherOrganizationIsRefused() throws {
        var rules = ScheduleRules(organizationCode: "ORG1", clock: Self.clock, directory: Directory())
        #expect(failureCodes(try rules.validate(Self.row("P-OTHER", "X1", "A")).failures) == ["schedule.foreign-plan"])
        #expect(try rules.validate(Self.row("P1", "X1", "A")).value != nil)
    }

    @Test func aCandidateIsNeverDoubleBooked() throws {
        var rules = ScheduleRules(organizationCode: "ORG1", clock: Self.clock, directory: Directory())
        #expect(try rules.validate(Self.row("P1", "X1", "A")).value != nil)
        // Earlier in the file: subject A, 09:00–11:00; B runs 10:00–11:30.
        #expect(failureCodes(try rules.validate(Self.row("P1", "X1", "B", seat: "2")).failures) == ["schedule.double-booked"])
        // In the store.
        let directory = Directory()
        directory.seats = [
            Seat(
                room: RoomKey(planCode: "P1", siteSchoolCode: "S1", certificateCode: "C1", name: "A"), number: 9, schoolCode: "S1",
                idNumber: "X2", session: Self.morning)
        ]
        var stored = ScheduleRules(organizationCode: "ORG1", clock: Self.clock, directory: directory)
        #expect(failureCodes(try stored.validate(Self.row("P1", "X2", "B")).failures) == ["schedule.double-booked"])
        // Moving the stored subject itself is allowed: the row replaces its seat.
        let moved = try stored.validate(Self.row("P1", "X2", "A", seat: "3"))
        #expect(moved.value?.replacing?.number == 9)
    }
}
