import Domain
import Foundation
import Pipeline

/// `kaowu scores history`, `kaowu results settle`: the score trail and the freezing of results.
enum ScoresCommand {
    static let command = Command(
        name: "scores",
        forms: [
            Form("history", usage: "kaowu scores history --root ROOT --id ID [--json]", options: ["--root", "--id"], flags: ["--json"])
        ],
        run: { arguments in
            let changes = try Issuances.scoreHistory(
                root: DataRoot(path: try arguments.required("--root")), idNumber: try arguments.required("--id"))
            if arguments.flag("--json") {
                try Output.json(
                    changes.map { change in
                        [
                            "plan": change.planCode, "certificate": change.certificateCode, "level": change.level.label,
                            "subject": change.subjectCode, "old": change.old?.text ?? "", "new": change.new?.text ?? "",
                            "record": change.recordID,
                            "operator": change.operatorName, "time": Clock.isoString(change.changedAt),
                        ]
                    })
                return .ok
            }
            if changes.isEmpty { Output.out("该考生没有成绩记录\n") }
            for change in changes {
                Output.out(
                    "\(Clock.isoString(change.changedAt))  \(change.planCode) \(change.certificateCode) \(change.level.label) \(change.subjectCode)  "
                        + "\(change.old?.text ?? "（无）") → \(change.new?.text ?? "（无）")  导入记录 \(change.recordID)  操作人 \(change.operatorName)\n"
                )
            }
            return .ok
        })
}

enum ResultsCommand {
    static let command = Command(
        name: "results",
        forms: [
            Form("settle", usage: "kaowu results settle --root ROOT [--now T] [--json]", options: ["--root", "--now"], flags: ["--json"])
        ],
        run: { arguments in
            let summary = try Issuances.settle(root: DataRoot(path: try arguments.required("--root")), clock: try arguments.clock())
            if arguments.flag("--json") {
                try Output.json(SettleJSON(plans: summary.plans, results: summary.results, issuances: summary.issuances))
            } else {
                Output.out(ResultsCommand.describe(summary))
            }
            return .ok
        })

    struct SettleJSON: Encodable {
        let plans: [String]
        let results: [String: Int]
        let issuances: Int
    }

    static func describe(_ summary: SettleSummary) -> String {
        guard !summary.plans.isEmpty else { return "没有公示期已结束、尚未定稿的考试计划\n" }
        let counts = summary.results.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "，")
        return "成绩已锁定、考证结果已定稿：\(summary.plans.joined(separator: "、"))（\(counts)）；新建颁证记录 \(summary.issuances) 条\n"
    }
}

