import Domain
import Foundation
import Pipeline

/// `kaowu proctors certify|reject|remove-certificate|delete`: the organization's decisions on
/// proctors' certificates and the school's removals (a certified certificate is final).
enum ProctorsCommand {
    static let command = Command(
        name: "proctors",
        usage:
            "kaowu proctors certify|reject ID --certificate C --root ROOT [--org ORG] [--reason TEXT] [--now T] | remove-certificate ID --certificate C --root ROOT --school CODE | delete ID --root ROOT --school CODE   [--json]",
        options: ["--root", "--certificate", "--org", "--reason", "--now", "--school"], flags: ["--json"],
        run: { arguments in try run(arguments) })

    static func run(_ arguments: Arguments) throws -> Int32 {
        let root = DataRoot(path: try arguments.required("--root"))
        let action = try arguments.positional(0, "certify|reject|remove-certificate|delete")
        let idNumber = try arguments.positional(1, "ID")
        var result: [String: Any] = ["action": action, "idNumber": idNumber]
        let text: String
        switch action {
        case "certify", "reject":
            let decided = try ProctorJobs.decide(
                root: root, idNumber: idNumber, certificate: try arguments.required("--certificate"),
                decision: action == "certify" ? .certified : .rejected, organizationCode: arguments.option("--org"),
                reason: arguments.option("--reason"), clock: try arguments.clock())
            result["certificate"] = decided.certificateCode
            result["status"] = decided.status.label
            text = "监考人员 \(idNumber) 的监考证书“\(decided.certificateName)”：\(decided.status.label)\n"
        case "remove-certificate":
            let certificate = try arguments.required("--certificate")
            try ProctorJobs.removeCertificate(
                root: root, schoolCode: try arguments.required("--school"), idNumber: idNumber, certificate: certificate)
            result["certificate"] = certificate
            text = "已删除监考人员 \(idNumber) 的监考证书“\(certificate)”\n"
        case "delete":
            try ProctorJobs.delete(root: root, schoolCode: try arguments.required("--school"), idNumber: idNumber)
            text = "已删除监考人员 \(idNumber)\n"
        case let other:
            throw UsageError(message: "未知子命令 \(other)；可用：certify, reject, remove-certificate, delete")
        }
        if arguments.flag("--json") { try Output.json(result) } else { Output.out(text) }
        return 0
    }
}

/// `kaowu teachers activate PHONE`: the teacher's first sign-in with the initial password
/// (未激活 → 已激活). The password comes from `--password` or, better (it stays out of the
/// process list), from the first line of standard input; it is never printed.
enum TeachersCommand {
    static let command = Command(
        name: "teachers", usage: "kaowu teachers activate PHONE --root ROOT [--password P | < 密码] [--now T] [--json]",
        options: ["--root", "--password", "--now"], flags: ["--json"],
        run: { arguments in try run(arguments) })

    static func run(_ arguments: Arguments) throws -> Int32 {
        guard try arguments.positional(0, "activate") == "activate" else { throw UsageError(message: "未知子命令；可用：activate") }
        let mobile = try arguments.positional(1, "PHONE")
        let password = try arguments.option("--password") ?? passwordFromStandardInput()
        let teacher = try TeacherJobs.activate(
            root: DataRoot(path: try arguments.required("--root")), mobile: mobile, password: password, clock: try arguments.clock())
        if arguments.flag("--json") {
            try Output.json(["mobile": teacher.mobile, "name": teacher.name, "status": teacher.status.label])
        } else {
            Output.out("教师 \(teacher.name)（\(teacher.mobile)）：\(teacher.status.label)\n")
        }
        return 0
    }

    private static func passwordFromStandardInput() throws -> String {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw UsageError(message: "请用 --password 或标准输入提供密码")
        }
        return line
    }
}
