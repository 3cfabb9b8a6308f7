public import Domain
import Foundation

/// The rules of every catalog sheet: required cells, closed lists, numbers, ordered windows,
/// and references to rows that exist (in the store or earlier in the workbook).
public struct CatalogRules {
    private let directory: any CatalogDirectory

    public init(directory: any CatalogDirectory) { self.directory = directory }

    public func validate(_ cells: RowCells, sheet: CatalogSheet) throws -> Validated<CatalogEntry> {
        var judge = RowJudge(cells: cells, schema: sheet.schema)
        let entry: CatalogEntry?
        switch sheet {
        case .organizations:
            let code = code(&judge, "组织代码")
            let name = judge.text(judge.at("组织名称"))
            let phone = optional(&judge, "联系电话")
            entry = zip2(code, name).map {
                .organization(
                    Organization(code: $0, name: $1, contact: optional(&judge, "联系人"), phone: phone, sealPath: optional(&judge, "印章文件")))
            }
        case .schools:
            let code = code(&judge, "院校代码")
            let name = judge.text(judge.at("院校名称"))
            let province = judge.text(judge.at("省份"), maxLength: 20)
            entry = zip3(code, name, province).map {
                .school(
                    School(
                        code: $0, name: $1, province: $2, contact: optional(&judge, "联系人"), phone: optional(&judge, "联系电话"),
                        siteHead: optional(&judge, "站点负责人"), stampPath: optional(&judge, "签章文件")))
            }
        case .certificates:
            let code = code(&judge, "证书代码")
            let name = judge.text(judge.at("证书名称"))
            let organization = try reference(&judge, "组织代码", "培训评价组织", directory.organizationExists)
            let levels = list(&judge, "等级").compactMap { label -> CertificateLevel? in
                if let level = CertificateLevel(label: label) { return level }
                judge.fail(.enumInvalid, column: judge.at("等级"), value: label, "等级只能是：" + CertificateLevel.labels.joined(separator: "、"))
                return nil
            }
            let majors = list(&judge, "适用专业")
            entry = zip3(code, name, organization).map {
                .certificate(Certificate(code: $0, name: $1, organizationCode: $2, levels: levels, majors: majors))
            }
        case .subjects:
            let certificate = try reference(&judge, "证书代码", "证书", directory.certificateExists)
            let level = judge.choice(judge.at("等级"), CertificateLevel.self)
            if let certificate, let level, try !directory.certificateHasLevel(code: certificate, level: level) {
                judge.fail(.referenceNotFound, column: judge.at("等级"), value: level.label, "证书“\(certificate)”没有该等级")
            }
            let code = code(&judge, "科目代码")
            let name = judge.text(judge.at("科目名称"))
            let examType = judge.choice(judge.at("考试类型"), ExamType.self)
            let audience = judge.text(judge.at("参考对象"), maxLength: 30)
            let fullMarks = number(&judge, "满分", in: 1...1000)
            let passMark = number(&judge, "及格分", in: 0...1000)
            if let fullMarks, let passMark, passMark > fullMarks {
                judge.fail(.valueFormat, column: judge.at("及格分"), value: NumberTextFormat.text(passMark), "及格分不能高于满分")
            }
            if let certificate, let level, let code, let name, let examType, let audience, let fullMarks, let passMark {
                entry = .subject(
                    Subject(
                        certificateCode: certificate, level: level, code: code, name: name, examType: examType, audience: audience,
                        fullMarks: fullMarks, passMark: passMark))
            } else {
                entry = nil
            }
        case .plans:
            let code = code(&judge, "计划编号")
            let name = judge.text(judge.at("计划名称"))
            let organization = try reference(&judge, "组织代码", "培训评价组织", directory.organizationExists)
            var certificates: [String] = []
            for item in list(&judge, "证书").map(Normalize.code) {
                if try directory.certificateExists(code: item) {
                    certificates.append(item)
                } else {
                    judge.fail(.referenceNotFound, column: judge.at("证书"), value: item, "证书不存在")
                }
            }
            var schools: [String] = []
            for item in list(&judge, "参与院校").map(Normalize.code) {
                if try directory.schoolExists(code: item) {
                    schools.append(item)
                } else {
                    judge.fail(.referenceNotFound, column: judge.at("参与院校"), value: item, "院校不存在")
                }
            }
            let mode = judge.choice(judge.at("报考方式"), EnrollmentMode.self)
            let registration = window(&judge, "报名开始", "报名结束")
            let scheduling = window(&judge, "排考开始", "排考结束")
            let scores = window(&judge, "成绩登记开始", "成绩登记结束")
            let publicity = date(&judge, "公示结束")
            if let registration, let scheduling, scheduling.start < registration.start {
                judge.fail(.valueFormat, column: judge.at("排考开始"), value: Clock.isoString(scheduling.start), "排考开始不能早于报名开始")
            }
            if let scores, let publicity, publicity < scores.end {
                judge.fail(.valueFormat, column: judge.at("公示结束"), value: Clock.isoString(publicity), "公示结束不能早于成绩登记结束")
            }
            let feeCertificate = judge.cells[judge.at("按证书收费")] == nil ? nil : number(&judge, "按证书收费", in: 0...100_000)
            let feeSubject = judge.cells[judge.at("按科目收费")] == nil ? nil : number(&judge, "按科目收费", in: 0...100_000)
            let paymentRequired = judge.choice(judge.at("缴费后排考"), YesNo.self).map { $0 == .yes }
            if let code, let name, let organization, let mode, let registration, let scheduling, let scores, let publicity {
                entry = .plan(
                    ExamPlan(
                        code: code, name: name, organizationCode: organization, certificateCodes: certificates, schoolCodes: schools,
                        mode: mode, registration: registration, scheduling: scheduling, scoreRegistration: scores,
                        publicityEnd: publicity, feePerCertificate: feeCertificate, feePerSubject: feeSubject,
                        paymentRequired: paymentRequired))
            } else {
                entry = nil
            }
        case .sessions:
            let plan = try reference(&judge, "计划编号", "考试计划", directory.planExists)
            let certificate = try reference(&judge, "证书代码", "证书", directory.certificateExists)
            let level = judge.choice(judge.at("等级"), CertificateLevel.self)
            let subject = code(&judge, "科目代码")
            if let certificate, let level, let subject,
                try !directory.subjectExists(certificateCode: certificate, level: level, code: subject)
            {
                judge.fail(.referenceNotFound, column: judge.at("科目代码"), value: subject, "证书“\(certificate)”\(level.label)没有该科目")
            }
            let window = window(&judge, "开始时间", "结束时间")
            if let plan, let certificate, let level, let subject, let window {
                entry = .session(
                    PlanSession(planCode: plan, certificateCode: certificate, level: level, subjectCode: subject, window: window))
            } else {
                entry = nil
            }
        case .sites:
            let school = try reference(&judge, "院校代码", "院校", directory.schoolExists)
            let certificate = try reference(&judge, "证书代码", "证书", directory.certificateExists)
            let address = judge.text(judge.at("地址"), maxLength: 200)
            let status = judge.choice(judge.at("状态"), SiteStatus.self)
            var name = optional(&judge, "站点名称")
            if name == nil, let school, let certificate {
                name =
                    (try directory.schoolName(code: school) ?? school) + (try directory.certificateName(code: certificate) ?? certificate)
                    + "考核站点"
            }
            if let school, let certificate, let name, let address, let status {
                entry = .site(
                    AssessmentSite(schoolCode: school, certificateCode: certificate, name: name, address: address, status: status))
            } else {
                entry = nil
            }
        case .allocations:
            let plan = try reference(&judge, "计划编号", "考试计划", directory.planExists)
            let school = try reference(&judge, "院校代码", "院校", directory.schoolExists)
            let certificate = try reference(&judge, "证书代码", "证书", directory.certificateExists)
            let host = code(&judge, "承办院校代码")
            if let host, let certificate, try !directory.siteExists(schoolCode: host, certificateCode: certificate) {
                judge.fail(.siteInvalid, column: judge.at("承办院校代码"), value: host, "承办院校没有该证书的考核站点")
            }
            if let plan, let school, let certificate, let host {
                entry = .allocation(SiteAllocation(planCode: plan, schoolCode: school, certificateCode: certificate, hostSchoolCode: host))
            } else {
                entry = nil
            }
        }
        return Validated(value: entry, failures: judge.failures, warnings: judge.warnings)
    }

