import Concurrency
public import Domain
import Foundation
import Render
import Store
import Validate

/// What `kaowu render` asks for.
public struct RenderRequest: Sendable {
    public var planCode: String
    public var documents: [ExamDocument]
    public var schoolCode, siteCode, roomName: String?
    /// Also one ticket file per candidate (`…/tickets/<准考证号>.pdf`).
    public var perCandidate: Bool
    public var outputDirectory: String

    public init(
        planCode: String, documents: [ExamDocument], schoolCode: String? = nil, siteCode: String? = nil, roomName: String? = nil,
        perCandidate: Bool = false, outputDirectory: String
    ) {
        self.planCode = planCode
        self.documents = documents
        self.schoolCode = schoolCode
        self.siteCode = siteCode
        self.roomName = roomName
        self.perCandidate = perCandidate
        self.outputDirectory = outputDirectory
    }
}

/// What a render run wrote.
public struct RenderOutcome: Encodable, Sendable {
    public let directory: String
    public let rooms: Int
    /// Room batch files (one per room and document).
    public let files: Int
    /// Per-candidate ticket files.
    public let candidateFiles: Int
    public let pages: Int
    public let bytes: Int
}

/// `kaowu render`: the exam documents of a plan's room sessions, one PDF per room and document
/// under `DIR/<plan>/<school>/<site>/<room>/`, rendered on all cores a room at a time (a room's
/// files are small, so memory does not grow with the number of pages). Templates are loaded and
/// checked before anything is drawn.
public enum RenderJob {
    /// `progress` hears the room sessions drawn so far and their number, on this thread.
    public static func run(
        root: DataRoot, request: RenderRequest, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> RenderOutcome {
        let store = try root.openStore()
        return try store.snapshot { try run(store: store, root: root, request: request, progress: progress) }
    }

    private static func run(
        store: Store, root: DataRoot, request: RenderRequest, progress: (_ done: Int, _ total: Int) -> Void
    ) throws -> RenderOutcome {
        let plan = try RoomCommands.existingPlan(request.planCode, sites: SiteRoomStore(store))
        let output = try OutputDirectory(request.outputDirectory, dataRoot: root.path)
        let templates = try request.documents.map { try TemplateLibrary.load($0, root: root.path) }
        let schoolFilter = request.schoolCode.map(Normalize.code)
        let siteFilter = request.siteCode.map(Normalize.code)
        let documents = try PlanDocuments(store: store, plan: plan, root: root) { arrangement in
            let room = arrangement.room
            return (schoolFilter == nil || room.schoolCode == schoolFilter || room.key.siteSchoolCode == schoolFilter)
                && (siteFilter == nil || room.key.siteSchoolCode == siteFilter)
                && (request.roomName == nil || room.key.name == request.roomName)
        }
        // What a killed render of this plan left in the folder goes first.
        OutputDirectory.removeLeftovers(in: output.path + "/" + OutputDirectory.safe(plan.code))
        let fonts = FontLibrary()
        let pool = WorkerPool()
        var pending: [Future<[RenderedFile]>] = []
        var done = 0
        progress(0, documents.rooms.count)
        for arrangement in documents.rooms {
            let room = try documents.room(arrangement, store: store, withTickets: request.documents.contains(.tickets))
            let files = PlannedFile.files(of: room, templates: templates, perCandidate: request.perCandidate)
            let base = output.path
            pending.append(pool.submit { try files.map { try $0.render(into: base, fonts: fonts) } })
            while done < pending.count, pending[done].isFulfilled {
                done += 1
                progress(done, documents.rooms.count)
            }
        }
        var files: [RenderedFile] = []
        var failure: (any Error)?
        for (index, future) in pending.enumerated() {
            do { files += try future.value() } catch { failure = failure ?? error }
            if index >= done {
                done = index + 1
                progress(done, documents.rooms.count)
            }
        }
        if let failure { throw failure }
        let candidateFiles = files.filter { $0.path.contains("/tickets/") }.count
        return RenderOutcome(
            directory: output.path, rooms: documents.rooms.count, files: files.count - candidateFiles, candidateFiles: candidateFiles,
            pages: files.reduce(0) { $0 + $1.pages }, bytes: files.reduce(0) { $0 + $1.bytes })
    }
}

/// One room session's documents, gathered from the store: its folder, the room with its seats,
/// and the tickets of the candidates whose first subject is in it.
struct RoomDocuments: Sendable {
    let folder: [String]
    let room: DocumentRecord
    let tickets: [(number: String, record: DocumentRecord)]
}

/// One PDF to draw: where (relative to the output folder), through which template, of what.
struct PlannedFile: Sendable {
    let folder: [String]
    let fileName: String
    let template: DocumentTemplate
    let records: [DocumentRecord]

