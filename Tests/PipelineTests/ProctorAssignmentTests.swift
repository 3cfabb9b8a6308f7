import Domain
import Foundation
import Store
import Testing

@testable import Pipeline

/// Who watches which room: certified for the certificate, of the room's school, never two rooms
/// at once, spread evenly, shortfalls reported per room, earlier assignments kept.
@Suite struct ProctorAssignmentTests {
    static let morning = Window(start: SeatingTests.day, end: SeatingTests.day + 7200)
    static let overlapping = Window(start: SeatingTests.day + 3600, end: SeatingTests.day + 9000)
    static let afternoon = Window(start: SeatingTests.day + 18_000, end: SeatingTests.day + 25_200)

    static func room(_ name: String, _ window: Window, certificate: String = "C1") -> ProctoredRoom {
        var room = SeatingTests.room(name, seats: 30)
        room.key.certificateCode = certificate
        return ProctoredRoom(room: room, window: window)
    }

    static func proctor(_ id: String, school: String = "S1", certificate: String = "C1") -> CertifiedProctor {
        CertifiedProctor(idNumber: id, schoolCode: school, name: "监考\(id)", certificateCode: certificate)
    }

    @Test func onlyCertifiedProctorsOfTheRoomsSchool() {
        let plan = ProctorAssignment.plan(
            rooms: [Self.room("A", Self.morning)],
            proctors: [Self.proctor("1", school: "S2"), Self.proctor("2", certificate: "C9"), Self.proctor("3")], existing: [], perRoom: 2)
        #expect(plan.added.map(\.idNumber) == ["3"])
        #expect(plan.shortfalls.map { "\($0.room) \($0.assigned)/\($0.needed)" } == ["A 1/2"])
    }

    @Test func neverTwoRoomsAtOnceAndEvenlySpread() {
        let rooms = [Self.room("A", Self.morning), Self.room("B", Self.overlapping), Self.room("C", Self.afternoon)]
        let plan = ProctorAssignment.plan(rooms: rooms, proctors: ["1", "2", "3"].map { Self.proctor($0) }, existing: [], perRoom: 1)
        let byRoom = Dictionary(plan.added.map { ($0.room.name, $0.idNumber) }, uniquingKeysWith: { first, _ in first })
        #expect(byRoom["A"] != byRoom["B"])
        // The afternoon goes to the one proctor who has no session yet.
        #expect(byRoom["C"] == "3")
        #expect(plan.shortfalls.isEmpty)
    }

    @Test func existingAssignmentsStayWhileValid() {
        let rooms = [Self.room("A", Self.morning), Self.room("B", Self.afternoon)]
        let first = ProctorAssignment.plan(rooms: rooms, proctors: ["1", "2"].map { Self.proctor($0) }, existing: [], perRoom: 1)
        let second = ProctorAssignment.plan(
            rooms: rooms, proctors: ["0", "1", "2"].map { Self.proctor($0) }, existing: first.added, perRoom: 1)
        #expect(second.kept.count == 2 && second.added.isEmpty)
        // A proctor who lost the certification is withdrawn and replaced.
        let third = ProctorAssignment.plan(
            rooms: rooms, proctors: [Self.proctor("0"), Self.proctor("2")], existing: first.added, perRoom: 1)
        #expect(third.withdrawn.map(\.idNumber) == ["1"])
        #expect(third.added.map(\.idNumber) == ["0"])
    }
}