    private func code(_ judge: inout RowJudge, _ name: String) -> String? {
        let column = judge.at(name)
        guard let text = judge.text(column, maxLength: 40) else { return nil }
        let code = Normalize.code(text)
        if code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) { return code }
        judge.fail(.valueFormat, column: column, value: text, "代码只能包含字母、数字和 - _ .")
        return nil
    }

    private func optional(_ judge: inout RowJudge, _ name: String) -> String? {
        let column = judge.at(name)
        return judge.cells[column] == nil ? nil : judge.text(column, maxLength: 200)
    }

    private func reference(_ judge: inout RowJudge, _ name: String, _ what: String, _ exists: (String) throws -> Bool) throws -> String? {
        guard let code = code(&judge, name) else { return nil }
        let column = judge.at(name)
        if try exists(code) { return code }
        judge.fail(.referenceNotFound, column: column, value: code, "\(what)不存在，请先在目录中定义")
        return nil
    }

    private func list(_ judge: inout RowJudge, _ name: String) -> [String] {
        let column = judge.at(name)
        guard let text = judge.text(column, maxLength: 2000) else { return [] }
        return CatalogRules.splitList(text)
    }

    /// Splits a cell listing several values on 、 , ; ，； and whitespace-only separators.
    public static func splitList(_ text: String) -> [String] {
        text.split(whereSeparator: { "、,;，；\n".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    private func number(_ judge: inout RowJudge, _ name: String, in range: ClosedRange<Double>) -> Double? {
        let column = judge.at(name)
        guard let value = judge.cell(column) else { return nil }
        if let number = Double(Normalize.code(value.text)), range.contains(number) { return number }
        judge.fail(
            .valueFormat, column: column, value: value.text,
            "应为 \(NumberTextFormat.text(range.lowerBound))–\(NumberTextFormat.text(range.upperBound)) 之间的数字")
        return nil
    }

    private func date(_ judge: inout RowJudge, _ name: String) -> Date? {
        let column = judge.at(name)
        guard let value = judge.cell(column) else { return nil }
        if let clock = Clock.parse(Normalize.halfWidth(value.text)) { return clock.now }
        judge.fail(.valueFormat, column: column, value: value.text, "应为日期时间，如 2026-11-01 09:00")
        return nil
    }

    private func window(_ judge: inout RowJudge, _ startName: String, _ endName: String) -> Window? {
        let start = date(&judge, startName)
        let end = date(&judge, endName)
        let endColumn = judge.at(endName)
        guard let start, let end else { return nil }
        if end < start {
            judge.fail(.valueFormat, column: endColumn, value: Clock.isoString(end), "结束时间不能早于开始时间")
            return nil
        }
        return Window(start: start, end: end)
    }

    private func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
        guard let a, let b else { return nil }
        return (a, b)
    }

    private func zip3<A, B, C>(_ a: A?, _ b: B?, _ c: C?) -> (A, B, C)? {
        guard let a, let b, let c else { return nil }
        return (a, b, c)
    }
}

/// Numbers in messages: integers without a fraction.
enum NumberTextFormat {
    static func text(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