    var relativePath: String { (folder.map(OutputDirectory.safe) + [fileName]).joined(separator: "/") }

    /// A room's batch files, one per template, and with `perCandidate` each candidate's ticket.
    static func files(of room: RoomDocuments, templates: [DocumentTemplate], perCandidate: Bool) -> [PlannedFile] {
        var files: [PlannedFile] = []
        for template in templates {
            let records = template.document == .tickets ? room.tickets.map(\.record) : [room.room]
            guard !records.isEmpty else { continue }
            files.append(
                PlannedFile(folder: room.folder, fileName: template.document.rawValue + ".pdf", template: template, records: records))
            if template.document == .tickets, perCandidate {
                for ticket in room.tickets {
                    files.append(
                        PlannedFile(
                            folder: room.folder + ["tickets"], fileName: OutputDirectory.safe(ticket.number) + ".pdf", template: template,
                            records: [ticket.record]))
                }
            }
        }
        return files
    }

    func render(into base: String, fonts: FontLibrary) throws -> RenderedFile {
        let directory = try OutputDirectory.make(base: base, folder)
        return try DocumentRenderer.render(template, records: records, to: directory + "/" + fileName, fonts: fonts)
    }
}

/// What `kaowu render` and `kaowu nightly` read of a plan once: the names they print, the
/// sessions, the room sessions with candidates, the folder of each.
struct PlanDocuments {
    let plan: ExamPlan
    let root: DataRoot
    let names: CatalogNames
    let planValues: FieldValues
    let sessions: [SessionKey: Window]
    let arrangements: [RoomKey: RoomArrangement]
    /// The room sessions with candidates that `include` keeps, in the store's order.
    let rooms: [RoomArrangement]
    private let sharedNames: Set<String>

    init(store: Store, plan: ExamPlan, root: DataRoot, include: (RoomArrangement) -> Bool = { _ in true }) throws {
        self.plan = plan
        self.root = root
        names = try store.catalogNames()
        planValues = FieldValues([
            "plan.code": .text(plan.code), "plan.name": .text(plan.name),
            "organization.name": .text(names.organizations[plan.organizationCode] ?? plan.organizationCode),
        ])
        sessions = try store.planSessions(planCode: plan.code)
        let all = try store.roomArrangements(planCode: plan.code, schoolCode: nil)
        arrangements = Dictionary(all.map { ($0.room.key, $0) }, uniquingKeysWith: { first, _ in first })
        rooms = all.filter { $0.seated > 0 && include($0) }
        // A room name used at one site for two certificates gets the certificate in its folder.
        var counts: [String: Int] = [:]
        for room in all { counts[room.room.key.siteSchoolCode + "/" + room.room.key.name, default: 0] += 1 }
        sharedNames = Set(counts.filter { $0.value > 1 }.keys)
    }

