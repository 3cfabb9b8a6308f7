import Concurrency
public import Domain
import Foundation
import Render
import Store
import Validate

/// One enrolled subject without a seat, as `--json` and the unseated workbook show it.
public struct UnseatedSummary: Encodable, Sendable {
    public let school, idNumber, name, certificate, level, subject, code, reason, detail: String

    init(_ unseated: Unseated) {
        school = unseated.entry.schoolCode
        idNumber = unseated.entry.idNumber
        name = unseated.entry.name
        certificate = unseated.entry.certificateCode
        level = unseated.entry.level.label
        subject = unseated.entry.subjectCode
        code = unseated.reason.code.rawValue
        reason = unseated.reason.label
        detail = unseated.detail
    }
}

/// What a `kaowu schedule` run did: its record, the seats kept, added and withdrawn, the
/// tickets issued, and everyone left without a seat, with the reason.
public struct ScheduleOutcome: Encodable, Sendable {
    public let record: RecordSummary
    public let seated, kept, added, withdrawn, ticketsIssued: Int
    /// Failure code → how many enrolled subjects got no seat for that reason.
    public let unseatedByReason: [String: Int]
    /// Absolute path of `records/<id>/unseated.xlsx`, when anyone is unseated (not for a dry run).
    public let unseatedFile: String?
    public let unseated: [UnseatedSummary]
}

/// `kaowu schedule` (排考): seats every enrolled subject of a plan (or of one school of it) and
/// issues admission tickets, inside the plan's scheduling window, as one record: the seats, the
/// tickets, the record and its unseated list commit together or not at all.
public enum ScheduleJob {
    static let unseatedFileName = "unseated.xlsx"