/// `kaowu issuance sign|list`: the two sides' sign-off of issuance records.
enum IssuanceCommand {
    static let command = Command(
        name: "issuance",
        forms: [
            Form(
                "sign",
                usage:
                    "kaowu issuance sign --root ROOT (--school S | --org O) --approve|--reject [--reason R] (--id N[,N…] | --all-pending) [--operator NAME] [--now T] [--json]",
                options: ["--root", "--school", "--org", "--reason", "--id", "--operator", "--now"],
                flags: ["--approve", "--reject", "--all-pending", "--json"]),
            Form(
                "list", usage: "kaowu issuance list --root ROOT (--school S | --org O) [--plan P] [--status 状态] [--json]",
                options: ["--root", "--school", "--org", "--plan", "--status"], flags: ["--json"]),
        ],
        run: { arguments in
            let root = DataRoot(path: try arguments.required("--root"))
            let side: IssuanceSide
            let tenant: String
            switch (arguments.option("--school"), arguments.option("--org")) {
            case (let school?, nil): (side, tenant) = (.school, school)
            case (nil, let organization?): (side, tenant) = (.organization, organization)
            default: throw UsageError(message: "需要 --school CODE（考核站点）或 --org ORG（培训评价组织）之一")
            }
            if try arguments.positional(0, "sign|list") == "list" {
                let status = try ExportCommand.label("--status", arguments, as: IssuanceStatus.self)
                let listings = try Issuances.list(
                    root: root, schoolCode: side == .school ? tenant : nil, organizationCode: side == .organization ? tenant : nil,
                    planCode: arguments.option("--plan"), status: status)
                if arguments.flag("--json") {
                    try Output.json(listings.map(IssuanceCommand.json))
                } else {
                    for listing in listings {
                        let issuance = listing.issuance
                        let reason = issuance.schoolReason ?? issuance.organizationReason ?? issuance.stampFailure
                        Output.out(
                            "\(issuance.certificateNumber)  \(listing.name)  \(issuance.certificateCode) \(issuance.level.label)  \(issuance.status.label)"
                                + (reason.map { "（\($0)）" } ?? "") + "\n")
                    }
                    Output.out("共 \(listings.count) 条颁证记录\n")
                }
                return .ok
            }
            let decision: IssuanceDecision
            switch (arguments.flag("--approve"), arguments.flag("--reject")) {
            case (true, false): decision = .approve
            case (false, true): decision = .reject
            default: throw UsageError(message: "需要 --approve（同意签发）或 --reject（拒绝签发）之一")
            }
            let numbers: [String]?
            switch (arguments.option("--id"), arguments.flag("--all-pending")) {
            case (let list?, false):
                numbers = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            case (nil, true): numbers = nil
            default: throw UsageError(message: "需要 --id 证书编号[,证书编号…] 或 --all-pending 之一")
            }
            let outcomes = try Issuances.sign(
                root: root, side: side, tenant: tenant, decision: decision, reason: arguments.option("--reason"), numbers: numbers,
                operatorName: arguments.option("--operator") ?? tenant, clock: try arguments.clock())
            let refused = outcomes.filter { $0.refusal != nil }
            if arguments.flag("--json") {
                try Output.json(
                    outcomes.map { outcome in
                        [
                            "certificateNo": outcome.certificateNumber, "status": outcome.status?.label ?? "",
                            "refusal": outcome.refusal?.code.rawValue ?? "", "message": outcome.refusal?.message ?? "",
                        ]
                    })
            } else {
                for outcome in outcomes {
                    if let refusal = outcome.refusal {
                        Output.err("错误 [\(refusal.code.rawValue)] \(refusal.message)\n")
                    } else {
                        Output.out("\(outcome.certificateNumber)：\(side.label)\(decision.label)签发 → \(outcome.status?.label ?? "")\n")
                    }
                }
                Output.out(
                    "\(side.label)\(decision.label)签发 \(outcomes.count - refused.count) 条"
                        + (refused.isEmpty ? "" : "，\(refused.count) 条被拒绝") + "\n")
            }
            if refused.isEmpty { return .ok }
            // One record asked for by number and refused is the command's failure; in a batch,
            // the legal decisions are kept and the refused ones are listed.
            if let first = refused.first?.refusal, outcomes.count == 1 { throw first }
            return .rowsFailed
        })

    static func json(_ listing: IssuanceListing) -> [String: String] {
        let issuance = listing.issuance
        return [
            "certificateNo": issuance.certificateNumber, "plan": issuance.planCode, "idNumber": issuance.idNumber, "name": listing.name,
            "certificate": issuance.certificateCode, "level": issuance.level.label, "school": issuance.schoolCode,
            "organization": issuance.organizationCode, "status": issuance.status.label, "schoolReason": issuance.schoolReason ?? "",
            "organizationReason": issuance.organizationReason ?? "", "stampFailure": issuance.stampFailure ?? "",
            "issuedOn": issuance.issuedOn ?? "",
        ]
    }
}

