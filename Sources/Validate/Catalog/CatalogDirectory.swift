public import Domain
import Foundation

/// The read-only view of the catalog that catalog rows are checked against; it sees the rows
/// of earlier sheets of the same workbook (one transaction).
public protocol CatalogDirectory {
    func organizationExists(code: String) throws -> Bool
    func schoolExists(code: String) throws -> Bool
    func certificateExists(code: String) throws -> Bool
    func certificateHasLevel(code: String, level: CertificateLevel) throws -> Bool
    func subjectExists(certificateCode: String, level: CertificateLevel, code: String) throws -> Bool
    func planExists(code: String) throws -> Bool
    func siteExists(schoolCode: String, certificateCode: String) throws -> Bool
    func schoolName(code: String) throws -> String?
    func certificateName(code: String) throws -> String?
}
