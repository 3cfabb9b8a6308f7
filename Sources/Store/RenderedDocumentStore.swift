public import Domain
public import Foundation

/// The documents `kaowu nightly` keeps under ROOT/documents, by path relative to that folder.
extension Store {
    /// Path → fingerprint of every document drawn so far.
    public func renderedFingerprints() throws -> [String: String] {
        var fingerprints: [String: String] = [:]
        for (path, fingerprint) in try connection.statement("SELECT path, fingerprint FROM rendered_documents").rows({
            (try $0.string(0), try $0.string(1))
        }) {
            fingerprints[path] = fingerprint
        }
        return fingerprints
    }

    public func recordRendered(path: String, planCode: String, fingerprint: String, pages: Int, bytes: Int, at time: Date) throws {
        try connection.statement(
            """
            INSERT INTO rendered_documents (path, plan_code, fingerprint, pages, bytes, rendered_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (path) DO UPDATE SET plan_code = excluded.plan_code, fingerprint = excluded.fingerprint,
              pages = excluded.pages, bytes = excluded.bytes, rendered_at = excluded.rendered_at
            """
        ).bind([.text(path), .text(planCode), .text(fingerprint), .of(pages), .of(bytes), .text(Clock.isoString(time))]).run()
    }

    public func forgetRendered(path: String) throws {
        try connection.statement("DELETE FROM rendered_documents WHERE path = ?").bind([.text(path)]).run()
    }

    /// The plans that have seats (whose documents can be drawn).
    public func plansWithSeats() throws -> [String] {
        try connection.statement("SELECT DISTINCT plan_code FROM seats ORDER BY 1").rows { try $0.string(0) }
    }

    /// Seats given per subject session of a plan, and how many enrolled subjects it has.
    public func seatCounts(planCode: String) throws -> (bySession: [SessionKey: Int], enrolled: Int) {
        var counts: [SessionKey: Int] = [:]
        for (key, count) in try connection.statement(
            "SELECT certificate_code, level, subject_code, count(*) FROM seats WHERE plan_code = ? GROUP BY 1, 2, 3"
        ).bind([.text(planCode)]).rows({ row in
            (
                SessionKey(
                    certificateCode: try row.string(0), level: try row.value(1, as: CertificateLevel.self), subjectCode: try row.string(2)),
                try row.int(3)
            )
        }) {
            counts[key] = count
        }
        let enrolled =
            try connection.statement("SELECT count(*) FROM enrollments WHERE plan_code = ?").bind([.text(planCode)]).first {
                try $0.int(0)
            } ?? 0
        return (counts, enrolled)
    }
}
