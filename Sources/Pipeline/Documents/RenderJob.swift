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
    public static func run(root: DataRoot, request: RenderRequest) throws -> RenderOutcome {
        let store = try root.openStore()
        let plan = try RoomCommands.existingPlan(request.planCode, sites: SiteRoomStore(store))
        let output = try OutputDirectory(request.outputDirectory, dataRoot: root.path)
        let templates = try request.documents.map { try TemplateLibrary.load($0, root: root.path) }
        let names = try store.catalogNames()
        let planValues = FieldValues([
            "plan.code": .text(plan.code), "plan.name": .text(plan.name),
            "organization.name": .text(names.organizations[plan.organizationCode] ?? plan.organizationCode),
        ])
        let sessions = try store.planSessions(planCode: plan.code)
        let schoolFilter = request.schoolCode.map(Normalize.code)
        let siteFilter = request.siteCode.map(Normalize.code)
        let all = try store.roomArrangements(planCode: plan.code, schoolCode: nil)
        let rooms = all.filter { arrangement in
            let room = arrangement.room
            return arrangement.seated > 0
                && (schoolFilter == nil || room.schoolCode == schoolFilter || room.key.siteSchoolCode == schoolFilter)
                && (siteFilter == nil || room.key.siteSchoolCode == siteFilter)
                && (request.roomName == nil || room.key.name == request.roomName)
        }
        let arrangements = Dictionary(all.map { ($0.room.key, $0) }, uniquingKeysWith: { first, _ in first })
        // A room name used at one site for two certificates gets the certificate in its folder.
        var namesAtSite: [String: Int] = [:]
        for room in rooms { namesAtSite[room.room.key.siteSchoolCode + "/" + room.room.key.name, default: 0] += 1 }

        let fonts = FontLibrary()
        let pool = WorkerPool()
        var pending: [Future<[RenderedFile]>] = []
        for arrangement in rooms {
            let key = arrangement.room.key
            let shared = (namesAtSite[key.siteSchoolCode + "/" + key.name] ?? 0) > 1
            let folder = try output.folder([
                plan.code, arrangement.room.schoolCode, key.siteSchoolCode, shared ? "\(key.name)（\(key.certificateCode)）" : key.name,
            ])
            let seated = try store.seatedCandidates(room: key)
            let room = roomValues(arrangement, seated: seated, names: names, sessions: sessions, parent: planValues)
            let rows = seated.map { seatValues($0, root: root, parent: room) }
            var tickets: [(number: String, record: DocumentRecord)] = []
            if request.documents.contains(.tickets) {
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
                            ticketRecord(
                                candidate, seats: ordered, root: root, names: names, sessions: sessions, arrangements: arrangements,
                                parent: planValues)
                        ))
                }
            }
            let roomRecord = DocumentRecord(values: room, rows: rows)
            let perCandidate = request.perCandidate
            let ticketRecords = tickets
            pending.append(
                pool.submit {
                    var files: [RenderedFile] = []
                    for template in templates {
                        let records = template.document == .tickets ? ticketRecords.map(\.record) : [roomRecord]
                        guard !records.isEmpty else { continue }
                        files.append(
                            try DocumentRenderer.render(
                                template, records: records, to: folder + "/" + template.document.rawValue + ".pdf", fonts: fonts))
                        if template.document == .tickets, perCandidate {
                            let ticketFolder = folder + "/tickets"
                            guard mkdir(ticketFolder, 0o700) == 0 || errno == EEXIST else {
                                throw KaowuError(.outputWrite, "无法创建目录“\(ticketFolder)”")
                            }
                            for ticket in ticketRecords {
                                files.append(
                                    try DocumentRenderer.render(
                                        template, records: [ticket.record],
                                        to: ticketFolder + "/" + OutputDirectory.safe(ticket.number) + ".pdf", fonts: fonts))
                            }
                        }
                    }
                    return files
                })
        }
        var files: [RenderedFile] = []
        var failure: (any Error)?
        for future in pending {
            do { files += try future.value() } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
        let candidateFiles = files.filter { $0.path.contains("/tickets/") }.count
        return RenderOutcome(
            directory: output.path, rooms: rooms.count, files: files.count - candidateFiles, candidateFiles: candidateFiles,
            pages: files.reduce(0) { $0 + $1.pages }, bytes: files.reduce(0) { $0 + $1.bytes })
    }

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
