import Domain
import Foundation
import Pipeline

/// `kaowu payments generate|confirm|delete|list`: 缴费申请单 (MISSION.md section 7).
enum PaymentCommand {
    static let command = Command(
        name: "payments",
        forms: [
            Form(
                "generate", usage: "kaowu payments generate --root ROOT --school CODE --plan P --by certificate|subject [--now T] [--json]",
                options: ["--root", "--school", "--plan", "--by", "--now"], flags: ["--json"]),
            Form(
                "confirm", usage: "kaowu payments confirm ORDER --root ROOT [--now T] [--json]", positionals: ["ORDER"],
                options: ["--root", "--now"], flags: ["--json"]),
            Form(
                "delete", usage: "kaowu payments delete ORDER --root ROOT [--school CODE] [--json]", positionals: ["ORDER"],
                options: ["--root", "--school"], flags: ["--json"]),
            Form(
                "list", usage: "kaowu payments list --root ROOT [--school CODE] [--plan P] [--json]",
                options: ["--root", "--school", "--plan"], flags: ["--json"]),
        ],
        run: { arguments in try run(arguments) })

    static func run(_ arguments: Arguments) throws -> ExitCode {
        let root = DataRoot(path: try arguments.required("--root"))
        let action = try arguments.positional(0, "generate|confirm|delete|list")
        let orders: [PaymentOrder]
        let heading: String
        switch action {
        case "generate":
            let basis: PaymentBasis
            switch try arguments.required("--by") {
            case "certificate", PaymentBasis.byCertificate.label: basis = .byCertificate
            case "subject", PaymentBasis.bySubject.label: basis = .bySubject
            case let other: throw UsageError(message: "--by 只能是 certificate（按证书）或 subject（按科目）：\(other)")
            }
            orders = try PaymentOrders.generate(
                root: root, schoolCode: try arguments.required("--school"), planCode: try arguments.required("--plan"), basis: basis,
                clock: try arguments.clock())
            heading = orders.isEmpty ? "没有未缴费且未生成缴费申请单的报考，未生成缴费申请单" : "已生成 \(orders.count) 张缴费申请单"
        case "confirm":
            orders = [try PaymentOrders.confirm(root: root, number: try arguments.positional(1, "ORDER"), clock: try arguments.clock())]
            heading = "已确认缴费申请单，相关报考已标记为已缴费"
        case "delete":
            orders = [
                try PaymentOrders.delete(root: root, number: try arguments.positional(1, "ORDER"), schoolCode: arguments.option("--school"))
            ]
            heading = "已删除缴费申请单，相关报考恢复为未缴费"
        case "list":
            orders = try PaymentOrders.list(root: root, schoolCode: arguments.option("--school"), planCode: arguments.option("--plan"))
            heading = "共 \(orders.count) 张缴费申请单"
        case let other:
            throw UsageError(message: "未知子命令 \(other)；可用：generate, confirm, delete, list")
        }
        if arguments.flag("--json") {
            try Output.json(orders.map(CommandJSON.PaymentOrder.init))
        } else {
            Output.out(heading + "\n" + orders.map(line).joined())
        }
        return .ok
    }

    static func line(_ order: PaymentOrder) -> String {
        let target = [order.certificateCode, order.level?.label, order.subjectCode].compactMap { $0 }.joined(separator: " ")
        let amount = String(format: "%.2f", order.amount)
        return
            "  \(order.number)  \(order.planCode)  \(order.basis.label)  \(target)  \(order.count) 人次  \(amount) 元  \(order.status.label)\n"
    }
}
