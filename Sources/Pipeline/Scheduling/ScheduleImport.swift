public import Domain
import Foundation
import Store
import Validate

/// The store as the directory every organization-side row reads its enrolled subjects from.
protocol StoreEnrolledSubjects: EnrolledSubjectDirectory {
    var store: Store { get }
}

extension StoreEnrolledSubjects {
    func plan(code: String) throws -> ExamPlan? { try SiteRoomStore(store).plan(code: code) }
    func enrollments(planCode: String, idNumber: String) throws -> [ScheduleEntry] {
        try store.scheduleEntries(planCode: planCode, idNumber: idNumber)
    }
    func subjects(certificateCode: String, level: CertificateLevel) throws -> [(code: String, name: String)] {
        try store.subjectNames(certificateCode: certificateCode, level: level)
    }
}

/// The store as the 排考 rules' read-only directory.
struct StoreScheduleDirectory: ScheduleDirectory, StoreEnrolledSubjects {
    let store: Store
    func siteSchool(reference: String, certificateCode: String) throws -> String? {
        try store.siteSchool(reference: reference, certificateCode: certificateCode)
    }
    func room(_ key: RoomKey) throws -> ExamRoom? { try SiteRoomStore(store).room(key) }
    func sessions(planCode: String) throws -> [SessionKey: Window] { try store.planSessions(planCode: planCode) }
    func seatHolder(_ room: RoomKey, number: Int) throws -> (idNumber: String, session: SessionKey)? {
        try store.seatHolder(room, number: number)
    }
    func seats(planCode: String, idNumber: String) throws -> [Seat] { try store.seats(planCode: planCode, idNumber: idNumber) }
    func ticket(planCode: String, idNumber: String) throws -> String? { try store.ticketNumber(planCode: planCode, idNumber: idNumber) }
    func ticketHolder(_ number: String) throws -> String? { try store.ticketHolder(number) }
}

/// 排考 import (organization side): the same stored schedule `kaowu schedule` makes, from a
/// workbook. A valid row gives its seat (moving the candidate's earlier seat for the subject)
/// and, when the candidate has none, the ticket number the row names or the next one made.
struct ScheduleImport: ImportKind {
    var rules: ScheduleRules
    let store: Store
    let recordID: String
    let seats: SeatWriter
    /// Plan → school → the highest ticket sequence issued, read once per plan and kept up
    /// to date by the tickets this import issues.
    private var lastSequence: [String: [String: Int]] = [:]

    init(store: Store, organizationCode: String, recordID: String, clock: Clock) {
        self.store = store
        self.recordID = recordID
        seats = store.seatWriter(recordID: recordID)
        rules = ScheduleRules(organizationCode: organizationCode, clock: clock, directory: StoreScheduleDirectory(store: store))
    }

    var schema: TableSchema { rules.schema }

    mutating func validate(_ cells: RowCells) throws -> Validated<ScheduleChange> { try rules.validate(cells) }

    mutating func apply(_ change: ScheduleChange) throws -> [Failure] {
        if let replacing = change.replacing { try store.deleteSeat(replacing) }
        try seats.insert(change.seat)
        let plan = change.seat.room.planCode
        if try store.ticketNumber(planCode: plan, idNumber: change.seat.idNumber) == nil {
            if lastSequence[plan] == nil { lastSequence[plan] = try store.lastTicketSequences(planCode: plan) }
            let sequence = (lastSequence[plan]?[change.seat.schoolCode] ?? 0) + 1
            lastSequence[plan]?[change.seat.schoolCode] = sequence
            let ticket = AdmissionTicket(
                planCode: plan, schoolCode: change.seat.schoolCode, idNumber: change.seat.idNumber, sequence: sequence)
            try store.insertTicket(ticket, number: change.ticket ?? ticket.number, recordID: recordID)
        }
        return []
    }
}

extension Imports {
    /// 排考 for one training-evaluation organization's plans.
    public static func schedule(
        _ request: ImportRequest, root: DataRoot, organizationCode: String,
        report: (ImportOutcome, FailureCursor) throws -> Void = { _, _ in }
    ) throws -> ImportOutcome {
        try organizationSheet(request, root: root, organizationCode: organizationCode, report: report) { store, organization, recordID in
            SheetPass(ScheduleImport(store: store, organizationCode: organization, recordID: recordID, clock: request.clock))
        }
    }
}