/// `kaowu stamps set`: registers an organization's seal or a school's signature stamp.
enum StampsCommand {
    static let command = Command(
        name: "stamps",
        forms: [
            Form(
                "set", usage: "kaowu stamps set --root ROOT (--org O --seal FILE.png | --school S --signature FILE.png)",
                options: ["--root", "--org", "--seal", "--school", "--signature"])
        ],
        run: { arguments in
            let root = DataRoot(path: try arguments.required("--root"))
            let stored: String
            switch (arguments.option("--org"), arguments.option("--seal"), arguments.option("--school"), arguments.option("--signature")) {
            case (let organization?, let file?, nil, nil):
                stored = try Certificates.setStamp(root: root, kind: .seal, tenant: organization, file: file)
            case (nil, nil, let school?, let file?):
                stored = try Certificates.setStamp(root: root, kind: .signature, tenant: school, file: file)
            default: throw UsageError(message: "用法：--org ORG --seal FILE.png，或 --school S --signature FILE.png")
            }
            Output.out("已登记并检查通过：\(stored)\n")
            return .ok
        })
}

/// `kaowu certificates generate`: the certificate PDFs of every issuance that is due.
enum CertificatesCommand {
    static let command = Command(
        name: "certificates",
        forms: [
            Form(
                "generate", usage: "kaowu certificates generate --root ROOT [--plan P] [--school S] -o DIR [--force] [--now T] [--json]",
                options: ["--root", "--plan", "--school", "-o", "--now"], flags: ["--force", "--json"])
        ],
        run: { arguments in
            guard let output = arguments.option("-o"), !output.isEmpty else { throw UsageError(message: "缺少必需的选项 -o（证书输出目录）") }
            let bar = ProgressLine.make(enabled: !arguments.flag("--json"))
            let outcome: CertificateOutcome
            do {
                defer { bar?.finish() }
                outcome = try Certificates.generate(
                    root: DataRoot(path: try arguments.required("--root")), planCode: arguments.option("--plan"),
                    schoolCode: arguments.option("--school"), output: output, force: arguments.flag("--force"), clock: try arguments.clock()
                ) { done, total in bar?.update(done: done, total: total, unit: "份证书") }
            }
            if arguments.flag("--json") {
                try Output.json(
                    CertificatesJSON(
                        directory: outcome.directory, generated: outcome.generated, batches: outcome.batches.count,
                        archives: outcome.archives.count, bytes: outcome.bytes,
                        stampFailed: outcome.stampFailed.map { ["certificateNo": $0.number, "reason": $0.reason] },
                        renderFailed: outcome.renderFailed.map { ["certificateNo": $0.number, "reason": $0.reason] }))
            } else {
                Output.out(
                    "已生成证书 \(outcome.generated) 份（\(outcome.batches.count) 个打印批次，\(outcome.archives.count) 个院校压缩包）到 \(outcome.directory)\n")
                var reasons: [String: Int] = [:]
                for failure in outcome.stampFailed { reasons[failure.reason, default: 0] += 1 }
                for (reason, count) in reasons.sorted(by: { $0.key < $1.key }) { Output.out("盖章失败 \(count) 份：\(reason)\n") }
                for failure in outcome.renderFailed { Output.out("未能生成 \(failure.number)：\(failure.reason)\n") }
            }
            return outcome.stampFailed.isEmpty && outcome.renderFailed.isEmpty ? .ok : .rowsFailed
        })

    struct CertificatesJSON: Encodable {
        let directory: String
        let generated, batches, archives, bytes: Int
        let stampFailed: [[String: String]]
        let renderFailed: [[String: String]]
    }
}

/// `kaowu verify`: genuine, not found, or altered.
enum VerifyCommand {
    static let command = Command(
        name: "verify",
        forms: [
            Form(
                nil, usage: "kaowu verify --root ROOT --cert-no N --id ID [--code C] [--json]",
                options: ["--root", "--cert-no", "--id", "--code"],
                flags: ["--json"])
        ],
        run: { arguments in
            let number = try arguments.required("--cert-no")
            let verdict = try Certificates.verify(
                root: DataRoot(path: try arguments.required("--root")), number: number, idNumber: try arguments.required("--id"),
                code: arguments.option("--code"))
            if arguments.flag("--json") {
                try Output.json(["certificateNo": number, "verdict": verdict.rawValue, "message": verdict.label])
            } else {
                Output.out("证书 \(number)：\(verdict.label)\n")
            }
            return verdict == .genuine ? .ok : .failed
        })
}
