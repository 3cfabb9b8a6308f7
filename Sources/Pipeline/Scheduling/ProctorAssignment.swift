import Domain
import Foundation
import Store

/// A room session as proctor assignment sees it.
struct ProctoredRoom {
    var room: ExamRoom
    var window: Window
}

/// A room short of proctors, and by how many.
public struct ProctorShortfall: Encodable, Sendable {
    public let site, certificate, room, subject: String
    public let needed, assigned: Int
}

/// Who watches which room (监考安排), a pure function of the plan's rooms and proctors.
///
/// Each room with candidates gets `perRoom` proctors, each certified (已认证) for the room's
/// certificate and of the school that set the room, never in two rooms whose sessions overlap.
/// Rooms are served in session order (then site, room name); each takes the eligible proctor
/// with the fewest sessions so far (then the lowest ID number), so nobody gets a second session
/// while an eligible one has none. An assignment already made stays while it is still valid.
enum ProctorAssignment {
    struct Plan {
        var kept: [(room: RoomKey, idNumber: String)] = []
        var added: [(room: RoomKey, idNumber: String)] = []
        var withdrawn: [(room: RoomKey, idNumber: String)] = []
        var shortfalls: [ProctorShortfall] = []
    }

    static func plan(
        rooms: [ProctoredRoom], proctors: [CertifiedProctor], existing: [(room: RoomKey, idNumber: String)], perRoom: Int
    ) -> Plan {
        var result = Plan()
        let ordered = rooms.sorted {
            ($0.window.start, $0.room.key.siteSchoolCode, $0.room.key.certificateCode, $0.room.key.name)
                < ($1.window.start, $1.room.key.siteSchoolCode, $1.room.key.certificateCode, $1.room.key.name)
        }
        let eligible = Set(
            proctors.map { Eligibility(idNumber: $0.idNumber, schoolCode: $0.schoolCode, certificateCode: $0.certificateCode) })
        var busy: [String: [Window]] = [:]
        var load: [String: Int] = [:]
        var assigned: [RoomKey: [String]] = [:]

        func isValid(_ idNumber: String, _ room: ProctoredRoom) -> Bool {
            eligible.contains(
                Eligibility(idNumber: idNumber, schoolCode: room.room.schoolCode, certificateCode: room.room.key.certificateCode))
                && !(busy[idNumber] ?? []).contains { $0.overlaps(room.window) }
        }

        let roomsByKey = Dictionary(rooms.map { ($0.room.key, $0) }, uniquingKeysWith: { first, _ in first })
        for assignment in existing {
            if let room = roomsByKey[assignment.room], isValid(assignment.idNumber, room), (assigned[room.room.key]?.count ?? 0) < perRoom {
                busy[assignment.idNumber, default: []].append(room.window)
                load[assignment.idNumber, default: 0] += 1
                assigned[room.room.key, default: []].append(assignment.idNumber)
                result.kept.append(assignment)
            } else {
                result.withdrawn.append(assignment)
            }
        }
        let pool = Array(Set(proctors.map(\.idNumber))).sorted()
        for room in ordered {
            while (assigned[room.room.key]?.count ?? 0) < perRoom {
                let choice = pool.filter { !(assigned[room.room.key] ?? []).contains($0) && isValid($0, room) }
                    .min { (load[$0] ?? 0, $0) < (load[$1] ?? 0, $1) }
                guard let choice else { break }
                busy[choice, default: []].append(room.window)
                load[choice, default: 0] += 1
                assigned[room.room.key, default: []].append(choice)
                result.added.append((room.room.key, choice))
            }
            let count = assigned[room.room.key]?.count ?? 0
            if count < perRoom {
                result.shortfalls.append(
                    ProctorShortfall(
                        site: room.room.key.siteSchoolCode, certificate: room.room.key.certificateCode, room: room.room.key.name,
                        subject: room.room.subjectCode, needed: perRoom, assigned: count))
            }
        }
        return result
    }

    private struct Eligibility: Hashable {
        var idNumber, schoolCode, certificateCode: String
    }
}
