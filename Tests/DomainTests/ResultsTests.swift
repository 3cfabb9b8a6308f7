import Domain
import Testing

/// 考证结果 from scores, and every issuance transition, legal and illegal.
@Suite struct ResultsTests {
    @Test func theResultFollowsThePlansDefaultRule() {
        #expect(ResultStatus.of([(.points(60), 60), (.points(99), 60)]) == .passed)
        #expect(ResultStatus.of([(.points(59.5), 60), (.points(99), 60)]) == .failed)
        #expect(ResultStatus.of([(.absent, 60), (.points(99), 60)]) == .failed)
        #expect(ResultStatus.of([(.absent, 60), (.absent, 60)]) == .absent)
        #expect(ResultStatus.of([(nil, 60), (.points(99), 60)]) == .pending)
        #expect(ResultStatus.of([]) == .pending)
    }

    /// The whole table: each status × side × decision is either the one legal move or refused.
    @Test func onlyLegalTransitionsAreTaken() {
        let legal: [IssuanceStatus: [IssuanceSide: [IssuanceDecision: IssuanceStatus]]] = [
            .schoolPending: [.school: [.approve: .organizationPending, .reject: .schoolRejected]],
            .schoolRejected: [.school: [.approve: .organizationPending]],
            .organizationPending: [.organization: [.approve: .awaitingCertificate, .reject: .organizationRejected]],
            .organizationRejected: [.organization: [.approve: .awaitingCertificate]],
        ]
        for status in IssuanceStatus.allCases {
            for side in IssuanceSide.allCases {
                for decision in IssuanceDecision.allCases {
                    #expect(status.after(decision, by: side) == legal[status]?[side]?[decision], "\(status) \(side) \(decision)")
                    if status.after(decision, by: side) == nil { #expect(status.refusal(for: side).contains(status.label)) }
                }
            }
        }
    }

    @Test func eightStatusesWithTheirChineseLabels() {
        #expect(
            Set(IssuanceStatus.labels) == [
                "培训评价组织待签发", "培训评价组织拒绝签发", "考核站点待签发", "考核站点拒绝签发", "证书待发放", "证书生成中", "盖章失败", "完成发放",
            ])
        #expect(IssuanceStatus.stampFailed.isDue && IssuanceStatus.awaitingCertificate.isDue && !IssuanceStatus.issued.isDue)
    }

    @Test func certificateNumbersReadAloud() {
        #expect(CertificateNumber.make(certificateCode: "C-WEB", year: 2027, sequence: 42) == "C-WEB-2027-000042")
        #expect(CertificateNumber.make(certificateCode: "C-WEB", year: 2027, sequence: 1_234_567) == "C-WEB-2027-1234567")
        #expect(SubjectScore.points(75).text == "75" && SubjectScore.points(75.5).text == "75.5" && SubjectScore.absent.text == "缺考")
    }

    /// Every failure code MISSION.md requires has its Chinese name for summaries.
    @Test func everyRequiredFailureCodeHasAChineseName() {
        let required = [
            "required", "id.format", "id.region", "id.birthdate", "id.checksum", "id.numeric-cell", "id.legacy15", "phone.format",
            "enum.invalid", "year.range", "name.format", "pinyin.format", "duplicate.in-file", "candidate.exists", "candidate.not-found",
            "candidate.locked", "candidate.unverified", "major.not-eligible", "plan.closed", "plan.not-found", "school.not-in-plan",
            "site.invalid", "room.duplicate", "room.seats", "enrollment.duplicate", "enrollment.locked", "photo.format",
            "photo.too-large", "photo.dimensions", "photo.background", "photo.unmatched", "score.range", "score.locked",
        ]
        for code in required { #expect(FailureCode.chineseNames[code] != nil, "\(code)") }
        #expect(FailureCode.scoreLocked.chineseName == "成绩已锁定" && FailureCode("no.such").chineseName == "no.such")
    }
}
