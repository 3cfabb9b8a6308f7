import Domain
import Foundation
import Store

/// The drop folders of a data root: `drop/schools/<school>/<kind>/` for every school and school
/// kind, `drop/orgs/<organization>/<kind>/` for the organizations' kinds. The folder decides the
/// tenant: a file in S4101001's folder is imported for S4101001, whatever its cells say. Each
/// kind folder holds `processing/`, `done/` and `failed/` beside the files dropped into it.
enum DropFolders {
    static let stages = ["processing", "done", "failed"]

    /// A kind folder: where it is relative to `drop/`, its tenant and its kind.
    struct Folder: Hashable {
        let relative: String
        let tenant: String
        let kind: String
    }

    static func base(_ root: DataRoot) -> String { root.path + "/drop" }

    /// Creates the folders of every school and organization in the catalog; idempotent.
    static func ensure(root: DataRoot, store: Store) throws {
        let (schools, organizations) = try store.tenantCodes()
        for folder in folders(schools: schools, organizations: organizations) {
            for stage in stages {
                try FileManager.default.createDirectory(
                    atPath: base(root) + "/" + folder.relative + "/" + stage, withIntermediateDirectories: true)
            }
        }
    }

    static func folders(schools: [String], organizations: [String]) -> [Folder] {
        let schoolKinds = Imports.kinds.filter { !Imports.organizationKinds.contains($0) }
        return schools.flatMap { school in
            schoolKinds.map { Folder(relative: "schools/\(school)/\($0)", tenant: school, kind: $0) }
        }
            + organizations.flatMap { organization in
                Imports.organizationKinds.sorted().map { Folder(relative: "orgs/\(organization)/\($0)", tenant: organization, kind: $0) }
            }
    }

    /// The kind folders that exist on disk (a school removed from the catalog keeps its folder
    /// until someone deletes it; its files are refused by the import).
    static func existing(root: DataRoot) -> [Folder] {
        var found: [Folder] = []
        let manager = FileManager.default
        for (side, kinds) in [("schools", Set(Imports.kinds).subtracting(Imports.organizationKinds)), ("orgs", Imports.organizationKinds)] {
            let tenants = (try? manager.contentsOfDirectory(atPath: base(root) + "/" + side)) ?? []
            for tenant in tenants.sorted() where !tenant.hasPrefix(".") {
                for kind in kinds.sorted() where manager.fileExists(atPath: base(root) + "/\(side)/\(tenant)/\(kind)") {
                    found.append(Folder(relative: "\(side)/\(tenant)/\(kind)", tenant: tenant, kind: kind))
                }
            }
        }
        return found
    }

    /// A name not yet used in `directory` (and not in `taken`): `NAME`, else `NAME (2).ext`, …
    static func unique(_ name: String, in directory: String, taken: Set<String> = []) -> String {
        let manager = FileManager.default
        if !taken.contains(name), !manager.fileExists(atPath: directory + "/" + name) { return name }
        let stem = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        var number = 2
        while true {
            let candidate = "\(stem) (\(number))" + (ext.isEmpty ? "" : "." + ext)
            if !taken.contains(candidate), !manager.fileExists(atPath: directory + "/" + candidate) { return candidate }
            number += 1
        }
    }
}
