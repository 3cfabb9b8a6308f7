import Domain
import Foundation
import TestSupport
import Testing

@testable import Validate

/// Every rule of the 科目成绩 row, each fed a bad value, and the windows on both sides of each
/// boundary: registration start and end, publicity end.
@Suite struct ScoreRulesTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let end = start + 86_400 * 10
    static let publicityEnd = end + 86_400 * 5
    static let seated = SessionKey(certificateCode: "C1", level: .junior, subjectCode: "A")
    static let unseated = SessionKey(certificateCode: "C1", level: .junior, subjectCode: "B")

    final class Directory: ScoreDirectory {
        var stored: [String: SubjectScore] = [:]
        var settled = false
        func isSettled(planCode: String) throws -> Bool { settled }
        func plan(code: String) throws -> ExamPlan? {
            guard code != "P-NONE" else { return nil }
            let window = Window(start: start - 86_400 * 60, end: start - 86_400 * 30)
            return ExamPlan(
                code: code, name: code, organizationCode: code == "P-OTHER" ? "ORG2" : "ORG1", certificateCodes: ["C1"],
                schoolCodes: ["S1"],
                mode: .byCertificate, registration: window, scheduling: window, scoreRegistration: Window(start: start, end: end),
                publicityEnd: publicityEnd, feePerCertificate: nil, feePerSubject: nil)
        }
        func ticketHolder(planCode: String, ticket: String) throws -> String? { ticket == "T1" ? "ID1" : ticket == "T2" ? "ID2" : nil }
        func enrollments(planCode: String, idNumber: String) throws -> [ScheduleEntry] {
            guard idNumber.hasPrefix("ID") else { return [] }
            return [seated, unseated].map {
                ScheduleEntry(
                    schoolCode: "S1", idNumber: idNumber, name: "张三", pinyin: "zhang san", major: nil, certificateCode: "C1",
                    level: .junior,
                    subjectCode: $0.subjectCode, paid: true)
            }
        }
        func subjects(certificateCode: String, level: CertificateLevel) throws -> [(code: String, name: String)] {
            [("A", "理论知识"), ("B", "实操技能")]
        }
        func seatedSessions(planCode: String, idNumber: String) throws -> Set<SessionKey> { [seated] }
        func marks(certificateCode: String, level: CertificateLevel, subjectCode: String) throws -> (full: Double, pass: Double)? {
            (100, 60)
        }
        func score(planCode: String, idNumber: String, session: SessionKey) throws -> SubjectScore? { stored[idNumber] }
    }

    static func row(
        plan: String = "P1", ticket: String? = nil, id: String? = "ID1", subject: String = "A", score: String? = "75",
        idType: CellType = .string
    ) -> RowCells {
        RowCells(
            row: 5,
            values: [
                CellValue(type: .string, text: plan), ticket.map { CellValue(type: .string, text: $0) },
                id.map { CellValue(type: idType, text: $0) },
                CellValue(type: .string, text: subject), score.map { CellValue(type: .string, text: $0) },
            ])
    }

    static func codes(_ row: RowCells, at now: Date = start + 3600, directory: Directory = Directory()) throws -> [String] {
        var rules = ScoreRules(organizationCode: "ORG1", clock: Clock(now: now), directory: directory)
        return failureCodes(try rules.validate(row).failures)
    }

    @Test func aValidRowGivesItsScore() throws {
        var rules = ScoreRules(organizationCode: "ORG1", clock: Clock(now: Self.start), directory: Directory())
        let entry = try #require(try rules.validate(Self.row(score: "88.5")).value)
        #expect(entry.score == .points(88.5) && entry.session == Self.seated && entry.schoolCode == "S1")
        let absent = try #require(try rules.validate(Self.row(id: "ID2", subject: "理论知识", score: "缺考")).value)
        #expect(absent.score == .absent)
    }

    @Test func theScoreMustBeANumberFromZeroToFullMarks() throws {
        #expect(try Self.codes(Self.row(score: "-1")) == ["score.range"])
        #expect(try Self.codes(Self.row(score: "100.5")) == ["score.range"])
        #expect(try Self.codes(Self.row(score: "0")) == [])
        #expect(try Self.codes(Self.row(score: "100")) == [])
        #expect(try Self.codes(Self.row(score: "优秀")) == ["score.format"])
        #expect(try Self.codes(Self.row(score: nil)) == ["required"])
    }

    @Test func theCandidateIsFoundByTicketOrIDAndBothMustAgree() throws {
        #expect(try Self.codes(Self.row(ticket: "T1", id: nil)) == [])
        #expect(try Self.codes(Self.row(ticket: "T9", id: nil)) == ["score.candidate"])
        #expect(try Self.codes(Self.row(ticket: "T2", id: "ID1")) == ["score.candidate"])
        #expect(try Self.codes(Self.row(ticket: nil, id: nil)) == ["required"])
        #expect(try Self.codes(Self.row(id: "X404")) == ["score.candidate"])
        #expect(try Self.codes(Self.row(id: "1.10101199003077E+17", idType: .number)).contains("id.numeric-cell"))
    }

    @Test func theSubjectMustBeEnrolledAndSeated() throws {
        #expect(try Self.codes(Self.row(subject: "Z")) == ["score.not-enrolled"])
        #expect(try Self.codes(Self.row(subject: "B")) == ["score.not-scheduled"])
        #expect(try Self.codes(Self.row(subject: "实操技能")) == ["score.not-scheduled"])
    }

    @Test func thePlanMustExistAndBeTheOrganizations() throws {
        #expect(try Self.codes(Self.row(plan: "P-NONE")) == ["plan.not-found"])
        #expect(try Self.codes(Self.row(plan: "P-OTHER")) == ["schedule.foreign-plan"])
    }

    @Test func aSubjectTwiceInTheFileFailsTheLaterRow() throws {
        var rules = ScoreRules(organizationCode: "ORG1", clock: Clock(now: Self.start), directory: Directory())
        #expect(try rules.validate(Self.row()).value != nil)
        #expect(failureCodes(try rules.validate(Self.row(score: "80")).failures) == ["duplicate.in-file"])
    }

    /// Before the window: closed. Inside it (both ends included): entered. After its end and
    /// until the publicity ends: only a score already entered may change. After: locked.
    @Test func theWindowsOnBothSidesOfEachBoundary() throws {
        let entered = Directory()
        entered.stored["ID1"] = .points(50)
        #expect(try Self.codes(Self.row(), at: Self.start - 1) == ["plan.closed"])
        #expect(try Self.codes(Self.row(), at: Self.start) == [])
        #expect(try Self.codes(Self.row(), at: Self.end) == [])
        #expect(try Self.codes(Self.row(), at: Self.end + 1) == ["plan.closed"])
        #expect(try Self.codes(Self.row(), at: Self.end + 1, directory: entered) == [])
        #expect(try Self.codes(Self.row(), at: Self.publicityEnd, directory: entered) == [])
        #expect(try Self.codes(Self.row(), at: Self.publicityEnd + 1, directory: entered) == ["score.locked"])
        #expect(try Self.codes(Self.row(), at: Self.publicityEnd + 1) == ["score.locked"])
        // Settled results lock the scores whatever the clock given says.
        let settled = Directory()
        settled.settled = true
        #expect(try Self.codes(Self.row(), at: Self.start + 3600, directory: settled) == ["score.locked"])
    }
}
