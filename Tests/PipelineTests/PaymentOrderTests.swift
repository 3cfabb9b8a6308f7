import Domain
import Foundation
import Ingest
import Store
import TestSupport
import Testing
import Validate

@testable import Pipeline

@Suite struct PaymentOrderTests {
    typealias Bed = EnrollmentBed

    @Test func generateConfirmThenDeletesAreRefused() throws {
        let bed = try Bed()
        let root = bed.test.root
        _ = try bed.run(
            .byCertificate,
            [Bed.certificateRow(1), Bed.certificateRow(2), Bed.certificateRow(3), Bed.certificateRow(1, certificate: "C-BDA", level: "初级")])
        let orders = try PaymentOrders.generate(
            root: root, schoolCode: Bed.school, planCode: Bed.plan, basis: .byCertificate, clock: TestRoot.clock)
        #expect(orders.map(\.certificateCode) == ["C-BDA", "C-WEB"])
        let web = try #require(orders.first { $0.certificateCode == "C-WEB" })
        // Per certificate: three candidates (not six subject enrollments) at the plan's 300.
        #expect((web.count, web.unitFee, web.amount, web.status) == (3, 300, 900, .unconfirmed))
        #expect(web.number.hasPrefix("JFS4101001-20261123-"))
        #expect(try bed.enrollments().allSatisfy { $0.orderNumber != nil && $0.paymentStatus == .ordered })
        // Nothing is left to order.
        #expect(
            try PaymentOrders.generate(root: root, schoolCode: Bed.school, planCode: Bed.plan, basis: .byCertificate, clock: TestRoot.clock)
                .isEmpty)
        // An ordered (unconfirmed) enrollment cannot be deleted either.
        let ordered = try bed.run(.delete, [[Bed.plan, TestRoot.id(2), "C-WEB", ""]])
        #expect(try bed.codes(ordered)[3] == ["enrollment.locked"])

        let confirmed = try PaymentOrders.confirm(root: root, number: web.number, clock: TestRoot.clock)
        #expect(confirmed.status == .confirmed)
        let paid = try bed.enrollments().filter { $0.certificateCode == "C-WEB" }
        #expect(paid.count == 6 && paid.allSatisfy { $0.paid && $0.paymentStatus == .paid })
        #expect(try bed.enrollments().filter { $0.certificateCode == "C-BDA" }.allSatisfy { !$0.paid })

        // A confirmed order can be neither confirmed again nor deleted.
        #expect(throws: KaowuError.self) { try PaymentOrders.confirm(root: root, number: web.number, clock: TestRoot.clock) }
        do {
            _ = try PaymentOrders.delete(root: root, number: web.number)
            Issue.record("a confirmed order was deleted")
        } catch let error as KaowuError {
            #expect(error.code == .paymentLocked)
        }
        // A paid enrollment cannot be deleted.
        let refused = try bed.run(.delete, [[Bed.plan, TestRoot.id(2), "C-WEB", "WEB-T"]])
        #expect(try bed.codes(refused)[3] == ["enrollment.locked"])
        #expect(try bed.enrollments().count == 7)

        // The unconfirmed order can be deleted: its enrollments are released and can be ordered again.
        let bda = try #require(orders.first { $0.certificateCode == "C-BDA" })
        // Another school cannot delete it.
        #expect(throws: KaowuError.self) { try PaymentOrders.delete(root: root, number: bda.number, schoolCode: "S4401002") }
        _ = try PaymentOrders.delete(root: root, number: bda.number, schoolCode: Bed.school)
        #expect(try bed.enrollments().filter { $0.certificateCode == "C-BDA" }.allSatisfy { $0.orderNumber == nil })
        let again = try PaymentOrders.generate(
            root: root, schoolCode: Bed.school, planCode: Bed.plan, basis: .byCertificate, clock: TestRoot.clock)
        #expect(again.map(\.count) == [1])
        #expect(again.first?.number != web.number)
        // Released and unpaid: now it can be deleted.
        _ = try PaymentOrders.delete(root: root, number: try #require(again.first).number)
        let released = try bed.run(.delete, [[Bed.plan, TestRoot.id(1), "C-BDA", ""]])
        #expect(released.record.succeeded == 1)
    }

