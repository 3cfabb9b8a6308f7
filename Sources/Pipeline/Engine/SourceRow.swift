import Domain
import Foundation
import Ingest
import Store
import Validate

/// A row as the failed-rows workbook echoes it: the sheet row as read, or an archive entry's
/// values (entry name, ID number).
enum SourceRow: Sendable {
    case sheet(SheetRow)
    case entry(number: Int, values: [String])
}
