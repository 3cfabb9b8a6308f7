public import Domain

/// The plan an organization-side row (排考, 科目成绩) names: looked up once per file; a plan the
/// catalog does not know, or another organization's, fails the row.
struct OrganizationPlans {
    let organizationCode: String
    private var known: [String: ExamPlan?] = [:]

    init(organizationCode: String) { self.organizationCode = organizationCode }

    mutating func plan(_ text: String, column: Int, judge: inout RowJudge, lookup: (String) throws -> ExamPlan?) throws -> ExamPlan? {
        let code = Normalize.code(text)
        if known[code] == nil { known[code] = try lookup(code) }
        guard let plan = known[code] ?? nil else {
            judge.fail(.planNotFound, column: column, value: text, "考试计划不存在")
            return nil
        }
        guard plan.organizationCode == organizationCode else {
            judge.fail(.scheduleForeignPlan, column: column, value: text, "该考试计划不属于本培训评价组织")
            return nil
        }
        return plan
    }
}
