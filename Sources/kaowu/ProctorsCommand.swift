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
            Form(
                "assign",
                usage:
                    "kaowu proctors assign --root ROOT --plan P [--per-room 2] [--now T] [--json] | assign --root ROOT --plan P --room NAME [--certificate C] [--site SCHOOL] --proctor ID [--now T]",
                options: ["--root", "--plan", "--per-room", "--room", "--certificate", "--site", "--proctor", "--now"], flags: ["--json"]),
        ],
        run: { arguments in try run(arguments) })

    static func run(_ arguments: Arguments) throws -> ExitCode {
        if try arguments.positional(0, "assign") == "assign" { return try assign(arguments) }
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

    /// `proctors assign`: every room session of the plan, or one proctor for one room.
    static func assign(_ arguments: Arguments) throws -> ExitCode {
        let root = DataRoot(path: try arguments.required("--root"))
        let plan = try arguments.required("--plan")
        if let proctor = arguments.option("--proctor") {
            let room = try arguments.required("--room")
            try ProctorJob.assign(
                root: root, planCode: plan, room: room, certificate: arguments.option("--certificate"), site: arguments.option("--site"),
                proctor: proctor, clock: try arguments.clock())
            Output.out("已安排监考人员 \(proctor) 监考考场“\(room)”\n")
            return .ok
        }
        let outcome = try ProctorJob.assign(
            root: root, planCode: plan, perRoom: try arguments.integer("--per-room", default: 2), clock: try arguments.clock())
        if arguments.flag("--json") {
            try Output.json(outcome)
        } else {
            var text = "监考安排：保留 \(outcome.kept)，新排 \(outcome.added)，撤销 \(outcome.withdrawn)；监考不足的考场 \(outcome.shortfalls.count) 个\n"
            for shortfall in outcome.shortfalls {
                text +=
                    "  \(shortfall.site) \(shortfall.certificate) \(shortfall.room)（\(shortfall.subject)）：需 \(shortfall.needed) 人，已排 \(shortfall.assigned) 人\n"
            }
            Output.out(text)
        }
        return outcome.shortfalls.isEmpty ? .ok : .rowsFailed
    }
}
