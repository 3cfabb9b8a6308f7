import Domain
import Foundation

/// The catalog verdicts of the cell combinations an import has met, so a row that repeats one
/// (most rows of a sheet: a few plans, certificates and levels) costs comparing five cells,
/// not a dozen hash lookups and the subjects' audience filter. A class used by one thread
/// only (the prepare thread makes and keeps it); it keeps at most `capacity` combinations.
public final class EnrollmentCatalogMemo {
    struct Key: Equatable {
        let plan, certificate: String?
        let level: CertificateLevel?
        let subject, audience: String?
    }

    static let capacity = 64
    private var verdicts = RecentValues<Key, CatalogVerdict>(capacity: EnrollmentCatalogMemo.capacity)

    public init() {}

    func verdict(for cells: EnrollmentCells, rules: EnrollmentRowRules) -> CatalogVerdict {
        let key = Key(
            plan: cells.planCode, certificate: cells.certificate, level: cells.level, subject: cells.subject, audience: cells.audience)
        return verdicts.value(for: key) { rules.catalogVerdict(cells) }
    }
}