    public static func run(
        root: DataRoot, planCode: String, schoolCode: String?, clock: Clock, operatorName: String, dryRun: Bool
    ) throws -> ScheduleOutcome {
        let store = try root.openStore()
        // A 16 MB page cache: the run walks the plan's enrollments and seats once, so the default
        // 64 MB only held pages the OS caches anyway (first run 210 → 165 MB peak, no slower).
        try store.connection.execute("PRAGMA cache_size = -16384")
        let plan = try RoomCommands.existingPlan(planCode, sites: SiteRoomStore(store))
        var scope: Set<String>?
        if let schoolCode {
            let school = try store.existingSchool(schoolCode).code
            guard plan.schoolCodes.contains(school) else {
                throw KaowuError(.schoolNotInPlan, "院校“\(school)”不在考试计划“\(plan.code)”的参与院校中")
            }
            scope = [school]
        }
        try requireSchedulingWindow(
            plan, clock: clock, then: clock.now > plan.scheduling.end ? "；排考时间已结束，排考结果不再改变" : "；请在排考时间内排考")

        let recordID = RecordID.make(clock: clock)
        let lock = try ImportLock(root: root, id: recordID)
        defer { withExtendedLifetime(lock) {} }
        let staging = RecordOutputs.stagingDirectory(root: root, id: recordID)
        let finalDirectory = root.recordDirectory(recordID)
        let started = ContinuousClock.now
        var outcome: ScheduleOutcome?
        let body = {
            // Seats no longer valid were withdrawn when their enrollment or room changed (the
            // store's triggers); only what holds no seat is read and seated, around the seat
            // numbers already taken (a re-run reads what it seats, not the plan).
            let withdrawn = try store.takeWithdrawnSeats(planCode: plan.code, schoolCode: scope?.first)
            let kept = keptSeatsAndTickets(storePath: store.path, planCode: plan.code)
            let unseated = try unseatedEntries(store, planCode: plan.code, scope: scope)
            var inputs = SchedulingInputs(
                planCode: plan.code, entries: unseated.entries, scope: scope,
                paymentRequired: plan.seatsOnlyPaid,
                hosts: try hosts(store.siteHosts(planCode: plan.code)), sessions: try store.planSessions(planCode: plan.code),
                examTypes: try store.examTypes(planCode: plan.code), rooms: try store.planRooms(planCode: plan.code))
            inputs.order = unseated.order
            (inputs.occupied, inputs.lastSequence) = try kept.value()
            // Every seat of the plan is in `occupied` already: only one school's need a count.
            inputs.keptCount =
                if let school = scope?.first { try store.seatCount(planCode: plan.code, schoolCode: school) } else {
                    inputs.occupied.values.reduce(0) { $0 + $1.count }
                }
            // A plan without seats (or tickets) has no one holding one: a first run skips a
            // look-up per candidate.
            if !inputs.occupied.isEmpty || !inputs.lastSequence.isEmpty {
                let candidates = Set(inputs.entries.map(\.idNumber))
                if !inputs.occupied.isEmpty {
                    inputs.heldSessions = try store.heldSessions(planCode: plan.code, idNumbers: candidates)
                }
                if !inputs.lastSequence.isEmpty {
                    inputs.ticketed = try store.ticketHolders(planCode: plan.code, idNumbers: candidates)
                }
            }
            // Seats are numbered on the deciding thread: the store's thread only writes them.
            let seats = store.seatWriter(recordID: recordID)
            let numbering = try seats.numbering(planCode: plan.code)
            let roomNumbers = inputs.rooms.map { numbering.roomNumber($0.key) }
            let decided = try decideAndPlace(
                inputs,
                prepare: { seat, room in
                    guard let number = roomNumbers[room], let numbered = numbering.numbered(seat, room: number) else {
                        throw KaowuError(.importFailed, "座位 \(seat.room.name) \(seat.number) 不在考试计划“\(seat.room.planCode)”的考场或科目中")
                    }
                    return numbered
                }, place: { try seats.insert($0) })
            for ticket in decided.newTickets { try store.insertTicket(ticket, number: ticket.number, recordID: recordID) }
            for (index, unseated) in decided.unseated.enumerated() {
                try store.insertFailure(
                    Failure(
                        code: unseated.reason.code, row: index + 2, column: "证件号码", value: unseated.entry.idNumber,
                        reason: "\(unseated.entry.certificateCode) \(unseated.entry.level.label) \(unseated.entry.subjectCode)："
                            + unseated.reason.label + (unseated.detail.isEmpty ? "" : "（\(unseated.detail)）")),
                    recordID: recordID, seq: index, warning: false)
            }
            let total = decided.seatedCount + decided.unseated.count
            let elapsed = started.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let hasUnseated = !decided.unseated.isEmpty
            let record = ImportRecord(
                id: recordID, kind: "schedule", fileName: "排考 \(plan.code)", sha256: "", tenant: scope?.first ?? plan.organizationCode,
                operatorName: operatorName, startedAt: clock.now, finishedAt: clock.now.addingTimeInterval(seconds), total: total,
                succeeded: decided.seatedCount, failed: decided.unseated.count, warnings: 0,
                status: dryRun ? .dryRun : !hasUnseated ? .succeeded : decided.seatedCount == 0 ? .failed : .partial,
                failedRowsFile: hasUnseated && !dryRun ? "records/\(recordID)/\(unseatedFileName)" : nil, refusal: nil)
            try store.insertRecord(record)
            if !dryRun {
                try RecordOutputs.publish(record: record, failedRows: nil, to: staging) { directory in
                    guard hasUnseated else { return }
                    _ = try ExportWriter.write(unseatedTable, to: directory + "/" + unseatedFileName) { append in
                        for unseated in decided.unseated { try append(unseated) }
                    }
                }
            }
            outcome = ScheduleOutcome(
                record: RecordSummary(record), seated: decided.seatedCount, kept: inputs.keptCount, added: decided.addedCount,
                withdrawn: withdrawn.count, ticketsIssued: decided.newTickets.count,
                unseatedByReason: decided.unseated.reduce(into: [:]) { $0[$1.reason.code.rawValue, default: 0] += 1 },
                unseatedFile: hasUnseated && !dryRun ? finalDirectory + "/" + unseatedFileName : nil,
                unseated: decided.unseated.map(UnseatedSummary.init))
        }
        do {
            if dryRun { try store.rolledBack(body) } else { try store.transaction(body) }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw KaowuError.wrap(error, code: .importFailed, message: "排考失败，未做任何修改")
        }
        if !dryRun { try? RecordOutputs.install(root: root, id: recordID) }
        guard let outcome else { throw KaowuError(.importFailed, "排考失败，未做任何修改") }
        return outcome
    }

    /// The seat numbers taken in each room of the plan and the last ticket sequence of each
    /// school, read on a connection and a thread of their own while the store's thread reads
    /// the unseated entries (a re-run reads both from the whole plan: 0.12 and 0.16 s for 271k
    /// seats, now overlapped). It reads what the running schedule's transaction sees: that
    /// transaction holds the write lock, so nothing can commit between the two, and before the
    /// seats are decided it has changed only the withdrawal notes.
    static func keptSeatsAndTickets(storePath: String, planCode: String) -> Future<([RoomKey: TakenSeats], [String: Int])> {
        Future {
            let reader = try Store(path: storePath)
            return try reader.snapshot { (try reader.takenSeats(planCode: planCode), try reader.lastTicketSequences(planCode: planCode)) }
        }
    }

