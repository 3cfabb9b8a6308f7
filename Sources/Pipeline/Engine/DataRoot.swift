import Domain
import Foundation
import Store
import Validate

/// The data root (`kaowu init ROOT`): the store, drop folders, records and outputs.
public struct DataRoot: Sendable {
    public let path: String

    public init(path: String) {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        self.path = (absolute as NSString).standardizingPath
    }

    public var databasePath: String { path + "/kaowu.sqlite" }
    public var recordsPath: String { path + "/records" }
    public var referencePath: String { path + "/reference" }
    public var regionTablePath: String { referencePath + "/id-regions.tsv" }
    /// Candidate photos, stored once by content: `photos/ab/<sha-256>.jpg`.
    public var photosPath: String { path + "/photos" }

    public func recordDirectory(_ id: String) -> String { recordsPath + "/" + id }

    /// Creates the layout and the database; idempotent.
    public static func initialize(at path: String) throws -> DataRoot {
        let root = DataRoot(path: path)
        let manager = FileManager.default
        for directory in [
            root.path, root.recordsPath, root.referencePath, root.path + "/drop/schools", root.path + "/drop/orgs", root.path + "/out",
        ] {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        _ = try Store(path: root.databasePath)
        try root.createSecret()
        return root
    }

    /// The installation's key for certificate verification codes (`secret`, mode 0600): 32
    /// random bytes in hex, made once; a certificate's code verifies only with it.
    public var secretPath: String { path + "/secret" }

    func createSecret() throws {
        guard !FileManager.default.fileExists(atPath: secretPath) else { return }
        var generator = SystemRandomNumberGenerator()
        let hex = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let temporary = secretPath + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o600]),
            rename(temporary, secretPath) == 0
        else {
            throw KaowuError(.diskIO, "无法写入验证密钥文件 \(secretPath)")
        }
    }

    /// The secret's bytes; made first for a root initialized before certificates existed.
    func secret(creating: Bool) throws -> [UInt8] {
        if creating { try createSecret() }
        guard let data = FileManager.default.contents(atPath: secretPath), data.count >= 32 else {
            throw KaowuError(.secretMissing, "数据目录缺少证书验证密钥（\(secretPath)），无法生成或验证证书")
        }
        return Array(data)
    }

    /// The ID-number rules with this root's region table (its `reference/id-regions.tsv` when
    /// present, else the built-in one); a table that cannot be read refuses the command.
    func idRules(clock: Clock, minimumAge: Int = 14, maximumAge: Int = 70) throws -> IDNumberRules {
        let regions: RegionTable
        do {
            regions = try RegionTable.load(overridePath: regionTablePath)
        } catch {
            throw KaowuError(.referenceMissing, "无法读取行政区划代码表", cause: String(describing: error))
        }
        return IDNumberRules(regions: regions, clock: clock, minimumAge: minimumAge, maximumAge: maximumAge)
    }

    /// Opens the store of an initialized root; a missing root is a clear error, not a new database.
    func openStore() throws -> Store {
        guard FileManager.default.fileExists(atPath: databasePath) else {
            throw KaowuError(.rootMissing, "数据目录“\(path)”尚未初始化，请先运行 kaowu init \(path)")
        }
        let store = try Store(path: databasePath)
        RecordOutputs.sweep(root: self, store: store)
        return store
    }
}

extension Store {
    /// The school a school-scoped command or import acts for (the code normalized), or the one
    /// refusal every such command gives when the catalog does not know it.
    func existingSchool(_ schoolCode: String) throws -> School {
        guard let school = try school(code: Normalize.code(schoolCode)) else {
            throw KaowuError(.schoolNotFound, "院校代码“\(schoolCode)”不在目录中，请先导入目录（kaowu catalog import）")
        }
        return school
    }

    /// The organization an organization-side command or import acts for (the code normalized).
    func existingOrganization(_ organizationCode: String) throws -> String {
        let code = Normalize.code(organizationCode)
        guard try organizationExists(code: code) else {
            throw KaowuError(.organizationNotFound, "培训评价组织代码“\(organizationCode)”不在目录中")
        }
        return code
    }
}
