import Domain
import Foundation
import Store
import Validate

/// The prepare thread's view of the candidates, through a connection of its own that only that
/// thread uses. It equals the store thread's: an enrollment import writes no candidate, and no
/// other writer can commit while the import holds the database's write lock. A read that fails
/// throws: the store thread looks the candidate up again, and reports or throws.
///
/// The last candidates read are kept: a candidate's rows (one per certificate) usually follow
/// each other, and the reader's one read transaction makes a kept candidate what reading them
/// again would return.
final class PrepareThreadCandidates: EnrollmentCandidates {
    let reader: EnrollmentCandidateReader
    private var recent = RecentValues<String, (candidate: Candidate, enrolled: Bool)?>(capacity: 4)

    init(_ reader: EnrollmentCandidateReader) { self.reader = reader }

    func candidate(idNumber: String) throws -> (candidate: Candidate, enrolled: Bool)? {
        try recent.value(for: idNumber) { try reader.candidate(idNumber: idNumber) }
    }

    func endReading() { reader.endReading() }
}