    /// `Seating.plan` on a thread of its own, its seats made ready by `prepare` there and handed
    /// over in batches to `place` on this one (the store's): deciding (0.4 s for 271k seats)
    /// overlaps writing them instead of adding to it.
    static func decideAndPlace<Prepared: Sendable>(
        _ inputs: SchedulingInputs, prepare: @escaping @Sendable (Seat, Int) throws -> Prepared, place: (Prepared) throws -> Void
    ) throws -> SeatingPlan {
        let batches = Channel<[Prepared]>(capacity: 8)
        let decided = Future<SeatingPlan>()
        batches.startProducer {
            var batch: [Prepared] = []
            batch.reserveCapacity(seatBatch)
            var plan = try Seating.plan(inputs) { seat, room in
                batch.append(try prepare(seat, room))
                guard batch.count == seatBatch else { return }
                guard batches.put(batch) else { throw CancellationError() }
                batch = []
                batch.reserveCapacity(seatBatch)
            }
            if !batch.isEmpty, !batches.put(batch) { throw CancellationError() }
            // Tickets go in after the seats, by ID number: the order of their table's key, so
            // each lands next to the one before instead of at a random place (0.11 s against
            // 0.14–0.17 s for 95k tickets in the sqlite3 shell). Sorted here, while the store
            // thread still writes the last seats.
            plan.newTickets.sort { $0.idNumber < $1.idNumber }
            decided.fulfil(.success(plan))
        }
        defer { batches.cancel() }
        while let batch = batches.take() {
            for seat in batch { try place(seat) }
        }
        if let failure = batches.failure { throw failure }
        return try decided.value()
    }

    private static let seatBatch = 2048

    /// The plan's enrolled subjects without a seat and their scheduling order (of the schools in
    /// `scope`): read on this thread (the store's) and decoded on another while the next rows are
    /// read (decoding was half of the read, 0.13 of 0.29 s for 271k rows), which also works out
    /// most of the order as they come.
    static func unseatedEntries(_ store: Store, planCode: String, scope: Set<String>?) throws -> (entries: [ScheduleEntry], order: [Int]) {
        let rows = Channel<ScheduleEntryRows>(capacity: 8)
        let decoded = Future<(entries: [ScheduleEntry], order: [Int])> {
            defer { rows.cancel() }
            var entries: [ScheduleEntry] = []
            var order = SchedulingOrder(scope: scope)
            while let batch = rows.take() {
                entries += try batch.entries(after: entries.last)
                order.extend(with: entries)
            }
            if let failure = rows.failure { throw failure }
            return (entries, order.finish(entries))
        }
        do {
            try store.forEachUnseatedRows(planCode: planCode) { batch in
                guard rows.put(batch) else { throw CancellationError() }
            }
            rows.close(nil)
        } catch {
            rows.close(error)
            // The decoder stopped first (a value it cannot read): its error is the one to report.
            do { _ = try decoded.value() } catch let decoding where !(decoding is CancellationError) { throw decoding }
            throw error
        }
        return try decoded.value()
    }

    /// Refuses (`plan.closed`, naming the window and then `then`) outside the plan's scheduling
    /// window: seats and proctors are given only inside it.
    static func requireSchedulingWindow(_ plan: ExamPlan, clock: Clock, then: String) throws {
        guard RoomStatus.at(clock.now, scheduling: plan.scheduling) != .scheduling else { return }
        throw KaowuError(
            .planClosed,
            "现在不在考试计划“\(plan.code)”的排考时间内（\(Clock.isoString(plan.scheduling.start)) 至 \(Clock.isoString(plan.scheduling.end))）"
                + then)
    }

    /// Own sites first, then 借考 allocations (`Store.siteHosts` lists them in that order).
    static func hosts(_ rows: [(schoolCode: String, certificateCode: String, hostSchoolCode: String)]) -> [SchoolCertificate: [String]] {
        var hosts: [SchoolCertificate: [String]] = [:]
        for row in rows {
            let key = SchoolCertificate(schoolCode: row.schoolCode, certificateCode: row.certificateCode)
            if hosts[key]?.contains(row.hostSchoolCode) != true { hosts[key, default: []].append(row.hostSchoolCode) }
        }
        return hosts
    }

    /// 未排考名单: who got no seat, and why.
    static let unseatedTable = ExportTable<Unseated>(
        sheetName: "未排考名单",
        columns: [
            ExportColumn("院校代码", .text) { .text($0.entry.schoolCode) },
            ExportColumn("证件号码", .text, width: 22) { .text($0.entry.idNumber) },
            ExportColumn("姓名", .text, width: 12) { .text($0.entry.name) },
            ExportColumn("证书", .text) { .text($0.entry.certificateCode) },
            ExportColumn("等级", .text) { .text($0.entry.level.label) },
            ExportColumn("科目", .text) { .text($0.entry.subjectCode) },
            ExportColumn("原因", .text, width: 18) { .text($0.reason.label) },
            ExportColumn("说明", .text, width: 50) { .text($0.detail) },
        ])
}