    @Test func bySubjectCountsEnrollmentsAtTheSubjectFee() throws {
        let bed = try Bed()
        _ = try bed.run(
            .bySubject,
            [
                [Bed.subjectPlan, TestRoot.id(1), "张三", "C-WEB", "中级", "WEB-T"],
                [Bed.subjectPlan, TestRoot.id(2), "张三", "C-WEB", "中级", "WEB-T"],
                [Bed.subjectPlan, TestRoot.id(2), "张三", "C-WEB", "中级", "WEB-P"],
            ])
        let orders = try PaymentOrders.generate(
            root: bed.test.root, schoolCode: Bed.school, planCode: Bed.subjectPlan, basis: .bySubject, clock: TestRoot.clock)
        #expect(orders.map { "\($0.subjectCode ?? "") \($0.count) \($0.amount)" } == ["WEB-P 1 120.0", "WEB-T 2 240.0"])
        #expect(orders.allSatisfy { $0.level == .intermediate && $0.basis == .bySubject })
        // The sample plan has no fee per subject: refused, nothing changes.
        #expect(throws: KaowuError.self) {
            try PaymentOrders.generate(
                root: bed.test.root, schoolCode: Bed.school, planCode: Bed.plan, basis: .bySubject, clock: TestRoot.clock)
        }
    }

    @Test func exportsReadBack() throws {
        let bed = try Bed()
        let root = bed.test.root
        _ = try bed.run(.byCertificate, [Bed.certificateRow(1), Bed.certificateRow(2, certificate: "C-BDA", level: "初级")])
        let orders = try PaymentOrders.generate(
            root: root, schoolCode: Bed.school, planCode: Bed.plan, basis: .byCertificate, clock: TestRoot.clock)
        _ = try PaymentOrders.confirm(root: root, number: try #require(orders.last).number, clock: TestRoot.clock)

        let enrollments = bed.test.path("enrollments-export.xlsx")
        #expect(
            try Exports.enrollments(
                root: root, schoolCode: Bed.school, planCode: Bed.plan, certificateCode: nil, clock: TestRoot.clock, output: enrollments)
                == 3)
        let rows = try readRows(enrollments)
        #expect(rows.count == 4)
        let header = rows[0]
        let column = { (name: String) in header.first { $0.value == name }?.key ?? -1 }
        #expect(rows.dropFirst().allSatisfy { $0[column("证件号码")]?.count == 18 && $0[column("考试计划编号")] == Bed.plan })
        #expect(Set(rows.dropFirst().compactMap { $0[column("科目")] }) == ["WEB-T", "WEB-P", "BDA-T"])
        #expect(Set(rows.dropFirst().compactMap { $0[column("缴费状态")] }) == ["已缴费", "待确认缴费"])
        #expect(rows.dropFirst().allSatisfy { $0[column("等级")] == "中级" || $0[column("等级")] == "初级" })
        #expect(Set(rows.dropFirst().compactMap { $0[column("报考状态")] }) == ["未排考"])
        let filtered = bed.test.path("web.xlsx")
        #expect(
            try Exports.enrollments(
                root: root, schoolCode: nil, planCode: nil, certificateCode: "C-BDA", clock: TestRoot.clock, output: filtered) == 1)

        let ordersFile = bed.test.path("orders.xlsx")
        #expect(try Exports.paymentOrders(root: root, schoolCode: Bed.school, planCode: Bed.plan, output: ordersFile) == 2)
        let orderRows = try readRows(ordersFile)
        let orderHeader = orderRows[0]
        let orderColumn = { (name: String) in orderHeader.first { $0.value == name }?.key ?? -1 }
        #expect(orderRows.count == 3)
        #expect(Set(orderRows.dropFirst().compactMap { $0[orderColumn("状态")] }) == ["已确认", "未确认"])
        #expect(Set(orderRows.dropFirst().compactMap { $0[orderColumn("金额（元）")] }) == ["300"])
        #expect(try Exports.paymentOrders(root: root, schoolCode: "S4401002", planCode: nil, output: ordersFile) == 0)
    }
}