    func room(_ arrangement: RoomArrangement, store: Store, withTickets: Bool) throws -> RoomDocuments {
        let key = arrangement.room.key
        let shared = sharedNames.contains(key.siteSchoolCode + "/" + key.name)
        let folder = [
            plan.code, arrangement.room.schoolCode, key.siteSchoolCode, shared ? "\(key.name)（\(key.certificateCode)）" : key.name,
        ]
        let seated = try store.seatedCandidates(room: key)
        let room = RenderJob.roomValues(arrangement, seated: seated, names: names, sessions: sessions, parent: planValues)
        let rows = seated.map { RenderJob.seatValues($0, root: root, parent: room) }
        var tickets: [(number: String, record: DocumentRecord)] = []
        if withTickets {
            for candidate in seated {
                let seats = try store.seats(planCode: plan.code, idNumber: candidate.idNumber)
                // A candidate's ticket goes with the room of the first subject they sit.
                let ordered = seats.sorted { a, b in
                    let (first, second) = (sessions[a.session]?.start ?? .distantFuture, sessions[b.session]?.start ?? .distantFuture)
                    return first != second ? first < second : a.session < b.session
                }
                guard ordered.first?.room == key else { continue }
                tickets.append(
                    (
                        candidate.ticketNumber ?? candidate.idNumber,
                        RenderJob.ticketRecord(
                            candidate, seats: ordered, root: root, names: names, sessions: sessions, arrangements: arrangements,
                            parent: planValues)
                    ))
            }
        }
        return RoomDocuments(folder: folder, room: DocumentRecord(values: room, rows: rows), tickets: tickets)
    }
}

extension RenderJob {
    static func roomValues(
        _ arrangement: RoomArrangement, seated: [SeatedCandidate], names: CatalogNames, sessions: [SessionKey: Window],
        parent: FieldValues
    ) -> FieldValues {
        let room = arrangement.room
        let session = room.subjectKey
        let site = names.sites[CatalogNames.siteKey(school: room.key.siteSchoolCode, certificate: room.key.certificateCode)]
        let tickets = seated.compactMap(\.ticketNumber).sorted()
        var values: [String: FieldValues.Value] = [
            "school.code": .text(room.schoolCode), "school.name": .text(names.schools[room.schoolCode] ?? room.schoolCode),
            "site.code": .text(room.key.siteSchoolCode), "site.name": .text(arrangement.siteName ?? site?.name ?? room.key.siteSchoolCode),
            "site.address": .text(site?.address ?? ""), "room.name": .text(room.key.name), "room.address": .text(room.address),
            "room.type": .text(room.type.label), "room.seats": .text("\(room.seats)"), "room.seated": .text("\(seated.count)"),
            "room.proctors": .text(arrangement.proctors ?? ""), "certificate.code": .text(room.key.certificateCode),
            "certificate.name": .text(names.certificates[room.key.certificateCode] ?? room.key.certificateCode),
            "level": .text(room.level.label), "subject.code": .text(room.subjectCode),
            "subject.name": .text(names.subjects[session] ?? room.subjectCode),
            "ticket.first": .text(tickets.first ?? ""), "ticket.last": .text(tickets.last ?? ""),
        ]
        if let window = sessions[session] {
            values["session.start"] = .date(window.start)
            values["session.end"] = .date(window.end)
        }
        return FieldValues(values, parent: parent)
    }

    static func candidateValues(_ candidate: SeatedCandidate, root: DataRoot) -> [String: FieldValues.Value] {
        var values: [String: FieldValues.Value] = [
            "candidate.name": .text(candidate.name), "candidate.id": .text(candidate.idNumber),
            "candidate.maskedId": .text(MaskedID.mask(candidate.idNumber)), "candidate.school": .text(candidate.schoolCode),
            "ticket.number": .text(candidate.ticketNumber ?? ""),
        ]
        if let photo = candidate.photo { values["candidate.photo"] = .image(root.path + "/" + photo) }
        return values
    }

    static func seatValues(_ candidate: SeatedCandidate, root: DataRoot, parent: FieldValues) -> FieldValues {
        var values = candidateValues(candidate, root: root)
        values["seat.number"] = .text("\(candidate.seat)")
        return FieldValues(values, parent: parent)
    }

    /// A ticket: the candidate, their school, and a row per subject they sit (where, when, seat).
    static func ticketRecord(
        _ candidate: SeatedCandidate, seats: [Seat], root: DataRoot, names: CatalogNames, sessions: [SessionKey: Window],
        arrangements: [RoomKey: RoomArrangement], parent: FieldValues
    ) -> DocumentRecord {
        var values = candidateValues(candidate, root: root)
        values["school.code"] = .text(candidate.schoolCode)
        values["school.name"] = .text(names.schools[candidate.schoolCode] ?? candidate.schoolCode)
        let record = FieldValues(values, parent: parent)
        let rows = seats.map { seat in
            let site = names.sites[CatalogNames.siteKey(school: seat.room.siteSchoolCode, certificate: seat.room.certificateCode)]
            var row: [String: FieldValues.Value] = [
                "certificate.code": .text(seat.session.certificateCode),
                "certificate.name": .text(names.certificates[seat.session.certificateCode] ?? seat.session.certificateCode),
                "level": .text(seat.session.level.label), "subject.code": .text(seat.session.subjectCode),
                "subject.name": .text(names.subjects[seat.session] ?? seat.session.subjectCode),
                "site.code": .text(seat.room.siteSchoolCode), "site.name": .text(site?.name ?? seat.room.siteSchoolCode),
                "site.address": .text(site?.address ?? ""), "room.name": .text(seat.room.name),
                "room.address": .text(arrangements[seat.room]?.room.address ?? ""), "seat.number": .text("\(seat.number)"),
            ]
            if let window = sessions[seat.session] {
                row["session.start"] = .date(window.start)
                row["session.end"] = .date(window.end)
            }
            return FieldValues(row, parent: record)
        }
        return DocumentRecord(values: record, rows: rows)
    }
}
