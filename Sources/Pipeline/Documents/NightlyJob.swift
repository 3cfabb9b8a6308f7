import Concurrency
public import Domain
import Foundation
import Ingest
import Render
import Store

/// What a `kaowu nightly` run did.
public struct NightlyOutcome: Encodable, Sendable {
    public let plans: Int
    public let rooms: Int
    /// Documents drawn because their inputs changed (or they were missing).
    public let rendered: Int
    /// Documents whose inputs did not change: left as they were.
    public let unchanged: Int
    /// Documents of room sessions or candidates no longer scheduled: deleted.
    public let removed: Int
    public let pages: Int
    public let bytes: Int
    /// Enrolled subjects by exam status at `--now` (未排考, 待考试, 考试中, 已结束).
    public let statuses: [String: Int]
    public let directory: String
    /// Room sessions whose documents could not be drawn (a name the font lacks, a full disk),
    /// each with the error; the other rooms are drawn all the same.
    public let failures: [String]
    /// Plans whose publicity ended: scores locked, results frozen, issuance records created.
    public var settledPlans: [String] = []
    public var issuancesCreated = 0
    /// Certificates that became due (both sides signed), drawn under `ROOT/certificates/`.
    public var certificates = 0
    public var stampFailed = 0
}

/// `kaowu nightly ROOT`: statuses follow the clock (they are computed from `--now` wherever
/// they are shown, so nothing stored goes stale; the run reports them), then every exam
/// document of every scheduled plan is brought up to date under `ROOT/documents/`: drawn again
/// only when the fingerprint of what it is drawn from — its template, its font, its data rows,
/// its photos — differs from the one stored when it was last drawn, or the file is gone.
/// Killing it at any moment loses nothing: a file is renamed into place whole, and its
/// fingerprint is stored only after that, so the next run redraws whatever was not recorded.
public enum NightlyJob {
    public static func run(root: DataRoot, clock: Clock, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws
        -> NightlyOutcome
    {
        let store = try root.openStore()
        let base = root.path + "/documents"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        OutputDirectory.removeLeftovers(in: base)
        let templates = try ExamDocument.examDocuments.map { try TemplateLibrary.load($0, root: root.path) }
        let known = try store.renderedFingerprints()

        var plans: [(PlanDocuments, rooms: [RoomArrangement])] = []
        var statuses: [String: Int] = [:]
        for code in try store.plansWithSeats() {
            guard let plan = try SiteRoomStore(store).plan(code: code) else { continue }
            let documents = try PlanDocuments(store: store, plan: plan, root: root)
            plans.append((documents, documents.rooms))
            let counts = try store.seatCounts(planCode: code)
            var seated = 0
            for (session, count) in counts.bySession {
                statuses[EnrollmentExamStatus.at(clock.now, seated: true, session: documents.sessions[session]).label, default: 0] += count
                seated += count
            }
            if counts.enrolled > seated { statuses[EnrollmentExamStatus.unscheduled.label, default: 0] += counts.enrolled - seated }
        }

        let total = plans.reduce(0) { $0 + $1.rooms.count }
        let fonts = FontLibrary()
        let pool = WorkerPool()
        var planned = Set<String>()
        var pending: [(planCode: String, room: String, files: [(PlannedFile, String)], future: Future<[RenderedFile]>)] = []
        var failures: [String] = []
        var rendered = 0
        var unchanged = 0
        var pages = 0
        var bytes = 0
        var done = 0
        progress(0, total)
        func settle(waitingForAll: Bool) throws {
            while let first = pending.first, waitingForAll || first.future.isFulfilled {
                pending.removeFirst()
                done += 1
                progress(done, total)
                let files: [RenderedFile]
                do {
                    files = try first.future.value()
                } catch {
                    failures.append("\(first.room)：\((error as? KaowuError)?.message ?? "\(error)")")
                    continue
                }
                try store.transaction {
                    for ((file, fingerprint), result) in zip(first.files, files) {
                        try store.recordRendered(
                            path: file.relativePath, planCode: first.planCode, fingerprint: fingerprint, pages: result.pages,
                            bytes: result.bytes, at: clock.now)
                    }
                }
                rendered += files.count
                pages += files.reduce(0) { $0 + $1.pages }
                bytes += files.reduce(0) { $0 + $1.bytes }
            }
        }
        for (documents, rooms) in plans {
            for arrangement in rooms {
                let room = try documents.room(arrangement, store: store, withTickets: true)
                var changed: [(PlannedFile, String)] = []
                for file in PlannedFile.files(of: room, templates: templates, perCandidate: true) {
                    let path = file.relativePath
                    planned.insert(path)
                    let fingerprint = fingerprint(of: file)
                    if known[path] == fingerprint, FileManager.default.fileExists(atPath: base + "/" + path) {
                        unchanged += 1
                    } else {
                        changed.append((file, fingerprint))
                    }
                }
                if changed.isEmpty {
                    done += 1
                    progress(done, total)
                    continue
                }
                let work = changed.map(\.0)
                let name = room.folder.joined(separator: "/")
                pending.append(
                    (documents.plan.code, name, changed, pool.submit { try work.map { try $0.render(into: base, fonts: fonts) } }))
                try settle(waitingForAll: false)
            }
        }
        try settle(waitingForAll: true)

        // Documents of rooms or candidates no longer scheduled go, file and fingerprint.
        var removed = 0
        for path in known.keys.sorted() where !planned.contains(path) {
            try? FileManager.default.removeItem(atPath: base + "/" + path)
            try store.forgetRendered(path: path)
            removed += 1
        }
        var outcome = NightlyOutcome(
            plans: plans.count, rooms: total, rendered: rendered, unchanged: unchanged, removed: removed, pages: pages, bytes: bytes,
            statuses: statuses, directory: base, failures: failures)
        let settled = try Issuances.settle(root: root, clock: clock)
        outcome.settledPlans = settled.plans
        outcome.issuancesCreated = settled.issuances
        let certificates = root.path + "/certificates"
        try FileManager.default.createDirectory(atPath: certificates, withIntermediateDirectories: true)
        let generated = try Certificates.generate(
            root: root, planCode: nil, schoolCode: nil, into: certificates, force: false, clock: clock)
        outcome.certificates = generated.generated
        outcome.stampFailed = generated.stampFailed.count
        return outcome
    }

    /// SHA-256 of everything a file is drawn from: how kaowu draws, the template's bytes, its
    /// font, its records.
    static func fingerprint(of file: PlannedFile, drawing: String = DocumentRenderer.drawingVersion) -> String {
        var text = drawing + "\u{1C}" + file.template.name + "\u{1C}" + file.template.fontIdentity + "\u{1C}"
        for record in file.records { text += record.fingerprintText + "\u{1E}\u{1E}" }
        return SHA256.hex(of: Array(file.template.bytes) + Array(text.utf8))
    }
}
