import Domain
import Store
import Validate

/// The store as the catalog rules' read-only directory.
struct StoreCatalogDirectory: CatalogDirectory {
    let store: Store
    func organizationExists(code: String) throws -> Bool { try store.organizationExists(code: code) }
    func schoolExists(code: String) throws -> Bool { try store.school(code: code) != nil }
    func certificateExists(code: String) throws -> Bool { try store.certificateName(code: code) != nil }
    func certificateHasLevel(code: String, level: CertificateLevel) throws -> Bool {
        try store.certificateHasLevel(code: code, level: level)
    }
    func subjectExists(certificateCode: String, level: CertificateLevel, code: String) throws -> Bool {
        try store.subjectExists(certificateCode: certificateCode, level: level, code: code)
    }
    func planExists(code: String) throws -> Bool { try store.planExists(code: code) }
    func siteExists(schoolCode: String, certificateCode: String) throws -> Bool {
        try store.siteExists(schoolCode: schoolCode, certificateCode: certificateCode)
    }
    func schoolName(code: String) throws -> String? { try store.school(code: code)?.name }
    func certificateName(code: String) throws -> String? { try store.certificateName(code: code) }
}

/// One sheet of the catalog workbook as an import kind.
struct CatalogSheetImport: ImportKind {
    let sheet: CatalogSheet
    let rules: CatalogRules
    let store: Store
    let root: DataRoot

    public init(sheet: CatalogSheet, store: Store, root: DataRoot) {
        self.sheet = sheet
        self.store = store
        self.root = root
        rules = CatalogRules(directory: StoreCatalogDirectory(store: store))
    }

    public var schema: TableSchema { sheet.schema }

    /// The catalog's rules, and its stamp files checked as they are registered: a stamp that
    /// could not be printed is a warning on its row (it stops nothing until a certificate needs it).
    public mutating func validate(_ cells: RowCells) throws -> Validated<CatalogEntry> {
        var validated = try rules.validate(cells, sheet: sheet)
        let stamp: (path: String?, kind: StampKind, column: String)? =
            switch validated.value {
            case .organization(let organization): (organization.sealPath, .seal, "印章文件")
            case .school(let school): (school.stampPath, .signature, "签章文件")
            default: nil
            }
        if let stamp, let path = stamp.path, let resolved = Certificates.resolve(path, root: root),
            let problem = StampCheck.problem(path: resolved, kind: stamp.kind)
        {
            validated.warnings.append(
                Failure(code: .stampInvalid, row: cells.row, column: stamp.column, value: path, reason: problem + "（登记后仍可导入；生成证书前请更换）"))
        }
        return validated
    }

    public func apply(_ entry: CatalogEntry) throws -> [Failure] {
        try store(entry)
        return []
    }

    private func store(_ entry: CatalogEntry) throws {
        switch entry {
        case .organization(let value): try store.upsert(value)
        case .school(let value): try store.upsert(value)
        case .certificate(let value): try store.upsert(value)
        case .subject(let value): try store.upsert(value)
        case .plan(let value): try store.upsert(value)
        case .session(let value): try store.upsert(value)
        case .site(let value): try store.upsert(value)
        case .allocation(let value): try store.upsert(value)
        }
    }

    /// Every catalog sheet in dependency order, as passes of one import.
    public static func passes(store: Store, root: DataRoot) -> [SheetPass] {
        CatalogSheet.allCases.map { SheetPass(CatalogSheetImport(sheet: $0, store: store, root: root), required: $0.isRequired) }
    }
}
