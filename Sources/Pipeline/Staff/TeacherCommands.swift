public import Domain
import Foundation
import Ingest
import Render
import Store
import Validate

/// The teacher account's lifecycle: 未激活 → 已激活 when the teacher signs in with the initial
/// password (the portal then asks for a new one).
public enum TeacherCommands {
    /// `kaowu teachers activate`: checks `password` against the stored hash and activates the
    /// account. Neither the password nor the hash appears in any error.
    @discardableResult
    public static func activate(root: DataRoot, mobile: String, password: String, clock: Clock) throws -> Teacher {
        let store = try root.openStore()
        let account = FieldRules.mobile(CellValue(type: .string, text: mobile)) ?? Normalize.code(mobile)
        return try store.transaction {
            guard let found = try store.teacherCredential(mobile: account) else {
                throw KaowuError(.teacherNotFound, "没有账号为“\(account)”的教师")
            }
            guard Passwords.verify(password, against: found.passwordHash) else {
                throw KaowuError(.teacherPassword, "账号“\(account)”的密码不正确")
            }
            var teacher = found.teacher
            if teacher.status == .inactive {
                try store.activateTeacher(mobile: account, at: clock.now)
                teacher.status = .active
                teacher.activatedAt = clock.now
            }
            return teacher
        }
    }
}
