import Domain
import Foundation
import Pipeline

/// `kaowu proctors certify|reject|remove-certificate|delete`: the organization's decisions on
/// proctors' certificates and the school's removals (a certified certificate is final).
enum ProctorsCommand {
    static let command = Command(
        name: "proctors",
        forms: [
            Form(
                "certify", usage: "kaowu proctors certify ID --certificate C --root ROOT [--org ORG] [--now T] [--json]",
                positionals: ["ID"], options: ["--root", "--certificate", "--org", "--now"], flags: ["--json"]),
            Form(
                "reject", usage: "kaowu proctors reject ID --certificate C --root ROOT [--org ORG] [--reason TEXT] [--now T] [--json]",
                positionals: ["ID"], options: ["--root", "--certificate", "--org", "--reason", "--now"], flags: ["--json"]),
            Form(
                "remove-certificate", usage: "kaowu proctors remove-certificate ID --certificate C --root ROOT --school CODE [--json]",
                positionals: ["ID"], options: ["--root", "--certificate", "--school"], flags: ["--json"]),
            Form(
                "delete", usage: "kaowu proctors delete ID --root ROOT --school CODE [--json]", positionals: ["ID"],
                options: ["--root", "--school"], flags: ["--json"]),
        ],
        run: { arguments in try run(arguments) })

    static func run(_ arguments: Arguments) throws -> ExitCode {
        let root = DataRoot(path: try arguments.required("--root"))
        let action = try arguments.positional(0, "certify|reject|remove-certificate|delete")
        let idNumber = try arguments.positional(1, "ID")
        var result = CommandJSON.ProctorDecision(action: action, idNumber: idNumber)
        let text: String
        switch action {
        case "certify", "reject":
            let decided = try ProctorCommands.decide(
                root: root, idNumber: idNumber, certificate: try arguments.required("--certificate"),
                decision: action == "certify" ? .certified : .rejected, organizationCode: arguments.option("--org"),
                reason: arguments.option("--reason"), clock: try arguments.clock())
            result.certificate = decided.certificateCode
            result.status = decided.status.label
            text = "监考人员 \(idNumber) 的监考证书“\(decided.certificateName)”：\(decided.status.label)\n"
        case "remove-certificate":
            let certificate = try arguments.required("--certificate")
            try ProctorCommands.removeCertificate(
                root: root, schoolCode: try arguments.required("--school"), idNumber: idNumber, certificate: certificate)
            result.certificate = certificate
            text = "已删除监考人员 \(idNumber) 的监考证书“\(certificate)”\n"
        case "delete":
            try ProctorCommands.delete(root: root, schoolCode: try arguments.required("--school"), idNumber: idNumber)
            text = "已删除监考人员 \(idNumber)\n"
        case let other:
            throw UsageError(message: "未知子命令 \(other)；可用：certify, reject, remove-certificate, delete")
        }
        if arguments.flag("--json") { try Output.json(result) } else { Output.out(text) }
        return .ok
    }
}
