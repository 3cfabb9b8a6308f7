import Domain
import Foundation
import TestSupport
import Testing

@testable import Store

/// A value the store cannot read back is an error naming its table and column, never `""` or a
/// default status passed off as data.
@Suite struct StoredValueTests {
    func seeded(_ store: Store) throws {
        try store.upsert(School(code: "S1", name: "某学院", province: "河南省", contact: nil, phone: nil, siteHead: nil, stampPath: nil))
        _ = try store.insertCandidateIfAbsent(candidate("A"), recordID: "R1")
    }

    func corruption(_ body: () throws -> Void) -> StoredValueCorrupt? {
        do {
            try body()
            return nil
        } catch let error as StoredValueCorrupt {
            return error
        } catch {
            Issue.record("not a StoredValueCorrupt: \(error)")
            return nil
        }
    }

    @Test func anUnknownStatusNamesTableAndColumn() throws {
        try withStore { store, _ in
            try seeded(store)
            #expect(try store.candidates(schoolCode: "S1").map(\.status) == [.noPhoto])
            try store.connection.execute("UPDATE candidates SET status = 'lost' WHERE id_number = 'A'")
            let error = try #require(corruption { _ = try store.candidates(schoolCode: "S1") })
            #expect(error.table == "candidates")
            #expect(error.column == "status")
            #expect(error.value == "lost")
            let explained = KaowuError.explain(error, code: .failed, message: "x")
            #expect(explained.code == .storeCorruptValue)
            #expect(explained.message.contains("candidates.status") && explained.message.contains("“lost”"))
        }
    }

    @Test func aNullWhereAValueIsRequiredIsCorrupt() throws {
        try withStore { store, _ in
            // Store's columns are NOT NULL; a damaged or foreign database can still hand back a NULL.
            try store.connection.execute("CREATE TEMP TABLE probe (name TEXT)")
            try store.connection.execute("INSERT INTO probe VALUES (NULL)")
            let row = try store.connection.statement("SELECT name FROM probe")
            let error = try #require(corruption { _ = try row.first { try $0.string(0) } })
            #expect(error.table == "probe" && error.column == "name" && error.value == nil)
        }
    }

    @Test func anUnparsableTimeIsCorrupt() throws {
        try withStore { store, _ in
            try store.upsert(Organization(code: "O1", name: "组织", contact: nil, phone: nil, sealPath: nil))
            let window = Window(start: Date(timeIntervalSince1970: 1_790_000_000), end: Date(timeIntervalSince1970: 1_790_100_000))
            try store.upsert(
                ExamPlan(
                    code: "P1", name: "计划", organizationCode: "O1", certificateCodes: [], schoolCodes: [], mode: .byCertificate,
                    registration: window, scheduling: window, scoreRegistration: window, publicityEnd: window.end, feePerCertificate: 300,
                    feePerSubject: nil, paymentRequired: false))
            #expect(try SiteRoomStore(store).plan(code: "P1")?.registration == window)
            #expect(try SiteRoomStore(store).plan(code: "P1")?.seatsOnlyPaid == false)
            try store.connection.execute("UPDATE exam_plans SET scheduling_end = 'soon' WHERE code = 'P1'")
            let error = try #require(corruption { _ = try SiteRoomStore(store).plan(code: "P1") })
            #expect(error.table == "exam_plans" && error.column == "scheduling_end" && error.value == "soon")
        }
    }

    @Test func aFlagOtherThanZeroOrOneIsCorrupt() throws {
        try withStore { store, _ in
            try store.connection.execute("CREATE TEMP TABLE flags (paid INTEGER)")
            try store.connection.execute("INSERT INTO flags VALUES (7)")
            let error = try #require(corruption { _ = try store.connection.statement("SELECT paid FROM flags").first { try $0.bool(0) } })
            #expect(error.column == "paid" && error.value == "7")
        }
    }
}
